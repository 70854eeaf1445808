import type { EnvInput } from "../schema";
import { devflowServerless, editor, twoAzs } from "./common";

/** DevFlow production (us-east-1, own account): on-demand Fargate editor (design 000 §6.2), NAT per AZ, WAF. */
export const devflowProd = {
  name: "devflow-prod",
  project: "acme",
  system: "devflow",
  account: "devflow-prod",
  region: "us-east-1",
  deletionProtection: true,
  // Design 000 §6.2: logRetentionDays ONE_MONTH.
  logRetentionDays: 30,
  network: { vpcCidr: "10.0.0.0/16", azs: twoAzs(0), natGateways: "per-az", endpoints: { preset: "minimal" }, flowLogs: { enabled: true, retentionDays: 365 } },
  taskSize: { cpu: 256, memory: 512 },
  deregistrationDelaySeconds: 30,
  domain: { name: "devflow.acme.example", hostedZoneId: "Z0DEVFLOWPROD0000001" },
  alb: { ingress: "internet" },
  services: { editor: { ...editor(false), protected: true } },
  edge: { enabled: false },
  identity: { domainPrefix: "acme-devflow" },
  // Design 000 §3.3: the sessions table with a 24 h TTL (the functions set expiresAt = now + 24 h), PITR.
  data: { tables: { sessions: { partitionKey: "sessionId", ttlAttribute: "expiresAt" } } },
  serverless: { ...devflowServerless({ cloudwatchRole: "create", waf: true }), api: { ...devflowServerless({ cloudwatchRole: "create" }).api!, waf: {} } },
} as const satisfies EnvInput;
