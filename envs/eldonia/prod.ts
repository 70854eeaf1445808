import type { EnvInput } from "../schema";
import { eldoniaAzs, eldoniaBackend, eldoniaStores } from "./common";

/**
 * Eldonia production: NAT per AZ, Aurora on db.r6g.xlarge Multi-AZ with two readers (autoscaling up to 5),
 * deletion protection and final snapshots, 7 days of backups, cluster-mode Redis with replicas in both AZs.
 */
export const eldoniaProd = {
  name: "eldonia-prod",
  project: "acme",
  system: "eldonia",
  account: "eldonia-prod",
  region: "ap-northeast-1",
  deletionProtection: true,
  logRetentionDays: 90,
  network: {
    vpcCidr: "10.0.0.0/16",
    azs: eldoniaAzs(0),
    natGateways: "per-az",
    endpoints: { preset: "minimal", extra: ["secretsmanager"] },
    flowLogs: { enabled: true, retentionDays: 365 },
  },
  // Placeholder zone id: replace with the real public hosted zone before the first deploy.
  domain: { name: "eldonia.acme.example", hostedZoneId: "Z0123456789ABCDEFGHIJ" },
  taskSize: { cpu: 512, memory: 1024 },
  deregistrationDelaySeconds: 60,
  alarms: { emails: ["eldonia-alerts@acme.example"] },
  services: { backend: eldoniaBackend({ min: 2, max: 10 }) },
  data: {
    databases: {
      main: {
        engine: "aurora-postgresql",
        version: "16.4",
        instanceClass: "db.r6g.xlarge",
        multiAz: true,
        readers: { count: 2, autoscaling: { min: 2, max: 5, targetCpu: 70 } },
        backupRetentionDays: 7,
        finalSnapshot: true,
        performanceInsightsDays: 731,
      },
    },
    caches: { sessions: { engine: "redis", version: "7.1", nodeType: "cache.r6g.large", clusterMode: true, shards: 2, replicasPerShard: 1, multiAz: true, snapshotRetentionDays: 14, durability: "snapshots-and-replicas" } },
    ...eldoniaStores,
  },
  // Design §5.2.3: WAF SQLi/XSS (Common rule set) and rate limiting; HSTS from the response headers policy.
  edge: { sqlInjection: true, wafLogRetentionDays: 365, logBucketDays: 365 },
  security: { baseline: true },
  ci: { enabled: true, oidcProvider: "create", requireReviewers: true },
} as const satisfies EnvInput;
