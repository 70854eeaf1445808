import type { EnvInput } from "../schema";
import { eldoniaAzs, eldoniaBackend, eldoniaStores } from "./common";

/** Eldonia development: one NAT, Aurora writer only (db.r6g.large), one cache shard with a replica. */
export const eldoniaDev = {
  name: "eldonia-dev",
  project: "acme",
  system: "eldonia",
  account: "eldonia-nonprod",
  region: "ap-northeast-1",
  deletionProtection: false,
  logRetentionDays: 14,
  network: {
    vpcCidr: "10.0.0.0/16",
    azs: eldoniaAzs(0),
    natGateways: "single",
    endpoints: { preset: "minimal", extra: ["secretsmanager"], interfaceAzCount: 1 },
    flowLogs: { enabled: false },
  },
  // Fargate only (design 001): no EC2 capacity.
  taskSize: { cpu: 512, memory: 1024 },
  deregistrationDelaySeconds: 30,
  services: { backend: eldoniaBackend({ min: 1, max: 10 }) },
  data: {
    databases: {
      main: { engine: "aurora-postgresql", version: "16.4", instanceClass: "db.r6g.large", backupRetentionDays: 7, finalSnapshot: false },
    },
    // Design §5.2.2: cache.r6g.large, cluster mode on; AOF is not offered by ElastiCache (docs/data.md).
    caches: { sessions: { engine: "redis", version: "7.1", nodeType: "cache.r6g.large", clusterMode: true, shards: 1, replicasPerShard: 1, multiAz: true, durability: "snapshots-and-replicas" } },
    ...eldoniaStores,
  },
  edge: { allowDefaultCertificate: true, sqlInjection: true, wafLogRetentionDays: 14, logBucketDays: 30 },
  ci: { enabled: true, oidcProvider: "create" },
} as const satisfies EnvInput;
