/**
 * `<env>-network`: VPC, subnets, NAT, endpoints, flow logs and the output contract, per environment.
 */
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { allStacks, loadConfig, resource, resources, stack } from "./helpers/synth";
import { NetworkOut } from "../foundation/contract";
import { ENDPOINT_PRESETS } from "../envs/schema";

const { envs } = loadConfig();
type R = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(envs.map((e) => [e.name, e] as const))("%s-network", (name, env) => {
  const json = stack(`${name}-network`);
  const raw = JSON.stringify(allStacks().get(`${name}-network`)!.json);

  it("VPC with DNS support and hostnames and the configured CIDR", () => {
    expect(raw).toHaveResourceWithProperties(Vpc, { cidr_block: env.network.vpcCidr, enable_dns_support: true, enable_dns_hostnames: true });
  });

  it("one public and one private (and, where configured, one isolated) subnet per AZ, no public IPs on launch", () => {
    for (const az of env.network.azs) {
      for (const [kind, cidr] of [["public", az.publicCidr], ["private", az.privateCidr], ...(az.isolatedCidr ? [["isolated", az.isolatedCidr] as const] : [])] as const) {
        expect(raw).toHaveResourceWithProperties(Subnet, {
          cidr_block: cidr, availability_zone: `${env.region}${az.suffix}`, map_public_ip_on_launch: false,
          tags: expect.objectContaining({ Tier: kind }),
        });
      }
    }
    expect(Object.keys(resources(json, "aws_subnet"))).toHaveLength(env.network.azs.length * 2 + env.network.azs.filter((a) => a.isolatedCidr).length);
  });

  it("NAT gateways per config, each private route table with a default route", () => {
    const nats = resources<R>(json, "aws_nat_gateway");
    const expected = env.network.natGateways === "per-az" ? env.network.azs.length : env.network.natGateways === "single" ? 1 : 0;
    expect(Object.keys(nats)).toHaveLength(expected);
    const natRoutes = Object.values(resources<R>(json, "aws_route")).filter((r) => r.nat_gateway_id);
    expect(natRoutes).toHaveLength(expected ? env.network.azs.length : 0);
    if (env.network.natGateways === "per-az") {
      // each AZ's route uses its own AZ's NAT
      for (const az of env.network.azs) {
        const route = Object.entries(resources<R>(json, "aws_route")).find(([id]) => id.includes(`private_${az.suffix}_default`))![1];
        expect(route.nat_gateway_id).toMatch(new RegExp(`aws_nat_gateway\\.network_nat_${az.suffix}_`));
      }
    }
  });

  it("the default security group is emptied", () => {
    expect(resource(json, "aws_default_security_group")).toMatchObject({ ingress: [], egress: [] });
  });

  it("S3 gateway endpoint on every private route table and the interface endpoints of the preset", () => {
    const eps = Object.values(resources<R>(json, "aws_vpc_endpoint"));
    const gw = eps.filter((e) => e.vpc_endpoint_type === "Gateway");
    expect(gw).toEqual([expect.objectContaining({ service_name: `com.amazonaws.${env.region}.s3` })]);
    expect(gw[0].route_table_ids).toHaveLength(env.network.azs.length);
    const ifaces = eps.filter((e) => e.vpc_endpoint_type === "Interface");
    const wanted = new Set([...ENDPOINT_PRESETS[env.network.endpoints.preset], ...env.network.endpoints.extra]);
    expect(ifaces.map((e) => e.service_name).sort()).toEqual([...wanted].map((s) => `com.amazonaws.${env.region}.${s}`).sort());
    for (const e of ifaces) {
      expect(e.private_dns_enabled).toBe(true);
      expect(e.subnet_ids).toHaveLength(env.network.endpoints.interfaceAzCount ?? env.network.azs.length);
    }
  });

  it("endpoint security group allows 443 from the private subnets only", () => {
    const rules = Object.values(resources<R>(json, "aws_vpc_security_group_ingress_rule"));
    expect(rules.map((r) => r.cidr_ipv4).sort()).toEqual(env.network.azs.map((a) => a.privateCidr).sort());
    for (const r of rules) expect(r).toMatchObject({ ip_protocol: "tcp", from_port: 443, to_port: 443 });
  });

  it(`flow logs ${env.network.flowLogs.enabled ? "to CloudWatch with retention" : "are off"}`, () => {
    const logs = resources<R>(json, "aws_flow_log");
    if (!env.network.flowLogs.enabled) {
      expect(logs).toEqual({});
      return;
    }
    expect(Object.values(logs)).toEqual([expect.objectContaining({ log_destination_type: "cloud-watch-logs", traffic_type: "ALL" })]);
    expect(resource(json, "aws_cloudwatch_log_group")).toMatchObject({ retention_in_days: env.network.flowLogs.retentionDays });
  });

  it("emits the network output contract with static names", () => {
    // isolated_subnet_ids only where the isolated tier exists.
    const hasIsolated = env.network.azs.some((a) => a.isolatedCidr);
    expect(Object.keys(json.output!).sort()).toEqual(Object.values(NetworkOut).filter((n) => hasIsolated || n !== NetworkOut.isolatedSubnetIds).sort());
    expect(json.output![NetworkOut.privateSubnetIds].value).toHaveLength(env.network.azs.length);
  });
});

