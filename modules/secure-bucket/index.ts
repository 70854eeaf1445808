import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration, type S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "../../foundation/cdk";
import { denyInsecureTransport, policyDocument, type Statement } from "../iam/policy";

export interface SecureBucketProps {
  /** Physical bucket name. */
  readonly bucketName: string;
  /**
   * Default encryption. `kms` with a key ARN uses SSE-KMS with an S3 bucket key; `s3` uses SSE-S3 (AES256),
   * required where the writer cannot use a CMK (ALB access logs, CloudFront standard logs).
   * @default { type: "s3" }
   */
  readonly encryption?: { readonly type: "kms"; readonly keyArn: string } | { readonly type: "s3" };
  /** @default true */
  readonly versioning?: boolean;
  /** Expire current objects after N days (log buckets). @default never */
  readonly expireDays?: number;
  /** Expire noncurrent versions after N days. @default 90 when versioned */
  readonly noncurrentVersionDays?: number;
  /** Statements added to the bucket policy after the TLS-only deny. @default [] */
  readonly policyStatements?: (bucketArn: string) => Statement[];
  /**
   * Object ownership. CloudFront standard logging still writes with ACLs and needs `BucketOwnerPreferred`.
   * @default "BucketOwnerEnforced"
   */
  readonly objectOwnership?: "BucketOwnerEnforced" | "BucketOwnerPreferred";
  /** Terraform `prevent_destroy` on the bucket (state buckets). @default false */
  readonly preventDestroy?: boolean;
  /** Allow destroying a non-empty bucket (non-production log buckets). @default false */
  readonly forceDestroy?: boolean;
  /** Further lifecycle rules (storage-class transitions), after the built-in ones. @default [] */
  readonly lifecycleRules?: readonly S3BucketLifecycleConfigurationRule[];
  /**
   * A later stack replaces the bucket policy with a superset of it (the edge stack's `OacBucketPolicy`: this
   * TLS-only deny plus a CloudFront read naming its distribution, which does not exist when this bucket is
   * created). The policy is written at create, so the bucket is never without the TLS deny, and Terraform here
   * ignores later changes of the document, so the two stacks never undo each other (S3 keeps one policy per
   * bucket). @default false
   */
  readonly policyCompletedElsewhere?: boolean;
}

/**
 * A private S3 bucket with the project's secure defaults: Block Public Access (all four), default encryption,
 * versioning, owner-enforced object ownership, a TLS-only bucket policy and lifecycle rules.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly policy: S3BucketPolicy;
  /** Writers that rely on ACLs (CloudFront standard logging) must depend on this. */
  readonly ownership: S3BucketOwnershipControls;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const versioned = props.versioning ?? true;
    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy ?? false,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    const bucket = this.bucket.id;
    const pab = new S3BucketPublicAccessBlock(this, "public_access_block", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    this.ownership = new S3BucketOwnershipControls(this, "ownership", {
      bucket,
      rule: { objectOwnership: props.objectOwnership ?? "BucketOwnerEnforced" },
    });
    const enc = props.encryption ?? { type: "s3" };
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket,
      rule: [
        enc.type === "kms"
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: enc.keyArn }, bucketKeyEnabled: true }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    });
    new S3BucketVersioningA(this, "versioning", {
      bucket,
      versioningConfiguration: { status: versioned ? "Enabled" : "Suspended" },
    });
    const rules: S3BucketLifecycleConfigurationRule[] = [
      { id: "abort-incomplete-uploads", status: "Enabled", filter: [{}], abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }] },
    ];
    if (versioned) {
      rules.push({
        id: "expire-noncurrent-versions",
        status: "Enabled",
        filter: [{}],
        noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays ?? 90 }],
      });
    }
    if (props.expireDays) {
      rules.push({ id: "expire-objects", status: "Enabled", filter: [{}], expiration: [{ days: props.expireDays }] });
    }
    rules.push(...(props.lifecycleRules ?? []));
    new S3BucketLifecycleConfiguration(this, "lifecycle", { bucket, rule: rules });
    const arn = this.bucket.arn;
    this.policy = new S3BucketPolicy(this, "policy", {
      bucket,
      policy: policyDocument([denyInsecureTransport(arn), ...(props.policyStatements?.(arn) ?? [])]),
      // A policy write racing the public access block fails with AccessDenied on fresh buckets.
      dependsOn: [pab],
      lifecycle: props.policyCompletedElsewhere ? { ignoreChanges: ["policy"] } : undefined,
    });
  }
}
