import type { S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { Construct } from "../../foundation/cdk";
import { SecureBucket } from "../secure-bucket";
import { waive } from "../guardrails/waive";

export interface MediaBucketProps {
  readonly bucketName: string;
  /** `tiers`: Standard-IA after `iaDays`, Glacier Flexible Retrieval after `glacierDays`; `intelligent-tiering`: from day 0. */
  readonly lifecycle: "tiers" | "intelligent-tiering";
  readonly iaDays: number;
  readonly glacierDays: number;
  readonly noncurrentVersionDays: number;
  /** SSE-KMS with this CMK (bucket key on), or SSE-S3. */
  readonly encryption: { readonly type: "kms"; readonly keyArn: string } | { readonly type: "s3" };
  /** Allow destroying a non-empty bucket (throwaway environments). @default false */
  readonly forceDestroy?: boolean;
  /**
   * The edge stack serves the bucket through CloudFront and writes its complete policy (TLS deny + OAC read of
   * its distribution, modules/edge/oac.ts); this stack then writes the TLS-only policy at create and ignores
   * later changes of it (`SecureBucketProps.policyCompletedElsewhere`). @default false
   */
  readonly servedByEdge?: boolean;
}

/**
 * The media bucket of design 001: modules/secure-bucket's defaults (all four public access blocks, owner-enforced
 * ownership, TLS-only policy, versioning, noncurrent expiry) plus the storage-class lifecycle. S3 requires ≥ 30
 * days in Standard before Standard-IA and a Glacier transition after the IA one (S3 User Guide, "Transitioning
 * objects using Amazon S3 Lifecycle"), checked in envs/schema.ts.
 */
export class MediaBucket extends Construct {
  readonly bucket: SecureBucket;

  constructor(scope: Construct, id: string, props: MediaBucketProps) {
    super(scope, id);
    const rule: S3BucketLifecycleConfigurationRule =
      props.lifecycle === "tiers"
        ? {
            id: "storage-tiers",
            status: "Enabled",
            filter: [{}],
            transition: [
              { days: props.iaDays, storageClass: "STANDARD_IA" },
              { days: props.glacierDays, storageClass: "GLACIER" },
            ],
          }
        : { id: "intelligent-tiering", status: "Enabled", filter: [{}], transition: [{ days: 0, storageClass: "INTELLIGENT_TIERING" }] };
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      encryption: props.encryption,
      versioning: true,
      noncurrentVersionDays: props.noncurrentVersionDays,
      lifecycleRules: [rule],
      forceDestroy: props.forceDestroy,
      policyCompletedElsewhere: props.servedByEdge,
    });
    const b = this.bucket.bucket;
    waive(b, "CKV_AWS_144", "one-region system: versioning and noncurrent-version retention protect objects; a cross-region copy belongs to a disaster-recovery design this project does not implement");
    waive(b, "CKV_AWS_18", "object reads and writes are the application's, through its task role; CloudTrail data events, not S3 server access logs, would audit them");
    waive(b, "CKV2_AWS_62", "nothing consumes object events of the media bucket (design 001's image-processing Lambda is not part of this platform)");
    if (props.encryption.type === "s3") waive(b, "CKV_AWS_145", "SSE-S3 by config (encryption: s3, design 001's choice): objects served through CloudFront OAC need no KMS grant");
  }
}
