import type { EnvInput } from "../schema";
import { messagingApp, messagingAzs, messagingDatabase } from "./common";

/** Text Messaging development (design 003 "開発設定"): one NAT, db.t3.micro single-AZ, up to 4 tasks. */
export const messagingDev = {
  name: "messaging-dev",
  project: "acme",
  system: "messaging",
  account: "messaging-nonprod",
  region: "ap-northeast-1",
  deletionProtection: false,
  logRetentionDays: 14,
  network: {
    vpcCidr: "10.0.0.0/16",
    azs: messagingAzs(0),
    natGateways: "single",
    endpoints: { preset: "minimal", extra: ["secretsmanager"], interfaceAzCount: 1 },
    flowLogs: { enabled: false },
  },
  taskSize: { cpu: 256, memory: 512 },
  deregistrationDelaySeconds: 30,
  // Design 003: scale out after 60 s, in after 300 s.
  scaling: { scaleOutCooldownSeconds: 60, scaleInCooldownSeconds: 300 },
  // Test listener reachable from the VPC (CI runs in it through the VPN); never the internet.
  services: { app: messagingApp(4, ["10.0.0.0/16"]) },
  data: { databases: { main: messagingDatabase("db.t3.micro", false, false) } },
  // The design has no CDN: the ALB faces the internet directly.
  alb: { ingress: "internet" },
  edge: { enabled: false },
  ci: { enabled: true, oidcProvider: "create" },
  // Design 003: "概算コスト (開発環境) 合計 ~$96" (development estimate, about $96 a month); notifications go to the alarm topic.
  budget: { monthlyUsd: 96 },
} as const satisfies EnvInput;
