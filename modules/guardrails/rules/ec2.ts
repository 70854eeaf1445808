/** EC2 launch templates, ASG, EBS (ECS on EC2 capacity) and the project's launch-template rules. */
import { defineRule } from "./define";
import type { Outcome } from "../types";
import { PASS, at, block, blocks, expectBool, fail, isRef, isSet, num, relabel, unknown } from "../values";

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
