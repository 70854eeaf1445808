import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import type { Construct } from "../../foundation/cdk";
import { assumeRoleFor } from "../iam/policy";
import { waive } from "../guardrails/waive";

/** What RDS for PostgreSQL (modules/rds) and Aurora PostgreSQL (modules/aurora) are both given. */
export interface PostgresStoreProps {
  /** DB instance / cluster identifier (≤ 63 characters), also the prefix of its subnet group, parameter group and roles. */
  readonly identifier: string;
  /** Security group name of the store. */
  readonly securityGroupName: string;
  /** PostgreSQL `major.minor`, e.g. 16.4 (the parameter group family follows the major). */
  readonly version: string;
  /** Instance class (Aurora: of the writer and every reader), e.g. db.r6g.large. */
  readonly instanceClass: string;
  readonly databaseName: string;
  readonly masterUsername: string;
  readonly vpcId: string;
  /** Isolated subnets in ≥ 2 AZs (RDS requires two AZs in a subnet group even for one instance). */
  readonly subnetIds: string[];
  /** CMK for storage, the managed master secret, Performance Insights and the log groups. */
  readonly kmsKeyArn: string;
  /** Days of automated backups (1–35). */
  readonly backupRetentionDays: number;
  readonly backupWindow: string;
  readonly maintenanceWindow: string;
  readonly deletionProtection: boolean;
  /** Take `<identifier>-final` when destroyed. */
  readonly finalSnapshot: boolean;
  /** Performance Insights retention (7 or 731 days) or false. */
  readonly performanceInsightsDays: 7 | 731 | false;
  /** Enhanced Monitoring interval, seconds; 0 = off. */
  readonly monitoringIntervalSeconds: number;
  readonly logExports: readonly string[];
  readonly logRetentionDays: number;
  readonly autoMinorVersionUpgrade: boolean;
}

/**
 * Where a PostgreSQL store lives: its own security group (`storeSecurityGroup`, construct id `sg`) and a DB subnet
 * group on the isolated subnets (`subnet_group`, named like the store). `engine` names it in the group description.
 */
export function postgresPlacement(scope: Construct, props: PostgresStoreProps, engine: string, port: number): { securityGroup: SecurityGroup; subnetGroup: DbSubnetGroup } {
  const securityGroup = storeSecurityGroup(scope, "sg", {
    name: props.securityGroupName,
    description: `${props.identifier} ${engine}: ${port} from the services that use it only`,
    vpcId: props.vpcId,
  });
  const subnetGroup = new DbSubnetGroup(scope, "subnet_group", {
    name: props.identifier,
    description: `${props.identifier}: isolated subnets`,
    subnetIds: props.subnetIds,
  });
  return { securityGroup, subnetGroup };
}

/** Performance Insights settings of an instance: on with the CMK and the retention, or off. */
export function performanceInsights(props: Pick<PostgresStoreProps, "performanceInsightsDays" | "kmsKeyArn">) {
  const pi = props.performanceInsightsDays;
  return {
    performanceInsightsEnabled: pi !== false,
    performanceInsightsKmsKeyId: pi !== false ? props.kmsKeyArn : undefined,
    performanceInsightsRetentionPeriod: pi !== false ? pi : undefined,
  };
}

/** The Enhanced Monitoring role when `monitoringIntervalSeconds` > 0 (`monitoringRole`, named `<identifier>-rds-monitoring`). */
export function enhancedMonitoringRole(scope: Construct, props: Pick<PostgresStoreProps, "monitoringIntervalSeconds" | "identifier">): IamRole | undefined {
  return props.monitoringIntervalSeconds > 0 ? monitoringRole(scope, `${props.identifier}-rds-monitoring`) : undefined;
}

/**
 * The security group of a data store: no rules here. Ingress comes only from the services that `use` the store
 * (the platform stack adds one rule per service, on the store's port, from that service's own group); no egress,
 * because a database or cache never opens connections (AWS creates an allow-all egress rule on a new group and
 * Terraform removes it when the group declares none).
 */
export function storeSecurityGroup(scope: Construct, id: string, props: { name: string; vpcId: string; description: string }): SecurityGroup {
  return new SecurityGroup(scope, id, {
    name: props.name,
    description: props.description,
    vpcId: props.vpcId,
    tags: { Name: props.name },
  });
}

/**
 * Log groups RDS/Aurora would otherwise create on first export without retention or encryption
 * (`/aws/rds/instance/<id>/<type>`, `/aws/rds/cluster/<id>/<type>`: RDS User Guide, "Publishing database logs
 * to Amazon CloudWatch Logs"). Created first, with the environment's retention and the data CMK.
 */
export function rdsLogGroups(scope: Construct, props: { kind: "instance" | "cluster"; identifier: string; types: readonly string[]; retentionDays: number; kmsKeyArn: string }): CloudwatchLogGroup[] {
  return props.types.map((t) => {
    const g = new CloudwatchLogGroup(scope, `log_${t.replace(/-/g, "_")}`, {
      name: `/aws/rds/${props.kind}/${props.identifier}/${t}`,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    if (props.retentionDays < 365) waive(g, "CKV_AWS_338", "retention follows the environment's logRetentionDays (cost); database audit trails beyond it come from backups and CloudTrail");
    return g;
  });
}

/** The Enhanced Monitoring role RDS assumes to publish OS metrics (AWS managed policy AmazonRDSEnhancedMonitoringRole). */
export function monitoringRole(scope: Construct, name: string): IamRole {
  const role = new IamRole(scope, "monitoring_role", {
    name,
    description: "RDS Enhanced Monitoring publishes OS metrics to CloudWatch Logs",
    assumeRolePolicy: assumeRoleFor("monitoring.rds.amazonaws.com"),
  });
  new IamRolePolicyAttachment(scope, "monitoring_policy", {
    role: role.name,
    policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
  });
  return role;
}

/**
 * PostgreSQL parameters of every database: TLS only (`rds.force_ssl = 1`, explicit although PostgreSQL ≥ 15 on RDS
 * defaults to it), and query logging that never writes row data: DDL statements (`log_statement = ddl`) and
 * statements slower than one second (`log_min_duration_statement = 1000` ms) go to the exported postgresql log.
 */
export const POSTGRES_PARAMETERS = [
  { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
  { name: "log_statement", value: "ddl", applyMethod: "immediate" },
  { name: "log_min_duration_statement", value: "1000", applyMethod: "immediate" },
] as const;

/**
 * Waivers of checks a database fails only because its configuration chose so (each reason names the setting).
 * `scope` is the instance or cluster.
 */
export function waiveByConfig(scope: Construct, c: { deletionProtection: boolean; multiAz?: boolean; performanceInsights?: boolean; kind: "instance" | "cluster" }): void {
  if (!c.deletionProtection) {
    waive(scope, c.kind === "cluster" ? "CKV_AWS_139" : "CKV_AWS_293", "deletion protection follows the data store's deletionProtection (default: the environment's), off only in disposable environments");
  }
  if (c.multiAz === false) waive(scope, "CKV_AWS_157", "single-AZ by config (multiAz: false, e.g. design 003's dev database); production environments set multiAz");
  if (c.performanceInsights === false) waive(scope, "CKV_AWS_353", "Performance Insights off by config (performanceInsightsDays: false): db.t3/t4g micro and small classes do not support it");
}

/** Final snapshot identifier of a destroyed database. */
export const finalSnapshotId = (identifier: string) => `${identifier}-final`;
