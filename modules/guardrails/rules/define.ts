import type { Level, Rule } from "../types";

/**
 * Declare a rule. The level follows the published severity (C/H → error, M/L/I/none → warning) unless the
 * rule sets one: the project raises the rules that make up its secure defaults (IMDSv2, no public buckets,
 * no world ingress, encryption with rotated CMKs, least-privilege IAM, safe OIDC trust) to error.
 */
export function defineRule(r: Omit<Rule, "level"> & { readonly level?: Level }): Rule {
  return { ...r, level: r.level ?? (r.severity === "C" || r.severity === "H" ? "error" : "warning") };
}
