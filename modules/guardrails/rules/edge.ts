/** CloudFront, WAFv2, ACM and Route 53, and INV_EDGE (us-east-1 for CloudFront-scope resources). */
import { defineRule } from "./define";
import type { Block, Outcome, Res, StackContext } from "../types";
import { PASS, at, block, blocks, expectBool, expectOneOf, fail, isRef, isSet, relabel, strings, unknown } from "../values";
import { managedGroupNames } from "./elb";

const CF = "aws_cloudfront_distribution";
const ACL = "aws_wafv2_web_acl";
const CERT = "aws_acm_certificate";
const ZONE = "aws_route53_zone";

function behaviors(r: Res): { label: string; b: Block }[] {
  return [
    ...blocks(r.attrs.default_cache_behavior).map((b) => ({ label: "default_cache_behavior", b })),
    ...blocks(r.attrs.ordered_cache_behavior).map((b, i) => ({ label: `ordered_cache_behavior[${i}]`, b })),
  ];
}

/** The ACL a distribution's web_acl_id points at (same stack), if resolvable. */
function aclOf(r: Res, ctx: StackContext): Res | undefined {
  return ctx.deref(r.attrs.web_acl_id);
}

/** Region of the provider a resource uses (`provider = "aws.us_east_1"`), or undefined when unknown. */
export function providerRegion(r: Res, ctx: StackContext): string | undefined {
  const key = typeof r.attrs.provider === "string" ? r.attrs.provider : "aws";
  const region = ctx.provider(key)?.region;
  return typeof region === "string" && !isRef(region) ? region : undefined;
}

function isPrivateZone(r: Res): boolean {
  return isSet(r.attrs.vpc);
}

export const edgeRules = [
  defineRule({
    id: "CKV_AWS_34",
    title: "CloudFront never serves plain HTTP (viewer_protocol_policy ≠ allow-all)",
    types: [CF],
    severity: "C",
    fix: 'Set viewerProtocolPolicy = "redirect-to-https" (or "https-only") on every cache behavior.',
    check: (r) => behaviors(r).map(({ label, b }) => (b.viewer_protocol_policy === "allow-all" ? fail(`${label}.viewer_protocol_policy`, '"redirect-to-https" or "https-only"', "allow-all") : PASS)),
  }),
  defineRule({
    id: "CKV_AWS_174",
    title: "CloudFront viewers use TLS 1.2+ with a custom certificate",
    types: [CF],
    severity: "M",
    fix: 'Use an ACM certificate (us-east-1) with sslSupportMethod "sni-only" and minimumProtocolVersion "TLSv1.2_2021".',
    check: (r) => {
      const vc = block(r.attrs.viewer_certificate);
      if (!vc || vc.cloudfront_default_certificate === true) return fail("viewer_certificate", "a custom certificate with minimum_protocol_version TLSv1.2_2021+", "default *.cloudfront.net certificate");
      const v = vc.minimum_protocol_version;
      if (isRef(v)) return unknown("viewer_certificate.minimum_protocol_version", "TLSv1.2_2021", v);
      return typeof v === "string" && /^TLSv1\.(2|3)_\d{4}$/.test(v) ? PASS : fail("viewer_certificate.minimum_protocol_version", "TLSv1.2_2021 (or newer)", v);
    },
  }),
  defineRule({
    id: "CKV2_AWS_42",
    title: "CloudFront uses a custom certificate",
    types: [CF],
    severity: "M",
    fix: "Set viewerCertificate.acmCertificateArn (us-east-1 certificate).",
    check: (r) => {
      const vc = block(r.attrs.viewer_certificate);
      return isSet(vc?.acm_certificate_arn) || isSet(vc?.iam_certificate_id) ? PASS : fail("viewer_certificate.acm_certificate_arn", "an ACM certificate", "default certificate");
    },
  }),
  defineRule({
    id: "CKV_AWS_68",
    title: "CloudFront is protected by a WAF web ACL",
    types: [CF],
    severity: "M",
    fix: "Set webAclId to the CLOUDFRONT-scope WAFv2 ACL ARN.",
    check: (r) => (isSet(r.attrs.web_acl_id) ? PASS : fail("web_acl_id", "a WAFv2 ACL ARN")),
  }),
  defineRule({
    id: "CKV2_AWS_47",
    title: "The distribution's WAF ACL has KnownBadInputs (Log4j) and AnonymousIpList",
    types: [CF],
    severity: "M",
    fix: "Add AWSManagedRulesKnownBadInputsRuleSet and AWSManagedRulesAnonymousIpList to the ACL.",
    check: (r, ctx) => {
      if (!isSet(r.attrs.web_acl_id)) return [];
      const acl = aclOf(r, ctx);
      if (!acl) return unknown("web_acl_id", "an ACL with KnownBadInputs and AnonymousIpList", String(r.attrs.web_acl_id));
      const names = managedGroupNames(acl);
      return names.includes("AWSManagedRulesKnownBadInputsRuleSet") && names.includes("AWSManagedRulesAnonymousIpList") ? PASS : fail(`${acl.address}.rule`, "KnownBadInputs and AnonymousIpList managed groups", names.join(",") || "none");
    },
  }),
  defineRule({
    id: "CKV_AWS_86",
    title: "CloudFront access logging is on",
    types: [CF],
    severity: "I",
    fix: "Set loggingConfig.bucket (standard logging), or waive when CloudFront v2 log delivery is used.",
    check: (r) => (isSet(at(r.attrs, "logging_config.bucket")) ? PASS : fail("logging_config.bucket", "a log bucket")),
  }),
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
    id: "CKV2_AWS_32",
    title: "CloudFront behaviors attach a response headers policy",
    types: [CF],
    severity: "-",
    fix: "Set responseHeadersPolicyId from an aws_cloudfront_response_headers_policy (or its data source, so the edge is visible).",
    check: (r, ctx) =>
      behaviors(r).map(({ label, b }) => {
        const id = b.response_headers_policy_id;
        if (!isSet(id)) return fail(`${label}.response_headers_policy_id`, "a response headers policy");
        const target = ctx.deref(id);
        return target && /cloudfront_response_headers_policy$/.test(target.type) ? PASS : isRef(id) ? PASS : fail(`${label}.response_headers_policy_id`, "a reference to a response headers policy resource or data source", String(id));
      }),
  }),
  defineRule({
    id: "CKV_AWS_259",
    title: "Response headers policies send strict HSTS",
    types: ["aws_cloudfront_response_headers_policy"],
    severity: "L",
    fix: "strictTransportSecurity { accessControlMaxAgeSec: 31536000, includeSubdomains: true, preload: true, override: true }.",
    check: (r) => {
      const h = block(at(r.attrs, "security_headers_config.strict_transport_security"));
      if (!h) return fail("security_headers_config.strict_transport_security", "HSTS max-age ≥ 31536000, includeSubdomains, preload, override");
      const ok = Number(h.access_control_max_age_sec) >= 31536000 && h.include_subdomains === true && h.preload === true && h.override === true;
      return ok ? PASS : fail("security_headers_config.strict_transport_security", "max-age ≥ 31536000, include_subdomains, preload, override = true", JSON.stringify(h));
    },
  }),
  defineRule({
    id: "CKV2_AWS_54",
    title: "Custom origins do not allow SSLv3",
    types: [CF],
    severity: "-",
    level: "error",
    fix: 'Set customOriginConfig.originSslProtocols = ["TLSv1.2"].',
    check: (r) => blocks(r.attrs.origin).map((o, i) => (strings(at(o, "custom_origin_config.origin_ssl_protocols")).includes("SSLv3") ? fail(`origin[${i}].custom_origin_config.origin_ssl_protocols`, '["TLSv1.2"]', "includes SSLv3") : PASS)),
  }),
  defineRule({
    id: "CKV2_AWS_72",
    title: "Load balancer origins are reached over HTTPS only",
    types: [CF],
    severity: "-",
    fix: 'Set customOriginConfig.originProtocolPolicy = "https-only" for ALB origins.',
    check: (r, ctx) =>
      blocks(r.attrs.origin)
        .filter((o) => /\.elb\.|\.mediastore\.|\.mediapackage\./.test(String(o.domain_name)) || /^aws_(lb|alb)$/.test(ctx.deref(o.domain_name)?.type ?? ""))
        .map((o, i) => relabel(expectOneOf(block(o.custom_origin_config), "origin_protocol_policy", ["https-only"]), `origin[${i}].custom_origin_config.origin_protocol_policy`)),
  }),
  defineRule({
    id: "CKV_AWS_305",
    title: "CloudFront has a default root object",
    types: [CF],
    severity: "M",
    fix: 'Set defaultRootObject (e.g. "index.html"), or waive for distributions whose default origin is the ALB.',
    check: (r) => (isSet(r.attrs.default_root_object) ? PASS : fail("default_root_object", "set")),
  }),
  defineRule({
    id: "CKV_AWS_216",
    title: "CloudFront distribution is enabled (explicit)",
    types: [CF],
    severity: "L",
    fix: "Set enabled = true.",
    check: (r) => expectBool(r.attrs, "enabled", true),
  }),
  defineRule({
    id: "CKV_AWS_310",
    title: "CloudFront has an origin failover group",
    types: [CF],
    severity: "M",
    fix: "Add an originGroup with failoverCriteria and two members, or waive (single origin by design).",
    check: (r) => (blocks(r.attrs.origin_group).some((g) => isSet(g.failover_criteria) && blocks(g.member).length >= 2) ? PASS : fail("origin_group", "an origin group with failover criteria and 2 members", "none")),
  }),
  defineRule({
    id: "CKV_AWS_374",
    title: "CloudFront has a geo restriction",
    types: [CF],
    severity: "-",
    fix: "Set restrictions.geoRestriction (whitelist/blacklist), or waive for a global audience.",
    check: (r) => {
      const t = at(r.attrs, "restrictions.geo_restriction.restriction_type");
      return t && t !== "none" ? PASS : fail("restrictions.geo_restriction.restriction_type", "whitelist or blacklist", t);
    },
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
  defineRule({
    id: "CKV_AWS_175",
    title: "WAF ACLs have at least one rule",
    types: [ACL],
    severity: "L",
    fix: "Add managed rule groups (Common, KnownBadInputs, IpReputation, AnonymousIpList).",
    check: (r) => (blocks(r.attrs.rule).length ? PASS : fail("rule", "at least one rule", "none")),
  }),
  defineRule({
    id: "CKV_AWS_342",
    title: "WAF rules have an action or override action",
    types: [ACL, "aws_wafv2_rule_group"],
    severity: "L",
    fix: "Give each rule action { block | allow | count } or, for rule groups, overrideAction.",
    check: (r) => blocks(r.attrs.rule).map((x, i) => (isSet(x.action) || isSet(x.override_action) ? PASS : fail(`rule[${i}].action`, "action or override_action", "none"))),
  }),
  defineRule({
    id: "CKV2_AWS_31",
    title: "WAF ACLs have logging",
    types: [ACL],
    severity: "L",
    fix: "Add aws_wafv2_web_acl_logging_configuration (log group name must start with aws-waf-logs-).",
    check: (r, ctx) => (ctx.referrers(r.address, "aws_wafv2_web_acl_logging_configuration").length ? PASS : fail("aws_wafv2_web_acl_logging_configuration", "a logging configuration", "none")),
  }),
  // ----- ACM, Route 53 -----
  defineRule({
    id: "CKV_AWS_233",
    title: "Certificates are created before the old one is destroyed",
    types: [CERT],
    severity: "L",
    fix: "Set lifecycle: { createBeforeDestroy: true }.",
    check: (r) => expectBool(block(r.attrs.lifecycle), "create_before_destroy", true),
  }),
  defineRule({
    id: "CKV_AWS_234",
    title: "Certificate transparency logging is not disabled",
    types: [CERT],
    severity: "L",
    fix: 'Omit options or set certificateTransparencyLoggingPreference = "ENABLED".',
    check: (r) => (at(r.attrs, "options.certificate_transparency_logging_preference") === "DISABLED" ? fail("options.certificate_transparency_logging_preference", '"ENABLED"', "DISABLED") : PASS),
  }),
  defineRule({
    id: "CKV2_AWS_71",
    title: "Certificates are not wildcards",
    types: [CERT],
    severity: "-",
    fix: "Issue certificates for the exact names served.",
    check: (r) => {
      const names = [...strings(r.attrs.domain_name), ...strings(r.attrs.subject_alternative_names)].filter((n) => n.includes("*"));
      return names.length ? fail("domain_name", "no wildcard names", names.join(", ")) : PASS;
    },
  }),
  defineRule({
    id: "CKV2_AWS_23",
    title: "A records point at managed targets (alias or referenced resource), not literal IPs",
    types: ["aws_route53_record"],
    severity: "M",
    fix: "Use an alias record to the ALB or CloudFront distribution.",
    check: (r) => {
      if (r.attrs.type !== "A") return [];
      if (isSet(r.attrs.alias)) return PASS;
      const recs = strings(r.attrs.records);
      return recs.length && recs.every(isRef) ? PASS : fail("records", "an alias or references to managed resources", recs.join(","));
    },
  }),
  defineRule({
    id: "CKV2_AWS_38",
    title: "Public hosted zones have DNSSEC signing",
    types: [ZONE],
    severity: "-",
    fix: "Add aws_route53_key_signing_key and aws_route53_hosted_zone_dnssec, or waive.",
    check: (r, ctx) => (isPrivateZone(r) || ctx.referrers(r.address, "aws_route53_hosted_zone_dnssec").length || ctx.referrers(r.address, "aws_route53_key_signing_key").length ? PASS : fail("aws_route53_hosted_zone_dnssec", "DNSSEC signing", "none")),
  }),
  defineRule({
    id: "CKV2_AWS_39",
    title: "Public hosted zones have query logging",
    types: [ZONE],
    severity: "L",
    fix: "Add aws_route53_query_log (log group in us-east-1).",
    check: (r, ctx) => (isPrivateZone(r) || ctx.referrers(r.address, "aws_route53_query_log").length ? PASS : fail("aws_route53_query_log", "query logging", "none")),
  }),
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
