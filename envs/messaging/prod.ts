import type { EnvInput } from "../schema";
import { messagingApp, messagingAzs, messagingDatabase } from "./common";

/** Text Messaging production (design 003 "本番推奨"): NAT per AZ, db.t3.small Multi-AZ, up to 10 tasks, protected. */
export const messagingProd = {
  name: "messaging-prod",
  project: "acme",
  system: "messaging",
  account: "messaging-prod",
  region: "ap-northeast-1",
  deletionProtection: true,
  logRetentionDays: 90,
  network: {
    vpcCidr: "10.0.0.0/16",
    azs: messagingAzs(0),
    natGateways: "per-az",
    endpoints: { preset: "minimal", extra: ["secretsmanager"] },
    flowLogs: { enabled: true, retentionDays: 365 },
  },
  taskSize: { cpu: 256, memory: 512 },
  deregistrationDelaySeconds: 60,
  scaling: { scaleOutCooldownSeconds: 60, scaleInCooldownSeconds: 300 },
  alarms: { emails: ["messaging-alerts@acme.example"] },
  services: { app: messagingApp(10, ["10.0.0.0/16"]) },
  data: { databases: { main: { ...messagingDatabase("db.t3.small", true, true), backupRetentionDays: 14 } } },
  alb: { ingress: "internet" },
  edge: { enabled: false },
  security: { baseline: true },
  ci: { enabled: true, oidcProvider: "create", requireReviewers: true },
} as const satisfies EnvInput;
