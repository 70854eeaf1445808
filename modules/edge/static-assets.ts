import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { Construct } from "../../foundation/cdk";
import { PhysicalNames } from "../../foundation/contract";
import { policyDocument } from "../iam/policy";
import { ManagedKey } from "../kms";
import { SecureBucket } from "../secure-bucket";
import { oacDecryptStatement, oacReadStatement } from "./oac";

export interface StaticAssetsProps {
  readonly bucketName: string;
  readonly namePrefix: string;
  readonly accountId: string;
  /** ARN of the only distribution allowed to read (a lazy token: the distribution is created after the bucket). */
  readonly distributionArn: string;
  /** Allow destroying a non-empty bucket. @default false */
  readonly forceDestroy?: boolean;
}

/**
 * The private bucket behind `/_next/static/*`: SSE-KMS with a customer-managed key, versioned, TLS-only, and readable
 * only by the one distribution through an Origin Access Control (sigv4, always sign). Both the bucket policy and
 * the key policy name the service principal `cloudfront.amazonaws.com` with `AWS:SourceArn` = that distribution:
 * OAC (unlike the legacy OAI) can read SSE-KMS objects when the key policy allows it.
 */
export class StaticAssets extends Construct {
  readonly bucket: SecureBucket;
  readonly key: ManagedKey;
  readonly oac: CloudfrontOriginAccessControl;

  constructor(scope: Construct, id: string, props: StaticAssetsProps) {
    super(scope, id);
    this.key = new ManagedKey(this, "key", {
      alias: PhysicalNames.staticAssetsKeyAlias(props.namePrefix),
      description: `Static assets of ${props.namePrefix} (read by CloudFront through OAC)`,
      policy: policyDocument([
        // The account root keeps full control so IAM policies (CI upload role) can grant use of the key.
        { Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${props.accountId}:root` }, Action: "kms:*", Resource: "*" },
        oacDecryptStatement(props.distributionArn),
      ]),
    });
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      encryption: { type: "kms", keyArn: this.key.key.arn },
      versioning: true,
      // Old hashed files stay reachable for clients on the previous release; a month is ample.
      noncurrentVersionDays: 30,
      forceDestroy: props.forceDestroy ?? false,
      policyStatements: (arn) => [oacReadStatement(arn, props.distributionArn)],
    });
    // One OAC signs for every S3 origin of the distribution (it holds no bucket): the media buckets served through
    // the edge use it too.
    this.oac = new CloudfrontOriginAccessControl(this, "oac", {
      name: PhysicalNames.originAccessControl(props.namePrefix),
      description: "CloudFront reads the static asset bucket with SigV4",
      originAccessControlOriginType: "s3",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    });
  }
}
