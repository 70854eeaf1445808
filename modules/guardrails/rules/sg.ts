/**
 * Security groups, plus the project rules PRJ_SG_ALL, PRJ_SG_OPEN_INGRESS (cdk-nag EC23) and the bridge
 * invariant that the dynamic host-port range is reachable from security groups only (INV_BRIDGE).
 *
 * Every rule shape is normalised to one entry type, so inline rules, aws_security_group_rule and the
 * aws_vpc_security_group_*_rule resources are judged alike. Deliberate differences from checkov: a rule with
 * `referenced_security_group_id` / `prefix_list_id` is a restricted source (checkov's false positive, #23),
 * and `self = true` on one rule does not excuse the others.
 */
import { defineRule } from "./define";
import type { Outcome, Res } from "../types";
import { PASS, blocks, fail, isRef, isSet, num, strings, unknown, warn } from "../values";

const V4 = "0.0.0.0/0";
const V6 = "::/0";
const SG = "aws_security_group";
const SG_RULE = "aws_security_group_rule";
const IN_RULE = "aws_vpc_security_group_ingress_rule";
const OUT_RULE = "aws_vpc_security_group_egress_rule";

export interface SgEntry {
  readonly label: string;
  readonly direction: "ingress" | "egress";
  /** "-1" = all protocols. */
  readonly protocol: string;
  readonly from: number | "unknown" | undefined;
  readonly to: number | "unknown" | undefined;
  readonly cidrs: string[];
  /** Source/destination is a security group, prefix list or self. */
  readonly restricted: boolean;
  readonly description: unknown;
  /** From an aws_vpc_security_group_*_rule (uses ip_protocol). */
  readonly vpcRule: boolean;
}

export function sgEntries(r: Res): SgEntry[] {
  const a = r.attrs;
  if (r.type === SG) {
    return (["ingress", "egress"] as const).flatMap((direction) =>
      blocks(a[direction]).map((e, i) => ({
        label: `${direction}[${i}]`,
        direction,
        protocol: String(e.protocol),
        from: num(e.from_port),
        to: num(e.to_port),
        cidrs: [...strings(e.cidr_blocks), ...strings(e.ipv6_cidr_blocks)],
        restricted: isSet(e.security_groups) || isSet(e.prefix_list_ids) || e.self === true,
        description: e.description,
        vpcRule: false,
      })),
    );
  }
  if (r.type === SG_RULE) {
    return [{
      label: "rule",
      direction: a.type === "egress" ? "egress" : "ingress",
      protocol: String(a.protocol),
      from: num(a.from_port),
      to: num(a.to_port),
      cidrs: [...strings(a.cidr_blocks), ...strings(a.ipv6_cidr_blocks)],
      restricted: isSet(a.source_security_group_id) || isSet(a.prefix_list_ids) || a.self === true,
      description: a.description,
      vpcRule: false,
    }];
  }
  if (r.type === IN_RULE || r.type === OUT_RULE) {
    return [{
      label: "rule",
      direction: r.type === IN_RULE ? "ingress" : "egress",
      protocol: String(a.ip_protocol),
      from: num(a.from_port),
      to: num(a.to_port),
      cidrs: [...strings(a.cidr_ipv4), ...strings(a.cidr_ipv6)],
      restricted: isSet(a.referenced_security_group_id) || isSet(a.prefix_list_id),
      description: a.description,
      vpcRule: true,
    }];
  }
  return [];
}

const allProtocols = (e: SgEntry) => e.protocol === "-1" || e.protocol.toLowerCase() === "all";
const fromWorld = (e: SgEntry) => e.cidrs.some((c) => c === V4 || c === V6);
const cidrUnknown = (e: SgEntry) => e.cidrs.some(isRef);
const range = (e: SgEntry) => (allProtocols(e) ? "all traffic" : `${e.protocol} ${String(e.from)}-${String(e.to)}`);

/** Does the entry's port range include `port`? `unknown` when a bound is a reference. */
function coversPort(e: SgEntry, port: number): boolean | "unknown" {
  if (allProtocols(e)) return true;
  if (e.from === "unknown" || e.to === "unknown") return "unknown";
  if (e.from === undefined || e.to === undefined) return false;
  return e.from <= port && port <= e.to;
}

function overlaps(e: SgEntry, lo: number, hi: number): boolean | "unknown" {
  if (allProtocols(e)) return true;
  if (e.from === "unknown" || e.to === "unknown") return "unknown";
  if (e.from === undefined || e.to === undefined) return false;
  return e.from <= hi && lo <= e.to;
}

const TYPES = [SG, SG_RULE, IN_RULE, OUT_RULE];

function worldPortRule(id: string, port: number, name: string, severity: "L") {
  return defineRule({
    id,
    title: `No ingress from 0.0.0.0/0 or ::/0 to port ${port} (${name})`,
    types: TYPES,
    severity,
    level: port === 80 ? "warning" : "error",
    fix: `Restrict port ${port} to a security group or prefix list source${port === 80 ? " (public ALB: CloudFront prefix list, or waive: 80 only redirects to HTTPS)" : ""}.`,
    check: (r) =>
      sgEntries(r)
        .filter((e) => e.direction === "ingress" && !(e.vpcRule && allProtocols(e)))
        .map((e): Outcome => {
          if (!fromWorld(e)) return cidrUnknown(e) ? unknown(`${e.label}.cidr`, `not ${V4}/${V6} for port ${port}`, e.cidrs.join(",")) : PASS;
          const c = coversPort(e, port);
          if (c === "unknown") return unknown(`${e.label}.from_port/to_port`, `a range excluding ${port}`);
          return c ? fail(`${e.label}.cidr_blocks`, `no ${V4} or ${V6} source for port ${port}`, `${e.cidrs.join(",")} ${range(e)}`) : PASS;
        }),
  });
}

export const sgRules = [
  worldPortRule("CKV_AWS_260", 80, "HTTP", "L"),
  defineRule({
    id: "PRJ_SG_ALL",
    title: "aws_vpc_security_group_*_rule with ip_protocol -1 is not open to the world (gap in 277/382)",
    types: [IN_RULE, OUT_RULE],
    severity: "H",
    fix: "Use a specific ip_protocol and port range, or a security group / prefix list source.",
    check: (r) =>
      sgEntries(r).map((e) =>
        allProtocols(e) && fromWorld(e)
          ? (e.direction === "egress" ? warn : fail)(e.direction === "ingress" ? "cidr_ipv4" : "cidr_ipv4 (egress)", "no all-traffic rule to/from 0.0.0.0/0 or ::/0", e.cidrs.join(","))
          : PASS,
      ),
  }),
  defineRule({
    id: "PRJ_SG_OPEN_INGRESS",
    title: "No ingress from 0.0.0.0/0 or ::/0 on any port (cdk-nag EC23)",
    types: [SG, SG_RULE, IN_RULE],
    severity: "H",
    fix: "Use a security group or prefix list source (public ALB: the CloudFront origin-facing prefix list); waive only the internet-facing entry point with a reason.",
    check: (r) =>
      sgEntries(r)
        .filter((e) => e.direction === "ingress")
        .map((e) => {
          if (fromWorld(e)) return fail(`${e.label}.${e.vpcRule ? "cidr_ipv4" : "cidr_blocks"}`, "a security group or prefix list source", `${e.cidrs.join(",")} ${range(e)}`);
          return cidrUnknown(e) ? unknown(`${e.label}.cidr`, `not ${V4}/${V6}`, e.cidrs.join(",")) : PASS;
        }),
  }),
  defineRule({
    id: "INV_BRIDGE",
    title: "The dynamic host-port range 32768-65535 is reachable from security groups only (bridge mode)",
    types: [SG, SG_RULE, IN_RULE],
    severity: "H",
    fix: "Allow 32768-65535 only from the ALB security group (referenced_security_group_id), never from CIDRs.",
    check: (r) =>
      sgEntries(r)
        .filter((e) => e.direction === "ingress")
        .map((e) => {
          if (!e.cidrs.length) return PASS;
          const o = overlaps(e, 32768, 65535);
          if (o === "unknown") return unknown(`${e.label}.from_port/to_port`, "outside 32768-65535 for CIDR sources");
          return o ? fail(`${e.label}.${e.vpcRule ? "cidr_ipv4" : "cidr_blocks"}`, "the ALB security group as the only source of the dynamic port range", `${e.cidrs.join(",")} ${range(e)}`) : PASS;
        }),
  }),
];
