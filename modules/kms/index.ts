import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "../../foundation/cdk";
import { policyDocument, type Statement } from "../iam/policy";

export interface ManagedKeyProps {
  /** Alias without the `alias/` prefix, e.g. `acme-dev-logs`. */
  readonly alias: string;
  readonly description: string;
  /** Key policy JSON. @default the account-root default policy (IAM policies grant use) */
  readonly policy?: string;
  /** Days before a scheduled deletion completes. @default 30 */
  readonly deletionWindowInDays?: number;
  /** Provider (region) of the key, e.g. the us-east-1 alias for CloudFront/WAF resources. @default the stack's */
  readonly provider?: AwsProvider;
}

/** A customer-managed KMS key with yearly rotation on, and an alias. */
export class ManagedKey extends Construct {
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: ManagedKeyProps) {
    super(scope, id);
    this.key = new KmsKey(this, "key", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: props.policy,
      provider: props.provider,
    });
    new KmsAlias(this, "alias", { name: `alias/${props.alias}`, targetKeyId: this.key.keyId, provider: props.provider });
  }
}

/** The account root administers the key and IAM policies grant its use (the AWS default, written explicitly). */
export function accountRootStatement(accountId: string, partition = "aws"): Statement {
  return { Sid: "AccountRootAdministers", Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${accountId}:root` }, Action: "kms:*", Resource: "*" };
}

/** Key policy: account root only (IAM policies grant use). */
export function accountRootKeyPolicy(accountId: string): string {
  return policyDocument([accountRootStatement(accountId)]);
}

/** CloudWatch Logs in `region` may use the key, only for log groups of this account (encryption context condition). */
function logsStatement(accountId: string, region: string, partition = "aws"): Statement {
  return {
    Sid: "CloudWatchLogsUse",
    Effect: "Allow",
    Principal: { Service: `logs.${region}.amazonaws.com` },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    Resource: "*",
    Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${accountId}:log-group:*` } },
  };
}

/**
 * Key policy for CloudWatch Logs log groups: the account root administers, and the regional Logs service may
 * use the key only for log groups of this account (per the CloudWatch Logs docs).
 */
export function logsKeyPolicy(accountId: string, region: string): string {
  return policyDocument([accountRootStatement(accountId), logsStatement(accountId, region)]);
}

/**
 * Key policy for a key that AWS services use on the account's behalf: the account root (so IAM policies grant
 * use, as with the default policy), CloudWatch Logs for log groups of this account and region, and CloudWatch
 * alarms publishing to SNS topics encrypted with the key.
 */
export function serviceKeyPolicy(props: {
  readonly accountId: string;
  readonly region: string;
  readonly partition?: string;
  /** AWS Budgets publishes notifications to SNS topics encrypted with the key. @default false */
  readonly budgets?: boolean;
}): string {
  const { accountId, region } = props;
  const partition = props.partition ?? "aws";
  return policyDocument([
    accountRootStatement(accountId, partition),
    logsStatement(accountId, region, partition),
    {
      Sid: "CloudWatchAlarmsToEncryptedSns",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
    // AWS Budgets needs the data key of an encrypted topic it publishes to (AWS Budgets docs, "Creating an
    // Amazon SNS topic for budget notifications").
    ...(props.budgets
      ? [{
          Sid: "BudgetsToEncryptedSns",
          Effect: "Allow" as const,
          Principal: { Service: "budgets.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        }]
      : []),
  ]);
}
