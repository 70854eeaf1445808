/** DynamoDB, Secrets Manager, SSM, KMS. */
import { defineRule } from "./define";
import { PASS, at, expectBool, fail, forbidBool, isSet, num, unknown } from "../values";
import { publicAllowOutcomes } from "./resource-policy";

const DDB = "aws_dynamodb_table";
const SECRET = "aws_secretsmanager_secret";
const PARAM = "aws_ssm_parameter";
const KEY = "aws_kms_key";

/** Days in a rotation schedule expression: rate(N days|hours), cron(…) = at least monthly. */
function scheduleDays(expr: string): number | undefined {
  const rate = /^rate\((\d+)\s+(day|days|hour|hours)\)$/.exec(expr.trim());
  if (rate) return rate[2].startsWith("hour") ? Number(rate[1]) / 24 : Number(rate[1]);
  if (/^cron\(/.test(expr.trim())) return 0;
  return undefined;
}

export const dataKmsRules = [
  defineRule({
    id: "CKV_AWS_28",
    title: "DynamoDB tables have point-in-time recovery",
    types: [DDB],
    severity: "H",
    fix: "Set pointInTimeRecovery { enabled: true }.",
    check: (r) => expectBool(r.attrs, "point_in_time_recovery.enabled", true),
  }),
  defineRule({
    id: "CKV_AWS_119",
    title: "DynamoDB tables are encrypted with a customer-managed key",
    types: [DDB],
    severity: "L",
    fix: "Set serverSideEncryption { enabled: true, kmsKeyArn }.",
    check: (r) => (at(r.attrs, "server_side_encryption.enabled") === true && isSet(at(r.attrs, "server_side_encryption.kms_key_arn")) ? PASS : fail("server_side_encryption", "enabled with kms_key_arn", at(r.attrs, "server_side_encryption"))),
  }),
  defineRule({
    id: "CKV2_AWS_16",
    title: "DynamoDB tables are on-demand or autoscaled",
    types: [DDB],
    severity: "L",
    fix: 'Set billingMode = "PAY_PER_REQUEST" or add Application Auto Scaling targets.',
    check: (r, ctx) => (r.attrs.billing_mode === "PAY_PER_REQUEST" || ctx.referrers(r.address, "aws_appautoscaling_target").length ? PASS : fail("billing_mode", "PAY_PER_REQUEST or autoscaling", r.attrs.billing_mode ?? "PROVISIONED")),
  }),
  defineRule({
    id: "CKV_AWS_149",
    title: "Secrets are encrypted with a customer-managed key",
    types: [SECRET],
    severity: "M",
    fix: "Set kmsKeyId to a modules/kms key (not alias/aws/secretsmanager).",
    check: (r) => {
      const k = r.attrs.kms_key_id;
      if (!isSet(k)) return fail("kms_key_id", "a customer-managed KMS key");
      return String(k).includes("alias/aws/") ? fail("kms_key_id", "a customer-managed KMS key", k) : PASS;
    },
  }),
  defineRule({
    id: "CKV2_AWS_57",
    title: "Secrets have automatic rotation",
    types: [SECRET],
    severity: "M",
    fix: "Add aws_secretsmanager_secret_rotation, or waive for third-party secrets rotated by their issuer.",
    check: (r, ctx) => (ctx.referrers(r.address, "aws_secretsmanager_secret_rotation").length ? PASS : fail("aws_secretsmanager_secret_rotation", "a rotation schedule", "none")),
  }),
  defineRule({
    id: "CKV_AWS_304",
    title: "Secrets rotate at least every 90 days",
    types: ["aws_secretsmanager_secret_rotation"],
    severity: "H",
    fix: "Set rotationRules.automaticallyAfterDays ≤ 90 (or a rate/cron schedule of at most 90 days).",
    check: (r) => {
      const after = at(r.attrs, "rotation_rules.automatically_after_days");
      const n = num(after);
      if (n === "unknown") return unknown("rotation_rules.automatically_after_days", "≤ 90", after);
      if (n !== undefined) return n <= 90 ? PASS : fail("rotation_rules.automatically_after_days", "≤ 90", after);
      const expr = at(r.attrs, "rotation_rules.schedule_expression");
      const d = typeof expr === "string" ? scheduleDays(expr) : undefined;
      return d !== undefined && d <= 90 ? PASS : fail("rotation_rules", "a rotation of at most 90 days", expr);
    },
  }),
  defineRule({
    id: "CKV2_AWS_34",
    title: "SSM parameters are SecureString",
    types: [PARAM],
    severity: "L",
    fix: 'Set type = "SecureString" for anything sensitive (or waive for public, non-sensitive values).',
    check: (r) => (r.attrs.type === "SecureString" ? PASS : fail("type", '"SecureString"', r.attrs.type)),
  }),
  defineRule({
    id: "CKV_AWS_337",
    title: "SecureString parameters use a customer-managed key",
    types: [PARAM],
    severity: "-",
    fix: "Set keyId to a modules/kms key.",
    check: (r) => (r.attrs.type !== "SecureString" ? [] : isSet(r.attrs.key_id) ? PASS : fail("key_id", "a customer-managed KMS key")),
  }),
  defineRule({
    id: "CKV_AWS_7",
    title: "KMS keys rotate yearly",
    types: [KEY],
    severity: "I",
    level: "error",
    fix: "Create keys with modules/kms (enableKeyRotation: true).",
    check: (r) => {
      const spec = String(r.attrs.customer_master_key_spec ?? "SYMMETRIC_DEFAULT");
      if (spec !== "SYMMETRIC_DEFAULT" && !spec.startsWith("HMAC")) return [];
      return expectBool(r.attrs, "enable_key_rotation", true);
    },
  }),
  defineRule({
    id: "CKV_AWS_33",
    title: "Key policies grant nothing to everyone without a limiting condition",
    types: [KEY, "aws_kms_key_policy"],
    severity: "M",
    level: "error",
    fix: "Grant to the account root / named roles / service principals with aws:SourceArn or kms:ViaService conditions.",
    check: (r, ctx) => publicAllowOutcomes(r.attrs.policy, ctx),
  }),
  defineRule({
    id: "CKV_AWS_227",
    title: "KMS keys are enabled",
    types: [KEY],
    severity: "L",
    fix: "Remove isEnabled = false (schedule deletion instead).",
    check: (r) => forbidBool(r.attrs, "is_enabled", false),
  }),
  defineRule({
    id: "CKV2_AWS_64",
    title: "KMS keys have an explicit key policy",
    types: [KEY],
    severity: "M",
    fix: "Pass a key policy to modules/kms (account root administers; services named with conditions).",
    check: (r, ctx) => (isSet(r.attrs.policy) || ctx.referrers(r.address, "aws_kms_key_policy").length ? PASS : fail("policy", "an explicit key policy", "default policy")),
  }),
];
