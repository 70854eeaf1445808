/**
 * The environment schema: every value a stack reads comes from here, typed and validated at synth.
 *
 * Environment files (`envs/<system>/<env>.ts`) are written against `EnvInput` (optional fields take the documented
 * defaults); modules receive the parsed `EnvConfig`. Modules read capabilities (`natGateways: "per-az"`,
 * `deletionProtection: true`), never the environment's name.
 *
 * Cross-field rules (subnets inside the VPC, min ≤ desired ≤ max, name lengths, …) live in `validate.ts`
 * next to the cross-environment rules, so every error is reported with the environment, the field path,
 * the value and what is accepted.
 */
import { z } from "./zod";
import { Address4 } from "ip-address";

// ---------------------------------------------------------------------------------------------------------
// Primitives
// ---------------------------------------------------------------------------------------------------------

/** An IPv4 CIDR block in canonical form (the address is the network address). Parsed by ip-address. */
export const Cidr = z.string().superRefine((value, ctx) => {
  if (!Address4.isValid(value) || !value.includes("/")) {
    ctx.addIssue({ code: "custom", message: `"${value}" is not an IPv4 CIDR block; write it like 10.10.0.0/16` });
    return;
  }
  const a = new Address4(value);
  if (a.startAddress().correctForm() !== a.addressMinusSuffix) {
    ctx.addIssue({
      code: "custom",
      message: `"${value}" has host bits set; the network address is ${a.startAddress().correctForm()}/${a.subnetMask}`,
    });
  }
});

/** Lower-case identifier used in physical names and Terraform addresses. */
export const Slug = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, "use 2-32 lower-case letters, digits and inner hyphens, starting with a letter");

export const AccountId = z.string().regex(/^\d{12}$/, "an AWS account id is exactly 12 digits");
export const Region = z
  .string()
  .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "an AWS region looks like ap-northeast-1");

/**
 * Instance types the platform is sized and tested for. A type outside this list fails synth so that a typo
 * (`t3.smal`) never reaches the launch template. Extend the list deliberately.
 */
export const INSTANCE_TYPES = [
  "t3.micro", "t3.small", "t3.medium", "t3.large", "t3.xlarge", "t3.2xlarge",
  "t3a.small", "t3a.medium", "t3a.large", "t3a.xlarge",
  "m6i.large", "m6i.xlarge", "m6i.2xlarge", "m7i.large", "m7i.xlarge", "m7i.2xlarge",
  "c6i.large", "c6i.xlarge", "c7i.large", "c7i.xlarge",
  "r6i.large", "r6i.xlarge",
] as const;
export const InstanceType = z.enum(INSTANCE_TYPES);

export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
/** CloudWatch Logs only accepts these retention values. */
export const LogRetention = z
  .number()
  .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
    message: `CloudWatch Logs retention must be one of ${LOG_RETENTION_DAYS.join(", ")} days`,
  });

const MinDesiredMax = z.strictObject({
  min: z.number().int().min(0),
  desired: z.number().int().min(0),
  max: z.number().int().min(1),
});

// ---------------------------------------------------------------------------------------------------------
// Accounts and state
// ---------------------------------------------------------------------------------------------------------

/** An AWS account that hosts one or more environments and exactly one state bucket. */
export const AccountSchema = z.strictObject({
  /** Short name; the bootstrap stack is `bootstrap-<name>`. */
  name: Slug,
  id: AccountId,
  /** Region of the state bucket. */
  region: Region,
  /** The S3 bucket holding every stack's state in this account (created by the bootstrap stack). */
  stateBucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "S3 bucket names are 3-63 lower-case letters, digits, dots and hyphens"),
  /** Days noncurrent state versions are kept. @default 90 */
  noncurrentVersionDays: z.number().int().min(1).default(90),
});
export type AccountInput = z.input<typeof AccountSchema>;
export type Account = z.output<typeof AccountSchema>;

/**
 * Endpoint overrides for an AWS emulator. Only the emulator environments (`local`, `<system>-local`) set this;
 * real environments never read an endpoint from anywhere. `npm run local:up` and the e2e deploy every
 * environment that sets it.
 */
export const EmulatorSchema = z.strictObject({
  /** Base URL every AWS service call goes to, e.g. http://127.0.0.1:5000 */
  endpoint: z.string().regex(/^http:\/\/(127\.0\.0\.1|localhost):\d+$/, "the emulator must listen on loopback: http://127.0.0.1:<port>"),
  /** Static test credentials the emulator accepts. @default test/test */
  accessKey: z.string().default("test"),
  secretKey: z.string().default("test"),
  /**
   * AWS APIs the emulator cannot serve, each with the reason (evidence in docs/emulator-gaps.md). The stacks
   * leave the dependent resources out and say so at synth (a warning naming the reason); never a silent skip.
   * @default {}
   */
  gaps: z
    .strictObject({
      /** CodeDeploy application and ECS deployment group of `blue-green` services. */
      codedeploy: z.string().min(20, "give the reason (and where the evidence is) in at least 20 characters").optional(),
    })
    .default({}),
});
export type Emulator = z.output<typeof EmulatorSchema>;

// ---------------------------------------------------------------------------------------------------------
// Network
// ---------------------------------------------------------------------------------------------------------

export const AZ_SUFFIXES = ["a", "b", "c", "d"] as const;

export const InterfaceEndpoint = z.enum([
  "ecr.api", "ecr.dkr", "logs", "ecs", "ecs-agent", "ecs-telemetry", "ssm", "ssmmessages", "ec2messages", "secretsmanager", "kms", "sts",
]);
export type InterfaceEndpointName = z.infer<typeof InterfaceEndpoint>;

/** Named endpoint sets; `full` is what EC2 capacity needs to run without NAT (ECS agent, ECR, logs, SSM). */
export const ENDPOINT_PRESETS: Record<"none" | "minimal" | "full", readonly InterfaceEndpointName[]> = {
  none: [],
  minimal: ["ecr.api", "ecr.dkr", "logs"],
  full: ["ecr.api", "ecr.dkr", "logs", "ecs", "ecs-agent", "ecs-telemetry", "ssm", "ssmmessages", "ec2messages", "secretsmanager"],
};

export const NetworkSchema = z.strictObject({
  vpcCidr: Cidr,
  /** One entry per AZ, keyed by the AZ suffix (region + suffix = AZ name). Order is irrelevant; keys are addresses. */
  azs: z
    .array(
      z.strictObject({
        suffix: z.enum(AZ_SUFFIXES),
        publicCidr: Cidr,
        privateCidr: Cidr,
        /**
         * Isolated subnet of this AZ: no route to a NAT gateway or the internet (only the VPC itself), for
         * databases and caches (their subnet groups use these subnets). Set on every AZ or on none.
         * @default none
         */
        isolatedCidr: Cidr.optional(),
      }),
    )
    .min(2, "at least two AZs: an ALB needs subnets in two AZs"),
  /** `none`: no NAT (endpoints only); `single`: one shared NAT in the first AZ; `per-az`: one per AZ. */
  natGateways: z.enum(["none", "single", "per-az"]),
  endpoints: z
    .strictObject({
      /** Interface endpoint set. The S3 gateway endpoint is always created (free; ECR layers live in S3). @default "full" */
      preset: z.enum(["none", "minimal", "full"]).default("full"),
      /** Extra interface endpoints on top of the preset. @default [] */
      extra: z.array(InterfaceEndpoint).default([]),
      /** Cost knob: how many AZs (in `azs` order) carry interface endpoint ENIs. @default all */
      interfaceAzCount: z.number().int().min(1).optional(),
    })
    .prefault({}),
  flowLogs: z
    .strictObject({
      enabled: z.boolean(),
      /** @default 90 */
      retentionDays: LogRetention.default(90),
      /** @default "ALL" */
      trafficType: z.enum(["ACCEPT", "REJECT", "ALL"]).default("ALL"),
    })
    .prefault({ enabled: false }),
});
export type NetworkConfig = z.output<typeof NetworkSchema>;

// ---------------------------------------------------------------------------------------------------------
// Cluster and EC2 capacity
// ---------------------------------------------------------------------------------------------------------

export const ClusterSchema = z.strictObject({
  instanceType: InstanceType,
  /**
   * Pinned ECS-optimized Amazon Linux 2023 AMI id. Bumped by `scripts/bump-ami.sh <env>` (reads the public
   * SSM parameter) in a reviewed PR, so a new AMI never replaces instances by surprise on an unrelated apply.
   */
  amiId: z.string().regex(/^ami-[0-9a-f]{8,17}$/, "an AMI id looks like ami-0123456789abcdef0"),
  capacity: MinDesiredMax,
  /** Root volume size, GiB (gp3, encrypted). @default 30 */
  rootVolumeGb: z.number().int().min(30).max(1024).default(30),
  /** Container Insights level. @default "enabled" */
  containerInsights: z.enum(["enabled", "enhanced"]).default("enabled"),
  capacityProvider: z
    .strictObject({
      /** Managed scaling target. @default 100 */
      targetCapacity: z.number().int().min(1).max(100).default(100),
      /** @default true */
      managedScaling: z.boolean().default(true),
      /** Needs managedScaling and scaleInProtection. @default true */
      managedTerminationProtection: z.boolean().default(true),
      /** Drain tasks before instances terminate. @default true */
      managedDraining: z.boolean().default(true),
      /** ASG `protect_from_scale_in`. @default true */
      scaleInProtection: z.boolean().default(true),
    })
    .prefault({}),
  /** Minimum healthy percentage during an instance refresh. @default 90 */
  instanceRefreshMinHealthyPercent: z.number().int().min(0).max(100).default(90),
  /** Let terraform destroy the ASG with protected instances (non-production teardown). @default false */
  forceDeleteAsg: z.boolean().default(false),
});
export type ClusterConfig = z.output<typeof ClusterSchema>;

// ---------------------------------------------------------------------------------------------------------
// Data stores (the `<env>-data` stack) and what services use of them
// ---------------------------------------------------------------------------------------------------------

/**
 * PostgreSQL versions this project supports (pinned minor; `autoMinorVersionUpgrade` moves them forward in the
 * maintenance window). RDS: the 16.x minors RDS offers; Aurora: the Aurora PostgreSQL 16 minors. Extend the
 * lists deliberately after checking `aws rds describe-db-engine-versions`.
 */
export const RDS_POSTGRES_VERSIONS = ["16.4", "16.6", "16.8"] as const;
export const AURORA_POSTGRES_VERSIONS = ["16.4", "16.6"] as const;

/** DB instance classes the project is sized for (RDS PostgreSQL). A typo fails synth. */
export const RDS_INSTANCE_CLASSES = [
  "db.t3.micro", "db.t3.small", "db.t3.medium", "db.t4g.micro", "db.t4g.small", "db.t4g.medium", "db.t4g.large",
  "db.m6g.large", "db.m6g.xlarge", "db.m7g.large", "db.m7g.xlarge", "db.r6g.large", "db.r6g.xlarge", "db.r7g.large", "db.r7g.xlarge",
] as const;
/** Aurora PostgreSQL instance classes (no micro/small burstables: Aurora PostgreSQL starts at db.t3/t4g.medium). */
export const AURORA_INSTANCE_CLASSES = [
  "db.t3.medium", "db.t4g.medium", "db.r6g.large", "db.r6g.xlarge", "db.r6g.2xlarge", "db.r7g.large", "db.r7g.xlarge", "db.r7g.2xlarge",
] as const;
/**
 * Classes without Performance Insights (AWS RDS User Guide, "Amazon RDS DB engine, Region, and instance class
 * support for Performance Insights"): turning it on there fails at the API, so synth refuses it.
 */
export const NO_PERFORMANCE_INSIGHTS = ["db.t3.micro", "db.t3.small", "db.t4g.micro", "db.t4g.small"] as const;

/** ElastiCache node types the project is sized for. A typo (`cache.r6g.larg`) fails synth. */
export const CACHE_NODE_TYPES = [
  "cache.t3.micro", "cache.t3.small", "cache.t3.medium", "cache.t4g.micro", "cache.t4g.small", "cache.t4g.medium",
  "cache.m6g.large", "cache.m7g.large", "cache.r6g.large", "cache.r6g.xlarge", "cache.r7g.large", "cache.r7g.xlarge",
] as const;
/** Engine versions per ElastiCache engine (hashicorp/aws 5.100 accepts `valkey` as engine). */
export const CACHE_VERSIONS = { redis: ["7.1"], valkey: ["7.2", "8.0"] } as const;

const DbIdentifier = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/, "a PostgreSQL identifier: a letter, then letters, digits or _ (max 63)");

const DatabaseCommon = {
  /** Instance class of every instance (writer and readers). */
  instanceClass: z.string(),
  /** Initial database created in the instance/cluster. @default "app" */
  databaseName: DbIdentifier.default("app"),
  /** Master user name; its password is generated and rotated by RDS in Secrets Manager (never in config or state). @default "app_admin" */
  masterUsername: DbIdentifier.refine((u) => !["postgres", "rdsadmin", "admin"].includes(u), "reserved by RDS; choose another name").default("app_admin"),
  /** Days of automated backups (point-in-time recovery window). @default 7 */
  backupRetentionDays: z.number().int().min(1).max(35).default(7),
  /** Daily backup window, UTC `hh:mm-hh:mm`. @default "17:00-18:00" (02:00 JST) */
  backupWindow: z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, "hh:mm-hh:mm in UTC").default("17:00-18:00"),
  /**
   * Weekly maintenance window, UTC `ddd:hh:mm-ddd:hh:mm`; RDS refuses one that overlaps or touches the backup
   * window (CreateDBInstance: "The backup window and maintenance window must not overlap"). @default "sun:19:00-sun:20:00"
   */
  maintenanceWindow: z.string().regex(/^[a-z]{3}:\d{2}:\d{2}-[a-z]{3}:\d{2}:\d{2}$/, "ddd:hh:mm-ddd:hh:mm in UTC").default("sun:19:00-sun:20:00"),
  /** Refuse deletion. @default the environment's deletionProtection */
  deletionProtection: z.boolean().optional(),
  /** Take a final snapshot `<identifier>-final` when the database is destroyed. @default true */
  finalSnapshot: z.boolean().default(true),
  /** Performance Insights (CMK-encrypted), days kept: 7 (free) or 731. `false` = off. @default 7 */
  performanceInsightsDays: z.union([z.literal(7), z.literal(731), z.literal(false)]).default(7),
  /** Enhanced Monitoring interval, seconds (0 = off). @default 60 */
  monitoringIntervalSeconds: z.union([z.literal(0), z.literal(1), z.literal(5), z.literal(10), z.literal(15), z.literal(30), z.literal(60)]).default(60),
  /** PostgreSQL log types exported to CloudWatch Logs. @default ["postgresql", "upgrade"] (RDS) / ["postgresql"] (Aurora) */
  logExports: z.array(z.enum(["postgresql", "upgrade", "iam-db-auth-error"])).optional(),
  /** Apply new minor versions in the maintenance window. @default true */
  autoMinorVersionUpgrade: z.boolean().default(true),
};

export const RdsPostgresSchema = z.strictObject({
  engine: z.literal("postgres"),
  /** PostgreSQL version (`RDS_POSTGRES_VERSIONS`). */
  version: z.enum(RDS_POSTGRES_VERSIONS),
  ...DatabaseCommon,
  instanceClass: z.enum(RDS_INSTANCE_CLASSES),
  storage: z
    .strictObject({
      /** Initial gp3 storage, GiB. @default 20 */
      allocatedGb: z.number().int().min(20).max(65536).default(20),
      /** Storage autoscaling ceiling, GiB (must be above allocatedGb). @default 100 */
      maxAllocatedGb: z.number().int().min(21).max(65536).default(100),
    })
    .prefault({}),
  /** A synchronous standby in a second AZ. Needs isolated subnets in ≥ 2 AZs. @default false */
  multiAz: z.boolean().default(false),
});

export const AuroraPostgresSchema = z.strictObject({
  engine: z.literal("aurora-postgresql"),
  /** Aurora PostgreSQL version (`AURORA_POSTGRES_VERSIONS`). */
  version: z.enum(AURORA_POSTGRES_VERSIONS),
  ...DatabaseCommon,
  instanceClass: z.enum(AURORA_INSTANCE_CLASSES),
  /**
   * Readers next to the writer, created by Terraform (`count`), spread over the isolated subnets' AZs. With
   * `autoscaling`, Application Auto Scaling adds readers up to `max` on CPU (those are not in Terraform state).
   * @default { count: 0 }
   */
  readers: z
    .strictObject({
      count: z.number().int().min(0).max(15).default(0),
      autoscaling: z
        .strictObject({
          min: z.number().int().min(0).max(15),
          max: z.number().int().min(1).max(15),
          /** Average reader CPU %, `RDSReaderAverageCPUUtilization`. @default 70 */
          targetCpu: z.number().int().min(10).max(90).default(70),
        })
        .optional(),
    })
    .prefault({}),
  /** Writer and readers in different AZs (needs ≥ 1 reader and isolated subnets in ≥ 2 AZs). @default false */
  multiAz: z.boolean().default(false),
});

export const DatabaseSchema = z.discriminatedUnion("engine", [RdsPostgresSchema, AuroraPostgresSchema]);
export type DatabaseConfig = z.output<typeof DatabaseSchema>;

export const CacheSchema = z.strictObject({
  /** ElastiCache engine. @default "redis" */
  engine: z.enum(["redis", "valkey"]).default("redis"),
  /** Engine version (`CACHE_VERSIONS`). @default "7.1" */
  version: z.string().default("7.1"),
  nodeType: z.enum(CACHE_NODE_TYPES),
  /** Cluster mode (data sharded over `shards` node groups). @default false */
  clusterMode: z.boolean().default(false),
  /** Node groups (shards); more than 1 needs clusterMode. @default 1 */
  shards: z.number().int().min(1).max(500).default(1),
  /** Replicas per shard. @default 1 */
  replicasPerShard: z.number().int().min(0).max(5).default(1),
  /** Multi-AZ with automatic failover (needs ≥ 1 replica per shard and isolated subnets in ≥ 2 AZs). @default true */
  multiAz: z.boolean().default(true),
  /** Days of daily snapshots kept (0 = none). The durable option ElastiCache offers instead of AOF. @default 7 */
  snapshotRetentionDays: z.number().int().min(0).max(35).default(7),
  /** Daily snapshot window, UTC. @default "16:00-17:00" */
  snapshotWindow: z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, "hh:mm-hh:mm in UTC").default("16:00-17:00"),
  /**
   * Design 001 asks for AOF. No current ElastiCache engine offers AOF (Redis OSS ≥ 7 and Valkey dropped the
   * parameter); set `durability: "snapshots-and-replicas"` to acknowledge that the closest durable option is
   * Multi-AZ replicas + daily snapshots (MemoryDB is the durable Redis-compatible service). `aof` fails synth
   * saying so. @default "snapshots-and-replicas"
   */
  durability: z.enum(["snapshots-and-replicas", "aof"]).default("snapshots-and-replicas"),
});
export type CacheConfig = z.output<typeof CacheSchema>;

const AttributeName = z.string().regex(/^[A-Za-z0-9_.-]{1,255}$/, "a DynamoDB attribute name: letters, digits, _ . -");
export const TableSchema = z.strictObject({
  /** Partition key (string). */
  partitionKey: AttributeName,
  /** Sort key (string); absent = none. */
  sortKey: AttributeName.optional(),
  /** TTL attribute (epoch seconds); absent = no TTL. */
  ttlAttribute: AttributeName.optional(),
  /** Point-in-time recovery. @default true */
  pointInTimeRecovery: z.boolean().default(true),
  /** Refuse deletion. @default the environment's deletionProtection */
  deletionProtection: z.boolean().optional(),
});
export type TableConfig = z.output<typeof TableSchema>;

export const MediaBucketSchema = z.strictObject({
  /** Lifecycle of current objects: `tiers` = Standard-IA after `iaDays`, Glacier Flexible Retrieval after `glacierDays`; `intelligent-tiering` = S3 Intelligent-Tiering from day 0. @default "tiers" */
  lifecycle: z.enum(["tiers", "intelligent-tiering"]).default("tiers"),
  /** @default 90 */
  iaDays: z.number().int().min(30).default(90),
  /** @default 365 */
  glacierDays: z.number().int().min(90).default(365),
  /** Noncurrent versions expire after N days. @default 90 */
  noncurrentVersionDays: z.number().int().min(1).default(90),
  /**
   * Encryption: `kms` = the data stack's CMK (SSE-KMS + bucket key); `s3` = SSE-S3 (design 001's choice; what
   * CloudFront OAC reads without a key grant). @default "kms"
   */
  encryption: z.enum(["kms", "s3"]).default("kms"),
  /**
   * Serve the objects through the environment's CloudFront distribution (`<env>-edge`), read with the edge's
   * Origin Access Control; the bucket stays private (the bucket policy lets only that distribution read).
   * CloudFront sends the whole request path as the object key (`/media/a.jpg` → key `media/a.jpg`), so objects
   * live under the pattern's prefix. Needs `edge.enabled` and `encryption: "s3"` (docs/data.md). Cached with the
   * AWS managed CachingOptimized policy (origin Cache-Control respected, one day by default). Absent = not served:
   * only the services that `use` the bucket reach it. @default absent
   */
  edge: z
    .strictObject({
      /** CloudFront path pattern routed to the bucket: a literal path prefix ending in `/*`, e.g. `/media/*`. */
      pathPattern: z.string().max(255).regex(/^(?:\/[A-Za-z0-9_.~@:+$-]+)+\/\*$/, "a path prefix ending in /*, e.g. /media/*"),
    })
    .optional(),
});
export type MediaBucketConfig = z.output<typeof MediaBucketSchema>;

export const AppSecretSchema = z.strictObject({
  /** Generated length, characters (letters and digits; generated at apply time by Secrets Manager). @default 64 */
  length: z.number().int().min(16).max(4096).default(64),
  /** Free text shown on the secret. */
  description: z.string().max(200).optional(),
  /** Bump to generate a new value on the next apply (then redeploy the services using it). @default 1 */
  version: z.number().int().min(1).default(1),
});

/** Stores keyed by name; names are part of addresses, physical names and output names. */
export const DataSchema = z.strictObject({
  /** @default {} */
  databases: z.record(Slug, DatabaseSchema).default({}),
  /** @default {} */
  caches: z.record(Slug, CacheSchema).default({}),
  /** DynamoDB tables (on demand, CMK, PITR, TTL). @default {} */
  tables: z.record(Slug, TableSchema).default({}),
  /** Media buckets (versioned, lifecycle, private). @default {} */
  buckets: z.record(Slug, MediaBucketSchema).default({}),
  /** Application secrets generated at apply time (`<project>/<env>/app/<name>`). @default {} */
  secrets: z.record(Slug, AppSecretSchema).default({}),
});
export type DataConfig = z.output<typeof DataSchema>;

const EnvVarName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name: A-Z, 0-9, _");
/**
 * What a service uses of the environment's `data` stores, by name. The platform derives the rest: a security
 * group rule from the service's tasks (or instances) to the store's port only, task-role permissions on exactly
 * those ARNs (and the data CMK), execution-role GetSecretValue on exactly those secrets, and the task
 * definition's `secrets` and connection settings (DB_HOST, DB_PORT, DB_NAME, REDIS_URL, …).
 */
export const UsesSchema = z.strictObject({
  /** A key of `data.databases`. */
  database: Slug.optional(),
  /** A key of `data.caches`. */
  cache: Slug.optional(),
  /** Keys of `data.tables` (read/write items). @default [] */
  tables: z.array(Slug).default([]),
  /** Keys of `data.buckets` (read/write objects). @default [] */
  buckets: z.array(Slug).default([]),
  /** Environment variable → key of `data.secrets` (injected at task start). @default {} */
  secrets: z.record(EnvVarName, z.string()).default({}),
});
export type UsesConfig = z.output<typeof UsesSchema>;

// ---------------------------------------------------------------------------------------------------------
// Services
// ---------------------------------------------------------------------------------------------------------

/** Where a service's tasks run. `ec2` is the platform default: bridge networking, host port 0, instance targets. */
export const ComputeSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("ec2") }),
  z.strictObject({ type: z.literal("fargate") }),
  z.strictObject({
    type: z.literal("fargate-spot"),
    /** Tasks always placed on on-demand FARGATE before Spot weighting applies. @default 0 */
    onDemandBase: z.number().int().min(0).default(0),
  }),
]);

/**
 * CodeDeploy ECS deployment configs by their config name here (`CodeDeployDefault.<name>` in AWS):
 * all-at-once, canary (10 % then the rest after N minutes) or linear (10 % every N minutes).
 */
export const CODEDEPLOY_CONFIGS = {
  "all-at-once": "CodeDeployDefault.ECSAllAtOnce",
  "canary-10-5m": "CodeDeployDefault.ECSCanary10Percent5Minutes",
  "canary-10-15m": "CodeDeployDefault.ECSCanary10Percent15Minutes",
  "linear-10-1m": "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
  "linear-10-3m": "CodeDeployDefault.ECSLinear10PercentEvery3Minutes",
} as const;
export type CodeDeployConfig = keyof typeof CODEDEPLOY_CONFIGS;

/**
 * How a new task definition reaches production. `rolling`: the ECS controller replaces tasks in place, the
 * circuit breaker rolls a failing deployment back. `blue-green`: the CODE_DEPLOY controller starts the new
 * tasks in the idle target group, exposes them on the test listener, then moves the production listener rule
 * (all at once, canary or linear) and rolls back on failure or on the service's alarms.
 */
export const DeploymentSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("rolling"),
    /** @default 100 */
    minimumHealthyPercent: z.number().int().min(0).max(100).default(100),
    /** @default 200 */
    maximumPercent: z.number().int().min(100).max(200).default(200),
  }),
  z.strictObject({
    type: z.literal("blue-green"),
    /** CodeDeploy deployment config (`CODEDEPLOY_CONFIGS`). @default "all-at-once" */
    config: z.enum(Object.keys(CODEDEPLOY_CONFIGS) as [CodeDeployConfig, ...CodeDeployConfig[]]).default("all-at-once"),
    /** Test listener port on the ALB (one per blue/green service; not 80/443). @default 8080 */
    testListenerPort: z.number().int().min(1).max(65535).default(8080),
    /** CIDRs allowed to reach the test listener (CI, VPN); never 0.0.0.0/0. */
    testListenerCidrs: z.array(Cidr).min(1, "name at least one CIDR for the test listener (CI or VPN)"),
    /** Minutes the blue tasks live after traffic moves. @default 5 */
    terminationWaitMinutes: z.number().int().min(0).max(2880).default(5),
  }),
]);

export const ServiceSchema = z.strictObject({
  /** Container port the app listens on. */
  port: z.number().int().min(1).max(65535),
  /**
   * Host port for bridge mode. 0 (default) = dynamic port from the instance's ephemeral range. A fixed port
   * inside 32768–65535 collides with dynamic ports and is rejected at synth.
   */
  hostPort: z.number().int().min(0).max(65535).default(0),
  /** Overrides the target type derived from the compute's network mode; only for checking a mismatch. */
  targetType: z.enum(["instance", "ip"]).optional(),
  /** ALB listener rule path patterns, e.g. ["/api/*"]. */
  paths: z.array(z.string().regex(/^\/[\w\-./*?]*$/, "a path pattern starts with / (e.g. /api/*)")).min(1),
  /** Listener rule priority; stable across deploys (lower = evaluated first). */
  priority: z.number().int().min(1).max(50000),
  healthCheck: z
    .strictObject({
      /** @default "/" */
      path: z.string().startsWith("/").default("/"),
      /** @default 30 */
      intervalSeconds: z.number().int().min(5).max(300).default(30),
      /** @default "200-399" */
      matcher: z.string().default("200-399"),
      /** @default 3 */
      healthyThreshold: z.number().int().min(2).max(10).default(3),
      /** @default 3 */
      unhealthyThreshold: z.number().int().min(2).max(10).default(3),
      /** Container health check command (CMD-SHELL); default curls the health path on the container port. */
      command: z.array(z.string()).optional(),
      /**
       * Seconds ECS ignores failing ALB and container health checks after a task starts (service
       * `healthCheckGracePeriodSeconds`; also the container check's `startPeriod`, capped at 300). @default 60
       */
      gracePeriodSeconds: z.number().int().min(0).max(300).default(60),
    })
    .prefault({}),
  /** Task size; default: the environment's taskSize. */
  size: z.strictObject({ cpu: z.number().int().min(128), memory: z.number().int().min(128) }).optional(),
  /** @default { type: "ec2" } */
  compute: ComputeSchema.default({ type: "ec2" }),
  /** @default { type: "rolling" } */
  deployment: DeploymentSchema.default({ type: "rolling", minimumHealthyPercent: 100, maximumPercent: 200 }),
  /** Load balancer cookie stickiness duration; absent = off. */
  stickinessSeconds: z.number().int().min(1).max(604800).optional(),
  /** Deregistration delay; default: the environment's deregistrationDelaySeconds. */
  deregistrationDelaySeconds: z.number().int().min(0).max(3600).optional(),
  /** Task count bounds owned by Application Auto Scaling. */
  scaling: z.strictObject({
    min: z.number().int().min(0),
    max: z.number().int().min(1),
    /** Initial count on first create (ecspresso `--tasks`); autoscaling owns it afterwards. @default min */
    desired: z.number().int().min(0).optional(),
    /** CPU target %; default: the environment's scaling.cpuTarget. */
    cpuTarget: z.number().int().min(10).max(95).optional(),
    /** Memory target %; default: the environment's scaling.memoryTarget. */
    memoryTarget: z.number().int().min(10).max(95).optional(),
    /** Per-service override of the environment's `scaling.attach` (e.g. `false` for a service not created yet). */
    attach: z.boolean().optional(),
  }),
  /** ECS Exec (with audit logging). @default false */
  exec: z.boolean().default(false),
  /**
   * Put the ALB's `authenticate-cognito` action (the env's `identity` user pool) in front of this service's
   * listener rule. Needs `identity` and an HTTPS listener (a `domain` or `alb.certificateArn`). @default false
   */
  protected: z.boolean().default(false),
  /** Container root filesystem read-only (writable /tmp volume provided). @default true */
  readonlyRootFilesystem: z.boolean().default(true),
  /** Plain environment variables for the container. @default {} */
  environment: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/), z.string()).default({}),
  /** Secrets by env var name → Secrets Manager secret name under the env prefix `<project>/<env>/`. @default {} */
  secrets: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/), z.string().regex(/^[\w/+=.@-]+$/)).default({}),
  /**
   * Static files the CDN serves from the environment's static bucket (edge stack, `/_next/static/*`): the deploy
   * flow copies this directory out of the pushed image and uploads it (scripts/upload-static.sh) before the ECS
   * deploy, so new pages never reference hashed files that are not there yet. Absent = the service has none.
   * Only used where the environment has the edge enabled.
   */
  staticAssets: z
    .strictObject({
      /** Absolute directory inside the image, e.g. `/app/.next/static` (Next.js standalone build). */
      path: z.string().regex(/^\/(?:[\w.@+-]+\/)*[\w.@+-]+$/, "an absolute path without spaces, .. or a trailing /")
        .refine((p) => !p.split("/").includes(".."), "no .. segments"),
    })
    .optional(),
  /** Data stores this service uses, by name (`data`). @default {} */
  uses: UsesSchema.prefault({}),
  ecr: z
    .strictObject({
      /** Expire untagged images after N days. @default 7 */
      untaggedExpireDays: z.number().int().min(1).default(7),
      /** Keep the last N tagged images. @default 30 */
      keepTagged: z.number().int().min(1).default(30),
    })
    .prefault({}),
});
export type ServiceInput = z.input<typeof ServiceSchema>;
export type ServiceConfig = z.output<typeof ServiceSchema>;

// ---------------------------------------------------------------------------------------------------------
// Load balancer, scaling, alarms
// ---------------------------------------------------------------------------------------------------------

export const AlbSchema = z.strictObject({
  /** Physical ALB name suffix; the full name `<project>-<env>-<name>` must fit 32 characters. @default "alb" */
  name: z.string().default("alb"),
  /**
   * Existing regional ACM certificate ARN for the ALB's HTTPS listener. When absent and `domain` is set, the
   * platform stack issues a DNS-validated certificate for `origin.<domain.name>`. With neither, the ALB serves
   * plain HTTP only (documented for dev/local). With the edge on it needs `domain`, and must cover
   * `origin.<domain.name>`: CloudFront connects to that name over HTTPS (without a domain the origin would be the
   * ALB's *.elb.amazonaws.com name, which no certificate covers; envs/validate.ts rejects it).
   */
  certificateArn: z.string().regex(/^arn:aws[\w-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/).optional(),
  /**
   * Who may reach the ALB. `cloudfront`: only CloudFront's origin-facing prefix list (one security group per
   * listener port) and only requests carrying the secret `X-Origin-Verify` header; everything else gets 403.
   * `internet`: 80/443 from 0.0.0.0/0 (no CloudFront in front).
   * @default "cloudfront"
   */
  ingress: z.enum(["internet", "cloudfront"]).default("cloudfront"),
  /** Idle timeout seconds. @default 60 */
  idleTimeoutSeconds: z.number().int().min(1).max(4000).default(60),
  /** Days ALB access logs are kept. @default 90 */
  accessLogDays: z.number().int().min(1).default(90),
});

export const ScalingDefaultsSchema = z.strictObject({
  /** @default 70 */
  cpuTarget: z.number().int().min(10).max(95).default(70),
  /** @default 70 */
  memoryTarget: z.number().int().min(10).max(95).default(70),
  /** @default 60 */
  scaleOutCooldownSeconds: z.number().int().min(0).default(60),
  /** @default 300 */
  scaleInCooldownSeconds: z.number().int().min(0).default(300),
  /**
   * Create the Application Auto Scaling targets, policies and schedules of the services. Registering a scalable
   * target fails while the ECS service does not exist, and ecspresso (not Terraform) creates the services; so
   * a fresh environment deploys with `false`, runs the first `ecspresso deploy` per service, then flips this to
   * `true` (README "Ordering with ecspresso"). A service can override it (`services.<svc>.scaling.attach`).
   * The same switch creates the CodeDeploy deployment group of a `blue-green` service, which also names the
   * ECS service and fails while it does not exist (README "Compute variants").
   * @default false
   */
  attach: z.boolean().default(false),
  /** Nightly scale-down (cron expressions, evaluated in `timezone`), e.g. dev/staging nights; absent = none. */
  nightly: z
    .strictObject({ downCron: z.string(), upCron: z.string(), timezone: z.string().default("Asia/Tokyo") })
    .optional(),
});

export const AlarmsSchema = z.strictObject({
  /** Email addresses subscribed to the alarm topic. @default [] */
  emails: z.array(z.email()).default([]),
  /** @default 80 */
  cpuPercent: z.number().min(1).max(100).default(80),
  /** @default 80 */
  memoryPercent: z.number().min(1).max(100).default(80),
  /** ALB 5xx count per 5 minutes. @default 10 */
  alb5xxPer5Min: z.number().int().min(1).default(10),
  /** p95 target response time, seconds. @default 1 */
  p95LatencySeconds: z.number().min(0.01).default(1),
  /**
   * Capacity provider reservation % above which capacity is short. With managed scaling at target 100 the
   * steady state is 100; above it tasks wait for instances (the ASG cannot scale out, e.g. at max size).
   * Alarm when it stays above this for 15 minutes. @default 100
   */
  capacityReservationPercent: z.number().min(1).max(200).default(100),
});

/**
 * The environment's public DNS domain. The platform stack issues the ALB's regional certificate for
 * `origin.<name>` (DNS-validated in the hosted zone) and points `origin.<name>` at the ALB; the edge stack
 * serves `<name>` itself through CloudFront.
 */
export const DomainSchema = z.strictObject({
  /** Apex or sub-domain served by this environment, e.g. `staging.acme.example`. */
  name: z.string().regex(/^(?=.{4,200}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "a lower-case DNS name like staging.acme.example"),
  /** Route 53 public hosted zone id that holds `name`. */
  hostedZoneId: z.string().regex(/^Z[A-Z0-9]{8,31}$/, "a Route 53 hosted zone id looks like Z0123456789ABCDEFGHIJ"),
});
export type DomainConfig = z.output<typeof DomainSchema>;

// ---------------------------------------------------------------------------------------------------------
// Areas owned by later issues: edge, CI/GitHub, security baseline. Each is optional so an environment can
// opt in; modules never branch on the environment name.
// ---------------------------------------------------------------------------------------------------------

/** ISO 3166-1 alpha-2 country code, as WAF geo match statements take them. */
export const CountryCode = z.string().regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 country code such as JP or US");

export const EdgeSchema = z.strictObject({
  /** Create the `<env>-edge` stack. @default true */
  enabled: z.boolean().default(true),
  /**
   * Serve the distribution on its `*.cloudfront.net` name with CloudFront's default certificate (CloudFront then
   * pins the viewer minimum protocol to TLSv1). Only for non-production environments without a domain: without
   * `domain` and without this flag synth fails. @default false
   */
  allowDefaultCertificate: z.boolean().default(false),
  /** Labels under `domain.name` that are aliases of the distribution too (`www` → www.<domain>). @default ["www"] */
  subdomains: z.array(z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "a single DNS label such as www")).default(["www"]),
  /** CloudFront price class. @default "PriceClass_200" (North America, Europe, Asia incl. Japan) */
  priceClass: z.enum(["PriceClass_100", "PriceClass_200", "PriceClass_All"]).default("PriceClass_200"),
  /**
   * Enforce the AWS SQL-injection managed rule group (AWSManagedRulesSQLiRuleSet) on top of the Common rule set
   * (which already blocks XSS in body, query, cookies and URI). For apps with a SQL database (design 001). @default false
   */
  sqlInjection: z.boolean().default(false),
  /** WAF rate limit: requests per IP per 5-minute window before the IP is blocked. @default 2000 */
  rateLimitPer5Min: z.number().int().min(10).max(2_000_000_000).default(2000),
  /**
   * WAF geo blocking; absent = none. `blacklist` blocks the listed countries, `whitelist` blocks every other
   * country.
   */
  geoBlock: z
    .strictObject({
      type: z.enum(["blacklist", "whitelist"]),
      countries: z.array(CountryCode).min(1, "name at least one country").max(50, "WAF geo match takes at most 50 countries"),
    })
    .optional(),
  /**
   * Create the custom cache policies (one-year static TTL, RSC-header page caching) and the security response
   * headers policy. `false` uses AWS managed policies only (CachingOptimized for static assets, CachingDisabled
   * for pages, no response headers policy): for an emulator without the CloudFront policy APIs (moto, see
   * docs/emulator-gaps.md), never for a real environment. @default true
   */
  customPolicies: z.boolean().default(true),
  /** Retention of the WAF log group `aws-waf-logs-<project>-<env>` (us-east-1). @default 90 */
  wafLogRetentionDays: LogRetention.default(90),
  /** Days CloudFront standard (access) logs are kept in the log bucket. @default 90 */
  logBucketDays: z.number().int().min(1).max(3650).default(90),
});
export type EdgeConfig = z.output<typeof EdgeSchema>;

/** AWS Config managed rules the baseline evaluates (identifiers from the AWS Config managed rules list). */
export const DEFAULT_CONFIG_RULES = [
  "S3_BUCKET_PUBLIC_READ_PROHIBITED", "S3_BUCKET_SSL_REQUESTS_ONLY", "ENCRYPTED_VOLUMES", "EC2_IMDSV2_CHECK",
  "VPC_DEFAULT_SECURITY_GROUP_CLOSED", "CLOUD_TRAIL_ENABLED", "IAM_ROOT_ACCESS_KEY_CHECK", "CMK_BACKING_KEY_ROTATION_ENABLED",
] as const;

export const SecuritySchema = z.strictObject({
  /**
   * Create the account security baseline stack `<env>-security` (account BPA, EBS encryption by default,
   * GuardDuty, AWS Config, CloudTrail). Account-level: at most one environment per account and region.
   * @default false
   */
  baseline: z.boolean().default(false),
  /** Days CloudTrail logs and Config snapshots stay in the audit bucket. @default 365 */
  auditLogDays: z.number().int().min(90).default(365),
  /** AWS Config managed rule identifiers. @default DEFAULT_CONFIG_RULES */
  configRules: z.array(z.string().regex(/^[A-Z0-9_]+$/, "an AWS Config managed rule identifier, e.g. S3_BUCKET_SSL_REQUESTS_ONLY")).default([...DEFAULT_CONFIG_RULES]),
});

/**
 * GitHub Actions access to this environment (the `<env>-ci` stack: OIDC provider, plan/deploy/app roles) and its
 * GitHub environments (the `github` stack). Repository-wide settings live in envs/github.ts.
 */
export const CiSchema = z.strictObject({
  /** Create the `<env>-ci` stack and this environment's GitHub environments. @default false */
  enabled: z.boolean().default(false),
  /**
   * The GitHub OIDC provider is one per AWS account: exactly one CI-enabled environment per account `create`s
   * it (and is deployed first); the others `lookup` it with a data source. @default "lookup"
   */
  oidcProvider: z.enum(["create", "lookup"]).default("lookup"),
  /** GitHub environment of infrastructure deploy jobs (`sub …:environment:<name>`). @default the env name */
  githubEnvironment: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "letters, digits, . _ - (no wildcards)").optional(),
  /**
   * GitHub environment of application (ecspresso) jobs. Separate from the infra environment so an app job can
   * never assume the infrastructure deploy role. @default "<env>-app"
   */
  appEnvironment: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "letters, digits, . _ - (no wildcards)").optional(),
  /** Require an approval from envs/github.ts `reviewers` before a job enters this environment. @default false */
  requireReviewers: z.boolean().default(false),
  /** Branches allowed to deploy into this environment's GitHub environments. @default ["main"] */
  deployBranches: z.array(z.string().regex(/^[\w./-]+$/, "a branch name (no wildcards)")).min(1).default(["main"]),
  /** Minutes a job waits after approval before it starts (0 = none). @default 0 */
  waitTimerMinutes: z.number().int().min(0).max(43200).default(0),
});
export type CiConfig = z.output<typeof CiSchema>;

// ---------------------------------------------------------------------------------------------------------
// Identity (Cognito) and the serverless tier (designs 000 and 004). Each is optional: absent = no
// `<env>-identity` / `<env>-serverless` stack. Cross-field rules live in validate.ts (serverlessProblems).
// ---------------------------------------------------------------------------------------------------------

/**
 * Lambda runtimes the platform builds bootstrap packages for and tests. AWS identifiers
 * (Lambda "Runtimes" documentation). A runtime outside this list fails synth, so a typo or a deprecated
 * runtime (python3.8) never reaches CreateFunction.
 */
export const LAMBDA_RUNTIMES = ["python3.11", "python3.12", "python3.13"] as const;

/** The Cognito user pool (`<env>-identity`). */
export const IdentitySchema = z.strictObject({
  /**
   * Hosted UI domain prefix, `<prefix>.auth.<region>.amazoncognito.com` (unique per region across AWS; lower-case
   * letters, digits, hyphens; may not contain "aws", "amazon" or "cognito").
   */
  domainPrefix: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "lower-case letters, digits and inner hyphens, at most 63 characters")
    .refine((v) => !/aws|amazon|cognito/.test(v), "Cognito rejects domain prefixes containing aws, amazon or cognito"),
  passwordPolicy: z
    .strictObject({
      /** @default 12 */
      minimumLength: z.number().int().min(8, "at least 8 characters (the project minimum)").max(99).default(12),
      /** @default true */
      requireLowercase: z.boolean().default(true),
      /** @default true */
      requireUppercase: z.boolean().default(true),
      /** @default true */
      requireNumbers: z.boolean().default(true),
      /** @default true */
      requireSymbols: z.boolean().default(true),
      /** Days an admin-set temporary password stays valid. @default 3 */
      temporaryPasswordValidityDays: z.number().int().min(1).max(365).default(3),
    })
    .prefault({}),
  /** MFA (TOTP software tokens). `ON` requires it for every user. @default "ON" */
  mfa: z.enum(["OFF", "OPTIONAL", "ON"]).default("ON"),
  /**
   * Threat protection (advanced security): `ENFORCED` blocks risky sign-ins, `AUDIT` only records them. Needs
   * the PLUS feature plan, which the pool then uses. @default "ENFORCED"
   */
  advancedSecurity: z.enum(["OFF", "AUDIT", "ENFORCED"]).default("ENFORCED"),
  /** Hours ALB/SPA access tokens live. @default 1 */
  accessTokenHours: z.number().int().min(1).max(24).default(1),
  /** Extra callback URLs of the SPA client (the SPA site's own URL is added when the env has one). @default [] */
  spaCallbackUrls: z.array(z.url({ protocol: /^https$/ })).default([]),
});
export type IdentityConfig = z.output<typeof IdentitySchema>;

/** A Lambda function. Code is rolled out by lambroll; Terraform creates it from the bootstrap package. */
export const FunctionSchema = z.strictObject({
  /** Lambda runtime (`LAMBDA_RUNTIMES`). */
  runtime: z.enum(LAMBDA_RUNTIMES),
  /** `<module>.<function>`, e.g. `app.lambda_handler`. */
  handler: z.string().regex(/^[A-Za-z_][\w/]*(\.[A-Za-z_]\w*)+$/, "a handler like app.lambda_handler (<module>.<function>)"),
  description: z.string().max(256).optional(),
  /** MiB. @default 256 */
  memoryMb: z.number().int().min(128).max(10240).default(256),
  /** Seconds (Lambda allows 1-900). @default 30 */
  timeoutSeconds: z.number().int().min(1).max(900).default(30),
  /**
   * Reserved concurrency: the function's share of the account's concurrency, and its ceiling (a runaway trigger
   * cannot starve the other functions). @default 5
   */
  reservedConcurrency: z.number().int().min(1).max(1000).default(5),
  /**
   * Attach the function to the VPC (own security group, HTTPS egress only, ENIs in `subnets` of every AZ).
   * Absent = outside the VPC (the default: nothing in the VPC to reach).
   */
  vpc: z
    .strictObject({
      /** Subnet tier of the ENIs. `private` (NAT egress) or `isolated` (no internet; VPC endpoints only). @default "private" */
      subnets: z.enum(["private", "isolated"]).default("private"),
    })
    .optional(),
  /**
   * Plain environment variables. Never secrets: a name that looks like one (…SECRET, …PASSWORD, …TOKEN,
   * …API_KEY) fails synth; grant `access.secrets` and read the secret at run time instead. @default {}
   */
  environment: z.record(EnvVarName, z.string()).default({}),
  /**
   * Environment variables resolved from another stack's contract outputs at apply time (Terraform) and at
   * deploy time (lambroll's tfstate lookup), e.g. `{ ECS_CLUSTER: { layer: "platform", output: "ecs_cluster_name" } }`.
   * @default {}
   */
  stateEnvironment: z
    .record(EnvVarName, z.strictObject({ layer: z.enum(["network", "identity", "platform"]), output: z.string().regex(/^[a-z][a-z0-9_]*$/, "a contract output name") }))
    .default({}),
  /** What the function may touch; its role is derived from this and nothing else. */
  access: z
    .strictObject({
      /** Secrets Manager secret names under `<project>/<env>/` it may read (GetSecretValue). @default [] */
      secrets: z.array(z.string().regex(/^[\w/+=.@-]+$/, "a secret name such as github-app")).default([]),
      /** ECS services of this environment whose desired count it may read and change (start/stop on demand). @default [] */
      services: z.array(Slug).default([]),
      /** Read/write the backup bucket (`serverless.backupBucket`). @default false */
      backupBucket: z.boolean().default(false),
      /** PutEvents on the environment's event bus (`serverless.eventBus`). @default false */
      eventBus: z.boolean().default(false),
      /** Queues (`serverless.queues`) it may send to. @default [] */
      queues: z.array(Slug).default([]),
      /** Keys of `data.tables` (the `<env>-data` stack) it may read and write (items only). @default [] */
      tables: z.array(Slug).default([]),
    })
    .prefault({}),
});
export type FunctionInput = z.input<typeof FunctionSchema>;
export type FunctionConfig = z.output<typeof FunctionSchema>;

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

export const ApiSchema = z.strictObject({
  /** Stage name (part of the invoke URL). @default "v1" */
  stageName: z.string().regex(/^[A-Za-z0-9_]{1,64}$/, "letters, digits and _").default("v1"),
  /** Routes: method + resource path → function (Lambda proxy integration). */
  routes: z
    .array(
      z.strictObject({
        method: z.enum(HTTP_METHODS),
        /** Resource path, `{param}` segments allowed: `/api/sessions/{id}/prompt`. */
        path: z.string().regex(/^(\/(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z0-9._-]+))+$/, "a resource path like /api/sessions/{id}"),
        function: Slug,
      }),
    )
    .min(1, "an API needs at least one route"),
  /**
   * Who may call the API. `cognito`: a Cognito user pool authorizer over the env's `identity` pool (the SPA
   * sends the ID token). `iam`: SigV4-signed callers only. @default "cognito"
   */
  authorization: z.enum(["cognito", "iam"]).default("cognito"),
  /** Stage throttling: steady requests per second and burst. @default { rateLimit: 50, burstLimit: 100 } */
  throttling: z
    .strictObject({ rateLimit: z.number().min(1).max(10000).default(50), burstLimit: z.number().int().min(1).max(5000).default(100) })
    .prefault({}),
  /** Access log retention, days. @default the environment's logRetentionDays */
  accessLogRetentionDays: LogRetention.optional(),
  /** A REGIONAL WAF web ACL on the stage (AWS managed common rules + an IP rate limit). @default false */
  waf: z.strictObject({ rateLimitPer5Min: z.number().int().min(10).default(1000) }).optional(),
  /**
   * The API Gateway account setting `cloudwatch_role_arn` (needed for stage access logs) is one per account and
   * region: exactly one environment with an API per account+region `create`s it (and is applied first); the
   * others rely on it (`existing`). @default "existing"
   */
  cloudwatchRole: z.enum(["create", "existing"]).default("existing"),
});

export const QueueSchema = z.strictObject({
  /**
   * Seconds a received message stays invisible. With a consumer it must be ≥ 6 × the function's timeout (AWS
   * guidance for Lambda event sources), else messages reappear while still being processed.
   */
  visibilityTimeoutSeconds: z.number().int().min(0).max(43200),
  /** Seconds a message is kept. @default 345600 (4 days) */
  retentionSeconds: z.number().int().min(60).max(1209600).default(345600),
  /** Receives before a message moves to the dead-letter queue. @default 5 */
  maxReceiveCount: z.number().int().min(1).max(1000).default(5),
  /** Seconds the dead-letter queue keeps a message (longer than the source, to inspect it). @default 1209600 (14 days) */
  dlqRetentionSeconds: z.number().int().min(60).max(1209600).default(1209600),
  /** The function fed by this queue (event source mapping, partial batch responses). */
  consumer: z
    .strictObject({
      function: Slug,
      /** @default 10 */
      batchSize: z.number().int().min(1).max(10000).default(10),
      /** Seconds to gather a batch. @default 0 */
      maximumBatchingWindowSeconds: z.number().int().min(0).max(300).default(0),
      /** Concurrent invocations the queue may drive (2-1000). @default 2 */
      maximumConcurrency: z.number().int().min(2).max(1000).default(2),
    })
    .optional(),
});

export const ScheduleSchema = z.strictObject({
  /** EventBridge Scheduler expression: `rate(1 hour)`, `cron(0 2 ? * MON *)` or `at(2026-01-01T00:00:00)`. */
  expression: z.string(),
  /** IANA time zone the cron is evaluated in. @default "UTC" */
  timezone: z.string().regex(/^(UTC|[A-Z][A-Za-z_]+\/[A-Za-z_/+-]+)$/, "an IANA time zone such as UTC or Asia/Tokyo").default("UTC"),
  /** The function invoked (alias `current`). */
  function: Slug,
  /** JSON input passed to the function. @default {} */
  input: z.record(z.string(), z.unknown()).default({}),
  /** @default true */
  enabled: z.boolean().default(true),
});

export const EventRuleSchema = z.strictObject({
  /** Event pattern: event sources (required) and optionally detail types. */
  source: z.array(z.string().min(1)).min(1, "a rule needs at least one event source"),
  detailType: z.array(z.string().min(1)).optional(),
  /** The function invoked (alias `current`). */
  function: Slug,
});

export const ServerlessSchema = z.strictObject({
  /** Functions keyed by name (physical name `<project>-<env>-<name>`). */
  functions: z.record(Slug, FunctionSchema),
  /** REST API with Lambda proxy integrations; absent = none. */
  api: ApiSchema.optional(),
  /** SQS queues (each with its own dead-letter queue and redrive). @default {} */
  queues: z.record(Slug, QueueSchema).default({}),
  /** EventBridge Scheduler schedules (own schedule group, one role). @default {} */
  schedules: z.record(Slug, ScheduleSchema).default({}),
  /** A custom EventBridge bus `<project>-<env>-events` with rules → functions; absent = none. */
  eventBus: z.strictObject({ rules: z.record(Slug, EventRuleSchema).default({}) }).optional(),
  /**
   * A static single-page app without an ALB (design 000): CloudFront + private S3 (OAC), SPA routing (403/404 →
   * /index.html with 200), and the API under `apiPath` on the same domain. Absent = none.
   */
  spa: z
    .strictObject({
      /** Path prefix CloudFront sends to the API (routes must start with it). @default "/api" */
      apiPath: z.string().regex(/^\/[a-z0-9-]+$/, "one path segment like /api").default("/api"),
      /** @default "PriceClass_100" */
      priceClass: z.enum(["PriceClass_100", "PriceClass_200", "PriceClass_All"]).default("PriceClass_100"),
      /** Serve on *.cloudfront.net without a domain (non-production only). @default false */
      allowDefaultCertificate: z.boolean().default(false),
      /** Label under `domain.name` the SPA is served on; absent = the apex. */
      subdomain: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/).optional(),
      /** A CLOUDFRONT-scope WAF (us-east-1) with AWS managed common rules + IP rate limit; absent = none. */
      waf: z.strictObject({ rateLimitPer5Min: z.number().int().min(10).default(2000) }).optional(),
      /** Days CloudFront standard logs are kept. @default 90 */
      logDays: z.number().int().min(1).max(3650).default(90),
    })
    .optional(),
  /** The versioned backup bucket (design 000): current objects expire after `expireDays`, old versions after `noncurrentDays`. */
  backupBucket: z
    .strictObject({
      /** @default 90 */
      expireDays: z.number().int().min(1).default(90),
      /** @default 30 */
      noncurrentDays: z.number().int().min(1).default(30),
    })
    .optional(),
  /**
   * The CloudWatch dashboard (design 000): invocations/errors of every function, ECS running tasks and CPU of
   * the cluster, and the active-session count. DynamoDB publishes no item-count metric, so `activeSessions` names
   * the custom metric the functions publish (embedded metric format). @default { enabled: true }
   */
  dashboard: z
    .strictObject({
      /** @default true */
      enabled: z.boolean().default(true),
      /** Custom metric `{ namespace, name }` of the active-session count; absent = no such widget. */
      activeSessions: z.strictObject({ namespace: z.string().min(1), metric: z.string().min(1) }).optional(),
    })
    .prefault({}),
});
export type ServerlessConfig = z.output<typeof ServerlessSchema>;

// ---------------------------------------------------------------------------------------------------------
// Cost: the monthly budget and the usage the estimate (`npm run cost`, docs/cost.md) assumes
// ---------------------------------------------------------------------------------------------------------

/**
 * The environment's monthly budget. `npm run cost` compares the estimate with it; the platform stack creates an
 * AWS Budgets cost budget filtered on the `Environment` tag (every resource carries it through the provider's
 * default tags) that notifies at `actualPercent` of ACTUAL and `forecastPercent` of FORECASTED spend.
 * The tag filter needs `Environment` activated as a cost allocation tag in the payer account's Billing console.
 */
export const BudgetSchema = z.strictObject({
  /** Monthly budget in USD (the design's figure). */
  monthlyUsd: z.number().positive("a budget is a positive number of USD per month"),
  /** Notify when ACTUAL spend reaches this % of the budget. @default 80 */
  actualPercent: z.number().min(1).max(1000).default(80),
  /** Notify when FORECASTED spend reaches this % of the budget. @default 100 */
  forecastPercent: z.number().min(1).max(1000).default(100),
  /** Email subscribers of both notifications (AWS Budgets takes at most 10). @default `alarms.emails` */
  emails: z.array(z.email()).max(10, "AWS Budgets notifies at most 10 email addresses").optional(),
  /** Also publish both notifications to the platform's alarm SNS topic. @default true */
  notifyAlarmTopic: z.boolean().default(true),
  /**
   * Create the AWS Budgets budget. `false` keeps the figure for `npm run cost` only (e.g. an emulator, or an
   * account whose budgets are managed elsewhere). @default true
   */
  create: z.boolean().default(true),
});
export type BudgetConfig = z.output<typeof BudgetSchema>;

/**
 * Usage the cost estimate assumes per month (everything not fixed by the synthesized resources). Defaults are a
 * small, quiet environment; set what the environment really sees. Free tiers are never subtracted (they are
 * per account, not per environment).
 */
export const UsageSchema = z.strictObject({
  /** Viewer requests per month (CloudFront and WAF; the ALB LCUs are `albLcu`). @default 1000000 */
  requests: z.number().min(0).default(1_000_000),
  /** GB per month CloudFront sends to viewers. @default 10 */
  cdnGbOut: z.number().min(0).default(10),
  /** GB per month processed by the NAT gateways (egress to the internet). @default 10 */
  natGb: z.number().min(0).default(10),
  /** GB per month through interface endpoints (ECR pulls, logs, SSM). @default 10 */
  endpointGb: z.number().min(0).default(10),
  /**
   * Average ALB load-balancer capacity units (1 LCU = 25 new connections/s, 3,000 active connections, 1 GB/h
   * processed or 1,000 rule evaluations/s; the highest dimension is billed). @default 1
   */
  albLcu: z.number().min(0).default(1),
  /** GB per month ingested into CloudWatch Logs (services, ECS Exec, Container Insights). @default 5 */
  logGb: z.number().min(0).default(5),
  /** GB per month of VPC flow logs (only where flow logs are enabled). @default 5 */
  flowLogGb: z.number().min(0).default(5),
  /** GB per month of WAF logs (only where the edge exists). @default 1 */
  wafLogGb: z.number().min(0).default(1),
  /** GB stored in each S3 bucket on average (access logs, static assets, audit). @default 5 */
  s3GbPerBucket: z.number().min(0).default(5),
  /** GB of images stored in each ECR repository. @default 1 */
  ecrGbPerRepository: z.number().min(0).default(1),
  /** KMS API requests per month over all keys. @default 100000 */
  kmsRequests: z.number().min(0).default(100_000),
  /** Lambda invocations per month per function. @default 1000000 */
  lambdaInvocations: z.number().min(0).default(1_000_000),
  /** Average Lambda duration, ms. @default 200 */
  lambdaAvgMs: z.number().min(1).default(200),
  /** API Gateway requests per month per API. @default 1000000 */
  apiRequests: z.number().min(0).default(1_000_000),
  /** SQS requests per month per queue (send, receive, delete; 64 KiB chunks). @default 1000000 */
  sqsRequests: z.number().min(0).default(1_000_000),
  /** SNS publishes per month per topic beyond alarm notifications. @default 0 */
  snsPublishes: z.number().min(0).default(0),
  /** EventBridge custom events published per month. @default 1000000 */
  eventBridgeEvents: z.number().min(0).default(1_000_000),
  /** DynamoDB on-demand writes / reads per month per table, and GB stored per table. */
  dynamoWrites: z.number().min(0).default(1_000_000),
  dynamoReads: z.number().min(0).default(5_000_000),
  dynamoGb: z.number().min(0).default(1),
  /** GB stored per Aurora cluster, and millions of I/O requests per month per cluster (Aurora Standard). */
  auroraGb: z.number().min(0).default(10),
  auroraIoMillions: z.number().min(0).default(10),
  /** Monthly active users per Cognito user pool. @default 1000 */
  cognitoMau: z.number().min(0).default(1000),
  /** Millions of CloudTrail management events GuardDuty analyses per month. @default 1 */
  guardDutyEventMillions: z.number().min(0).default(1),
  /** GB of VPC flow and DNS logs GuardDuty analyses per month. @default 5 */
  guardDutyLogGb: z.number().min(0).default(5),
  /** AWS Config configuration items recorded per month. @default 1000 */
  configItems: z.number().min(0).default(1000),
  /** AWS Config rule evaluations per month. @default 10000 */
  configEvaluations: z.number().min(0).default(10_000),
});
export type UsageConfig = z.output<typeof UsageSchema>;

// ---------------------------------------------------------------------------------------------------------
// The environment
// ---------------------------------------------------------------------------------------------------------

export const EnvSchema = z.strictObject({
  /** Environment name: prefix of every stack (`<name>-network`) and state key (`<name>/<stack>.tfstate`). */
  name: Slug,
  /** Project name: prefix of physical names (`<project>-<env>-…`); the organisation's prefix, shared by systems. */
  project: Slug,
  /**
   * The system (one design, one folder `envs/<system>/`) this environment belongs to: `web` (design 002),
   * `eldonia` (001), `messaging` (003), `devflow` (000), `vitascope` (004). Groups environments in reports,
   * cost and diagrams; never branched on inside modules.
   */
  system: Slug,
  /** Name of the account in `envs/accounts.ts` that hosts this environment. */
  account: Slug,
  region: Region,
  /** Emulator endpoints; set only by the emulator environments (`local`, `<system>-local`). */
  emulator: EmulatorSchema.optional(),
  /** Extra default tags on every resource. @default {} */
  tags: z.record(z.string(), z.string()).default({}),
  /** Deletion protection on ALB and other protectable resources. */
  deletionProtection: z.boolean(),
  /** Log retention for service and platform log groups. @default 30 */
  logRetentionDays: LogRetention.default(30),
  network: NetworkSchema,
  /**
   * EC2 capacity of the ECS cluster (launch template, Auto Scaling group, EC2 capacity provider). Absent = a
   * Fargate-only cluster (FARGATE and FARGATE_SPOT capacity providers, FARGATE the default); every service must
   * then use `compute: { type: "fargate" | "fargate-spot" }` (synth fails naming the service otherwise).
   * Container Insights is `enabled` for a Fargate-only cluster.
   */
  cluster: ClusterSchema.optional(),
  /** Default task size for services that set none. */
  taskSize: z.strictObject({ cpu: z.number().int().min(128), memory: z.number().int().min(128) }),
  /** Default target group deregistration delay (align with the app's SIGTERM drain). */
  deregistrationDelaySeconds: z.number().int().min(0).max(3600),
  /** Public DNS domain; absent = no certificate, no DNS records (HTTP-only ALB unless alb.certificateArn). */
  domain: DomainSchema.optional(),
  alb: AlbSchema.prefault({}),
  scaling: ScalingDefaultsSchema.prefault({}),
  alarms: AlarmsSchema.prefault({}),
  /** Services keyed by name; the key is part of addresses and output names, so never rename one casually. */
  services: z.record(Slug, ServiceSchema),
  /** Data stores of the `<env>-data` stack; the stack exists only when at least one store is declared. @default {} */
  data: DataSchema.prefault({}),
  edge: EdgeSchema.prefault({}),
  security: SecuritySchema.prefault({}),
  ci: CiSchema.prefault({}),
  /** Cognito user pool (`<env>-identity`): ALB `authenticate-cognito` for protected services, the API's authorizer. */
  identity: IdentitySchema.optional(),
  /** Functions, API, queues, schedules, events, the SPA site (`<env>-serverless`); absent = none. */
  serverless: ServerlessSchema.optional(),
  /** Monthly budget (AWS Budgets + `npm run cost`); absent = no budget (the estimate says so). */
  budget: BudgetSchema.optional(),
  /** Usage assumptions of the cost estimate. @default UsageSchema's defaults */
  usage: UsageSchema.prefault({}),
});

export type EnvInput = z.input<typeof EnvSchema>;
export type EnvConfig = z.output<typeof EnvSchema>;
