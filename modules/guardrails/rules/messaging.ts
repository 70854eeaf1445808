/** SNS (the alarm topic) and PRJ_MSG_TLS; PRJ_EVB1 for event bus policies. */
import { defineRule } from "./define";
import type { Outcome, Res, StackContext } from "../types";
import { parsePolicy, principalValues, stmtLabel } from "../policy-doc";
import { PASS, fail, strings, unknown } from "../values";
import { deniesInsecureTransport, hasLimitingCondition, publicAllowOutcomes } from "./resource-policy";

const TOPIC = "aws_sns_topic";
const TOPIC_POLICY = "aws_sns_topic_policy";

/** The account this stack deploys to (provider allowed_account_ids), if literal. */
function ownAccounts(ctx: StackContext): string[] {
  return strings(ctx.provider("aws")?.allowed_account_ids);
}

export const messagingRules = [
  defineRule({
    id: "CKV_AWS_169",
    title: "SNS topic policies are not open to the internet",
    types: [TOPIC_POLICY, TOPIC],
    severity: "M",
    level: "error",
    fix: "Allow named service principals (cloudwatch.amazonaws.com) with aws:SourceArn/SourceAccount conditions.",
    check: (r, ctx) => publicAllowOutcomes(r.attrs.policy, ctx),
  }),
  defineRule({
    id: "CKV_AWS_385",
    title: "Cross-account SNS Allows are conditioned",
    types: [TOPIC_POLICY, TOPIC],
    severity: "-",
    fix: "Add aws:SourceArn / aws:PrincipalOrgID conditions to cross-account grants.",
    check: (r, ctx) => {
      if (r.attrs.policy === undefined) return [];
      const p = parsePolicy(r.attrs.policy, ctx);
      if (!p.ok) return unknown("policy", "cross-account grants conditioned", p.why);
      const own = ownAccounts(ctx);
      const foreign = (v: string) => {
        const m = /^(\d{12})$|^arn:aws[\w-]*:iam::(\d{12}):/.exec(v);
        const acct = m?.[1] ?? m?.[2];
        return acct !== undefined && own.length > 0 && !own.includes(acct);
      };
      const bad = p.statements.filter((s) => s.effect === "Allow" && principalValues(s, "AWS").some(foreign) && !hasLimitingCondition(s));
      return bad.length ? bad.map((s) => fail(`policy.${stmtLabel(s)}`, "a limiting condition on the cross-account grant", principalValues(s, "AWS").join(","))) : PASS;
    },
  }),
  defineRule({
    id: "PRJ_MSG_TLS",
    title: "Topic policies deny publishing without TLS (cdk-nag SNS3)",
    types: [TOPIC_POLICY],
    severity: "M",
    fix: 'Add { Effect: "Deny", Principal: "*", Action: "sns:Publish", Condition: { Bool: { "aws:SecureTransport": "false" } } }.',
    check: (r, ctx) => {
      const p = parsePolicy(r.attrs.policy, ctx);
      if (!p.ok) return unknown("policy", "a Deny on aws:SecureTransport = false", p.why);
      const ok = p.statements.some((s) => deniesInsecureTransport(s, "sns:") || (s.effect === "Deny" && s.actions.some((a) => /^sns:publish$/i.test(a)) && JSON.stringify(s.condition).toLowerCase().includes("aws:securetransport")));
      return ok ? PASS : fail("policy", "a Deny when aws:SecureTransport is false", "none");
    },
  }),
  defineRule({
    id: "PRJ_EVB1",
    title: "Event bus policies allow nothing to everyone without an organization condition",
    types: ["aws_cloudwatch_event_bus_policy"],
    severity: "H",
    fix: "Grant to named accounts or add aws:PrincipalOrgID.",
    check: (r: Res, ctx: StackContext): Outcome | Outcome[] => publicAllowOutcomes(r.attrs.policy, ctx),
  }),
];
