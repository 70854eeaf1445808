/** ALB, listeners, target groups; project rules PRJ_ALB_TLS and INV_NAMES. */
import { defineRule } from "./define";
import type { Res, StackContext } from "../types";
import { PASS, at, blocks, fail, isRef, unknown } from "../values";

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

const ALB_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;

export const elbRules = [
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
