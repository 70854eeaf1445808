/** ECR and CloudWatch. */
import { defineRule } from "./define";
import { PASS, expectBool, expectOneOf, fail, forbidBool, isSet, num, unknown } from "../values";
import { publicAllowOutcomes } from "./resource-policy";

export const ecrLogRules = [
  defineRule({
    id: "CKV_AWS_51",
    title: "ECR image tags are immutable",
    types: ["aws_ecr_repository"],
    severity: "L",
    fix: 'Set imageTagMutability = "IMMUTABLE" and deploy by unique tag or digest.',
    check: (r) => expectOneOf(r.attrs, "image_tag_mutability", ["IMMUTABLE"]),
  }),
  defineRule({
    id: "CKV_AWS_136",
    title: "ECR repositories are encrypted with KMS",
    types: ["aws_ecr_repository"],
    severity: "L",
    fix: 'Set encryptionConfiguration { encryptionType: "KMS", kmsKey }.',
    check: (r) => expectOneOf(r.attrs, "encryption_configuration.encryption_type", ["KMS"]),
  }),
  defineRule({
    id: "CKV_AWS_163",
    title: "ECR scans images on push",
    types: ["aws_ecr_repository"],
    severity: "H",
    fix: "Set imageScanningConfiguration { scanOnPush: true }.",
    check: (r) => expectBool(r.attrs, "image_scanning_configuration.scan_on_push", true),
  }),
  defineRule({
    id: "CKV_AWS_32",
    title: "ECR repository policies grant nothing to everyone without a limiting condition",
    types: ["aws_ecr_repository_policy"],
    severity: "M",
    level: "error",
    fix: "Name the principals (account/role ARNs) or add aws:SourceArn / aws:PrincipalOrgID conditions.",
    check: (r, ctx) => publicAllowOutcomes(r.attrs.policy, ctx),
  }),
  defineRule({
    id: "CKV_AWS_158",
    title: "Log groups are encrypted with a customer-managed KMS key",
    types: ["aws_cloudwatch_log_group"],
    severity: "L",
    level: "error",
    fix: "Set kmsKeyId to a modules/kms key whose policy allows logs.<region>.amazonaws.com (see modules/kms logsKeyPolicy).",
    check: (r) => (isSet(r.attrs.kms_key_id) ? PASS : fail("kms_key_id", "a KMS key ARN")),
  }),
  defineRule({
    id: "CKV_AWS_66",
    title: "Log groups have a retention period",
    types: ["aws_cloudwatch_log_group"],
    severity: "L",
    level: "error",
    fix: "Set retentionInDays (logRetentionDays in config).",
    check: (r) => (isSet(r.attrs.retention_in_days) ? PASS : fail("retention_in_days", "set")),
  }),
  defineRule({
    id: "CKV_AWS_338",
    title: "Log groups keep logs for at least a year",
    types: ["aws_cloudwatch_log_group"],
    severity: "I",
    fix: "Set retentionInDays ≥ 365 (shorter retention in non-production is a deliberate, waivable cost decision).",
    check: (r) => {
      const v = r.attrs.retention_in_days;
      const n = num(v);
      if (n === undefined) return fail("retention_in_days", "≥ 365 or 0 (never expire)");
      if (n === "unknown") return unknown("retention_in_days", "≥ 365", v);
      return n === 0 || n >= 365 ? PASS : fail("retention_in_days", "≥ 365 or 0 (never expire)", v);
    },
  }),
  defineRule({
    id: "CKV_AWS_319",
    title: "Alarm actions are enabled",
    types: ["aws_cloudwatch_metric_alarm"],
    severity: "M",
    fix: "Remove actionsEnabled = false.",
    check: (r) => forbidBool(r.attrs, "actions_enabled", false),
  }),
];
