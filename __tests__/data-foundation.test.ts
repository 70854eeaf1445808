/**
 * What the data tier and the new systems build on: a Fargate-only environment (no `cluster` EC2 settings) gets
 * a cluster with FARGATE/FARGATE_SPOT only, a `compute: ec2` service there fails synth naming the field, and
 * VPC ranges may repeat across accounts but never inside one.
 */
import { type EnvInput } from "../envs";
import { local } from "../envs/web/local";
import { fargateBackend } from "../envs/presets";
import { PlatformOut } from "../foundation/contract";
import { clone, envsWith, platformOf, validationProblems } from "./helpers/platform";
import { ENVIRONMENTS } from "../envs";

type R = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A Fargate-only variant of `local` under another name, account and /16. */
function fargateOnly(): R {
  const e = clone(local) as R;
  e.name = "fgonly";
  e.account = "eldonia-nonprod";
  e.network.vpcCidr = "10.90.0.0/16"; // same range as `local`, but another account: allowed
  delete e.cluster;
  e.services = { api: { ...fargateBackend(), paths: ["/*"] } };
  delete e.emulator;
  e.edge = { allowDefaultCertificate: true };
  return e;
}

describe("Fargate-only environment (no cluster EC2 settings)", () => {
  const json = platformOf(fargateOnly() as EnvInput) as R;

  it("has no launch template, Auto Scaling group or EC2 capacity provider", () => {
    expect(json.resource.aws_launch_template).toBeUndefined();
    expect(json.resource.aws_autoscaling_group).toBeUndefined();
    expect(json.resource.aws_ecs_capacity_provider).toBeUndefined();
  });

  it("associates FARGATE and FARGATE_SPOT only, FARGATE the default strategy", () => {
    const cp = Object.values(json.resource.aws_ecs_cluster_capacity_providers as R)[0] as R;
    expect(cp.capacity_providers).toEqual(["FARGATE", "FARGATE_SPOT"]);
    expect(cp.default_capacity_provider_strategy).toEqual([{ capacity_provider: "FARGATE", weight: 1, base: 0 }]);
  });

  it("emits no EC2 outputs and no capacity reservation alarm", () => {
    expect(Object.keys(json.output)).not.toContain(PlatformOut.capacityProviderName);
    expect(Object.keys(json.output)).not.toContain(PlatformOut.autoScalingGroupName);
    expect(Object.keys(json.output)).not.toContain(PlatformOut.instanceSecurityGroupId);
    expect(Object.keys(json.resource.aws_cloudwatch_metric_alarm).some((id) => id.includes("capacity_reservation"))).toBe(false);
    expect(json.output[PlatformOut.clusterName]).toBeDefined();
  });

  it("a service left on the default compute (ec2) fails, naming the field and the fix", () => {
    const e = fargateOnly();
    e.services.worker = { port: 9000, paths: ["/w/*"], priority: 300, scaling: { min: 1, max: 1 } };
    const msg = validationProblems(envsWith(e as EnvInput));
    expect(msg).toContain("fgonly: services.worker.compute.type = \"ec2\"");
    expect(msg).toMatch(/no EC2 capacity.*set compute: \{ type: "fargate" \}/);
  });
});

describe("VPC overlap is checked within one account", () => {
  it("allows the same /16 in two accounts", () => {
    expect(validationProblems(envsWith(fargateOnly() as EnvInput))).toBe("");
  });

  it("rejects an overlapping /16 in the same account, naming both environments and the account", () => {
    const e = fargateOnly();
    e.account = "local";
    e.emulator = clone(local.emulator);
    const msg = validationProblems([...ENVIRONMENTS, e as EnvInput]);
    expect(msg).toMatch(/fgonly: network\.vpcCidr = "10\.90\.0\.0\/16": overlaps the VPC of environment "local" \(10\.90\.0\.0\/16\) in the same account "local"/);
  });
});

describe("deploy order per emulator environment", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { deployOrder } = require("../scripts/lib/local") as typeof import("../scripts/lib/local");
  const s = (env: string, layer: string) => ({ name: `${env}-${layer}`, dir: "/x", dependencies: [], layer, env });

  it("keeps each environment's stacks apart and orders network → data → platform → edge", () => {
    const all = [s("eldonia-local", "edge"), s("local", "platform"), s("eldonia-local", "platform"), s("eldonia-local", "data"), s("eldonia-local", "network"), s("local", "network")];
    expect(deployOrder(all, "eldonia-local").map((x) => x.name)).toEqual(["eldonia-local-network", "eldonia-local-data", "eldonia-local-platform", "eldonia-local-edge"]);
    expect(deployOrder(all, "local").map((x) => x.name)).toEqual(["local-network", "local-platform"]);
  });
});
