import type { EnvInput } from "../schema";
import { threeAzs, webServices } from "./common";

/** Development: cost first. One shared NAT, small hosts that may scale to zero, no flow logs. */
export const dev = {
  name: "dev",
  project: "acme",
  system: "web",
  account: "nonprod",
  region: "ap-northeast-1",
  deletionProtection: false,
  logRetentionDays: 14,
  network: {
    vpcCidr: "10.10.0.0/16",
    azs: threeAzs(10),
    natGateways: "single",
    // Interface endpoints in one AZ only: ~1/3 of the endpoint bill; traffic from other AZs crosses AZs.
    endpoints: { preset: "full", interfaceAzCount: 1 },
    flowLogs: { enabled: false },
  },
  cluster: {
    instanceType: "t3.small",
    amiId: "ami-0b1d6b2c9d8e7f6a5",
    capacity: { min: 0, desired: 1, max: 3 },
    forceDeleteAsg: true,
  },
  taskSize: { cpu: 256, memory: 512 },
  deregistrationDelaySeconds: 30,
  // Nights and weekends off (Asia/Tokyo): down Mon-Fri 22:00, up Mon-Fri 08:00.
  scaling: { cpuTarget: 70, memoryTarget: 70, nightly: { downCron: "cron(0 22 ? * MON-FRI *)", upCron: "cron(0 8 ? * MON-FRI *)" } },
  services: webServices({ min: 1, max: 3 }),
  ci: { enabled: true, oidcProvider: "create" },
  // Design 002: "コスト重視: ~$50/月" (cost first, about $50 a month).
  budget: { monthlyUsd: 50, emails: ["platform-alerts@acme.example"] },
  // No domain yet: the distribution answers on its *.cloudfront.net name with the default certificate.
  edge: { allowDefaultCertificate: true, wafLogRetentionDays: 14, logBucketDays: 30 },
} as const satisfies EnvInput;
