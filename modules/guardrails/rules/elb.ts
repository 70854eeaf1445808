/** ALB, listeners, target groups; project rules PRJ_ALB_TLS and INV_NAMES. */
import { defineRule } from "./define";
import type { Outcome, Res, StackContext } from "../types";
import { PASS, at, block, blocks, expectBool, fail, isRef, isSet, unknown } from "../values";

const LB = ["aws_lb", "aws_alb"];
const LISTENER = ["aws_lb_listener", "aws_alb_listener"];
const TG = ["aws_lb_target_group", "aws_alb_target_group"];

function lbType(r: Res): string {
  return String(r.attrs.load_balancer_type ?? "application");
}

/** The listener's protocol, defaulting as AWS does (HTTP on an ALB, TCP on an NLB). */
function listenerProtocol(r: Res, ctx: StackContext): string {
  if (typeof r.attrs.protocol === "string") return r.attrs.protocol.toUpperCase();
  const lb = ctx.deref(r.attrs.load_balancer_arn);
  return lb && lbType(lb) === "network" ? "TCP" : lb && lbType(lb) === "gateway" ? "GENEVE" : "HTTP";
}

function redirectsToHttps(r: Res): boolean {
  return blocks(r.attrs.default_action).some((a) => a.type === "redirect" && String(block(a.redirect)?.protocol).toUpperCase() === "HTTPS");
}

const LEGACY_POLICIES = new Set([
  "ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-2015-05", "ELBSecurityPolicy-TLS-1-0-2015-04", "ELBSecurityPolicy-TLS-1-1-2017-01",
  "ELBSecurityPolicy-2015-03", "ELBSecurityPolicy-2015-02", "ELBSecurityPolicy-2014-10", "ELBSecurityPolicy-2014-01", "ELBSecurityPolicy-Default",
]);

const ALB_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;

export const elbRules = [
  defineRule({
    id: "CKV_AWS_2",
    title: "Listeners use HTTPS/TLS, or HTTP only to redirect to HTTPS",
    types: LISTENER,
    severity: "M",
    level: "error",
    fix: 'Use protocol "HTTPS" with a certificate, or make the HTTP listener a redirect { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" }.',
    check: (r, ctx) => {
      const p = listenerProtocol(r, ctx);
      if (isRef(r.attrs.protocol)) return unknown("protocol", "HTTPS or an HTTP→HTTPS redirect", r.attrs.protocol);
      if (["HTTPS", "TLS", "TCP", "UDP", "TCP_UDP", "GENEVE"].includes(p)) return PASS;
      return redirectsToHttps(r) ? PASS : fail("protocol / default_action", "HTTPS, or HTTP whose default action redirects to HTTPS", `${p} ${blocks(r.attrs.default_action).map((a) => String(a.type)).join(",")}`);
    },
  }),
  defineRule({
    id: "CKV_AWS_103",
    title: "TLS listeners use a TLS 1.2+ security policy",
    types: LISTENER,
    severity: "H",
    fix: 'Set sslPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06".',
    check: (r, ctx) => {
      const p = listenerProtocol(r, ctx);
      if (p !== "HTTPS" && p !== "TLS") return PASS;
      const v = r.attrs.ssl_policy;
      if (isRef(v)) return unknown("ssl_policy", "ELBSecurityPolicy-TLS13-* / -TLS-1-2-* / -FS-1-2-*", v);
      return typeof v === "string" && /^ELBSecurityPolicy-(TLS13|TLS-1-2|FS-1-2)/.test(v) ? PASS : fail("ssl_policy", "ELBSecurityPolicy-TLS13-* / -TLS-1-2-* / -FS-1-2-*", v);
    },
  }),
  defineRule({
    id: "CKV2_AWS_74",
    title: "TLS listeners set a non-legacy security policy explicitly (the provider default is 2016-08)",
    types: LISTENER,
    severity: "C",
    fix: 'Set sslPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06" explicitly.',
    check: (r, ctx) => {
      const p = listenerProtocol(r, ctx);
      if (p !== "HTTPS" && p !== "TLS") return PASS;
      const v = r.attrs.ssl_policy;
      if (!isSet(v)) return fail("ssl_policy", "set explicitly (the default ELBSecurityPolicy-2016-08 allows TLS 1.0)");
      if (isRef(v)) return unknown("ssl_policy", "a non-legacy policy", v);
      return LEGACY_POLICIES.has(String(v)) ? fail("ssl_policy", "a non-legacy policy", v) : PASS;
    },
  }),
  defineRule({
    id: "PRJ_ALB_TLS",
    title: "HTTPS listeners use ELBSecurityPolicy-TLS13-1-2-2021-06 or a newer TLS13-1-2/1-3 policy (no Ext1/Ext2)",
    types: LISTENER,
    severity: "H",
    fix: 'Set sslPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06".',
    check: (r, ctx) => {
      if (listenerProtocol(r, ctx) !== "HTTPS") return [];
      const v = r.attrs.ssl_policy;
      if (isRef(v)) return unknown("ssl_policy", "ELBSecurityPolicy-TLS13-1-2-*", v);
      return typeof v === "string" && /^ELBSecurityPolicy-TLS13-1-[23]-/.test(v) && !/Ext[12]/.test(v) ? PASS : fail("ssl_policy", "ELBSecurityPolicy-TLS13-1-2-2021-06 or newer (not Ext1/Ext2)", v);
    },
  }),
  defineRule({
    id: "CKV2_AWS_20",
    title: "Port-80 HTTP listeners of an ALB redirect to HTTPS",
    types: LB,
    severity: "L",
    fix: 'Make the port-80 listener\'s default action redirect { protocol: "HTTPS", port: "443" }.',
    check: (r, ctx) => {
      const ls = LISTENER.flatMap((t) => ctx.referrers(r.address, t)).filter((l) => String(l.attrs.port) === "80" && listenerProtocol(l, ctx) === "HTTP");
      return ls.map((l) => (redirectsToHttps(l) && String(at(block(blocks(l.attrs.default_action).find((a) => a.type === "redirect")), "redirect.port") ?? "443") === "443" ? PASS : fail(`${l.address}.default_action`, "redirect to HTTPS port 443", "forwards over HTTP")));
    },
  }),
  defineRule({
    id: "CKV_AWS_91",
    title: "Load balancers write access logs",
    types: LB,
    severity: "I",
    fix: "Set accessLogs { bucket, enabled: true } (log bucket with SSE-S3; ELB log delivery cannot use a CMK).",
    check: (r) => (lbType(r) === "gateway" ? [] : expectBool(block(r.attrs.access_logs), "enabled", true)),
  }),
  defineRule({
    id: "CKV_AWS_131",
    title: "ALBs drop invalid header fields",
    types: LB,
    severity: "M",
    fix: "Set dropInvalidHeaderFields = true.",
    check: (r) => (lbType(r) === "application" ? expectBool(r.attrs, "drop_invalid_header_fields", true) : []),
  }),
  defineRule({
    id: "CKV_AWS_150",
    title: "Load balancers have deletion protection",
    types: LB,
    severity: "L",
    fix: "Set enableDeletionProtection from config deletionProtection (waive in ephemeral environments, never prod).",
    check: (r) => expectBool(r.attrs, "enable_deletion_protection", true),
  }),
  defineRule({
    id: "CKV_AWS_328",
    title: "ALB desync mitigation is not in monitor mode",
    types: LB,
    severity: "-",
    fix: 'Omit desyncMitigationMode or set "defensive" / "strictest".',
    check: (r) => (r.attrs.desync_mitigation_mode === "monitor" ? fail("desync_mitigation_mode", '"defensive" or "strictest"', "monitor") : PASS),
  }),
  defineRule({
    id: "CKV_AWS_152",
    title: "Network/gateway load balancers balance across zones",
    types: LB,
    severity: "L",
    fix: "Set enableCrossZoneLoadBalancing = true.",
    check: (r) => (lbType(r) === "application" ? [] : expectBool(r.attrs, "enable_cross_zone_load_balancing", true)),
  }),
  defineRule({
    id: "CKV_AWS_261",
    title: "HTTP(S) target groups define a health check path",
    types: TG,
    severity: "L",
    fix: "Set healthCheck.path (services.<svc>.healthCheck.path in config).",
    check: (r) => {
      const proto = String(r.attrs.protocol ?? "HTTP").toUpperCase();
      if (r.attrs.target_type === "lambda" || !["HTTP", "HTTPS"].includes(proto)) return [];
      return isSet(at(r.attrs, "health_check.path")) ? PASS : fail("health_check.path", "a health check path");
    },
  }),
  defineRule({
    id: "CKV_AWS_378",
    title: "Target groups do not use plain HTTP",
    types: TG,
    severity: "-",
    fix: 'Use protocol "HTTPS" to targets, or waive: "TLS terminates at the ALB; targets are private".',
    check: (r, ctx) => {
      const proto = String(r.attrs.protocol ?? "").toUpperCase();
      if (proto !== "HTTP") return PASS;
      const viaNonHttp = LISTENER.flatMap((t) => ctx.referrers(r.address, t)).some((l) => listenerProtocol(l, ctx) !== "HTTP");
      return viaNonHttp ? PASS : fail("protocol", "HTTPS (or reached only through a non-HTTP listener)", "HTTP");
    },
  }),
  defineRule({
    id: "CKV2_AWS_28",
    title: "Internet-facing ALBs are protected by WAF",
    types: LB,
    severity: "M",
    fix: "Associate a regional WAFv2 web ACL (aws_wafv2_web_acl_association), keep the ALB internal, or front it with CloudFront+WAF and waive with that reason.",
    check: (r, ctx) => {
      if (lbType(r) !== "application" || r.attrs.internal === true) return PASS;
      return ctx.referrers(r.address, "aws_wafv2_web_acl_association").length || ctx.referrers(r.address, "aws_wafregional_web_acl_association").length ? PASS : fail("aws_wafv2_web_acl_association", "a WAF web ACL associated with this ALB", "none");
    },
  }),
  defineRule({
    id: "CKV2_AWS_76",
    title: "The ALB's WAF ACL includes KnownBadInputs and AnonymousIpList",
    types: LB,
    severity: "-",
    fix: "Add AWSManagedRulesKnownBadInputsRuleSet and AWSManagedRulesAnonymousIpList (count mode is fine) to the associated ACL.",
    check: (r, ctx) => {
      if (r.attrs.internal === true) return PASS;
      const assocs = ctx.referrers(r.address, "aws_wafv2_web_acl_association");
      return assocs.map((a): Outcome => {
        const acl = ctx.deref(a.attrs.web_acl_arn);
        if (!acl) return unknown(`${a.address}.web_acl_arn`, "an ACL with KnownBadInputs and AnonymousIpList", String(a.attrs.web_acl_arn));
        const names = managedGroupNames(acl);
        return names.includes("AWSManagedRulesKnownBadInputsRuleSet") && names.includes("AWSManagedRulesAnonymousIpList") ? PASS : fail(`${acl.address}.rule`, "KnownBadInputs and AnonymousIpList managed groups", names.join(",") || "none");
      });
    },
  }),
  defineRule({
    id: "INV_NAMES",
    title: "Load balancer and target group names fit AWS limits (≤ 32, [A-Za-z0-9-], no edge hyphen)",
    types: [...LB, ...TG],
    severity: "H",
    fix: "Shorten the name (alb.name / service key in config); it must be ≤ 32 characters without leading/trailing hyphens.",
    check: (r) => {
      const n = r.attrs.name;
      if (n === undefined) return PASS;
      if (isRef(n)) return unknown("name", "≤ 32 characters, [A-Za-z0-9-]", n);
      return ALB_NAME.test(String(n)) ? PASS : fail("name", "≤ 32 characters of [A-Za-z0-9-], no leading/trailing hyphen", `${String(n)} (${String(n).length})`);
    },
  }),
];

/** Managed rule group names used by a WAFv2 web ACL (any rule). */
export function managedGroupNames(acl: Res): string[] {
  return blocks(acl.attrs.rule).map((rule) => at(rule, "statement.managed_rule_group_statement.name")).filter((n): n is string => typeof n === "string");
}
