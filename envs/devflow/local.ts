import type { EnvInput } from "../schema";
import { emulatorEndpoint } from "../emulator";
import { devflowServerless, editor, twoAzs } from "./common";

/**
 * `devflow-local`: design 000 on the moto emulator (shared account `local`, us-east-1 like the design, VPC
 * 10.93.0.0/16). No domain, so no HTTPS: the editor is not protected here and the SPA uses the default
 * certificate. Cognito threat protection is off (moto does not model the PLUS plan; docs/emulator-gaps.md).
 */
export const devflowLocal = {
  name: "devflow-local",
  project: "acme",
  system: "devflow",
  account: "local",
  region: "us-east-1",
  emulator: { endpoint: emulatorEndpoint() },
  deletionProtection: false,
  logRetentionDays: 7,
  network: { vpcCidr: "10.93.0.0/16", azs: twoAzs(93), natGateways: "single", endpoints: { preset: "minimal", interfaceAzCount: 1 }, flowLogs: { enabled: false } },
  taskSize: { cpu: 256, memory: 512 },
  deregistrationDelaySeconds: 30,
  alb: { ingress: "internet" },
  services: { editor: editor(true) },
  edge: { enabled: false },
  identity: { domainPrefix: "acme-devflow-local", advancedSecurity: "OFF", mfa: "OPTIONAL", spaCallbackUrls: ["https://localhost:5173/"] },
  // Design 000 §3.3: the sessions table with a 24 h TTL (the functions set expiresAt = now + 24 h), PITR.
  data: { tables: { sessions: { partitionKey: "sessionId", ttlAttribute: "expiresAt" } } },
  serverless: devflowServerless({ cloudwatchRole: "create", allowDefaultCertificate: true }),
} as const satisfies EnvInput;
