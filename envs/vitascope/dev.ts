import type { EnvInput } from "../schema";
import { backendApi, vitascopeAzs, vitascopeData, vitascopeServerless } from "./common";

/** Vitascope development (own account): users → Cognito → ALB (HTTPS at origin.dev.vitascope.acme.example) → API. */
export const vitascopeDev = {
  name: "vitascope-dev",
  project: "acme",
  system: "vitascope",
  account: "vitascope-nonprod",
  region: "ap-northeast-1",
  deletionProtection: false,
  logRetentionDays: 14,
  network: { vpcCidr: "10.0.0.0/16", azs: vitascopeAzs(0), natGateways: "single", endpoints: { preset: "full", interfaceAzCount: 1 }, flowLogs: { enabled: false } },
  taskSize: { cpu: 512, memory: 1024 },
  deregistrationDelaySeconds: 30,
  domain: { name: "dev.vitascope.acme.example", hostedZoneId: "Z0VITASCOPEDEV000001" },
  // The ALB is the entry point (authenticate-cognito redirects to the host the browser used: origin.<domain>).
  alb: { ingress: "internet" },
  services: { api: backendApi({ protected: true, min: 1, max: 2 }) },
  edge: { enabled: false },
  identity: { domainPrefix: "acme-vitascope-dev" },
  data: vitascopeData({ readers: 0, maxReaders: 0, multiAz: false, protect: false }),
  serverless: vitascopeServerless(),
} as const satisfies EnvInput;
