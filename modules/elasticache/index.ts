import { DataAwsSecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import type { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "../../foundation/cdk";
import { GeneratedSecret } from "../app-secrets";
import { storeSecurityGroup } from "../data-store";

/** The Redis/Valkey port. */
export const CACHE_PORT = 6379;

export interface CacheReplicationGroupProps {
  /** Replication group id (≤ 40 characters; also the subnet group name). */
  readonly identifier: string;
  readonly securityGroupName: string;
  /** Secrets Manager name of the generated auth token. */
  readonly authSecretName: string;
  readonly engine: "redis" | "valkey";
  /** `major.minor`, e.g. 7.1 (Redis OSS) or 8.0 (Valkey). */
  readonly version: string;
  /** e.g. cache.r6g.large. */
  readonly nodeType: string;
  /** Shard the keyspace over `shards` node groups. */
  readonly clusterMode: boolean;
  readonly shards: number;
  readonly replicasPerShard: number;
  /** Multi-AZ with automatic failover (needs ≥ 1 replica). */
  readonly multiAz: boolean;
  /** Days of daily snapshots kept (0 = none) and their window (UTC). */
  readonly snapshotRetentionDays: number;
  readonly snapshotWindow: string;
  readonly maintenanceWindow: string;
  readonly vpcId: string;
  readonly subnetIds: string[];
  readonly kmsKeyArn: string;
  /** Days a deleted auth-token secret can be restored (0 in throwaway environments). @default 7 */
  readonly secretRecoveryWindowDays?: number;
}

/**
 * An ElastiCache (Redis OSS or Valkey) replication group:
 * - TLS in transit (`transit_encryption_enabled`, clients connect with `rediss://`), at-rest encryption with the CMK;
 * - AUTH with a token generated at apply time into Secrets Manager (modules/app-secrets: 64 letters and digits,
 *   within ElastiCache's 16–128 printable characters without `@`, `"` or `/`). ElastiCache takes the token as a
 *   plain argument (hashicorp/aws 5.100 has no write-only variant), so Terraform reads it back from the secret
 *   and the encrypted state holds it; config and synthesized JSON never do;
 * - cluster mode per config, Multi-AZ automatic failover, daily snapshots.
 *
 * Durability: ElastiCache offers no AOF on current engines; the durable setting here is replicas in other AZs
 * with automatic failover plus snapshots (docs/data.md).
 */
export class CacheReplicationGroup extends Construct {
  readonly group: ElasticacheReplicationGroup;
  readonly securityGroup: SecurityGroup;
  readonly authSecret: GeneratedSecret;
  readonly port = CACHE_PORT;

  constructor(scope: Construct, id: string, props: CacheReplicationGroupProps) {
    super(scope, id);
    this.securityGroup = storeSecurityGroup(this, "sg", {
      name: props.securityGroupName,
      description: `${props.identifier} ${props.engine}: ${CACHE_PORT} from the services that use it only`,
      vpcId: props.vpcId,
    });
    const subnets = new ElasticacheSubnetGroup(this, "subnet_group", {
      name: props.identifier,
      description: `${props.identifier}: isolated subnets`,
      subnetIds: props.subnetIds,
    });
    this.authSecret = new GeneratedSecret(this, "auth_token", {
      name: props.authSecretName,
      description: `AUTH token of ${props.identifier} (generated at apply time)`,
      kmsKeyArn: props.kmsKeyArn,
      length: 64,
      recoveryWindowDays: props.secretRecoveryWindowDays,
    });
    const token = new DataAwsSecretsmanagerSecretVersion(this, "auth_token_value", {
      secretId: this.authSecret.secret.id,
      dependsOn: [this.authSecret.version],
    });
    const major = props.version.split(".")[0];
    const family = `default.${props.engine}${major}${props.clusterMode ? ".cluster.on" : ""}`;
    const failover = props.multiAz || props.clusterMode;
    this.group = new ElasticacheReplicationGroup(this, "group", {
      replicationGroupId: props.identifier,
      description: `${props.identifier} (${props.engine} ${props.version})`,
      engine: props.engine,
      engineVersion: props.version,
      nodeType: props.nodeType,
      port: CACHE_PORT,
      parameterGroupName: family,
      subnetGroupName: subnets.name,
      securityGroupIds: [this.securityGroup.id],
      clusterMode: props.clusterMode ? "enabled" : "disabled",
      ...(props.clusterMode
        ? { numNodeGroups: props.shards, replicasPerNodeGroup: props.replicasPerShard }
        : { numCacheClusters: 1 + props.replicasPerShard }),
      automaticFailoverEnabled: failover,
      multiAzEnabled: props.multiAz,
      atRestEncryptionEnabled: "true",
      kmsKeyId: props.kmsKeyArn,
      transitEncryptionEnabled: true,
      authToken: token.secretString,
      snapshotRetentionLimit: props.snapshotRetentionDays,
      snapshotWindow: props.snapshotWindow,
      maintenanceWindow: props.maintenanceWindow,
      autoMinorVersionUpgrade: "true",
      applyImmediately: false,
    });
  }

  /** Host clients connect to: the configuration endpoint in cluster mode, else the primary endpoint. */
  get host(): string {
    return this.group.clusterMode === "enabled" ? this.group.configurationEndpointAddress : this.group.primaryEndpointAddress;
  }
}
