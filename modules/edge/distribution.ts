import { CloudfrontDistribution, type CloudfrontDistributionViewerCertificate } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import type { ITerraformDependable } from "../../foundation/cdk";
import { Construct } from "../../foundation/cdk";
import { EDGE_PATHS } from "../../foundation/contract";
import { MANAGED_CACHE_POLICY, MANAGED_ORIGIN_REQUEST_POLICY } from "./policies";

/** Origin ids (behaviours point at them; stable so plans stay readable). */
export const ORIGIN_ID = { static: "static-s3", alb: "alb" } as const;


const ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"];
const CACHED_METHODS = ["GET", "HEAD"];

/** A private S3 origin served under one path pattern. */
export interface BucketOrigin {
  /** Origin id, unique in the distribution (`bucket-<name>`). */
  readonly originId: string;
  /** The bucket's regional domain name (`<bucket>.s3.<region>.amazonaws.com`). */
  readonly domainName: string;
  readonly originAccessControlId: string;
  /** Literal prefix ending in `/*`; CloudFront sends the whole path as the object key. */
  readonly pathPattern: string;
}

export interface EdgeDistributionProps {
  readonly comment: string;
  readonly priceClass: string;
  /** Alternate domain names; empty with the default certificate. */
  readonly aliases: readonly string[];
  /** Validated us-east-1 certificate ARN; absent = the default *.cloudfront.net certificate. */
  readonly certificateArn?: string;
  readonly webAclArn: string;
  /** Cache policy of `/_next/static/*`, of `/*`, and the response headers policy of every behaviour (optional). */
  readonly policies: { readonly staticAssets: string; readonly pages: string; readonly responseHeaders?: string };
  readonly staticOrigin: { readonly domainName: string; readonly originAccessControlId: string };
  /**
   * Further private S3 origins read through an OAC (the data stack's media buckets), each with a GET/HEAD
   * behaviour for its path pattern after the distribution's own (config validation keeps the patterns disjoint,
   * so the order decides nothing); cached with the AWS managed CachingOptimized policy. @default []
   */
  readonly bucketOrigins?: readonly BucketOrigin[];
  readonly albOrigin: {
    readonly domainName: string;
    /** `https-only` when the ALB has a certificate; `http-only` only where none is configured. */
    readonly protocol: "https-only" | "http-only";
    readonly verifyHeaderName: string;
    readonly verifyHeaderValue: string;
  };
  /** `<bucket>.s3.amazonaws.com` of the standard-log bucket. */
  readonly logBucketDomainName: string;
  /** Resources that must exist first (the log bucket's ACL-enabled ownership controls). */
  readonly dependsOn?: ITerraformDependable[];
  /** Terraform preconditions checked at plan (cross-stack consistency). */
  readonly preconditions?: { condition: unknown; errorMessage: string }[];
}

/**
 * The distribution: `/_next/static/*` from S3 (one-year TTL), `/api/*` from the ALB uncached with every viewer
 * header/cookie/query except Host, any `bucketOrigins` under their own paths, and `/*` from the ALB with TTL 0
 * and header-based caching. HTTP/2+3, IPv6,
 * HTTPS-only viewers, WAF attached by `web_acl_id`, standard logs to the log bucket.
 */
export class EdgeDistribution extends Construct {
  readonly distribution: CloudfrontDistribution;

  constructor(scope: Construct, id: string, props: EdgeDistributionProps) {
    super(scope, id);
    const { policies } = props;
    const viewerCertificate: CloudfrontDistributionViewerCertificate = props.certificateArn
      ? { acmCertificateArn: props.certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" }
      : { cloudfrontDefaultCertificate: true };
    const alb = props.albOrigin;
    const bucketOrigins = props.bucketOrigins ?? [];
    this.distribution = new CloudfrontDistribution(this, "distribution", {
      enabled: true,
      comment: props.comment,
      httpVersion: "http2and3",
      isIpv6Enabled: true,
      priceClass: props.priceClass,
      aliases: props.aliases.length ? [...props.aliases] : undefined,
      webAclId: props.webAclArn,
      origin: [
        {
          originId: ORIGIN_ID.static,
          domainName: props.staticOrigin.domainName,
          originAccessControlId: props.staticOrigin.originAccessControlId,
        },
        {
          originId: ORIGIN_ID.alb,
          domainName: alb.domainName,
          customOriginConfig: {
            httpPort: 80,
            httpsPort: 443,
            originProtocolPolicy: alb.protocol,
            originSslProtocols: ["TLSv1.2"],
            originReadTimeout: 30,
            originKeepaliveTimeout: 5,
          },
          // The ALB listener answers 403 unless this header carries the secret (platform stack).
          customHeader: [{ name: alb.verifyHeaderName, value: alb.verifyHeaderValue }],
        },
        ...bucketOrigins.map((o) => ({ originId: o.originId, domainName: o.domainName, originAccessControlId: o.originAccessControlId })),
      ],
      defaultCacheBehavior: {
        targetOriginId: ORIGIN_ID.alb,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ALL_METHODS,
        cachedMethods: CACHED_METHODS,
        cachePolicyId: policies.pages,
        originRequestPolicyId: MANAGED_ORIGIN_REQUEST_POLICY.allViewerExceptHostHeader,
        responseHeadersPolicyId: policies.responseHeaders,
        compress: true,
      },
      orderedCacheBehavior: [
        {
          pathPattern: EDGE_PATHS.static,
          targetOriginId: ORIGIN_ID.static,
          viewerProtocolPolicy: "redirect-to-https",
          allowedMethods: ["GET", "HEAD", "OPTIONS"],
          cachedMethods: CACHED_METHODS,
          cachePolicyId: policies.staticAssets,
          responseHeadersPolicyId: policies.responseHeaders,
          compress: true,
        },
        {
          pathPattern: EDGE_PATHS.api,
          targetOriginId: ORIGIN_ID.alb,
          viewerProtocolPolicy: "redirect-to-https",
          allowedMethods: ALL_METHODS,
          cachedMethods: CACHED_METHODS,
          cachePolicyId: MANAGED_CACHE_POLICY.cachingDisabled,
          originRequestPolicyId: MANAGED_ORIGIN_REQUEST_POLICY.allViewerExceptHostHeader,
          responseHeadersPolicyId: policies.responseHeaders,
          compress: true,
        },
        ...bucketOrigins.map((o) => ({
          pathPattern: o.pathPattern,
          targetOriginId: o.originId,
          viewerProtocolPolicy: "redirect-to-https",
          allowedMethods: ["GET", "HEAD"],
          cachedMethods: CACHED_METHODS,
          cachePolicyId: MANAGED_CACHE_POLICY.cachingOptimized,
          responseHeadersPolicyId: policies.responseHeaders,
          compress: true,
        })),
      ],
      // Geo blocking is a WAF rule (edge.geoBlock), which also logs what it blocked.
      restrictions: { geoRestriction: { restrictionType: "none", locations: [] } },
      viewerCertificate,
      loggingConfig: { bucket: props.logBucketDomainName, prefix: "cloudfront/", includeCookies: false },
      dependsOn: props.dependsOn,
      lifecycle: props.preconditions?.length ? { precondition: props.preconditions } : undefined,
    });
  }
}
