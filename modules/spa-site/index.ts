import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct, Lazy } from "../../foundation/cdk";
import { DnsValidatedCertificate } from "../edge/certificate";
import { DistributionAliasRecords } from "../edge/dns";
import { MANAGED_CACHE_POLICY, MANAGED_ORIGIN_REQUEST_POLICY } from "../edge/policies";
import { StaticAssets } from "../edge/static-assets";
import { waive } from "../guardrails/waive";
import { SecureBucket } from "../secure-bucket";
import { RegionalWebAcl } from "../api-gateway/waf";

export interface SpaSiteProps {
  /** `<project>-<env>-spa`: prefix of the key alias, OAC and WAF names. */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly bucketName: string;
  readonly logBucketName: string;
  readonly logDays: number;
  readonly priceClass: string;
  /** The API behind `apiPath/*`: its execute-api host and stage (origin path `/<stage>`). */
  readonly api: { readonly domainName: string; readonly stageName: string; readonly path: string };
  /** A custom domain (certificate in us-east-1 + alias record); absent = *.cloudfront.net (non-production). */
  readonly domain?: { readonly name: string; readonly hostedZoneId: string };
  /** CLOUDFRONT-scope WAF; absent = none. */
  readonly waf?: { readonly name: string; readonly rateLimitPer5Min: number };
  /** Provider in us-east-1 (viewer certificate, CLOUDFRONT-scope WAF). */
  readonly usEast1: AwsProvider;
  /** Allow destroying non-empty buckets (non-production). @default false */
  readonly forceDestroy?: boolean;
}

const ORIGIN = { spa: "spa-s3", api: "api" } as const;

/**
 * A static single-page app without a load balancer (design 000): CloudFront in front of a private S3 bucket
 * read through OAC (SSE-KMS, the key and bucket policies name only this distribution), `index.html` as the root
 * object, the SPA fallback (CloudFront answers S3's 403 — OAC without ListBucket — and 404 with `/index.html`
 * and 200, so client-side routes load the app), and `<apiPath>/*` sent uncached to the REST API stage with every
 * viewer header except Host. HTTPS only (TLS 1.2_2021 with a domain), HTTP/2+3, IPv6, standard logs, optional WAF.
 *
 * Custom error responses apply to the whole distribution, so an API 403/404 through this domain also arrives as
 * the app shell: the SPA's API client treats a non-JSON answer under `<apiPath>/` as an error (docs/serverless.md).
 */
export class SpaSite extends Construct {
  readonly content: StaticAssets;
  readonly distribution: CloudfrontDistribution;
  readonly certificate?: DnsValidatedCertificate;
  readonly webAcl?: RegionalWebAcl;

  constructor(scope: Construct, id: string, props: SpaSiteProps) {
    super(scope, id);
    const distributionArn = Lazy.stringValue({ produce: () => this.distribution.arn });
    this.content = new StaticAssets(this, "content", {
      bucketName: props.bucketName,
      namePrefix: props.namePrefix,
      accountId: props.accountId,
      distributionArn,
      forceDestroy: props.forceDestroy,
    });
    waive(this.content.bucket, "CKV_AWS_18", "every read goes through CloudFront, whose standard logs record it; S3 server access logs would duplicate them");
    waive(this.content.bucket, "CKV_AWS_144", "the SPA build is a rebuildable artefact (CI syncs it on every release); a second region adds nothing");
    waive(this.content.bucket, "CKV2_AWS_62", "nothing consumes object events of the SPA bucket");
    const logs = new SecureBucket(this, "logs", {
      bucketName: props.logBucketName,
      encryption: { type: "s3" },
      versioning: true,
      noncurrentVersionDays: 7,
      expireDays: props.logDays,
      objectOwnership: "BucketOwnerPreferred",
      forceDestroy: props.forceDestroy,
    });
    waive(logs, "CKV2_AWS_65", "CloudFront standard (legacy) logging writes objects with ACLs and needs BucketOwnerPreferred");
    waive(logs, "CKV_AWS_145", "log delivery target: SSE-S3 avoids granting the log delivery account a CMK; logs hold no cookies (include_cookies = false)");
    waive(logs, "CKV_AWS_18", "this is the access-log target; logging it into itself would loop");
    waive(logs, "CKV_AWS_144", "access logs expire after their retention; losing a region loses the distribution's logs only, no replica needed");
    waive(logs, "CKV2_AWS_62", "nothing consumes object events of the access-log bucket");
    if (props.domain) {
      this.certificate = new DnsValidatedCertificate(this, "certificate", {
        domainName: props.domain.name,
        alternativeNames: [],
        hostedZoneId: props.domain.hostedZoneId,
        provider: props.usEast1,
      });
    }
    if (props.waf) {
      this.webAcl = new RegionalWebAcl(this, "waf", { name: props.waf.name, rateLimitPer5Min: props.waf.rateLimitPer5Min, scope: "CLOUDFRONT", provider: props.usEast1 });
    }
    this.distribution = new CloudfrontDistribution(this, "distribution", {
      enabled: true,
      comment: `${props.namePrefix}: SPA from S3, ${props.api.path}/* from API Gateway`,
      httpVersion: "http2and3",
      isIpv6Enabled: true,
      priceClass: props.priceClass,
      defaultRootObject: "index.html",
      aliases: props.domain ? [props.domain.name] : undefined,
      webAclId: this.webAcl?.acl.arn,
      origin: [
        { originId: ORIGIN.spa, domainName: this.content.bucket.bucket.bucketRegionalDomainName, originAccessControlId: this.content.oac.id },
        {
          originId: ORIGIN.api,
          domainName: props.api.domainName,
          originPath: `/${props.api.stageName}`,
          customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] },
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: ORIGIN.spa,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD", "OPTIONS"],
        cachedMethods: ["GET", "HEAD"],
        cachePolicyId: MANAGED_CACHE_POLICY.cachingOptimized,
        compress: true,
      },
      orderedCacheBehavior: [
        {
          pathPattern: `${props.api.path}/*`,
          targetOriginId: ORIGIN.api,
          viewerProtocolPolicy: "https-only",
          allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
          cachedMethods: ["GET", "HEAD"],
          cachePolicyId: MANAGED_CACHE_POLICY.cachingDisabled,
          originRequestPolicyId: MANAGED_ORIGIN_REQUEST_POLICY.allViewerExceptHostHeader,
          compress: true,
        },
      ],
      // SPA routing: S3 through OAC answers 403 for a missing key (no ListBucket), 404 otherwise.
      customErrorResponse: [403, 404].map((code) => ({ errorCode: code, responseCode: 200, responsePagePath: "/index.html", errorCachingMinTtl: 10 })),
      restrictions: { geoRestriction: { restrictionType: "none", locations: [] } },
      viewerCertificate: this.certificate
        ? { acmCertificateArn: this.certificate.validation.certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" }
        : { cloudfrontDefaultCertificate: true },
      loggingConfig: { bucket: logs.bucket.bucketDomainName, prefix: "cloudfront/", includeCookies: false },
      dependsOn: [logs.ownership],
    });
    if (props.domain) {
      new DistributionAliasRecords(this, "dns", {
        hostedZoneId: props.domain.hostedZoneId,
        names: [{ label: "spa", name: props.domain.name }],
        target: { domainName: this.distribution.domainName, hostedZoneId: this.distribution.hostedZoneId },
      });
    }
  }
}
