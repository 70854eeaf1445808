/**
 * The rule catalogue: every rule of the pack, by id. Add a rule to a file under rules/ and it is evaluated on
 * every stack; __tests__/guardrails-rules.test.ts refuses a rule without a compliant and a failing fixture.
 */
import type { Rule } from "./types";
import { dataKmsRules } from "./rules/data-kms";
import { ec2Rules } from "./rules/ec2";
import { ecrLogRules } from "./rules/ecr-logs";
import { ecsRules } from "./rules/ecs";
import { edgeRules } from "./rules/edge";
import { elbRules } from "./rules/elb";
import { iamRules } from "./rules/iam";
import { messagingRules } from "./rules/messaging";
import { projectRules } from "./rules/project";
import { s3Rules } from "./rules/s3";
import { sgRules } from "./rules/sg";
import { vpcRules } from "./rules/vpc";

export const RULES: readonly Rule[] = [
  ...ec2Rules, ...vpcRules, ...sgRules, ...ecsRules, ...elbRules, ...ecrLogRules, ...iamRules, ...s3Rules,
  ...edgeRules, ...dataKmsRules, ...messagingRules, ...projectRules,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));

/**
 * Rules a waiver can never silence (docs/guardrails.md): trust of CI, IMDSv1, admin policies, public buckets,
 * the state backend, plaintext secrets, literal credentials.
 */
export const NON_WAIVABLE: ReadonlySet<string> = new Set([
  "PRJ_OIDC", "CKV_AWS_79", "CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_274", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56",
  "CKV_AWS_20", "CKV_AWS_57", "PRJ_BACKEND", "PRJ_ECS_SECRETS", "CKV_AWS_41", "CKV_AWS_46",
]);

/**
 * Why the pack, not checkov, judges each checkov id it keeps: what checkov 3.3.30 gets wrong on this project's
 * synthesized JSON, found by running checkov on the stacks and on the rule's fixtures (__tests__/fixtures/guardrails-
 * rules.ts). scripts/checkov.ts passes these ids to checkov as --skip-check; a test requires an entry for each.
 */
export const CHECKOV_GAPS: Readonly<Record<string, string>> = {
  CKV2_AWS_1: "checkov fails a NACL whose subnet_ids lists a subnet (false positive)",
  CKV2_AWS_15: "checkov returns no result for aws_autoscaling_group on terraform_json",
  CKV2_AWS_40: "checkov returns no result for policies written as JSON strings",
  CKV2_AWS_43: "checkov passes aws_s3_bucket_acl with acl authenticated-read",
  CKV2_AWS_46: "checkov passes an S3 origin without origin access control",
  CKV2_AWS_72: "the ALB origin name comes from remote state, which checkov cannot follow",
  CKV_AWS_20: "checkov returns no result for aws_s3_bucket_acl with acl public-read (non-waivable)",
  CKV_AWS_32: "checkov returns no result for ECR repository policies written as JSON strings",
  CKV_AWS_33: "checkov passes a key policy allowing kms:Decrypt to Principal AWS \"*\" without a condition",
  CKV_AWS_46: "checkov passes base64 user data carrying an access key (non-waivable)",
  CKV_AWS_53: "checkov does not evaluate aws_s3_account_public_access_block (non-waivable)",
  CKV_AWS_54: "checkov does not evaluate aws_s3_account_public_access_block (non-waivable)",
  CKV_AWS_55: "checkov does not evaluate aws_s3_account_public_access_block (non-waivable)",
  CKV_AWS_56: "checkov does not evaluate aws_s3_account_public_access_block (non-waivable)",
  CKV_AWS_57: "checkov returns no result for an AllUsers WRITE grant in aws_s3_bucket_acl (non-waivable)",
  CKV_AWS_60: "checkov passes a trust policy with Principal \"*\"",
  CKV_AWS_93: "checkov passes an unconditional Deny of s3:* to \"*\"",
  CKV_AWS_97: "also runs on ecspresso task definitions, which Terraform (and so checkov) never sees",
  CKV_AWS_169: "checkov returns no result for SNS topic policies written as JSON strings",
  CKV_AWS_192: "checkov passes a KnownBadInputs group whose Log4JRCE rule is overridden to count",
  CKV_AWS_229: "checkov returns no result for aws_network_acl_rule",
  CKV_AWS_230: "checkov returns no result for aws_network_acl_rule",
  CKV_AWS_231: "checkov returns no result for aws_network_acl_rule",
  CKV_AWS_232: "checkov returns no result for aws_network_acl_rule",
  CKV_AWS_260: "checkov fails port-80 rules from the CloudFront prefix list and passes cidr_ipv4 0.0.0.0/0 on aws_vpc_security_group_ingress_rule",
  CKV_AWS_286: "checkov returns no result for identity policies written as JSON strings",
  CKV_AWS_287: "checkov returns no result for identity policies written as JSON strings",
  CKV_AWS_288: "checkov returns no result for identity policies written as JSON strings",
  CKV_AWS_289: "checkov returns no result for identity policies written as JSON strings",
  CKV_AWS_290: "checkov returns no result for identity policies written as JSON strings",
  CKV_AWS_332: "checkov returns no result for a Fargate service with an old platform_version",
  CKV_AWS_336: "checkov passes a container with readonlyRootFilesystem false; also runs on ecspresso task definitions",
  CKV_AWS_355: "checkov returns no result for identity policies written as JSON strings",
  CKV_AWS_379: "checkov's check raises on aws_s3_bucket_acl (S3SecureDataTransport TypeError)",
  CKV_AWS_385: "checkov returns no result for SNS topic policies written as JSON strings",
};
