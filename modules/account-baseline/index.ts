import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { ConfigConfigRule } from "@cdktf/provider-aws/lib/config-config-rule";
import { ConfigConfigurationRecorder } from "@cdktf/provider-aws/lib/config-configuration-recorder";
import { ConfigConfigurationRecorderStatus } from "@cdktf/provider-aws/lib/config-configuration-recorder-status";
import { ConfigDeliveryChannel } from "@cdktf/provider-aws/lib/config-delivery-channel";
import { EbsEncryptionByDefault } from "@cdktf/provider-aws/lib/ebs-encryption-by-default";
import { GuarddutyDetector } from "@cdktf/provider-aws/lib/guardduty-detector";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { S3AccountPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-account-public-access-block";
import { Construct } from "../../foundation/cdk";
import { PhysicalNames } from "../../foundation/names";
import { assumeRoleFor, policyDocument, type Statement } from "../iam/policy";
import { ManagedKey, accountRootStatement } from "../kms";
import { SecureBucket } from "../secure-bucket";
import { waive } from "../guardrails/waive";

export interface AccountBaselineProps {
  readonly accountId: string;
  readonly region: string;
  /** Physical-name prefix `<project>-<env>`. */
  readonly namePrefix: string;
  /** Audit log bucket name (CloudTrail and Config). */
  readonly bucketName: string;
  /** Days audit logs are kept in the bucket. */
  readonly logDays: number;
  /** AWS Config managed rule identifiers to evaluate. */
  readonly configRules: readonly string[];
  /** Allow destroying the non-empty audit bucket (non-production). */
  readonly forceDestroy: boolean;
}

/**
 * The account security baseline: S3 account-level Block Public Access, EBS encryption by default, a GuardDuty
 * detector, an AWS Config recorder + delivery channel + managed rules, and a multi-region CloudTrail with log
 * file validation, encrypted with its own rotated CMK into a hardened bucket. Account-level singletons: exactly
 * one environment per account and region may build it (envs/validate.ts enforces that).
 */
export class AccountBaseline extends Construct {
  readonly trail: Cloudtrail;
  readonly bucket: SecureBucket;
  readonly key: ManagedKey;
  readonly detector: GuarddutyDetector;
  readonly recorder: ConfigConfigurationRecorder;

  constructor(scope: Construct, id: string, props: AccountBaselineProps) {
    super(scope, id);
    const { accountId, region, namePrefix } = props;

    new S3AccountPublicAccessBlock(this, "s3_public_access_block", {
      accountId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new EbsEncryptionByDefault(this, "ebs_encryption", { enabled: true });

    this.detector = new GuarddutyDetector(this, "guardduty", { enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES" });
    waive(this.detector, "CKV2_AWS_3", "No AWS Organization delegated GuardDuty administrator (standalone accounts), so no organization auto-enable; the detector is enabled explicitly here");

    // The trail's ARN is known before it exists, so key and bucket policies can pin aws:SourceArn without a cycle.
    const trailName = PhysicalNames.trail(namePrefix);
    const trailArn = `arn:aws:cloudtrail:${region}:${accountId}:trail/${trailName}`;
    this.key = new ManagedKey(this, "audit_key", {
      alias: PhysicalNames.auditKeyAlias(namePrefix),
      description: `Encrypts CloudTrail logs and AWS Config snapshots of ${namePrefix}`,
      policy: policyDocument([
        accountRootStatement(accountId),
        {
          Sid: "CloudTrailEncryptLogs",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "kms:GenerateDataKey*",
          Resource: "*",
          Condition: {
            StringEquals: { "aws:SourceArn": trailArn },
            StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${accountId}:trail/*` },
          },
        },
        { Sid: "CloudTrailDescribeKey", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:DescribeKey", Resource: "*", Condition: { StringEquals: { "aws:SourceArn": trailArn } } },
      ]),
    });
    const keyArn = this.key.key.arn;

    this.bucket = new SecureBucket(this, "audit_logs", {
      bucketName: props.bucketName,
      encryption: { type: "kms", keyArn },
      versioning: true,
      expireDays: props.logDays,
      forceDestroy: props.forceDestroy,
      policyStatements: (arn): Statement[] => [
        { Sid: "CloudTrailAclCheck", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: arn, Condition: { StringEquals: { "aws:SourceArn": trailArn } } },
        {
          Sid: "CloudTrailWrite",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `${arn}/AWSLogs/${accountId}/*`,
          Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trailArn } },
        },
        { Sid: "ConfigBucketCheck", Effect: "Allow", Principal: { Service: "config.amazonaws.com" }, Action: ["s3:GetBucketAcl", "s3:ListBucket"], Resource: arn, Condition: { StringEquals: { "aws:SourceAccount": accountId } } },
        {
          Sid: "ConfigWrite",
          Effect: "Allow",
          Principal: { Service: "config.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `${arn}/config/AWSLogs/${accountId}/Config/*`,
          Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": accountId } },
        },
      ],
    });
    waive(this.bucket.bucket, "CKV_AWS_18", "Audit log bucket: CloudTrail records the API calls on it; server access logs would need a further bucket that nothing reads");
    waive(this.bucket.bucket, "CKV_AWS_144", "Audit logs are versioned, KMS-encrypted and validated by CloudTrail digests; cross-region replication is not required");
    waive(this.bucket.bucket, "CKV2_AWS_62", "Nothing consumes object events of the audit log bucket");

    this.trail = new Cloudtrail(this, "trail", {
      name: trailName,
      s3BucketName: this.bucket.bucket.bucket,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      kmsKeyId: keyArn,
      // CloudTrail checks the bucket policy when the trail is created.
      dependsOn: [this.bucket.policy],
    });
    waive(this.trail, "CKV_AWS_252", "No consumer reacts to log file delivery; GuardDuty analyses the management events directly");
    waive(this.trail, "CKV2_AWS_10", "Audit trail kept in S3 with digest validation; GuardDuty covers detection, so no CloudWatch Logs copy");

    const configRole = new IamRole(this, "config_role", { name: PhysicalNames.configRole(namePrefix), assumeRolePolicy: assumeRoleFor("config.amazonaws.com", { StringEquals: { "aws:SourceAccount": accountId } }) });
    new IamRolePolicyAttachment(this, "config_role_managed", { role: configRole.name, policyArn: "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole" });
    new IamRolePolicy(this, "config_delivery", {
      role: configRole.id,
      name: "deliver-to-audit-bucket",
      policy: policyDocument([
        { Effect: "Allow", Action: ["s3:GetBucketAcl", "s3:ListBucket"], Resource: this.bucket.bucket.arn },
        { Effect: "Allow", Action: "s3:PutObject", Resource: `${this.bucket.bucket.arn}/config/AWSLogs/${accountId}/Config/*`, Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } } },
        { Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: keyArn },
      ]),
    });
    this.recorder = new ConfigConfigurationRecorder(this, "config_recorder", {
      name: PhysicalNames.configRecorder(namePrefix),
      roleArn: configRole.arn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
    });
    const channel = new ConfigDeliveryChannel(this, "config_delivery_channel", {
      name: PhysicalNames.configDeliveryChannel(namePrefix),
      s3BucketName: this.bucket.bucket.bucket,
      s3KeyPrefix: "config",
      s3KmsKeyArn: keyArn,
      dependsOn: [this.recorder, this.bucket.policy],
    });
    const status = new ConfigConfigurationRecorderStatus(this, "config_recorder_status", { name: this.recorder.name, isEnabled: true, dependsOn: [channel] });
    for (const rule of props.configRules) {
      new ConfigConfigRule(this, `config_rule_${rule.toLowerCase()}`, {
        name: PhysicalNames.configRule(namePrefix, rule),
        source: { owner: "AWS", sourceIdentifier: rule },
        dependsOn: [status],
      });
    }
  }
}
