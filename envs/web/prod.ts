import type { EnvInput } from "../schema";
import { threeAzs, webServices } from "./common";

/** Production: high availability. NAT per AZ, endpoints in every AZ, flow logs, deletion protection. */
export const prod = {
  name: "prod",
  project: "acme",
  system: "web",
  account: "prod",
  region: "ap-northeast-1",
  deletionProtection: true,
  logRetentionDays: 90,
  network: {
    vpcCidr: "10.30.0.0/16",
    azs: threeAzs(30),
    natGateways: "per-az",
    endpoints: { preset: "full" },
    flowLogs: { enabled: true, retentionDays: 365 },
  },
  cluster: {
    instanceType: "t3.large",
    amiId: "ami-0b1d6b2c9d8e7f6a5",
    capacity: { min: 2, desired: 3, max: 10 },
  },
  // Placeholder zone id: replace with the real public hosted zone before the first deploy.
  domain: { name: "acme.example", hostedZoneId: "Z0123456789ABCDEFGHIJ" },
  taskSize: { cpu: 1024, memory: 2048 },
  deregistrationDelaySeconds: 60,
  scaling: { cpuTarget: 60, memoryTarget: 60, scaleInCooldownSeconds: 600 },
  alarms: { emails: ["platform-alerts@acme.example", "oncall@acme.example"] },
  services: webServices({ min: 2, max: 10 }),
  edge: { wafLogRetentionDays: 365, logBucketDays: 365 },
  security: { baseline: true },
  ci: { enabled: true, oidcProvider: "create", requireReviewers: true },
  // Design 002: "高可用性: ~$300/月" (high availability, about $300 a month).
  budget: { monthlyUsd: 300 },
  usage: { requests: 10_000_000, cdnGbOut: 100, natGb: 50, endpointGb: 50, albLcu: 2, logGb: 20, flowLogGb: 30, wafLogGb: 5, s3GbPerBucket: 20 },
} as const satisfies EnvInput;
