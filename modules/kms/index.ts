import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "../../src/cdk";
import { policyDocument } from "../iam/policy";

export interface ManagedKeyProps {
  /** Alias without the `alias/` prefix, e.g. `acme-dev-logs`. */
  readonly alias: string;
  readonly description: string;
  /** Key policy JSON. @default the account-root default policy (IAM policies grant use) */
  readonly policy?: string;
  /** Days before a scheduled deletion completes. @default 30 */
  readonly deletionWindowInDays?: number;
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
    });
    new KmsAlias(this, "alias", { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
  }
}

/**
 * Key policy for a key that AWS services use on the account's behalf: the account root (so IAM policies grant
 * use, as with the default policy), CloudWatch Logs for log groups of this account and region (encryption
 * context condition), and CloudWatch alarms publishing to SNS topics encrypted with the key.
 */
export function serviceKeyPolicy(props: { readonly accountId: string; readonly region: string; readonly partition?: string }): string {
  const { accountId, region } = props;
  const partition = props.partition ?? "aws";
  return policyDocument([
    {
      Sid: "AccountRoot",
      Effect: "Allow",
      Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
      Action: "kms:*",
      Resource: "*",
    },
    {
      Sid: "CloudWatchLogs",
      Effect: "Allow",
      Principal: { Service: `logs.${region}.amazonaws.com` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${accountId}:log-group:*` } },
    },
    {
      Sid: "CloudWatchAlarmsToEncryptedSns",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
  ]);
}
