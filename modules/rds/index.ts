import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import type { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "../../foundation/cdk";
import { enhancedMonitoringRole, finalSnapshotId, performanceInsights, POSTGRES_PARAMETERS, postgresPlacement, rdsLogGroups, waiveByConfig, type PostgresStoreProps } from "../data-store";

/** PostgreSQL's port (the instance listens on the engine default). */
export const POSTGRES_PORT = 5432;

export interface RdsPostgresProps extends PostgresStoreProps {
  /** gp3 storage, GiB, and the storage-autoscaling ceiling (must be above it). */
  readonly allocatedGb: number;
  readonly maxAllocatedGb: number;
  /** Synchronous standby in another AZ. */
  readonly multiAz: boolean;
}

/**
 * RDS for PostgreSQL, secure by default:
 * - storage gp3, encrypted with the CMK, autoscaling up to `maxAllocatedGb`;
 * - master password created and rotated by RDS in Secrets Manager (`manage_master_user_password`), encrypted with
 *   the CMK: it never appears in config, synthesized JSON or Terraform state; the secret (JSON `username`,
 *   `password`) is `masterUserSecret[0].secretArn`;
 * - TLS forced by the parameter group (`rds.force_ssl = 1`, explicit even though PostgreSQL ≥ 15 defaults to it);
 * - not publicly accessible, in isolated subnets, its own security group (no rules here: see modules/data-access);
 * - IAM database authentication on, automated backups, copy tags to snapshots, deletion protection and a final
 *   snapshot as configured, Performance Insights with the CMK, Enhanced Monitoring, log exports to CMK-encrypted
 *   log groups created first, minor-version upgrades on, major upgrades never implicit.
 */
export class RdsPostgres extends Construct {
  readonly instance: DbInstance;
  readonly securityGroup: SecurityGroup;
  readonly port = POSTGRES_PORT;

  constructor(scope: Construct, id: string, props: RdsPostgresProps) {
    super(scope, id);
    const major = props.version.split(".")[0];
    const { securityGroup, subnetGroup: subnets } = postgresPlacement(this, props, "PostgreSQL", POSTGRES_PORT);
    this.securityGroup = securityGroup;
    const params = new DbParameterGroup(this, "parameters", {
      name: `${props.identifier}-pg${major}`,
      family: `postgres${major}`,
      description: `${props.identifier}: TLS only, DDL and slow-query logging`,
      parameter: POSTGRES_PARAMETERS.map((p) => ({ ...p })),
      lifecycle: { createBeforeDestroy: true },
    });
    const logs = rdsLogGroups(this, { kind: "instance", identifier: props.identifier, types: props.logExports, retentionDays: props.logRetentionDays, kmsKeyArn: props.kmsKeyArn });
    const monitoring = enhancedMonitoringRole(this, props);
    this.instance = new DbInstance(this, "instance", {
      identifier: props.identifier,
      engine: "postgres",
      engineVersion: props.version,
      instanceClass: props.instanceClass,
      dbName: props.databaseName,
      username: props.masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.kmsKeyArn,
      storageType: "gp3",
      allocatedStorage: props.allocatedGb,
      maxAllocatedStorage: props.maxAllocatedGb,
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      multiAz: props.multiAz,
      dbSubnetGroupName: subnets.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      parameterGroupName: params.name,
      publiclyAccessible: false,
      iamDatabaseAuthenticationEnabled: true,
      backupRetentionPeriod: props.backupRetentionDays,
      backupWindow: props.backupWindow,
      maintenanceWindow: props.maintenanceWindow,
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection,
      skipFinalSnapshot: !props.finalSnapshot,
      finalSnapshotIdentifier: props.finalSnapshot ? finalSnapshotId(props.identifier) : undefined,
      ...performanceInsights(props),
      monitoringInterval: props.monitoringIntervalSeconds,
      monitoringRoleArn: monitoring?.arn,
      enabledCloudwatchLogsExports: [...props.logExports],
      autoMinorVersionUpgrade: props.autoMinorVersionUpgrade,
      allowMajorVersionUpgrade: false,
      // Changes wait for the maintenance window unless an operator applies them deliberately.
      applyImmediately: false,
      dependsOn: logs,
    });
    waiveByConfig(this.instance, { kind: "instance", deletionProtection: props.deletionProtection, multiAz: props.multiAz, performanceInsights: props.performanceInsightsDays !== false });
  }

  /** Secrets Manager ARN of the RDS-managed master secret (JSON with `username` and `password`). */
  get masterSecretArn(): string {
    return this.instance.masterUserSecret.get(0).secretArn;
  }
}
