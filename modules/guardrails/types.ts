/**
 * Types of the policy pack: a rule is a pure function over one resource's synthesized JSON (plus read-only
 * access to the rest of its stack for graph checks); the evaluator turns outcomes into findings.
 */

/** `error` fails synth and `npm test`; `warning` is printed and counted. */
export type Level = "error" | "warning";

/** Published severity (Prisma / Trivy, see docs/guardrails.md); informative only, the level decides. */
export type Severity = "C" | "H" | "M" | "L" | "I" | "-";

/** A synthesized block: the JSON object cdktf wrote for one resource / data source. */
export type Block = Record<string, unknown>;

/** One resource (or data source) of a stack as the rules see it. */
export interface Res {
  /** `aws_lb` or `data.aws_iam_policy_document`. */
  readonly type: string;
  /** The Terraform logical name (cdktf's unique id). */
  readonly name: string;
  /** `aws_lb.platform_alb_1234` / `data.aws_iam_policy_document.x`. */
  readonly address: string;
  /** The construct path (`dev-platform/alb/lb`), from cdktf's `"//".metadata.path`; the address when absent. */
  readonly path: string;
  /** Attributes with the `"//"` metadata removed. */
  readonly attrs: Block;
}

/** What a rule says about one resource. Several outcomes per resource are allowed (e.g. per statement). */
export type Outcome =
  | { readonly status: "pass" }
  | { readonly status: "fail"; readonly attribute: string; readonly expected: string; readonly actual?: string; readonly level?: Level }
  | { readonly status: "unknown"; readonly attribute: string; readonly expected: string; readonly actual?: string };

/**
 * A value read from another stack's state (`${data.terraform_remote_state.<x>.outputs.<name>}`), resolved through
 * the stacks of the same run: the writer stack's output expression and, when it is a plain reference, the resource.
 */
export type Remote =
  | { readonly found: true; readonly stack: string; readonly output: string; readonly value: unknown; readonly res: Res | undefined; readonly ctx: StackContext }
  | { readonly found: false; readonly why: string };

export interface StackContext {
  readonly stack: string;
  /** Every resource and data source of the stack, by address. */
  readonly byAddress: ReadonlyMap<string, Res>;
  /** Resources of a type (data sources as `data.<type>`). */
  ofType(type: string): readonly Res[];
  /** Resources whose attributes reference `address` (`${address.…}` or depends_on). */
  referrers(address: string, type?: string): readonly Res[];
  /** The resource a `${type.name.attr}` string points at, if it is a single plain reference. */
  deref(value: unknown): Res | undefined;
  /**
   * Follow a remote-state output to the stack that writes it (matched by the backend state key). `undefined` when
   * the value is not a remote-state reference; `{ found: false }` when the writer is not among the evaluated stacks
   * (rules report that as unevaluable, never as a pass).
   */
  remote(value: unknown): Remote | undefined;
  /** Provider blocks by `aws` / `aws.<alias>`. */
  provider(key: string): Block | undefined;
  /** The `terraform.backend` block of the stack. */
  readonly backend: Record<string, Block> | undefined;
}

export interface Rule {
  /** checkov id (CKV_AWS_79, CKV2_AWS_12) or project id (PRJ_…, INV_…). */
  readonly id: string;
  /** What the rule ensures, one line. */
  readonly title: string;
  /** Resource types it applies to (`data.aws_iam_policy_document` for data sources, `@stack` for the stack itself). */
  readonly types: readonly string[];
  readonly level: Level;
  readonly severity: Severity;
  /** How to fix a failure, imperative. */
  readonly fix: string;
  /** Pure function: outcomes for one resource. Return [] when the rule does not apply (N/A). */
  check(res: Res, ctx: StackContext): Outcome | readonly Outcome[];
}

export type Result = "pass" | "fail" | "unknown" | "waived";

export interface Finding {
  readonly ruleId: string;
  /** error/warning of the rule; an unevaluable value is always reported as a warning. */
  readonly level: Level;
  readonly result: Result;
  readonly stack: string;
  readonly env: string;
  readonly address: string;
  readonly path: string;
  readonly attribute?: string;
  readonly expected?: string;
  readonly actual?: string;
  readonly fix?: string;
  /** For waived findings: the waiver's reason and the construct path it was declared on. */
  readonly waiver?: { readonly reason: string; readonly scope: string };
}

/** A waiver as recorded in the synthesized stack (`"//".waivers`). */
export interface RecordedWaiver {
  readonly ruleId: string;
  readonly reason: string;
  /** Construct path of the scope `waive()` was called on; covers resources at and below it. */
  readonly scope: string;
}
