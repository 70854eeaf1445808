/**
 * IAM policy documents inside synthesized JSON. Three shapes occur: a literal JSON string (modules/iam/policy.ts
 * writes these, with `${…}` interpolations inside values), a reference to a `data.aws_iam_policy_document`
 * (resolved and converted), and `${jsonencode(…)}` or any other expression (unevaluable).
 */
import type { Block, Res, StackContext } from "./types";
import { blocks, isRef, strings } from "./values";

export interface Stmt {
  readonly index: number;
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly actions: string[];
  readonly notActions: string[];
  readonly resources: string[];
  readonly notResources: string[];
  /** `"*"` for a bare wildcard principal; otherwise the principal map with list values. */
  readonly principal?: "*" | Record<string, string[]>;
  readonly notPrincipal?: boolean;
  /** operator → key → values */
  readonly condition: Record<string, Record<string, string[]>>;
}

export type ParsedPolicy = { readonly ok: true; readonly statements: Stmt[] } | { readonly ok: false; readonly why: string };

const DATA_REF = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/;

/** Parse the policy held by `value` (a JSON string or a reference to a policy document data source). */
export function parsePolicy(value: unknown, ctx?: StackContext): ParsedPolicy {
  if (value === undefined || value === null || value === "") return { ok: false, why: "no policy" };
  if (typeof value === "string") {
    const m = DATA_REF.exec(value.trim());
    if (m) {
      const doc = ctx?.byAddress.get(`data.aws_iam_policy_document.${m[1]}`);
      return doc ? { ok: true, statements: fromPolicyDocumentData(doc) } : { ok: false, why: `unresolved ${value}` };
    }
    const trimmed = value.trim();
    if (trimmed.startsWith("${")) return { ok: false, why: `expression ${trimmed.slice(0, 60)} is only known at apply` };
    try {
      return { ok: true, statements: fromJson(JSON.parse(trimmed)) };
    } catch {
      return { ok: false, why: "not JSON" };
    }
  }
  if (typeof value === "object") return { ok: true, statements: fromJson(value) };
  return { ok: false, why: `unexpected ${typeof value}` };
}

function condMap(c: unknown): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  if (!c || typeof c !== "object") return out;
  for (const [op, kv] of Object.entries(c as Record<string, unknown>)) {
    out[op] = {};
    for (const [k, v] of Object.entries((kv ?? {}) as Record<string, unknown>)) out[op][k] = strings(v);
  }
  return out;
}

function principalOf(p: unknown): Stmt["principal"] {
  if (p === undefined) return undefined;
  if (p === "*") return "*";
  if (typeof p === "object" && p !== null) {
    const out: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(p as Record<string, unknown>)) out[k] = strings(v);
    return out;
  }
  return undefined;
}

export function fromJson(doc: unknown): Stmt[] {
  const d = doc as { Statement?: unknown };
  const raw = Array.isArray(d?.Statement) ? d.Statement : d?.Statement ? [d.Statement] : [];
  return raw.map((s: Record<string, unknown>, index) => ({
    index,
    sid: typeof s.Sid === "string" ? s.Sid : undefined,
    effect: s.Effect === "Deny" ? "Deny" : "Allow",
    actions: strings(s.Action),
    notActions: strings(s.NotAction),
    resources: strings(s.Resource),
    notResources: strings(s.NotResource),
    principal: principalOf(s.Principal ?? s.NotPrincipal),
    notPrincipal: s.NotPrincipal !== undefined,
    condition: condMap(s.Condition),
  }));
}

/** Convert `data.aws_iam_policy_document` (statement/principals/condition blocks) to statements. */
export function fromPolicyDocumentData(doc: Res): Stmt[] {
  return blocks(doc.attrs.statement).map((s: Block, index) => {
    const principals = blocks(s.principals);
    let principal: Stmt["principal"];
    if (principals.length) {
      const map: Record<string, string[]> = {};
      for (const p of principals) {
        const type = String(p.type);
        const ids = strings(p.identifiers);
        if (type === "*" && ids.includes("*")) {
          principal = "*";
          break;
        }
        map[type] = [...(map[type] ?? []), ...ids];
      }
      principal ??= map;
    }
    const condition: Record<string, Record<string, string[]>> = {};
    for (const c of blocks(s.condition)) {
      const op = String(c.test);
      condition[op] ??= {};
      condition[op][String(c.variable)] = strings(c.values);
    }
    return {
      index,
      sid: typeof s.sid === "string" ? s.sid : undefined,
      effect: s.effect === "Deny" ? "Deny" : "Allow",
      actions: strings(s.actions),
      notActions: strings(s.not_actions),
      resources: strings(s.resources),
      notResources: strings(s.not_resources),
      principal,
      notPrincipal: blocks(s.not_principals).length > 0,
      condition,
    };
  });
}

/** Where a statement is, for messages: `Statement[1] (Sid "ReadState")`. */
export function stmtLabel(s: Stmt): string {
  return `Statement[${s.index}]${s.sid ? ` (Sid "${s.sid}")` : ""}`;
}

/**
 * Compiled patterns: the policy pack matches the same few hundred action patterns against many actions in every
 * stack (compiling per call was ~0.15 s of a full synth).
 */
const patterns = new Map<string, RegExp>();

/** IAM wildcard match (case-insensitive, `*` and `?`), as IAM evaluates Action patterns. */
export function wildcardMatch(pattern: string, value: string): boolean {
  let re = patterns.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
    patterns.set(pattern, re);
  }
  return re.test(value);
}

/** Does the statement's Action list allow `action` (pattern in the policy matches the concrete action)? */
export function allowsAction(s: Stmt, action: string): boolean {
  if (s.notActions.length) return !s.notActions.some((p) => wildcardMatch(p, action));
  return s.actions.some((p) => wildcardMatch(p, action));
}

export function hasCondition(s: Stmt): boolean {
  return Object.keys(s.condition).length > 0;
}

/** Resource `*` (or NotResource, which grants everything else). */
export function onAllResources(s: Stmt): boolean {
  return s.notResources.length > 0 || s.resources.includes("*");
}

/** Principal values of every kind in the statement (`*` for a bare wildcard). */
export function principalValues(s: Stmt, kind?: string): string[] {
  if (s.principal === undefined) return [];
  if (s.principal === "*") return ["*"];
  return kind ? (s.principal[kind] ?? []) : Object.values(s.principal).flat();
}

/** True when a principal value is a reference we cannot see into. */
export function anyRef(values: readonly string[]): boolean {
  return values.some(isRef);
}
