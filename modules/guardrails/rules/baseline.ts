/** GuardDuty, AWS Config, CloudTrail (the account security baseline stack). */
import { defineRule } from "./define";
import { PASS, at, expectBool, fail, forbidBool, isSet } from "../values";

const TRAIL = "aws_cloudtrail";

export const baselineRules = [
  defineRule({
    id: "CKV_AWS_238",
    title: "GuardDuty detector is enabled",
    types: ["aws_guardduty_detector"],
    severity: "L",
    level: "error",
    fix: "Remove enable = false.",
    check: (r) => forbidBool(r.attrs, "enable", false),
  }),
  defineRule({
    id: "CKV2_AWS_3",
    title: "GuardDuty is enabled (explicit) and auto-enabled for the organization",
    types: ["aws_guardduty_detector"],
    severity: "L",
    fix: "Set enable = true and add aws_guardduty_organization_configuration (auto_enable_organization_members = ALL) in the delegated admin account; waive outside one.",
    check: (r, ctx) => {
      if (r.attrs.enable !== true) return fail("enable", "true (explicit)", r.attrs.enable);
      return ctx.referrers(r.address, "aws_guardduty_organization_configuration").length ? PASS : fail("aws_guardduty_organization_configuration", "organization auto-enable", "none");
    },
  }),
  defineRule({
    id: "CKV_AWS_121",
    title: "Config aggregators cover all regions",
    types: ["aws_config_configuration_aggregator"],
    severity: "M",
    fix: "Set accountAggregationSource/organizationAggregationSource allRegions = true.",
    check: (r) => (at(r.attrs, "account_aggregation_source.all_regions") === true || at(r.attrs, "organization_aggregation_source.all_regions") === true ? PASS : fail("*_aggregation_source.all_regions", "true")),
  }),
  defineRule({
    id: "CKV2_AWS_45",
    title: "The Config recorder is running and records all supported resources",
    types: ["aws_config_configuration_recorder_status"],
    severity: "M",
    fix: "Set isEnabled = true and keep recordingGroup.allSupported = true on the recorder.",
    check: (r, ctx) => {
      if (r.attrs.is_enabled !== true) return fail("is_enabled", "true (explicit)", r.attrs.is_enabled);
      const recorder = ctx.deref(r.attrs.name) ?? ctx.ofType("aws_config_configuration_recorder")[0];
      return recorder && at(recorder.attrs, "recording_group.all_supported") === false ? fail(`${recorder.address}.recording_group.all_supported`, "true", false) : PASS;
    },
  }),
  defineRule({
    id: "CKV2_AWS_48",
    title: "The Config recorder records global resources (IAM)",
    types: ["aws_config_configuration_recorder"],
    severity: "M",
    fix: "Set recordingGroup.includeGlobalResourceTypes = true (in one region per account).",
    check: (r) => expectBool(r.attrs, "recording_group.include_global_resource_types", true),
  }),
  defineRule({
    id: "CKV_AWS_67",
    title: "CloudTrail is multi-region",
    types: [TRAIL],
    severity: "I",
    level: "error",
    fix: "Set isMultiRegionTrail = true.",
    check: (r) => expectBool(r.attrs, "is_multi_region_trail", true),
  }),
  defineRule({
    id: "CKV_AWS_36",
    title: "CloudTrail validates log files",
    types: [TRAIL],
    severity: "L",
    level: "error",
    fix: "Set enableLogFileValidation = true.",
    check: (r) => expectBool(r.attrs, "enable_log_file_validation", true),
  }),
  defineRule({
    id: "CKV_AWS_35",
    title: "CloudTrail logs are encrypted with KMS",
    types: [TRAIL],
    severity: "I",
    level: "error",
    fix: "Set kmsKeyId to a key whose policy lets cloudtrail.amazonaws.com encrypt (with aws:SourceArn).",
    check: (r) => (isSet(r.attrs.kms_key_id) ? PASS : fail("kms_key_id", "a KMS key ARN")),
  }),
  defineRule({
    id: "CKV_AWS_251",
    title: "CloudTrail logging is not turned off",
    types: [TRAIL],
    severity: "L",
    level: "error",
    fix: "Remove enableLogging = false.",
    check: (r) => forbidBool(r.attrs, "enable_logging", false),
  }),
  defineRule({
    id: "CKV_AWS_252",
    title: "CloudTrail notifies an SNS topic of new log files",
    types: [TRAIL],
    severity: "L",
    fix: "Set snsTopicName, or waive when no consumer reacts to log delivery.",
    check: (r) => (isSet(r.attrs.sns_topic_name) ? PASS : fail("sns_topic_name", "an SNS topic")),
  }),
  defineRule({
    id: "CKV2_AWS_10",
    title: "CloudTrail also delivers to CloudWatch Logs",
    types: [TRAIL],
    severity: "I",
    fix: "Set cloudWatchLogsGroupArn and cloudWatchLogsRoleArn, or waive (S3 + GuardDuty cover detection).",
    check: (r) => (isSet(r.attrs.cloud_watch_logs_group_arn) ? PASS : fail("cloud_watch_logs_group_arn", "a log group ARN")),
  }),
];
