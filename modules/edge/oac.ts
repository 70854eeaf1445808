import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { Construct } from "../../foundation/cdk";
import { denyInsecureTransport, policyDocument, type Statement } from "../iam/policy";

/** The service principal CloudFront signs OAC requests as (S3 and KMS see it, not a role). */
export const CLOUDFRONT_SERVICE = "cloudfront.amazonaws.com";

/**
 * Only requests CloudFront makes on behalf of this one distribution: OAC requests carry the distribution ARN as
 * `AWS:SourceArn` (CloudFront Developer Guide, "Restricting access to an Amazon S3 origin").
 */
function fromDistribution(distributionArn: string): NonNullable<Statement["Condition"]> {
  return { StringEquals: { "AWS:SourceArn": distributionArn } };
}

/** Bucket policy statement: the distribution (through its OAC) reads objects, nothing else. */
export function oacReadStatement(bucketArn: string, distributionArn: string): Statement {
  return {
    Sid: "AllowCloudFrontOacRead",
    Effect: "Allow",
    Principal: { Service: CLOUDFRONT_SERVICE },
    Action: "s3:GetObject",
    Resource: `${bucketArn}/*`,
    Condition: fromDistribution(distributionArn),
  };
}

/**
 * Key policy statement for an SSE-KMS bucket behind OAC: CloudFront decrypts objects for this distribution only
 * (OAC, unlike the legacy OAI, can read SSE-KMS objects when the key policy allows it).
 */
export function oacDecryptStatement(distributionArn: string): Statement {
  return { Sid: "CloudFrontOacDecrypt", Effect: "Allow", Principal: { Service: CLOUDFRONT_SERVICE }, Action: "kms:Decrypt", Resource: "*", Condition: fromDistribution(distributionArn) };
}

export interface OacBucketPolicyProps {
  /** Name of a bucket another stack created (read from its contract outputs). */
  readonly bucketName: string;
  readonly bucketArn: string;
  /** ARN of the only distribution allowed to read (a lazy token: the distribution is created later in the stack). */
  readonly distributionArn: string;
}

/**
 * The whole policy of a bucket the edge serves but does not own (a data-stack media bucket): the TLS-only deny
 * every project bucket has (modules/secure-bucket) plus the OAC read of this distribution. S3 keeps one policy per
 * bucket, so this document replaces the one the owning stack wrote at create; the owner ignores later changes of
 * it (`SecureBucketProps.policyCompletedElsewhere`) and both documents carry the same TLS deny. The distribution is
 * created after the bucket, which is why the statement naming it lives here and not in the owning stack.
 */
export class OacBucketPolicy extends Construct {
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: OacBucketPolicyProps) {
    super(scope, id);
    this.policy = new S3BucketPolicy(this, "policy", {
      bucket: props.bucketName,
      policy: policyDocument([denyInsecureTransport(props.bucketArn), oacReadStatement(props.bucketArn, props.distributionArn)]),
    });
  }
}
