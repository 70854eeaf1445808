/**
 * The one error type of the project. Schema validation (zod), cross-field and cross-environment rules, constructs
 * and scripts all report a `Problem`: a stable `E_*` code (tests and tools match on it), where it happened (an
 * environment, an account, a construct path), the field path, the offending value, what is wrong and what is
 * accepted. One `ConfigError` carries every problem found, so a failed synth is actionable from CI logs alone.
 *
 * Message format, one line per problem:
 *   `  - <where>: <path> = <value>: <message>; <accepted> [E_CODE]`
 * (`<path> = <value>: ` is left out when the problem has no field path.)
 */
export interface Problem {
  /** Stable code, `E_` + upper-case words, e.g. `E_BRIDGE_HOSTPORT_EPHEMERAL`. Never reuse a code for another rule. */
  readonly code: string;
  /** Where: an environment name, `account <name>`, `github`, or a construct path. */
  readonly where: string;
  /** Field path inside `where`, e.g. `services.backend.hostPort`; "" when the problem is not about one field. */
  readonly path: string;
  /** The offending value (`undefined` = the field is missing). */
  readonly value?: unknown;
  /** What is wrong. */
  readonly message: string;
  /** What is accepted instead, or the fix. */
  readonly accepted?: string;
}

const CODE_RE = /^E_[A-Z0-9]+(?:_[A-Z0-9]+)*$/;

/** A value for a message: JSON, cut at 80 characters (a whole object is never dumped). */
export function formatValue(v: unknown): string {
  if (v === undefined) return "(missing)";
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** One problem as one line (without the leading `  - `). */
export function formatProblem(p: Problem): string {
  const field = p.path ? `${p.path} = ${formatValue(p.value)}: ` : "";
  return `${p.where}: ${field}${p.message}${p.accepted ? `; ${p.accepted}` : ""} [${p.code}]`;
}

export class ConfigError extends Error {
  readonly problems: readonly Problem[];

  /**
   * Either every problem found (`new ConfigError(problems)`), or a single one raised where it is detected
   * (`new ConfigError(where, code, message)`, e.g. inside a construct).
   */
  constructor(problems: readonly Problem[]);
  constructor(where: string, code: string, message: string, detail?: { path?: string; value?: unknown; accepted?: string });
  constructor(a: readonly Problem[] | string, code?: string, message?: string, detail: { path?: string; value?: unknown; accepted?: string } = {}) {
    const problems: readonly Problem[] =
      typeof a === "string" ? [{ where: a, code: code!, message: message!, path: detail.path ?? "", value: detail.value, accepted: detail.accepted }] : a;
    if (problems.length === 0) throw new Error("ConfigError needs at least one problem");
    for (const p of problems) {
      if (!CODE_RE.test(p.code)) throw new Error(`problem code "${p.code}" is not E_UPPER_CASE`);
    }
    super(
      `Invalid environment configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}); nothing was synthesized:\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join("\n"),
    );
    this.name = "ConfigError";
    this.problems = problems;
  }

  /** The code of the first problem (single-problem errors raised by constructs). */
  get code(): string {
    return this.problems[0].code;
  }

  /** Where the first problem is. */
  get where(): string {
    return this.problems[0].where;
  }
}
