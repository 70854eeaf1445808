import type { EnvInput } from "../schema";
import { devflowServerless, editor, twoAzs } from "./common";

/** DevFlow development (us-east-1, own account): Fargate Spot editor, one NAT, SPA at dev.devflow.acme.example. */
export const devflowDev = {
  name: "devflow-dev",
  project: "acme",
  system: "devflow",
  account: "devflow-nonprod",
  region: "us-east-1",
  deletionProtection: false,
  logRetentionDays: 14,
  network: { vpcCidr: "10.0.0.0/16", azs: twoAzs(0), natGateways: "single", endpoints: { preset: "minimal" }, flowLogs: { enabled: false } },
  taskSize: { cpu: 256, memory: 512 },
  deregistrationDelaySeconds: 30,
  domain: { name: "dev.devflow.acme.example", hostedZoneId: "Z0DEVFLOWDEV00000001" },
  // No CloudFront in front of the ALB: the SPA has its own distribution; the ALB serves code-server on origin.<domain>.
  alb: { ingress: "internet" },
  services: { editor: { ...editor(true), protected: true } },
  edge: { enabled: false },
  identity: { domainPrefix: "acme-devflow-dev" },
  // Design 000 §3.3: the sessions table with a 24 h TTL (the functions set expiresAt = now + 24 h), PITR.
  data: { tables: { sessions: { partitionKey: "sessionId", ttlAttribute: "expiresAt" } } },
  serverless: devflowServerless({ cloudwatchRole: "create" }),
} as const satisfies EnvInput;
