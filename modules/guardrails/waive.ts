import type { IConstruct } from "../../foundation/cdk";
import { ConfigError } from "../../foundation/errors";

/** Metadata type under which waivers are recorded on a construct node. */
export const WAIVER_METADATA = "acme:policy-waiver";

export interface Waiver {
  readonly ruleId: string;
  readonly reason: string;
}

/**
 * Waive a policy rule for `scope` and everything below it, with a written reason (≥ 10 characters).
 * The policy pack (modules/guardrails) reports waived findings as "waived", fails synth for a waiver that
 * matches nothing, and lists every waiver in docs/waivers.md.
 */
export function waive(scope: IConstruct, ruleId: string, reason: string): void {
  if (!/^[A-Z][A-Z0-9_]+$/.test(ruleId)) {
    throw new ConfigError(scope.node.path, "E_WAIVER_RULE", `"${ruleId}" is not a rule id (e.g. CKV_AWS_91).`);
  }
  if (reason.trim().length < 10) {
    throw new ConfigError(scope.node.path, "E_WAIVER_REASON", `waiver of ${ruleId} needs a reason of at least 10 characters.`);
  }
  scope.node.addMetadata(WAIVER_METADATA, { ruleId, reason: reason.trim() } satisfies Waiver);
}

/** Waivers recorded directly on `scope` (not its ancestors). */
export function waiversOn(scope: IConstruct): Waiver[] {
  return scope.node.metadata.filter((m) => m.type === WAIVER_METADATA).map((m) => m.data as Waiver);
}
