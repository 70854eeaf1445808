import type { EnvInput } from "./schema";
import { threeAzs, webServices } from "./common";

/**
 * `local`: dev-sized, deployed to the moto AWS emulator by `npm run local:up`. The only environment with
 * endpoint overrides. The emulator's port is chosen at start-up and handed over in LOCAL_AWS_ENDPOINT;
 * real environments never read an endpoint from the process environment.
 */
export const local = {
  name: "local",
  project: "acme",
  account: "local",
  region: "ap-northeast-1",
  emulator: { endpoint: process.env.LOCAL_AWS_ENDPOINT ?? "http://127.0.0.1:4566" },
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
    // An AMI id moto ships in its default image list, so instances launch in the emulator.
    amiId: "ami-0b1d6b2c9d8e7f6a5",
    capacity: { min: 0, desired: 1, max: 3 },
    forceDeleteAsg: true,
  },
  taskSize: { cpu: 256, memory: 512 },
  deregistrationDelaySeconds: 30,
  services: webServices({ min: 1, max: 2 }),
  // moto has no CloudFront cache/response-headers policy APIs (docs/emulator-gaps.md): managed policies only.
  edge: { allowDefaultCertificate: true, customPolicies: false, wafLogRetentionDays: 7, logBucketDays: 7 },
} as const satisfies EnvInput;
