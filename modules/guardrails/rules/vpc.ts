/** VPC and networking. */
import { defineRule } from "./define";
import type { Block, Outcome, Res } from "../types";
import { PASS, blocks, fail, forbidBool, isRef, isSet, num, strings, unknown } from "../values";

const WORLD = new Set(["0.0.0.0/0", "::/0"]);

interface AclEntry {
  readonly label: string;
  readonly ruleNo: number;
  readonly allow: boolean;
  readonly protocol: string;
  readonly from: number | "unknown" | undefined;
  readonly to: number | "unknown" | undefined;
  readonly world: boolean;
}

function aclIngress(r: Res): AclEntry[] {
  if (r.type === "aws_network_acl") {
    return blocks(r.attrs.ingress).map((e, i) => ({
      label: `ingress[${i}]`,
      ruleNo: Number(e.rule_no ?? 0),
      allow: String(e.action).toLowerCase() === "allow",
      protocol: String(e.protocol),
      from: num(e.from_port),
      to: num(e.to_port),
      world: WORLD.has(String(e.cidr_block)) || WORLD.has(String(e.ipv6_cidr_block)),
    }));
  }
  const a = r.attrs;
  if (a.egress === true || a.egress === "true") return [];
  return [{
    label: "rule",
    ruleNo: Number(a.rule_number ?? 0),
    allow: String(a.rule_action).toLowerCase() === "allow",
    protocol: String(a.protocol),
    from: num(a.from_port),
    to: num(a.to_port),
    world: WORLD.has(String(a.cidr_block)) || WORLD.has(String(a.ipv6_cidr_block)),
  }];
}

function aclPortRule(id: string, port: number, name: string) {
  return defineRule({
    id,
    title: `NACLs allow no ingress from 0.0.0.0/0 or ::/0 to port ${port} (${name})`,
    types: ["aws_network_acl", "aws_network_acl_rule"],
    severity: "L",
    fix: `Narrow the NACL ingress source for port ${port} to known CIDRs, or add a lower-numbered deny.`,
    check: (r) => {
      const entries = aclIngress(r).sort((x, y) => x.ruleNo - y.ruleNo);
      const out: Outcome[] = [];
      for (const e of entries) {
        if (!e.world) continue;
        const all = e.protocol === "-1" || e.protocol === "all";
        if (!all && (e.from === "unknown" || e.to === "unknown")) {
          out.push(unknown(`${e.label}.from_port`, `a range excluding ${port}`));
          continue;
        }
        const covers = all || (typeof e.from === "number" && typeof e.to === "number" && e.from <= port && port <= e.to);
        if (!covers) continue;
        // The first matching entry by rule number decides (NACLs are ordered).
        if (e.allow) out.push(fail(`${e.label}`, `no allow from the internet to port ${port}`, `allow ${e.protocol} ${String(e.from)}-${String(e.to)}`));
        break;
      }
      return out.length ? out : PASS;
    },
  });
}

export const vpcRules = [
  defineRule({
    id: "CKV_AWS_130",
    title: "Subnets do not assign public IPs on launch",
    types: ["aws_subnet"],
    severity: "M",
    level: "error",
    fix: "Set mapPublicIpOnLaunch = false (the ALB and NAT gateways do not need it).",
    check: (r) => forbidBool(r.attrs, "map_public_ip_on_launch", true),
  }),
  defineRule({
    id: "CKV2_AWS_11",
    title: "VPC flow logs are enabled",
    types: ["aws_vpc"],
    severity: "I",
    fix: "Enable network.flowLogs in the environment config (an aws_flow_log referencing the VPC).",
    check: (r, ctx) => (ctx.referrers(r.address, "aws_flow_log").length ? PASS : fail("aws_flow_log", "a flow log referencing this VPC", "none")),
  }),
  defineRule({
    id: "CKV2_AWS_12",
    title: "The VPC's default security group is declared and has no rules",
    types: ["aws_vpc"],
    severity: "L",
    level: "error",
    fix: "Declare aws_default_security_group for the VPC with ingress: [] and egress: [] (modules/network does).",
    check: (r, ctx) => {
      const dsg = ctx.referrers(r.address, "aws_default_security_group");
      if (!dsg.length) return fail("aws_default_security_group", "declared for this VPC with no rules", "not declared");
      return dsg.map((d) => {
        if (isSet(d.attrs.ingress) || isSet(d.attrs.egress)) return fail(`${d.address}.ingress/egress`, "[]", "has rules");
        const attached = ctx.referrers(d.address).filter((x) => /security_group_(rule|ingress_rule|egress_rule)$/.test(x.type));
        return attached.length ? fail(`${d.address}`, "no rule resources attached", attached.map((x) => x.address).join(", ")) : PASS;
      });
    },
  }),
  defineRule({
    id: "CKV_AWS_148",
    title: "The default VPC is not managed (never declared)",
    types: ["aws_default_vpc"],
    severity: "L",
    fix: "Remove aws_default_vpc; use the project's VPC.",
    check: () => fail("aws_default_vpc", "not declared", "declared"),
  }),
  defineRule({
    id: "CKV2_AWS_1",
    title: "Network ACLs are associated with subnets",
    types: ["aws_network_acl"],
    severity: "L",
    fix: "Set subnetIds or add aws_network_acl_association resources.",
    check: (r, ctx) => (isSet(r.attrs.subnet_ids) || ctx.referrers(r.address, "aws_network_acl_association").length ? PASS : fail("subnet_ids", "at least one subnet")),
  }),
  defineRule({
    id: "CKV2_AWS_19",
    title: "Elastic IPs are attached (instance, association, NAT gateway)",
    types: ["aws_eip"],
    severity: "L",
    fix: "Attach the EIP (NAT gateway allocation, aws_eip_association or instance) or remove it.",
    check: (r, ctx) => {
      if (isSet(r.attrs.instance) || isSet(r.attrs.network_interface)) return PASS;
      const users = ctx.referrers(r.address).filter((x) => ["aws_eip_association", "aws_nat_gateway", "aws_transfer_server", "aws_lb", "output"].includes(x.type));
      return users.length ? PASS : fail("instance", "attached to an instance, association or NAT gateway", "unattached");
    },
  }),
  ...(["CKV2_AWS_35", "CKV2_AWS_44"] as const).map((id) =>
    defineRule({
      id,
      title: id === "CKV2_AWS_35" ? "Default routes do not target an instance (NAT instance)" : "VPC peering routes are not default routes",
      types: ["aws_route", "aws_route_table"],
      severity: id === "CKV2_AWS_35" ? "-" : "H",
      fix: id === "CKV2_AWS_35" ? "Route 0.0.0.0/0 to a NAT gateway, not an instance." : "Route only the peer's CIDRs through the peering connection.",
      check: (r: Res) => {
        const routes: Block[] = r.type === "aws_route" ? [r.attrs] : blocks(r.attrs.route);
        return routes.map((rt): Outcome => {
          const dest = [rt.destination_cidr_block, rt.cidr_block, rt.destination_ipv6_cidr_block, rt.ipv6_cidr_block].map(String);
          const isDefault = dest.some((d) => WORLD.has(d));
          if (!isDefault) return PASS;
          const target = id === "CKV2_AWS_35" ? rt.instance_id : rt.vpc_peering_connection_id;
          return isSet(target) ? fail(id === "CKV2_AWS_35" ? "instance_id" : "vpc_peering_connection_id", "not the target of a default route", String(target)) : PASS;
        });
      },
    }),
  ),
  defineRule({
    id: "CKV2_AWS_5",
    title: "Security groups are attached to something",
    types: ["aws_security_group"],
    severity: "L",
    fix: "Attach the security group (load balancer, launch template, endpoint, service) or remove it.",
    check: (r, ctx) => {
      const consumers = ctx.referrers(r.address).filter((x) => !/security_group_(rule|ingress_rule|egress_rule)$/.test(x.type) && x.type !== "aws_security_group");
      return consumers.length ? PASS : fail("(attachments)", "referenced by a consumer (lb, launch template, endpoint, output for ecspresso)", "unreferenced");
    },
  }),
  defineRule({
    id: "CKV_AWS_123",
    title: "VPC endpoint services require acceptance",
    types: ["aws_vpc_endpoint_service"],
    severity: "L",
    fix: "Set acceptanceRequired = true.",
    check: (r) => {
      const v = r.attrs.acceptance_required;
      if (isRef(v)) return unknown("acceptance_required", "true", v);
      return v === true || v === "true" ? PASS : fail("acceptance_required", "true", v);
    },
  }),
  aclPortRule("CKV_AWS_229", 21, "FTP"),
  aclPortRule("CKV_AWS_230", 20, "FTP data"),
  aclPortRule("CKV_AWS_231", 3389, "RDP"),
  aclPortRule("CKV_AWS_232", 22, "SSH"),
  defineRule({
    id: "CKV_AWS_352",
    title: "NACL ingress rules do not allow all ports",
    types: ["aws_network_acl_rule"],
    severity: "C",
    fix: "Give the NACL rule a specific port range.",
    check: (r) => {
      const e = aclIngress(r)[0];
      if (!e || !e.allow) return [];
      if (e.protocol === "-1" || e.protocol === "all") return fail("protocol", "a specific protocol and port range", e.protocol);
      if (e.from === "unknown") return unknown("from_port", "non-zero");
      return e.from === 0 || e.from === undefined ? fail("from_port", "non-zero", strings(r.attrs.from_port).join("") || "absent") : PASS;
    },
  }),
];

