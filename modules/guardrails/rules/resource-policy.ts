/** Shared checks for resource policies (bucket, repository, key, topic): public Allows and TLS-only denies. */
import type { Outcome, StackContext } from "../types";
import { parsePolicy, principalValues, stmtLabel, type Stmt } from "../policy-doc";
import { PASS, fail, unknown } from "../values";

/** Condition keys that limit a `*` principal to an account, organisation, source, network or service. */
const LIMITING_KEYS = [
  "aws:sourcearn", "aws:sourceaccount", "aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn",
  "aws:sourcevpc", "aws:sourcevpce", "aws:sourceip", "aws:sourceowner", "aws:resourceorgid", "kms:calleraccount", "kms:viaservice",
];

export function isWildcardPrincipal(s: Stmt): boolean {
  if (s.notPrincipal) return true;
  return principalValues(s).includes("*") || principalValues(s, "AWS").includes("*");
}

export function hasLimitingCondition(s: Stmt): boolean {
  return Object.values(s.condition).some((kv) => Object.keys(kv).some((k) => LIMITING_KEYS.includes(k.toLowerCase())));
}

/** One outcome per Allow statement to everyone without a limiting condition; unknown when unparseable. */
export function publicAllowOutcomes(policy: unknown, ctx: StackContext, attribute = "policy"): Outcome | Outcome[] {
  if (policy === undefined) return [];
  const p = parsePolicy(policy, ctx);
  if (!p.ok) return unknown(attribute, "no Allow to * without a limiting condition", p.why);
  const bad = p.statements.filter((s) => s.effect === "Allow" && isWildcardPrincipal(s) && !hasLimitingCondition(s));
  return bad.length ? bad.map((s) => fail(`${attribute}.${stmtLabel(s)}.Principal`, "named principals, or a SourceArn/SourceAccount/PrincipalOrgID condition", "*")) : PASS;
}

/** Deny to everyone when `aws:SecureTransport` is false, covering `actionPrefix*` (e.g. `s3:*`). */
export function deniesInsecureTransport(s: Stmt, actionPrefix: string): boolean {
  if (s.effect !== "Deny" || !isWildcardPrincipal(s)) return false;
  const coversAll = s.actions.some((a) => a === "*" || a.toLowerCase() === `${actionPrefix}*`);
  const cond = Object.entries(s.condition).some(([op, kv]) => op.toLowerCase() === "bool" && Object.entries(kv).some(([k, v]) => k.toLowerCase() === "aws:securetransport" && v.map(String).includes("false")));
  return coversAll && cond;
}
