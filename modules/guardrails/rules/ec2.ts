/** EC2 launch templates, ASG, EBS (ECS on EC2 capacity) and the project's launch-template rules. */
import { defineRule } from "./define";
import type { Outcome } from "../types";
import { PASS, at, block, blocks, expectBool, fail, forbidBool, isRef, isSet, num, relabel, unknown } from "../values";

const LT = "aws_launch_template";
const LC = "aws_launch_configuration";
const INSTANCE = "aws_instance";

/** AWS access key id / secret key shapes (checkov's secrets regexes, reduced to the AWS ones). */
const AWS_KEY_PATTERNS = [/(?<![A-Z0-9])(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}(?![A-Z0-9])/, /aws_?secret_?access_?key\s*[:=]\s*["']?[A-Za-z0-9/+=]{40}/i];

function imdsTokens(attrs: Record<string, unknown>): Outcome {
  const mo = block(attrs.metadata_options);
  if (!mo) return fail("metadata_options.http_tokens", '"required" (IMDSv2)', "no metadata_options block");
  const endpoint = mo.http_endpoint;
  if (endpoint === "disabled") return PASS;
  const tokens = mo.http_tokens;
  if (isRef(tokens)) return unknown("metadata_options.http_tokens", '"required"', tokens);
  return tokens === "required" ? PASS : fail("metadata_options.http_tokens", '"required" (IMDSv2)', tokens);
}

export const ec2Rules = [
  defineRule({
    id: "CKV_AWS_79",
    title: "Instance metadata service v1 disabled (IMDSv2 tokens required)",
    types: [LT, LC, INSTANCE],
    severity: "M",
    level: "error",
    fix: 'Set metadataOptions { httpTokens: "required", httpEndpoint: "enabled" }.',
    check: (r) => imdsTokens(r.attrs),
  }),
  defineRule({
    id: "CKV_AWS_341",
    title: "IMDS response hop limit is 1 (containers cannot reach host credentials)",
    types: [LT, LC],
    severity: "M",
    fix: "Set metadataOptions.httpPutResponseHopLimit = 1 (2 only with a waiver naming the agent that needs it).",
    check: (r) => {
      const v = at(r.attrs, "metadata_options.http_put_response_hop_limit");
      const n = num(v);
      if (n === undefined) return PASS;
      if (n === "unknown") return unknown("metadata_options.http_put_response_hop_limit", "1", v);
      return n === 1 ? PASS : fail("metadata_options.http_put_response_hop_limit", "1", v);
    },
  }),
  defineRule({
    id: "CKV_AWS_88",
    title: "Instances get no public IP address",
    types: [LT, INSTANCE],
    severity: "H",
    fix: "Set associatePublicIpAddress = false (or omit it) and place instances in private subnets.",
    check: (r) =>
      r.type === LT
        ? forbidBool(block(r.attrs.network_interfaces), "associate_public_ip_address", true)
        : forbidBool(r.attrs, "associate_public_ip_address", true),
  }),
  defineRule({
    id: "CKV_AWS_389",
    title: "Launch configurations assign no public IP address",
    types: [LC],
    severity: "H",
    fix: "Set associatePublicIpAddress = false; prefer a launch template.",
    check: (r) => forbidBool(r.attrs, "associate_public_ip_address", true),
  }),
  defineRule({
    id: "CKV_AWS_46",
    title: "No AWS access keys in user data",
    types: [LT, LC, INSTANCE],
    severity: "C",
    fix: "Remove credentials from user data; give the instance an instance profile role instead.",
    check: (r) => {
      const ud = [r.attrs.user_data, r.attrs.user_data_base64].filter((v): v is string => typeof v === "string");
      const text = ud.join("\n");
      // base64 is never decoded by checkov; decode it here so encoded keys are found too.
      const decoded = ud.map((v) => (/^[A-Za-z0-9+/=\s]+$/.test(v) ? Buffer.from(v, "base64").toString("utf8") : "")).join("\n");
      return AWS_KEY_PATTERNS.some((re) => re.test(text) || re.test(decoded)) ? fail("user_data", "no AWS access key or secret", "contains an AWS key pattern") : PASS;
    },
  }),
  defineRule({
    id: "CKV_AWS_8",
    title: "Instance and launch configuration EBS volumes are encrypted",
    types: [LC, INSTANCE],
    severity: "H",
    fix: "Declare rootBlockDevice { encrypted: true } and encrypted = true on every ebsBlockDevice.",
    check: (r) => {
      const root = block(r.attrs.root_block_device);
      if (!root) return fail("root_block_device.encrypted", "true", "no root_block_device block");
      return [root, ...blocks(r.attrs.ebs_block_device)].map((d, i) =>
        isSet(d.snapshot_id) ? PASS : relabel(expectBool(d, "encrypted", true), i === 0 ? "root_block_device.encrypted" : `ebs_block_device[${i - 1}].encrypted`),
      );
    },
  }),
  defineRule({
    id: "CKV_AWS_3",
    title: "EBS volumes are encrypted",
    types: ["aws_ebs_volume"],
    severity: "H",
    fix: "Set encrypted = true.",
    check: (r) => expectBool(r.attrs, "encrypted", true),
  }),
  defineRule({
    id: "CKV_AWS_189",
    title: "EBS volumes use a customer-managed KMS key",
    types: ["aws_ebs_volume"],
    severity: "L",
    fix: "Set kmsKeyId to a modules/kms key ARN.",
    check: (r) => (isSet(r.attrs.kms_key_id) ? PASS : fail("kms_key_id", "a KMS key ARN")),
  }),
  defineRule({
    id: "CKV_AWS_106",
    title: "EBS encryption by default is enabled",
    types: ["aws_ebs_encryption_by_default"],
    severity: "M",
    level: "error",
    fix: "Set enabled = true.",
    check: (r) => expectBool(r.attrs, "enabled", true, true),
  }),
  defineRule({
    id: "CKV2_AWS_2",
    title: "Attached EBS volumes are encrypted",
    types: ["aws_ebs_volume"],
    severity: "L",
    fix: "Set encrypted = true on volumes attached with aws_volume_attachment.",
    check: (r, ctx) => (ctx.referrers(r.address, "aws_volume_attachment").length ? expectBool(r.attrs, "encrypted", true) : []),
  }),
  defineRule({
    id: "CKV_AWS_315",
    title: "Auto Scaling groups use a launch template",
    types: ["aws_autoscaling_group"],
    severity: "M",
    fix: "Set launchTemplate { id, version } (or mixedInstancesPolicy.launchTemplate); never launch configurations.",
    check: (r) => (isSet(r.attrs.launch_template) || isSet(at(r.attrs, "mixed_instances_policy.launch_template")) ? PASS : fail("launch_template", "a launch template")),
  }),
  defineRule({
    id: "CKV_AWS_153",
    title: "Auto Scaling groups are tagged",
    types: ["aws_autoscaling_group"],
    severity: "L",
    fix: "Add tag blocks (propagate_at_launch) so instances carry Project/Environment tags.",
    check: (r) => (isSet(r.attrs.tag) || isSet(r.attrs.tags) ? PASS : fail("tag", "at least one tag block")),
  }),
  defineRule({
    id: "CKV2_AWS_15",
    title: "Auto Scaling groups attached to a target group use ELB health checks",
    types: ["aws_autoscaling_group"],
    severity: "L",
    fix: 'Set healthCheckType = "ELB" on ASGs attached to target groups (the ECS capacity ASG is not attached).',
    check: (r, ctx) => {
      const attached = ctx.referrers(r.address, "aws_autoscaling_attachment").length > 0 || isSet(r.attrs.target_group_arns);
      if (!attached) return [];
      const v = r.attrs.health_check_type;
      if (isRef(v)) return unknown("health_check_type", '"ELB"', v);
      return v === "ELB" ? PASS : fail("health_check_type", '"ELB"', v);
    },
  }),
  defineRule({
    id: "CKV_AWS_126",
    title: "Instances have detailed monitoring",
    types: [INSTANCE],
    severity: "M",
    fix: "Set monitoring = true.",
    check: (r) => expectBool(r.attrs, "monitoring", true),
  }),
  defineRule({
    id: "CKV_AWS_135",
    title: "Instances are EBS-optimized",
    types: [INSTANCE],
    severity: "L",
    fix: "Set ebsOptimized = true.",
    check: (r) => expectBool(r.attrs, "ebs_optimized", true),
  }),
  defineRule({
    id: "CKV2_AWS_41",
    title: "Instances have an IAM instance profile",
    types: [INSTANCE],
    severity: "I",
    fix: "Set iamInstanceProfile.",
    check: (r) => (isSet(r.attrs.iam_instance_profile) ? PASS : fail("iam_instance_profile", "an instance profile")),
  }),
  // ----- project rules -----
  defineRule({
    id: "PRJ_LT_EBS",
    title: "Launch template volumes are encrypted (no checkov rule covers launch templates)",
    types: [LT],
    severity: "H",
    fix: 'Declare blockDeviceMappings [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeType: "gp3", … } }].',
    check: (r) => {
      const bdm = blocks(r.attrs.block_device_mappings);
      if (!bdm.length) return fail("block_device_mappings", "the root volume declared with ebs.encrypted = true", "no block_device_mappings (AMI default, possibly unencrypted)");
      return bdm.map((m, i) => {
        const ebs = block(m.ebs);
        if (!ebs) return isSet(m.virtual_name) || isSet(m.no_device) ? PASS : fail(`block_device_mappings[${i}].ebs.encrypted`, "true", "no ebs block");
        return relabel(expectBool(ebs, "encrypted", true), `block_device_mappings[${i}].ebs.encrypted`);
      });
    },
  }),
  defineRule({
    id: "PRJ_LT_IMDS",
    title: "Launch templates require IMDSv2 tokens with hop limit 1",
    types: [LT],
    severity: "H",
    fix: 'Set metadataOptions { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 }.',
    check: (r) => {
      const tokens = imdsTokens(r.attrs);
      if (tokens.status !== "pass") return tokens;
      const hop = at(r.attrs, "metadata_options.http_put_response_hop_limit");
      const n = num(hop);
      if (at(r.attrs, "metadata_options.http_endpoint") === "disabled") return PASS;
      if (n === "unknown") return unknown("metadata_options.http_put_response_hop_limit", "1", hop);
      return n === 1 ? PASS : fail("metadata_options.http_put_response_hop_limit", "1 (set explicitly)", hop);
    },
  }),
];
