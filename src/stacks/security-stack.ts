import { Construct } from "../../foundation/cdk";
import { AccountBaseline } from "../../modules/account-baseline";
import { SecurityOut } from "../../foundation/contract";
import { checkedName, PhysicalNames } from "../../foundation/names";
import { EnvStack, type EnvStackProps } from "./env-stack";

/**
 * `<env>-security`: the account security baseline, built by the one environment per account and region whose
 * config sets `security.baseline` (envs/validate.ts enforces "one").
 */
export class SecurityStack extends EnvStack {
  readonly baseline: AccountBaseline;

  constructor(scope: Construct, props: Omit<EnvStackProps, "layer">) {
    super(scope, { ...props, layer: "security" });
    const env = this.env;
    this.baseline = new AccountBaseline(this, "baseline", {
      accountId: this.account.id,
      region: env.region,
      namePrefix: this.prefix,
      // Bucket names are global: the account id keeps them unique.
      bucketName: checkedName("s3Bucket", PhysicalNames.auditBucket(this.prefix, this.account.id), env.name),
      logDays: env.security.auditLogDays,
      configRules: env.security.configRules,
      forceDestroy: !env.deletionProtection,
    });
    const b = this.baseline;
    this.output(SecurityOut.trailArn, b.trail.arn, "Multi-region CloudTrail ARN");
    this.output(SecurityOut.auditBucketName, b.bucket.bucket.bucket, "Bucket holding CloudTrail logs and AWS Config snapshots");
    this.output(SecurityOut.auditKeyArn, b.key.key.arn, "KMS key encrypting the audit logs");
    this.output(SecurityOut.guarddutyDetectorId, b.detector.id, "GuardDuty detector id");
  }
}
