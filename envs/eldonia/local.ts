import type { EnvInput } from "../schema";
import { emulatorEndpoint } from "../emulator";
import { eldoniaAzs, eldoniaBackend, eldoniaStores } from "./common";

/**
 * `eldonia-local`: Eldonia on the moto emulator (`npm run local:up -- eldonia-local`, and the e2e), in the shared
 * `local` account with its own /16. Aurora with one reader and reader autoscaling so every data construct is
 * deployed; nothing protected from deletion.
 */
export const eldoniaLocal = {
  name: "eldonia-local",
  project: "acme",
  system: "eldonia",
  account: "local",
  region: "ap-northeast-1",
  emulator: { endpoint: emulatorEndpoint() },
  deletionProtection: false,
  logRetentionDays: 7,
  network: {
    vpcCidr: "10.91.0.0/16",
    azs: eldoniaAzs(91),
    natGateways: "single",
    endpoints: { preset: "minimal", extra: ["secretsmanager"], interfaceAzCount: 1 },
    flowLogs: { enabled: false },
  },
  taskSize: { cpu: 512, memory: 1024 },
  deregistrationDelaySeconds: 30,
  services: { backend: eldoniaBackend({ min: 1, max: 2 }) },
  data: {
    databases: {
      main: {
        engine: "aurora-postgresql",
        version: "16.4",
        instanceClass: "db.r6g.large",
        readers: { count: 1, autoscaling: { min: 1, max: 2, targetCpu: 70 } },
        backupRetentionDays: 1,
        finalSnapshot: false,
      },
    },
    caches: { sessions: { engine: "redis", version: "7.1", nodeType: "cache.t4g.micro", clusterMode: false, replicasPerShard: 1, multiAz: true, snapshotRetentionDays: 1 } },
    ...eldoniaStores,
  },
  // moto has no CloudFront cache/response-headers policy APIs (docs/emulator-gaps.md): managed policies only.
  edge: { allowDefaultCertificate: true, customPolicies: false, sqlInjection: true, wafLogRetentionDays: 7, logBucketDays: 7 },
} as const satisfies EnvInput;
