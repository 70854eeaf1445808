import type { EnvInput } from "../schema";
import { threeAzs, webServices } from "./common";

/** Staging: production-shaped, one shared NAT, flow logs on. */
export const staging = {
  name: "staging",
  project: "acme",
  system: "web",
  account: "nonprod",
  region: "ap-northeast-1",
  deletionProtection: false,
  logRetentionDays: 30,
  network: {
    vpcCidr: "10.20.0.0/16",
    azs: threeAzs(20),
    natGateways: "single",
    endpoints: { preset: "full", interfaceAzCount: 2 },
    flowLogs: { enabled: true, retentionDays: 30 },
  },
  cluster: {
    instanceType: "t3.medium",
    amiId: "ami-0b1d6b2c9d8e7f6a5",
    capacity: { min: 1, desired: 2, max: 5 },
    forceDeleteAsg: true,
  },
  // Placeholder zone id: replace with the real public hosted zone before the first deploy.
  domain: { name: "staging.acme.example", hostedZoneId: "Z0123456789ABCDEFGHIJ" },
  taskSize: { cpu: 512, memory: 1024 },
  deregistrationDelaySeconds: 30,
  // Nights and weekends off (Asia/Tokyo): down Mon-Fri 23:00, up Mon-Fri 07:00.
  scaling: { cpuTarget: 70, memoryTarget: 70, scaleInCooldownSeconds: 300, nightly: { downCron: "cron(0 23 ? * MON-FRI *)", upCron: "cron(0 7 ? * MON-FRI *)" } },
  alarms: { emails: ["platform-alerts@acme.example"] },
  services: webServices({ min: 1, max: 4 }),
  edge: { wafLogRetentionDays: 30, logBucketDays: 30 },
  security: { baseline: true },
  ci: { enabled: true, oidcProvider: "lookup" },
  // Design 002: "バランス型: ~$150/月" (balanced, about $150 a month).
  budget: { monthlyUsd: 150 },
  usage: { requests: 2_000_000, cdnGbOut: 20, natGb: 20, endpointGb: 20, logGb: 10, flowLogGb: 10 },
} as const satisfies EnvInput;
