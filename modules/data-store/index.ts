import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import type { Construct } from "../../foundation/cdk";
import { assumeRoleFor } from "../iam/policy";
import { waive } from "../guardrails/waive";

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
