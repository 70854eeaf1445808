import { DataAwsSecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct, Lazy, Op } from "../../foundation/cdk";
import { DnsValidatedCertificate } from "../../modules/edge/certificate";
import { EdgeDistribution } from "../../modules/edge/distribution";
import { DistributionAliasRecords } from "../../modules/edge/dns";
import { EdgePolicies, MANAGED_CACHE_POLICY } from "../../modules/edge/policies";
import { OacBucketPolicy } from "../../modules/edge/oac";
import { StaticAssets } from "../../modules/edge/static-assets";
import { EdgeWebAcl } from "../../modules/edge/waf";
import { waive } from "../../modules/guardrails/waive";
import { SecureBucket } from "../../modules/secure-bucket";
import type { EnvConfig } from "../../envs";
import { DataOut, EdgeOut, PhysicalNames, PlatformOut } from "../../foundation/contract";
import { ConfigError } from "../../foundation/errors";
import { checkedName } from "../../foundation/names";
import { EnvStack, awsProviderConfig, type EnvStackProps } from "./env-stack";
import { remoteState } from "./remote-state";

/** Region of everything CloudFront-scoped: the WAF web ACL, its log group and the viewer certificate. */
export const CLOUDFRONT_REGION = "us-east-1";

/**
 * Whether the ALB serves HTTPS, derived from config exactly as the platform stack decides it: a domain (the
 * platform issues `origin.<domain>`) or an imported certificate. A plan-time precondition compares it with the
 * platform's `alb_https_enabled` output, so the two stacks can never disagree silently.
 */
export function albServesHttps(env: EnvConfig): boolean {
  return env.domain !== undefined || env.alb.certificateArn !== undefined;
}

/** The viewer names of the distribution: the domain and its `edge.subdomains`, keyed by a stable label. */
export function viewerNames(env: EnvConfig): { label: string; name: string }[] {
  if (!env.domain) return [];
  return [{ label: "apex", name: env.domain.name }, ...env.edge.subdomains.map((s) => ({ label: s, name: `${s}.${env.domain!.name}` }))];
}

/**
 * `<env>-edge`: CloudFront in front of everything — static assets from a private S3 bucket (OAC), pages and the
 * API from the ALB (secret origin header), media buckets of `data.buckets.<name>.edge` under their paths (same OAC),
 * a CLOUDFRONT-scope WAF, the us-east-1 viewer certificate and DNS. Reads the platform's outputs from
 * `<env>/platform.tfstate` (and the data stack's when a bucket is served), so those are applied first.
 */
export class EdgeStack extends EnvStack {
  readonly usEast1: AwsProvider;
  readonly distribution: EdgeDistribution;
  readonly webAcl: EdgeWebAcl;
  readonly staticAssets: StaticAssets;
  readonly certificate?: DnsValidatedCertificate;

  constructor(scope: Construct, props: Omit<EnvStackProps, "layer">) {
    super(scope, { ...props, layer: "edge" });
    const env = this.env;
    const edge = env.edge;
    if (!env.domain && !edge.allowDefaultCertificate) {
      // envs/validate.ts reports this with the fix; this guards direct construction (tests, scripts).
      throw new ConfigError(env.name, "E_EDGE_NO_CERTIFICATE", "no domain and edge.allowDefaultCertificate is false");
    }
    const accountId = this.account.id;
    this.usEast1 = new AwsProvider(this, "aws_us_east_1", awsProviderConfig(env, this.account, CLOUDFRONT_REGION, "us_east_1"));

    const platform = remoteState(this, "platform");
    // Read at apply time: the secret value never appears in the repository or the synthesized JSON.
    const originSecret = new DataAwsSecretsmanagerSecretVersion(this, "origin_verify_secret", {
      secretId: platform.getString(PlatformOut.originVerifySecretArn),
    });

    const forceDestroy = !env.deletionProtection;
    // Bucket names are global: account-qualified names (foundation/names.ts), checked against the S3 naming rules.
    const bucketName = (full: string) => checkedName("s3Bucket", full, env.name);
    const distributionArn = Lazy.stringValue({ produce: () => this.distribution.distribution.arn });
    this.staticAssets = new StaticAssets(this, "static", {
      bucketName: bucketName(PhysicalNames.staticBucket(this.prefix, accountId)),
      namePrefix: this.prefix,
      accountId,
      distributionArn,
      forceDestroy,
    });
    waive(this.staticAssets.bucket, "CKV_AWS_18", "every read goes through CloudFront, whose standard logs record it; S3 server access logs would duplicate them");
    waive(this.staticAssets.bucket, "CKV_AWS_144", "build output: the application's CI uploads it again for every release, so a cross-region replica adds nothing");
    waive(this.staticAssets.bucket, "CKV2_AWS_62", "nothing consumes object events of the static asset bucket");

    const logs = new SecureBucket(this, "logs", {
      bucketName: bucketName(PhysicalNames.edgeLogBucket(this.prefix, accountId)),
      encryption: { type: "s3" },
      versioning: true,
      noncurrentVersionDays: 7,
      expireDays: edge.logBucketDays,
      objectOwnership: "BucketOwnerPreferred",
      forceDestroy,
    });
    waive(logs, "CKV2_AWS_65", "CloudFront standard (legacy) logging writes objects with ACLs and needs BucketOwnerPreferred");
    waive(logs, "CKV_AWS_145", "log delivery target: SSE-S3 avoids granting the log delivery account a CMK; logs hold no cookies (include_cookies = false)");
    waive(logs, "CKV_AWS_18", "this is the access-log target; logging it into itself would loop");
    waive(logs, "CKV_AWS_144", "CloudFront logs expire after edge.logBucketDays; they are operational data, not an audit trail, so no cross-region replica");
    waive(logs, "CKV2_AWS_62", "nothing consumes object events of the CloudFront log bucket");

    const custom = edge.customPolicies ? new EdgePolicies(this, "policies", { namePrefix: this.prefix }) : undefined;
    const policies = custom
      ? { staticAssets: custom.staticAssets.id, pages: custom.pages.id, responseHeaders: custom.securityHeaders.id }
      : { staticAssets: MANAGED_CACHE_POLICY.cachingOptimized, pages: MANAGED_CACHE_POLICY.cachingDisabled };

    this.webAcl = new EdgeWebAcl(this, "waf", {
      name: PhysicalNames.webAcl(this.prefix),
      logGroupName: PhysicalNames.wafLogGroup(this.prefix),
      logRetentionDays: edge.wafLogRetentionDays,
      provider: this.usEast1,
      accountId,
      rateLimitPer5Min: edge.rateLimitPer5Min,
      geoBlock: edge.geoBlock,
      sqlInjection: edge.sqlInjection,
    });

    const names = viewerNames(env);
    if (env.domain) {
      this.certificate = new DnsValidatedCertificate(this, "viewer_certificate", {
        domainName: names[0].name,
        alternativeNames: names.slice(1).map((n) => n.name),
        hostedZoneId: env.domain.hostedZoneId,
        provider: this.usEast1,
      });
    }

    // Media buckets of the data stack (applied before this one) served under their own paths through the same OAC;
    // this stack writes their whole bucket policy because it alone knows the distribution (modules/edge/oac.ts).
    const served = Object.entries(env.data.buckets).flatMap(([name, b]) => (b.edge ? [{ name, pathPattern: b.edge.pathPattern }] : []));
    const data = served.length ? remoteState(this, "data") : undefined;
    const bucketOrigins = served.map(({ name, pathPattern }) => {
      new OacBucketPolicy(this, `bucket_${name.replace(/-/g, "_")}`, {
        bucketName: data!.getString(DataOut.bucketName(name)),
        bucketArn: data!.getString(DataOut.bucketArn(name)),
        distributionArn,
      });
      return {
        originId: `bucket-${name}`,
        domainName: data!.getString(DataOut.bucketRegionalDomainName(name)),
        originAccessControlId: this.staticAssets.oac.id,
        pathPattern,
      };
    });

    const https = albServesHttps(env);
    this.distribution = new EdgeDistribution(this, "cdn", {
      comment: `${this.prefix}: static assets from S3, pages and API from the ALB`,
      priceClass: edge.priceClass,
      aliases: names.map((n) => n.name),
      certificateArn: this.certificate?.validation.certificateArn,
      webAclArn: this.webAcl.acl.arn,
      policies,
      staticOrigin: {
        domainName: this.staticAssets.bucket.bucket.bucketRegionalDomainName,
        originAccessControlId: this.staticAssets.oac.id,
      },
      bucketOrigins,
      albOrigin: {
        domainName: platform.getString(PlatformOut.albOriginDomain),
        protocol: https ? "https-only" : "http-only",
        verifyHeaderName: platform.getString(PlatformOut.originVerifyHeaderName),
        verifyHeaderValue: originSecret.secretString,
      },
      logBucketDomainName: logs.bucket.bucketDomainName,
      dependsOn: [logs.ownership],
      preconditions: [
        {
          // The platform emits the flag as the string "true"/"false".
          condition: Op.eq(platform.getString(PlatformOut.albHttpsEnabled), String(https)),
          errorMessage: `The platform stack's ${PlatformOut.albHttpsEnabled} output disagrees with the edge config (ALB HTTPS expected ${https}, from domain / alb.certificateArn); apply ${env.name}-platform first.`,
        },
      ],
    });
    const cf = this.distribution.distribution;
    if (!custom) waive(this.distribution, "CKV2_AWS_32", "edge.customPolicies is false: AWS managed cache policies only, no response headers policy");
    if (!https) {
      // Issue: CloudFront reaches the ALB over plain HTTP and sends the origin-verify header in clear text. The pack
      // sees the origin through the platform's contract output (CKV2_AWS_72 resolves remote state), so say why here.
      waive(this.distribution, "CKV2_AWS_72", "no domain and no alb.certificateArn: the ALB has no certificate that could match its origin name, so the origin is http-only and the origin-verify header crosses AWS's network unencrypted; acceptable only without production data, set domain to get https-only");
    }
    waive(this.distribution, "CKV_AWS_305", "the distribution fronts an ALB app; / is rendered by the application, there is no index object");
    waive(this.distribution, "CKV_AWS_310", "one ALB origin serves pages and API; an S3 failover origin cannot render them");
    waive(this.distribution, "CKV_AWS_374", "geo blocking is a WAF rule driven by edge.geoBlock, not CloudFront geo restriction");
    if (!this.certificate) {
      // Only reachable with edge.allowDefaultCertificate (validated): non-production without a domain.
      waive(this.distribution, "CKV_AWS_174", "edge.allowDefaultCertificate: no domain, *.cloudfront.net default certificate");
      waive(this.distribution, "CKV2_AWS_42", "edge.allowDefaultCertificate: no domain, *.cloudfront.net default certificate");
    }

    if (env.domain) {
      new DistributionAliasRecords(this, "dns", {
        hostedZoneId: env.domain.hostedZoneId,
        names,
        target: { domainName: cf.domainName, hostedZoneId: cf.hostedZoneId },
      });
    }

    this.output(EdgeOut.distributionId, cf.id, "CloudFront distribution id (scripts/invalidate.sh)");
    this.output(EdgeOut.distributionArn, cf.arn, "CloudFront distribution ARN (scopes cloudfront:CreateInvalidation in CI)");
    this.output(EdgeOut.distributionDomainName, cf.domainName, "CloudFront domain name (*.cloudfront.net)");
    this.output(EdgeOut.staticBucketName, this.staticAssets.bucket.bucket.bucket, "Bucket of /_next/static/* (upload .next/static to s3://<bucket>/_next/static/)");
    this.output(EdgeOut.staticBucketKmsKeyArn, this.staticAssets.key.key.arn, "CMK of the static bucket (kms:GenerateDataKey for uploads)");
    this.output(EdgeOut.webAclArn, this.webAcl.acl.arn, "WAF web ACL ARN (CLOUDFRONT scope, us-east-1)");
  }
}
