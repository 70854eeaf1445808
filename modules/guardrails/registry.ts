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
 * Rules a waiver can never silence (security-rules.md §6): trust of CI, IMDSv1, admin policies, public buckets,
 * the state backend, plaintext secrets, literal credentials.
 */
export const NON_WAIVABLE: ReadonlySet<string> = new Set([
  "PRJ_OIDC", "CKV_AWS_79", "CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_274", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56",
  "CKV_AWS_20", "CKV_AWS_57", "PRJ_BACKEND", "PRJ_ECS_SECRETS", "CKV_AWS_41", "CKV_AWS_46",
]);
