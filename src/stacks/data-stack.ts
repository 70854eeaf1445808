import { Construct } from "../../foundation/cdk";
import { ManagedKey, serviceKeyPolicy } from "../../modules/kms";
import { RdsPostgres } from "../../modules/rds";
import { AuroraPostgres } from "../../modules/aurora";
import { CacheReplicationGroup } from "../../modules/elasticache";
import { AppTable } from "../../modules/dynamodb";
import { MediaBucket } from "../../modules/media-bucket";
import { GeneratedSecret } from "../../modules/app-secrets";
import { DataOut, NetworkOut, PhysicalNames } from "../../foundation/contract";
import type { EnvConfig } from "../../envs/schema";
import { EnvStack, type EnvStackProps } from "./env-stack";
import { remoteState } from "./remote-state";

/** Whether an environment declares any data store (then it gets a `<env>-data` stack). */
export function hasData(env: EnvConfig): boolean {
  const d = env.data;
  return [d.databases, d.caches, d.tables, d.buckets, d.secrets].some((m) => Object.keys(m).length > 0);
}

/** Logical ids of stores: `<kind>_<name>` with hyphens as underscores (addresses are state: keep them stable). */
const key = (name: string) => name.replace(/-/g, "_");

/**
 * `<env>-data`: the environment's data stores — PostgreSQL (RDS or Aurora), ElastiCache, DynamoDB tables, media
 * buckets and generated application secrets — in the network's isolated subnets, encrypted with the stack's
 * CMK. Reads the network (remote state); the platform reads this stack's outputs to wire the services that use
 * a store (security group rules, IAM, task definition secrets and settings). Apply order: network → data →
 * platform → edge.
 */
export class DataStack extends EnvStack {
  readonly databases: Record<string, RdsPostgres | AuroraPostgres> = {};
  readonly caches: Record<string, CacheReplicationGroup> = {};
  readonly tables: Record<string, AppTable> = {};
  readonly buckets: Record<string, MediaBucket> = {};
  readonly secrets: Record<string, GeneratedSecret> = {};

  constructor(scope: Construct, props: Omit<EnvStackProps, "layer">) {
    super(scope, { ...props, layer: "data" });
    const { env, account, prefix } = this;
    // The network's state is read only when a store lives in the VPC (a tables-only data stack declares no unused
    // remote state: tflint terraform_unused_declarations).
    let network: ReturnType<typeof remoteState> | undefined;
    const net = () => (network ??= remoteState(this, "network"));
    const isolated = env.network.azs.filter((a) => a.isolatedCidr);
    const vpcId = () => net().getString(NetworkOut.vpcId);
    const isolatedSubnetIds = () => (isolated.length ? net().getList(NetworkOut.isolatedSubnetIds) : []);
    const isolatedAzs = isolated.map((a) => `${env.region}${a.suffix}`);
    // Throwaway environments (no deletion protection) delete secrets at once so a re-create can reuse the names.
    const recoveryWindowDays = env.deletionProtection ? 7 : 0;

    const key_ = new ManagedKey(this, "kms", {
      alias: `${prefix}-data`,
      description: `${prefix} data stores: databases, caches, tables, media, generated secrets, their log groups`,
      policy: serviceKeyPolicy({ accountId: account.id, region: env.region }),
    }).key;
    const kmsKeyArn = key_.arn;
    const o = DataOut;
    this.output(o.kmsKeyArn, kmsKeyArn, "CMK of the data stores (services that use a store may decrypt through its service)");

    for (const [name, db] of Object.entries(env.data.databases)) {
      const identifier = PhysicalNames.database(prefix, name);
      const common = {
        identifier,
        securityGroupName: PhysicalNames.dataSecurityGroup(prefix, "db", name),
        version: db.version,
        instanceClass: db.instanceClass,
        databaseName: db.databaseName,
        masterUsername: db.masterUsername,
        vpcId: vpcId(),
        subnetIds: isolatedSubnetIds(),
        kmsKeyArn,
        backupRetentionDays: db.backupRetentionDays,
        backupWindow: db.backupWindow,
        maintenanceWindow: db.maintenanceWindow,
        deletionProtection: db.deletionProtection ?? env.deletionProtection,
        finalSnapshot: db.finalSnapshot,
        performanceInsightsDays: db.performanceInsightsDays,
        monitoringIntervalSeconds: db.monitoringIntervalSeconds,
        logRetentionDays: env.logRetentionDays,
        autoMinorVersionUpgrade: db.autoMinorVersionUpgrade,
      };
      const store =
        db.engine === "postgres"
          ? new RdsPostgres(this, `db_${key(name)}`, {
              ...common,
              allocatedGb: db.storage.allocatedGb,
              maxAllocatedGb: db.storage.maxAllocatedGb,
              multiAz: db.multiAz,
              logExports: db.logExports ?? ["postgresql", "upgrade"],
            })
          : new AuroraPostgres(this, `db_${key(name)}`, {
              ...common,
              readers: db.readers.count,
              readerScaling: db.readers.autoscaling,
              availabilityZones: db.multiAz ? isolatedAzs : undefined,
              logExports: db.logExports ?? ["postgresql"],
            });
      this.databases[name] = store;
      const host = store instanceof RdsPostgres ? store.instance.address : store.cluster.endpoint;
      const reader = store instanceof RdsPostgres ? store.instance.address : store.cluster.readerEndpoint;
      this.output(o.dbHost(name), host, `${name}: writer host name`);
      this.output(o.dbReaderHost(name), reader, `${name}: reader host name (RDS: the instance)`);
      this.output(o.dbPort(name), store.port, `${name}: port`);
      this.output(o.dbName(name), db.databaseName, `${name}: database name`);
      this.output(o.dbArn(name), store instanceof RdsPostgres ? store.instance.arn : store.cluster.arn, `${name}: instance or cluster ARN`);
      this.output(o.dbSecretArn(name), store.masterSecretArn, `${name}: RDS-managed master secret ARN (JSON username/password)`);
      this.output(o.dbSecurityGroupId(name), store.securityGroup.id, `${name}: security group (services that use it get an ingress rule)`);
    }

    for (const [name, c] of Object.entries(env.data.caches)) {
      const store = new CacheReplicationGroup(this, `cache_${key(name)}`, {
        identifier: PhysicalNames.cache(prefix, name),
        securityGroupName: PhysicalNames.dataSecurityGroup(prefix, "cache", name),
        authSecretName: PhysicalNames.cacheAuthSecret(env.project, env.name, name),
        engine: c.engine,
        version: c.version,
        nodeType: c.nodeType,
        clusterMode: c.clusterMode,
        shards: c.shards,
        replicasPerShard: c.replicasPerShard,
        multiAz: c.multiAz,
        snapshotRetentionDays: c.snapshotRetentionDays,
        snapshotWindow: c.snapshotWindow,
        // Not touching the snapshot window (ElastiCache refuses overlapping windows).
        maintenanceWindow: "sun:19:00-sun:20:00",
        vpcId: vpcId(),
        subnetIds: isolatedSubnetIds(),
        kmsKeyArn,
        secretRecoveryWindowDays: recoveryWindowDays,
      });
      this.caches[name] = store;
      this.output(o.cacheHost(name), store.host, `${name}: endpoint host (cluster mode: configuration endpoint)`);
      this.output(o.cachePort(name), store.port, `${name}: port (TLS)`);
      this.output(o.cacheArn(name), store.group.arn, `${name}: replication group ARN`);
      this.output(o.cacheAuthSecretArn(name), store.authSecret.secret.arn, `${name}: AUTH token secret ARN`);
      this.output(o.cacheSecurityGroupId(name), store.securityGroup.id, `${name}: security group`);
    }

    for (const [name, t] of Object.entries(env.data.tables)) {
      const table = new AppTable(this, `table_${key(name)}`, {
        name: PhysicalNames.table(prefix, name),
        partitionKey: t.partitionKey,
        sortKey: t.sortKey,
        ttlAttribute: t.ttlAttribute,
        pointInTimeRecovery: t.pointInTimeRecovery,
        deletionProtection: t.deletionProtection ?? env.deletionProtection,
        kmsKeyArn,
      });
      this.tables[name] = table;
      this.output(o.tableName(name), table.table.name, `${name}: table name`);
      this.output(o.tableArn(name), table.table.arn, `${name}: table ARN`);
    }

    for (const [name, b] of Object.entries(env.data.buckets)) {
      const bucket = new MediaBucket(this, `bucket_${key(name)}`, {
        bucketName: PhysicalNames.mediaBucket(prefix, name, account.id),
        lifecycle: b.lifecycle,
        iaDays: b.iaDays,
        glacierDays: b.glacierDays,
        noncurrentVersionDays: b.noncurrentVersionDays,
        encryption: b.encryption === "kms" ? { type: "kms", keyArn: kmsKeyArn } : { type: "s3" },
        forceDestroy: !env.deletionProtection,
        servedByEdge: b.edge !== undefined,
      });
      this.buckets[name] = bucket;
      this.output(o.bucketName(name), bucket.bucket.bucket.bucket, `${name}: bucket name`);
      this.output(o.bucketArn(name), bucket.bucket.bucket.arn, `${name}: bucket ARN`);
      if (b.edge) {
        this.output(o.bucketRegionalDomainName(name), bucket.bucket.bucket.bucketRegionalDomainName, `${name}: regional domain name (the edge's S3 origin for ${b.edge.pathPattern})`);
      }
    }

    for (const [name, sec] of Object.entries(env.data.secrets)) {
      const secret = new GeneratedSecret(this, `secret_${key(name)}`, {
        name: PhysicalNames.appSecret(env.project, env.name, name),
        description: sec.description ?? `${name} of ${prefix} (generated at apply time)`,
        kmsKeyArn,
        length: sec.length,
        version: sec.version,
        recoveryWindowDays,
      });
      this.secrets[name] = secret;
      this.output(o.secretArn(name), secret.secret.arn, `${name}: secret ARN`);
    }
  }
}
