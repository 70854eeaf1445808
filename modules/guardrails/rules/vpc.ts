/** VPC and networking. */
import { defineRule } from "./define";
import type { Outcome, Res } from "../types";
import { PASS, blocks, fail, isSet, num, unknown } from "../values";

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
    id: "CKV2_AWS_1",
    title: "Network ACLs are associated with subnets",
    types: ["aws_network_acl"],
    severity: "L",
    fix: "Set subnetIds or add aws_network_acl_association resources.",
    check: (r, ctx) => (isSet(r.attrs.subnet_ids) || ctx.referrers(r.address, "aws_network_acl_association").length ? PASS : fail("subnet_ids", "at least one subnet")),
  }),
  aclPortRule("CKV_AWS_229", 21, "FTP"),
  aclPortRule("CKV_AWS_230", 20, "FTP data"),
  aclPortRule("CKV_AWS_231", 3389, "RDP"),
  aclPortRule("CKV_AWS_232", 22, "SSH"),
];

