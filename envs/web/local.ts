import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { EnvInput } from "../schema";
import { threeAzs, webServices } from "./common";
import { fargateBackend, messagingBlueGreen, spotEditor, withScalingAttach } from "../presets";

/**
 * The emulator's endpoint: LOCAL_AWS_ENDPOINT when set (the harness sets it), else the endpoint file of the
 * running emulator (scripts/emulator/start.sh writes .emulator/endpoint), so `npm run state -- local …` works
 * in a new shell after `npm run local:up`. The fallback port only keeps synth working with no emulator.
 */
function emulatorEndpoint(): string {
  if (process.env.LOCAL_AWS_ENDPOINT) return process.env.LOCAL_AWS_ENDPOINT;
  const file = join(process.env.EMULATOR_DIR ?? join(__dirname, "..", "..", ".emulator"), "endpoint");
  return existsSync(file) ? readFileSync(file, "utf8").trim() : "http://127.0.0.1:4566";
}

/**
 * `local`: dev-sized, deployed to the moto AWS emulator by `npm run local:up`. The only environment with
 * endpoint overrides. The emulator's port is chosen at start-up and handed over in LOCAL_AWS_ENDPOINT or
 * .emulator/endpoint; real environments never read an endpoint from anywhere.
 */
export const local = {
  name: "local",
  project: "acme",
  system: "web",
  account: "local",
  region: "ap-northeast-1",
  emulator: {
    endpoint: emulatorEndpoint(),
    // CodeDeploy runs in the emulator: scripts/emulator/rollout_patches.py (docs/emulator-gaps.md).
    gaps: {},
  },
  deletionProtection: false,
  logRetentionDays: 7,
  network: {
    vpcCidr: "10.90.0.0/16",
    azs: threeAzs(90),
    natGateways: "single",
    endpoints: { preset: "full", interfaceAzCount: 1 },
    flowLogs: { enabled: true, retentionDays: 7 },
  },
  cluster: {
    instanceType: "t3.small",
    // An AMI moto 5.2 knows in ap-northeast-1 (its bundled ECS-optimized list,
    // moto/ec2/resources/ecs/optimized_amis/ap-northeast-1.json: al2023-ami-ecs-hvm-2023.0.20260226-kernel-6.1-x86_64),
    // so the ASG can launch instances in the emulator; an unknown id fails RunInstances there.
    amiId: "ami-002b2a660c294ad4a",
    capacity: { min: 0, desired: 1, max: 3 },
    forceDeleteAsg: true,
  },
  taskSize: { cpu: 256, memory: 512 },
  deregistrationDelaySeconds: 30,
  services: {
    ...webServices({ min: 1, max: 2 }),
    // The Fargate variants, so every compute/deployment shape deploys to the emulator (README "Compute variants").
    api: fargateBackend(),
    // Test listener open to the VPC only: in the emulator nothing outside it exists.
    // The CodeDeploy deployment group (and autoscaling) name the ECS service that ecspresso creates, so a new
    // environment applies with attach false, runs `app.sh <env> messaging create`, then applies with attach true
    // (README "Ordering with ecspresso"). The e2e does exactly that: EMULATOR_SERVICES_CREATED=1 after the creates.
    messaging: process.env.EMULATOR_SERVICES_CREATED === "1"
      ? withScalingAttach(messagingBlueGreen(["10.90.0.0/16"]), true)
      : messagingBlueGreen(["10.90.0.0/16"]),
    editor: spotEditor(),
  },
  // moto has no CloudFront cache/response-headers policy APIs (docs/emulator-gaps.md): managed policies only.
  edge: { allowDefaultCertificate: true, customPolicies: false, wafLogRetentionDays: 7, logBucketDays: 7 },
} as const satisfies EnvInput;
