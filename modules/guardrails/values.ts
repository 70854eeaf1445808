/**
 * Reading synthesized JSON the way checkov's terraform_json parser does: a nested block written as an object
 * is a one-element list, `"true"`/`"false"` are booleans, `"//"` keys are ignored, and any string holding a
 * `${…}` interpolation is a reference whose concrete value is only known at apply time.
 */
import type { Block, Outcome } from "./types";

/** True when the value is (or contains) a Terraform interpolation: set, but its value is unknown here. */
export function isRef(v: unknown): v is string {
  return typeof v === "string" && v.includes("${");
}

/** A nested block as a list: object → [object], array → array, absent → []. */
export function blocks(v: unknown): Block[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.filter((b): b is Block => typeof b === "object" && b !== null);
  if (typeof v === "object") return [v as Block];
  return [];
}

/** The first (usually only) element of a nested block. */
export function block(v: unknown): Block | undefined {
  return blocks(v)[0];
}

/** A value at a dotted path through nested blocks (first element of each list). */
export function at(obj: Block | undefined, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split(".")) {
    if (cur === undefined || cur === null) return undefined;
    if (Array.isArray(cur)) cur = cur[0];
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Block)[key];
  }
  return Array.isArray(cur) && cur.length === 1 && typeof cur[0] === "object" ? cur[0] : cur;
}

/** Boolean view: true/false, "true"/"false"; `"unknown"` for a reference; undefined when absent. */
export function bool(v: unknown): boolean | "unknown" | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "boolean") return v;
  if (v === "true") return true;
  if (v === "false") return false;
  if (isRef(v)) return "unknown";
  return undefined;
}

/** Number view: numbers and numeric strings; `"unknown"` for a reference. */
export function num(v: unknown): number | "unknown" | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "number") return v;
  if (isRef(v)) return "unknown";
  if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

/** A list of strings (scalars wrapped). */
export function strings(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined).map(String);
  return [String(v)];
}

/** Non-empty: a value that is present and not "" / [] / {} (a reference counts as set). */
export function isSet(v: unknown): boolean {
  if (v === undefined || v === null || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return true;
}

export function show(v: unknown): string {
  if (v === undefined) return "absent";
  return JSON.stringify(v);
}

// ---------------------------------------------------------------------------------------------------------
// Outcome helpers: one line per common check shape.
// ---------------------------------------------------------------------------------------------------------

export const PASS: Outcome = { status: "pass" };

export function fail(attribute: string, expected: string, actual?: unknown): Outcome {
  return { status: "fail", attribute, expected, actual: actual === undefined ? "absent" : typeof actual === "string" ? actual : show(actual) };
}

/** A failure reported as a warning whatever the rule's level (e.g. the egress half of PRJ_SG_ALL). */
export function warn(attribute: string, expected: string, actual?: unknown): Outcome {
  return { ...(fail(attribute, expected, actual) as Extract<Outcome, { status: "fail" }>), level: "warning" };
}

export function unknown(attribute: string, expected: string, actual?: unknown): Outcome {
  return { status: "unknown", attribute, expected, actual: actual === undefined ? undefined : typeof actual === "string" ? actual : show(actual) };
}

/** `attr` must be boolean `want`; absent ⇒ `absentPasses` decides. */
export function expectBool(attrs: Block | undefined, path: string, want: boolean, absentPasses = false): Outcome {
  const v = at(attrs, path);
  const b = bool(v);
  if (b === undefined) return absentPasses && v === undefined ? PASS : fail(path, String(want), v);
  if (b === "unknown") return unknown(path, String(want), v);
  return b === want ? PASS : fail(path, String(want), v);
}

/** `attr` must not be boolean `bad` (absent ⇒ pass). */
export function forbidBool(attrs: Block | undefined, path: string, bad: boolean): Outcome {
  const v = at(attrs, path);
  const b = bool(v);
  if (b === undefined) return PASS;
  if (b === "unknown") return unknown(path, `not ${bad}`, v);
  return b === bad ? fail(path, `not ${bad}`, v) : PASS;
}

/** `attr` must be one of `allowed` (string compare); absent ⇒ fail unless `absentPasses`. */
export function expectOneOf(attrs: Block | undefined, path: string, allowed: readonly string[], absentPasses = false): Outcome {
  const v = at(attrs, path);
  const expected = allowed.length === 1 ? `"${allowed[0]}"` : `one of ${allowed.map((a) => `"${a}"`).join(", ")}`;
  if (v === undefined || v === null) return absentPasses ? PASS : fail(path, expected);
  if (isRef(v)) return unknown(path, expected, v);
  return allowed.includes(String(v)) ? PASS : fail(path, expected, v);
}

/** `attr` must be set to anything non-empty (a reference counts as set). */
export function expectSet(attrs: Block | undefined, path: string, what = "set"): Outcome {
  const v = at(attrs, path);
  return isSet(v) ? PASS : fail(path, what, v);
}

/** Same outcome, reported against a more precise attribute path. */
export function relabel(o: Outcome, attribute: string): Outcome {
  return o.status === "pass" ? o : { ...o, attribute };
}
