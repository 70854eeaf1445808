import type { EnvInput } from "../schema";
import { backendApi, vitascopeAzs, vitascopeData, vitascopeServerless } from "./common";

/** Vitascope production (own account): NAT per AZ, deletion protection, 2-10 API tasks. */
export const vitascopeProd = {
  name: "vitascope-prod",
  project: "acme",
  system: "vitascope",
  account: "vitascope-prod",
  region: "ap-northeast-1",
  deletionProtection: true,
  logRetentionDays: 365,
  network: { vpcCidr: "10.0.0.0/16", azs: vitascopeAzs(0), natGateways: "per-az", endpoints: { preset: "full" }, flowLogs: { enabled: true, retentionDays: 365 } },
  taskSize: { cpu: 512, memory: 1024 },
  deregistrationDelaySeconds: 60,
  domain: { name: "vitascope.acme.example", hostedZoneId: "Z0VITASCOPEPROD00001" },
  alb: { ingress: "internet" },
  services: { api: backendApi({ protected: true, min: 2, max: 10 }) },
  edge: { enabled: false },
  identity: { domainPrefix: "acme-vitascope" },
  data: vitascopeData({ readers: 1, maxReaders: 3, multiAz: true, protect: true }),
  serverless: vitascopeServerless(),
} as const satisfies EnvInput;
