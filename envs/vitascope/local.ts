import type { EnvInput } from "../schema";
import { emulatorEndpoint } from "../emulator";
import { backendApi, vitascopeAzs, vitascopeData, vitascopeServerless } from "./common";

/**
 * `vitascope-local`: design 004 on the moto emulator (account `local`, VPC 10.94.0.0/16). Without a domain the
 * ALB has no HTTPS listener, so the API cannot be protected by `authenticate-cognito` here (synth refuses it);
 * the user pool is still created. Cognito threat protection off (docs/emulator-gaps.md).
 */
export const vitascopeLocal = {
  name: "vitascope-local",
  project: "acme",
  system: "vitascope",
  account: "local",
  region: "ap-northeast-1",
  emulator: { endpoint: emulatorEndpoint() },
  deletionProtection: false,
  logRetentionDays: 7,
  network: { vpcCidr: "10.94.0.0/16", azs: vitascopeAzs(94), natGateways: "single", endpoints: { preset: "minimal", interfaceAzCount: 1 }, flowLogs: { enabled: false } },
  taskSize: { cpu: 512, memory: 1024 },
  deregistrationDelaySeconds: 30,
  alb: { ingress: "internet" },
  services: { api: backendApi({ protected: false, min: 1, max: 2 }) },
  edge: { enabled: false },
  identity: { domainPrefix: "acme-vitascope-local", advancedSecurity: "OFF", mfa: "OPTIONAL" },
  data: vitascopeData({ readers: 0, maxReaders: 0, multiAz: false, protect: false }),
  serverless: vitascopeServerless(),
} as const satisfies EnvInput;
