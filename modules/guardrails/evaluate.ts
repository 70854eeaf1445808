/**
 * The evaluator: run every rule over every resource of every synthesized stack, apply the waivers recorded in
 * each stack (`"//".waivers`, written by recordWaivers), and report. Pure: JSON in, report out — used by the
 * synth step (src/run.ts), `npm run policy` and the tests alike.
 */
import { LAYERS } from "../../foundation/contract";
import { buildContext, type StackByStateKey, type StackDoc } from "./context";
import { NON_WAIVABLE, RULES, RULES_BY_ID } from "./registry";
import type { Finding, Outcome, RecordedWaiver, Rule } from "./types";
import { ECSPRESSO_TASKDEF } from "./rules/ecs";

export interface StackInput {
  readonly name: string;
  readonly json: StackDoc;
}

export interface WaiverUse extends RecordedWaiver {
  readonly stack: string;
  readonly env: string;
  /** Addresses of the findings it waived. */
  readonly matched: readonly string[];
}

/** A waiver of a rule checkov judges (scripts/checkov.ts applies it per resource). */
export interface CheckovWaiver extends RecordedWaiver {
  readonly stack: string;
  readonly env: string;
  /** Resources at and below the waiver's scope: address → construct path. */
  readonly covers: readonly { readonly address: string; readonly path: string }[];
}

export interface Report {
  readonly findings: readonly Finding[];
  readonly waivers: readonly WaiverUse[];
  /** Waivers of checkov ids (not rules of the pack): handed to checkov by scripts/checkov.ts. */
  readonly checkovWaivers: readonly CheckovWaiver[];
  /** Waiver problems (unknown rule, non-waivable rule, matches nothing): each fails synth like an error. */
  readonly problems: readonly string[];
  /** Resource types present in a stack that no rule evaluates (new modules need rules). */
  readonly uncovered: readonly string[];
}

// `<env>-ecspresso` is the pseudo-stack of the environment's ecspresso task definitions (taskdefs.ts).
const LAYER_RE = new RegExp(`^(.+)-(${[...LAYERS, "ecspresso"].join("|")})$`);

/** `dev-network` → `dev`; stacks outside an environment (`bootstrap-nonprod`, `github`) are their own group. */
export function envOf(stack: string): string {
  return LAYER_RE.exec(stack)?.[1] ?? stack;
}

function recordedWaivers(json: StackDoc): RecordedWaiver[] {
  const w = json["//"]?.waivers;
  return Array.isArray(w) ? (w as RecordedWaiver[]) : [];
}

/** `path` is `scope` or below it (`scope/…`). Called per finding and waiver, so it builds no string. */
export const covers = (scope: string, path: string) =>
  path === scope || (path.length > scope.length && path.charCodeAt(scope.length) === 47 /* "/" */ && path.startsWith(scope));

/** A checkov id (`CKV_AWS_20`, `CKV2_AWS_5`): judged by checkov unless the pack owns a rule of that id. */
export const CHECKOV_ID = /^CKV2?_[A-Z0-9]+_\d+$/;

/**
 * The rules' outcomes over a set of stacks before any waiver applies (`check`), in the form `applyWaivers`
 * takes. Rules never read the recorded waivers (buildContext drops every `"//"` block), so one check can be
 * judged against different waiver sets: the tests remove each waiver in turn without re-running every rule.
 */
export interface Checked {
  readonly stacks: readonly string[];
  readonly contexts: readonly ReturnType<typeof buildContext>[];
  /** Findings per stack name, every result as the rules gave it (no `waived`). */
  readonly perStack: ReadonlyMap<string, readonly Finding[]>;
  readonly uncovered: readonly string[];
}

/** Evaluate every rule over every stack and apply the waivers recorded in the stacks. */
export function evaluate(stacks: readonly StackInput[], rules: readonly Rule[] = RULES): Report {
  return applyWaivers(stacks, check(stacks, rules));
}

/** Run every rule over every resource of every stack (phase one of `evaluate`). */
export function check(stacks: readonly StackInput[], rules: readonly Rule[] = RULES): Checked {
  const covered = new Set(rules.flatMap((r) => r.types));
  // The rules of each resource type, in rule order (every resource against every rule's type list was the
  // pack's largest self-time).
  const rulesByType = new Map<string, Rule[]>();
  for (const rule of rules) for (const t of new Set(rule.types)) rulesByType.set(t, [...(rulesByType.get(t) ?? []), rule]);
  const uncovered = new Set<string>();

  // Cross-stack values: every stack by its backend state key, so a rule can follow a remote-state output.
  const byKey = new Map<string, { ctx: ReturnType<typeof buildContext>; outputs: Record<string, Record<string, unknown>> }>();
  const lookup: StackByStateKey = (key) => byKey.get(key);
  const contexts = stacks.map((s) => buildContext(s.name, s.json, lookup));
  stacks.forEach((s, i) => {
    const key = s.json.terraform?.backend?.s3?.key;
    if (typeof key === "string") byKey.set(key, { ctx: contexts[i], outputs: (s.json.output ?? {}) as Record<string, Record<string, unknown>> });
  });

  const perStack = new Map<string, Finding[]>();
  for (const [i, s] of stacks.entries()) {
    const env = envOf(s.name);
    const ctx = contexts[i];
    const stackFindings: Finding[] = [];
    for (const res of ctx.all) {
      if (!covered.has(res.type) && !res.type.startsWith("provider.") && !res.type.startsWith("terraform.")) uncovered.add(res.type);
      for (const rule of rulesByType.get(res.type) ?? []) {
        let outcomes: readonly Outcome[];
        try {
          const o = rule.check(res, ctx);
          outcomes = Array.isArray(o) ? o : [o as Outcome];
        } catch (e) {
          outcomes = [{ status: "unknown", attribute: "(rule)", expected: "evaluable", actual: `rule threw: ${e instanceof Error ? e.message : String(e)}` }];
        }
        const base = { ruleId: rule.id, stack: s.name, env, address: res.address, path: res.path, fix: rule.fix };
        const nonPass = outcomes.filter((o) => o.status !== "pass");
        if (outcomes.length && !nonPass.length) stackFindings.push({ ...base, level: rule.level, result: "pass" });
        for (const o of nonPass as Exclude<Outcome, { status: "pass" }>[]) {
          stackFindings.push({
            ...base,
            level: o.status === "unknown" ? "warning" : (o.level ?? rule.level),
            result: o.status,
            attribute: o.attribute,
            expected: o.expected,
            actual: o.actual,
          });
        }
      }
    }
    perStack.set(s.name, stackFindings);
  }
  return { stacks: stacks.map((s) => s.name), contexts, perStack, uncovered: [...uncovered].sort() };
}

/**
 * Positions of each rule's findings in one of `check`'s per-stack lists, built once per list: a waiver only looks
 * at the findings of its own rule. Keyed on the checked (never mutated) list, so every `applyWaivers` of one
 * check — the tests judge one check against ~120 waiver sets — shares it.
 */
const byRuleCache = new WeakMap<readonly Finding[], ReadonlyMap<string, readonly number[]>>();
function byRule(list: readonly Finding[]): ReadonlyMap<string, readonly number[]> {
  let index = byRuleCache.get(list);
  if (!index) {
    const m = new Map<string, number[]>();
    list.forEach((f, j) => m.set(f.ruleId, [...(m.get(f.ruleId) ?? []), j]));
    byRuleCache.set(list, (index = m));
  }
  return index;
}

/** The resources of a stack at and below a checkov waiver's scope, once per stack context and scope. */
const coveredCache = new WeakMap<ReturnType<typeof buildContext>, Map<string, CheckovWaiver["covers"]>>();
function coveredBy(ctx: ReturnType<typeof buildContext>, scope: string): CheckovWaiver["covers"] {
  let byScope = coveredCache.get(ctx);
  if (!byScope) coveredCache.set(ctx, (byScope = new Map()));
  let res = byScope.get(scope);
  if (!res) byScope.set(scope, (res = ctx.all.filter((r) => covers(scope, r.path)).map((r) => ({ address: r.address, path: r.path }))));
  return res;
}

/**
 * Apply the waivers recorded in `stacks` to the findings of `checked` (phase two of `evaluate`). `stacks` must
 * be the stacks `checked` was computed from, in the same order; only their `"//".waivers` are read here.
 */
export function applyWaivers(stacks: readonly StackInput[], checked: Checked): Report {
  if (stacks.length !== checked.stacks.length || stacks.some((s, i) => s.name !== checked.stacks[i])) {
    throw new Error("applyWaivers: the stacks differ from the ones checked");
  }
  const findings: Finding[] = [];
  const waivers: WaiverUse[] = [];
  const checkovWaivers: CheckovWaiver[] = [];
  const problems: string[] = [];
  const contexts = checked.contexts;
  // Copies: waiving replaces entries, and one check may be judged against several waiver sets.
  const perStack = new Map([...checked.perStack].map(([k, v]) => [k, [...v]]));

  // Waivers: each covers the failing/unevaluable findings of its rule at and below its construct path, in its own
  // stack and in the environment's ecspresso pseudo-stack (task definitions carry their service's construct path,
  // so a waive() on the service construct covers its generated taskdef.json).
  for (const [i, s] of stacks.entries()) {
    const env = envOf(s.name);
    const ctx = contexts[i];
    // Each candidate list: the working copy (entries replaced as waivers apply) and the checked list's rule index.
    const candidate = (name: string) => ({ list: perStack.get(name) ?? [], index: byRule(checked.perStack.get(name) ?? []) });
    const candidates = s.name === `${env}-ecspresso` ? [candidate(s.name)] : [candidate(s.name), candidate(`${env}-ecspresso`)];
    for (const w of recordedWaivers(s.json)) {
      const where = `waiver of ${w.ruleId} on ${w.scope}`;
      if (NON_WAIVABLE.has(w.ruleId)) {
        problems.push(`${where}: ${w.ruleId} cannot be waived (non-waivable list, docs/guardrails.md); fix the resource instead`);
        continue;
      }
      if (!RULES_BY_ID.has(w.ruleId)) {
        if (CHECKOV_ID.test(w.ruleId)) {
          checkovWaivers.push({ ...w, stack: s.name, env, covers: [...coveredBy(ctx, w.scope)] });
        } else problems.push(`${where}: unknown rule id; pack rules are in docs/guardrails.md, anything else must be a checkov id (CKV_*/CKV2_*)`);
        continue;
      }
      const matched: string[] = [];
      for (const { list, index } of candidates) {
        for (const j of index.get(w.ruleId) ?? []) {
          const f = list[j];
          if (f.ruleId !== w.ruleId || (f.result !== "fail" && f.result !== "unknown") || !covers(w.scope, f.path)) continue;
          list[j] = { ...f, result: "waived", waiver: { reason: w.reason, scope: w.scope } };
          matched.push(f.stack === s.name ? f.address : `${f.stack}:${f.address}`);
        }
      }
      // A waiver of a task-definition rule can only be judged when the ecspresso definitions were evaluated too
      // (npm run policy, the tests); synth alone evaluates the Terraform stacks.
      const deferred = !matched.length && !perStack.has(`${env}-ecspresso`) && RULES_BY_ID.get(w.ruleId)!.types.includes(ECSPRESSO_TASKDEF);
      if (!matched.length && !deferred) problems.push(`${where} (${s.name}): matches no failing or unevaluable finding; remove the waiver ("${w.reason}")`);
      waivers.push({ ...w, stack: s.name, env, matched: [...new Set(matched)] });
    }
  }
  for (const s of stacks) findings.push(...(perStack.get(s.name) ?? []));
  return { findings, waivers, checkovWaivers, problems, uncovered: [...checked.uncovered] };
}

/** Findings that fail synth: unwaived failures of error-level rules. */
export function unwaivedErrors(report: Report): Finding[] {
  return report.findings.filter((f) => f.result === "fail" && f.level === "error");
}

export function warnings(report: Report): Finding[] {
  return report.findings.filter((f) => (f.result === "fail" && f.level === "warning") || f.result === "unknown");
}

export function passed(report: Report): boolean {
  return unwaivedErrors(report).length === 0 && report.problems.length === 0;
}
