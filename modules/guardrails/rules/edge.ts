/** CloudFront, WAFv2, ACM and Route 53, and INV_EDGE (us-east-1 for CloudFront-scope resources). */
import { defineRule } from "./define";
import type { Outcome, Res, StackContext } from "../types";
import { PASS, at, block, blocks, expectOneOf, fail, isRef, isSet, relabel, unknown } from "../values";

const CF = "aws_cloudfront_distribution";
const ACL = "aws_wafv2_web_acl";
const CERT = "aws_acm_certificate";

/** Region of the provider a resource uses (`provider = "aws.us_east_1"`), or undefined when unknown. */
export function providerRegion(r: Res, ctx: StackContext): string | undefined {
  const key = typeof r.attrs.provider === "string" ? r.attrs.provider : "aws";
  const region = ctx.provider(key)?.region;
  return typeof region === "string" && !isRef(region) ? region : undefined;
}

const LB_TYPES = /^aws_(lb|alb)$/;

/**
 * Whether an origin name is a load balancer: an `*.elb.*` name, a reference to an aws_lb, or a DNS name that a
 * Route 53 alias record of the same stack points at an aws_lb (`origin.<domain>` → ALB).
 */
function lbOrigin(name: unknown, ctx: StackContext): boolean {
  if (/\.elb\.|\.mediastore\.|\.mediapackage\./.test(String(name))) return true;
  if (LB_TYPES.test(ctx.deref(name)?.type ?? "")) return true;
  const fqdn = String(name).replace(/\.$/, "");
  return ctx.ofType("aws_route53_record").some((rec) => String(rec.attrs.name).replace(/\.$/, "") === fqdn && blocks(rec.attrs.alias).some((a) => LB_TYPES.test(ctx.deref(a.name)?.type ?? "")));
}

export const edgeRules = [
  defineRule({
    id: "CKV2_AWS_46",
    title: "S3 origins use origin access control (no public bucket)",
    types: [CF],
    severity: "L",
    level: "error",
    fix: "Set originAccessControlId on the S3 origin (modules: S3 + OAC); never make the bucket public.",
    check: (r, ctx) =>
      blocks(r.attrs.origin)
        .filter((o) => /\.s3[.-]/.test(String(o.domain_name)) || /bucket_regional_domain_name|bucket_domain_name/.test(String(o.domain_name)) || ctx.deref(o.domain_name)?.type === "aws_s3_bucket")
        .map((o, i) => (isSet(o.origin_access_control_id) || isSet(o.s3_origin_config) ? PASS : fail(`origin[${i}].origin_access_control_id`, "an origin access control", "none"))),
  }),
  defineRule({
    id: "CKV2_AWS_72",
    title: "Load balancer origins are reached over HTTPS only, also when the origin name comes from another stack's state (checkov cannot follow remote state)",
    types: [CF],
    severity: "-",
    level: "error",
    fix: 'Give the ALB a certificate (domain or alb.certificateArn) so the origin is "https-only"; otherwise waive with the reason the environment accepts plain HTTP to its origin.',
    check: (r, ctx) =>
      blocks(r.attrs.origin).flatMap((o, i): Outcome[] => {
        const where = `origin[${i}].custom_origin_config.origin_protocol_policy`;
        const remote = ctx.remote(o.domain_name);
        if (remote && !remote.found) return [unknown(`origin[${i}].domain_name`, "a resolvable origin (load balancer origins must be https-only)", `${String(o.domain_name)}: ${remote.why}`)];
        const isLb = remote?.found ? lbOrigin(remote.value, remote.ctx) : lbOrigin(o.domain_name, ctx);
        if (!isLb) return [];
        const outcome = relabel(expectOneOf(block(o.custom_origin_config), "origin_protocol_policy", ["https-only"]), where);
        if (outcome.status !== "fail") return [outcome];
        const via = remote?.found ? ` (origin ${remote.stack} output ${remote.output} = ${String(remote.value)})` : "";
        const headers = blocks(o.custom_header).length ? `; its ${blocks(o.custom_header).length} custom header(s) (origin verification) travel in clear text` : "";
        return [{ ...outcome, actual: `${outcome.actual ?? ""}${via}${headers}` }];
      }),
  }),
  // ----- WAFv2 -----
  defineRule({
    id: "CKV_AWS_192",
    title: "WAF ACL blocks Log4j via AWSManagedRulesKnownBadInputsRuleSet (not overridden)",
    types: [ACL],
    severity: "H",
    fix: 'Add the KnownBadInputs managed group with overrideAction { none: {} } and no exclusion/override of "Log4JRCE".',
    check: (r) => {
      const rules = blocks(r.attrs.rule).filter((x) => at(x, "statement.managed_rule_group_statement.name") === "AWSManagedRulesKnownBadInputsRuleSet");
      if (!rules.length) return fail("rule", "a rule with managed group AWSManagedRulesKnownBadInputsRuleSet", "none");
      return rules.map((x): Outcome => {
        const mg = block(at(x, "statement.managed_rule_group_statement")) ?? {};
        if (block(x.override_action)?.none === undefined) return fail("rule.override_action", "none {}", JSON.stringify(x.override_action ?? "absent"));
        const excluded = [...blocks(mg.excluded_rule), ...blocks(mg.rule_action_override)].some((e) => /log4jrce/i.test(String(e.name)));
        return excluded ? fail("rule.statement.managed_rule_group_statement", "Log4JRCE not excluded or overridden", "Log4JRCE excluded/overridden") : PASS;
      });
    },
  }),
  // ----- ACM, Route 53 -----
  defineRule({
    id: "INV_EDGE",
    title: "CloudFront-scope WAF ACLs and CloudFront certificates are created in us-east-1",
    types: [ACL, CERT],
    severity: "H",
    fix: 'Create the resource with the us-east-1 provider alias (provider: usEast1Provider).',
    check: (r, ctx) => {
      const cloudfrontScoped = r.type === ACL ? r.attrs.scope === "CLOUDFRONT" : ctx.referrers(r.address, CF).length > 0 || ctx.referrers(r.address, "aws_acm_certificate_validation").some((v) => ctx.referrers(v.address, CF).length > 0);
      if (!cloudfrontScoped) return [];
      const region = providerRegion(r, ctx);
      if (region === undefined) return unknown("provider", "a provider in us-east-1", String(r.attrs.provider ?? "aws"));
      return region === "us-east-1" ? PASS : fail("provider", "a provider in us-east-1", `${String(r.attrs.provider ?? "aws")} (${region})`);
    },
  }),
];
