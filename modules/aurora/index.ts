import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { RdsClusterParameterGroup } from "@cdktf/provider-aws/lib/rds-cluster-parameter-group";
import type { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "../../foundation/cdk";
import { enhancedMonitoringRole, finalSnapshotId, performanceInsights, POSTGRES_PARAMETERS, postgresPlacement, rdsLogGroups, waiveByConfig, type PostgresStoreProps } from "../data-store";
import { waive } from "../guardrails/waive";
import { POSTGRES_PORT } from "../rds";

export interface AuroraReaderScaling {
  /** Readers Application Auto Scaling keeps at least / at most (readers it adds are not in Terraform state). */
  readonly min: number;
  readonly max: number;
  /** Target average reader CPU % (`RDSReaderAverageCPUUtilization`). */
  readonly targetCpu: number;
}

export interface AuroraPostgresProps extends PostgresStoreProps {
  /** Readers created by Terraform next to the writer. */
  readonly readers: number;
  /** Reader autoscaling; absent = fixed reader count. */
  readonly readerScaling?: AuroraReaderScaling;
  /**
   * AZs of the instances in creation order (writer first); with Multi-AZ, the caller passes the isolated
   * subnets' AZs and instances go round-robin over them. Absent = RDS places them.
   */
  readonly availabilityZones?: readonly string[];
}

/**
 * Aurora PostgreSQL: a cluster with a writer and `readers` readers, optional reader autoscaling, and the same
 * security and secret handling as modules/rds (CMK storage, RDS-managed master secret, `rds.force_ssl = 1` in
 * the cluster parameter group, isolated subnets, IAM auth, backups, deletion protection / final snapshot,
 * Performance Insights, Enhanced Monitoring, log exports).
 *
 * Reader autoscaling is Application Auto Scaling on `rds:cluster:ReadReplicaCount` of `cluster:<id>` with the
 * predefined `RDSReaderAverageCPUUtilization` metric (Aurora User Guide, "Amazon Aurora Auto Scaling with Aurora
 * Replicas"); it needs the Terraform readers to exist first (depends on them).
 */
export class AuroraPostgres extends Construct {
  readonly cluster: RdsCluster;
  readonly instances: RdsClusterInstance[] = [];
  readonly securityGroup: SecurityGroup;
  readonly scalingTarget?: AppautoscalingTarget;
  readonly port = POSTGRES_PORT;

  constructor(scope: Construct, id: string, props: AuroraPostgresProps) {
    super(scope, id);
    const major = props.version.split(".")[0];
    const { securityGroup, subnetGroup: subnets } = postgresPlacement(this, props, "Aurora PostgreSQL", POSTGRES_PORT);
    this.securityGroup = securityGroup;
    const params = new RdsClusterParameterGroup(this, "parameters", {
      name: `${props.identifier}-apg${major}`,
      family: `aurora-postgresql${major}`,
      description: `${props.identifier}: TLS only, DDL and slow-query logging`,
      parameter: POSTGRES_PARAMETERS.map((p) => ({ ...p })),
      lifecycle: { createBeforeDestroy: true },
    });
    const logs = rdsLogGroups(this, { kind: "cluster", identifier: props.identifier, types: props.logExports, retentionDays: props.logRetentionDays, kmsKeyArn: props.kmsKeyArn });
    this.cluster = new RdsCluster(this, "cluster", {
      clusterIdentifier: props.identifier,
      engine: "aurora-postgresql",
      engineVersion: props.version,
      databaseName: props.databaseName,
      masterUsername: props.masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.kmsKeyArn,
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      dbSubnetGroupName: subnets.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      dbClusterParameterGroupName: params.name,
      iamDatabaseAuthenticationEnabled: true,
      backupRetentionPeriod: props.backupRetentionDays,
      preferredBackupWindow: props.backupWindow,
      preferredMaintenanceWindow: props.maintenanceWindow,
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection,
      skipFinalSnapshot: !props.finalSnapshot,
      finalSnapshotIdentifier: props.finalSnapshot ? finalSnapshotId(props.identifier) : undefined,
      enabledCloudwatchLogsExports: [...props.logExports],
      allowMajorVersionUpgrade: false,
      applyImmediately: false,
      dependsOn: logs,
      // RDS fills in three AZs for the cluster volume whatever is asked; leaving them unset and ignored avoids
      // a replacement on every plan (provider docs, aws_rds_cluster `availability_zones`).
      lifecycle: { ignoreChanges: ["availability_zones"] },
    });
    waiveByConfig(this.cluster, { kind: "cluster", deletionProtection: props.deletionProtection });
    waive(this.cluster, "CKV2_AWS_8", "recovery is Aurora's continuous backup (point-in-time restore within backupRetentionDays) plus the final snapshot; no AWS Backup vault exists in this project");
    const monitoring = enhancedMonitoringRole(this, props);
    const azs = props.availabilityZones ?? [];
    for (let i = 0; i <= props.readers; i++) {
      this.instances.push(
        new RdsClusterInstance(this, `instance_${i + 1}`, {
          identifier: `${props.identifier}-${i + 1}`,
          clusterIdentifier: this.cluster.id,
          engine: "aurora-postgresql",
          engineVersion: props.version,
          instanceClass: props.instanceClass,
          dbSubnetGroupName: subnets.name,
          availabilityZone: azs.length ? azs[i % azs.length] : undefined,
          // The first instance is the writer and the preferred failover target order follows creation.
          promotionTier: Math.min(i, 15),
          publiclyAccessible: false,
          ...performanceInsights(props),
          monitoringInterval: props.monitoringIntervalSeconds,
          monitoringRoleArn: monitoring?.arn,
          autoMinorVersionUpgrade: props.autoMinorVersionUpgrade,
          applyImmediately: false,
        }),
      );
    }
    const s = props.readerScaling;
    if (s) {
      this.scalingTarget = new AppautoscalingTarget(this, "reader_scaling_target", {
        serviceNamespace: "rds",
        scalableDimension: "rds:cluster:ReadReplicaCount",
        resourceId: `cluster:${props.identifier}`,
        minCapacity: s.min,
        maxCapacity: s.max,
        dependsOn: this.instances,
      });
      new AppautoscalingPolicy(this, "reader_scaling_cpu", {
        name: `${props.identifier}-readers-cpu`,
        policyType: "TargetTrackingScaling",
        serviceNamespace: this.scalingTarget.serviceNamespace,
        scalableDimension: this.scalingTarget.scalableDimension,
        resourceId: this.scalingTarget.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: "RDSReaderAverageCPUUtilization" },
          targetValue: s.targetCpu,
          scaleInCooldown: 300,
          scaleOutCooldown: 300,
        },
      });
    }
  }

  /** Secrets Manager ARN of the RDS-managed master secret (JSON with `username` and `password`). */
  get masterSecretArn(): string {
    return this.cluster.masterUserSecret.get(0).secretArn;
  }
}
