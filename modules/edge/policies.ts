import { CloudfrontCachePolicy } from "@cdktf/provider-aws/lib/cloudfront-cache-policy";
import { CloudfrontResponseHeadersPolicy } from "@cdktf/provider-aws/lib/cloudfront-response-headers-policy";
import { Construct } from "../../foundation/cdk";
import { PhysicalNames } from "../../foundation/names";
import { waive } from "../guardrails/waive";

/** AWS managed cache policies (IDs are global constants published in the CloudFront developer guide, "Use managed cache policies"). */
export const MANAGED_CACHE_POLICY = {
  cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  cachingOptimized: "658327ea-f89d-4fab-a63d-7e88639e58f6",
} as const;

/** AWS managed origin request policies. */
export const MANAGED_ORIGIN_REQUEST_POLICY = {
  allViewer: "216adef6-5c7f-47e4-b989-5492eafa07d3",
  /**
   * Every viewer header, cookie and query string except Host: the ALB origin is reached by its own name
   * (`origin.<domain>`), and CloudFront validates the origin certificate against the Host it sends.
   */
  allViewerExceptHostHeader: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
} as const;

/** One year: the TTL of content-hashed `/_next/static/*` files (design 002). */
export const ONE_YEAR_SECONDS = 31536000;

/**
 * Request headers Next.js (App Router) varies on: an RSC flight payload and the HTML of the same URL differ only
 * by these headers. CloudFront ignores `Vary` (except Accept-Encoding), so they must be in the cache key or a
 * cached RSC payload is served as a page.
 */
export const NEXT_RSC_HEADERS = ["RSC", "Next-Router-State-Tree", "Next-Router-Prefetch", "Next-Router-Segment-Prefetch"] as const;

/**
 * The distribution's custom policies:
 * - `staticAssets`: `/_next/static/*` cached exactly one year (min = default = max), no query/headers/cookies in the
 *   key (file names are content hashes), gzip + brotli.
 * - `pages`: `/*` default TTL 0 — nothing is cached unless the app says so with `Cache-Control: s-maxage` (ISR and
 *   static pages, up to a year); the key holds the query string and the RSC headers, never cookies.
 * - `securityHeaders`: HSTS (one year, subdomains), nosniff, frame SAMEORIGIN, strict-origin-when-cross-origin.
 */
export class EdgePolicies extends Construct {
  readonly staticAssets: CloudfrontCachePolicy;
  readonly pages: CloudfrontCachePolicy;
  readonly securityHeaders: CloudfrontResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: { readonly namePrefix: string }) {
    super(scope, id);
    const p = props.namePrefix;
    this.staticAssets = new CloudfrontCachePolicy(this, "static_assets", {
      name: PhysicalNames.edgePolicy(p, "static-assets"),
      comment: "Content-hashed /_next/static/* files: one year, compressed",
      minTtl: ONE_YEAR_SECONDS,
      defaultTtl: ONE_YEAR_SECONDS,
      maxTtl: ONE_YEAR_SECONDS,
      parametersInCacheKeyAndForwardedToOrigin: {
        cookiesConfig: { cookieBehavior: "none" },
        headersConfig: { headerBehavior: "none" },
        queryStringsConfig: { queryStringBehavior: "none" },
        enableAcceptEncodingGzip: true,
        enableAcceptEncodingBrotli: true,
      },
    });
    this.pages = new CloudfrontCachePolicy(this, "pages", {
      name: PhysicalNames.edgePolicy(p, "pages"),
      comment: "Server-rendered pages: TTL 0 unless the origin sends s-maxage; RSC headers in the key",
      minTtl: 0,
      defaultTtl: 0,
      // > 0 so that origin Cache-Control can enable caching and headers may be part of the key.
      maxTtl: ONE_YEAR_SECONDS,
      parametersInCacheKeyAndForwardedToOrigin: {
        cookiesConfig: { cookieBehavior: "none" },
        headersConfig: { headerBehavior: "whitelist", headers: { items: [...NEXT_RSC_HEADERS] } },
        queryStringsConfig: { queryStringBehavior: "all" },
        enableAcceptEncodingGzip: true,
        enableAcceptEncodingBrotli: true,
      },
    });
    this.securityHeaders = new CloudfrontResponseHeadersPolicy(this, "security_headers", {
      name: PhysicalNames.edgePolicy(p, "security-headers"),
      comment: "HSTS and baseline security headers on every response",
      securityHeadersConfig: {
        strictTransportSecurity: { accessControlMaxAgeSec: ONE_YEAR_SECONDS, includeSubdomains: true, preload: false, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: "SAMEORIGIN", override: true },
        referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
      },
    });
    waive(this.securityHeaders, "CKV_AWS_259", "HSTS is sent with max-age one year and includeSubDomains; preload stays off because entering the browsers' preload list binds every subdomain of the domain and is hard to undo, a decision for the domain owner");
  }
}
