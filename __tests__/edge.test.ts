/**
 * `<env>-edge`: CloudFront behaviours and TTLs, the OAC bucket policy, viewer TLS, the WAF (rules, priorities,
 * scope and us-east-1), logging, the viewer certificate and DNS, and the outputs contract — per environment, then
 * config variants and failing inputs.
 */
import { ACCOUNTS, loadConfig, type EnvInput } from "../envs";
import { dev } from "../envs/web/dev";
import { local } from "../envs/web/local";
import { prod } from "../envs/web/prod";
import { App, TerraformStack, Testing } from "../foundation/cdk";
import { EdgeOut, PhysicalNames, PlatformOut } from "../foundation/contract";
import { ConfigError } from "../foundation/errors";
import { EdgeStack, albServesHttps } from "../src/stacks/edge-stack";
import { MANAGED_CACHE_POLICY, MANAGED_ORIGIN_REQUEST_POLICY, NEXT_RSC_HEADERS } from "../modules/edge/policies";
import { EdgeWebAcl } from "../modules/edge/waf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { policy, resource, resources, stack, synthStacks, type StackJson } from "./helpers/synth";

type R = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const YEAR = 31536000;
const ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"];
const remote = (name: string) => `\${data.terraform_remote_state.remote_platform.outputs.${name}}`;
const ref = (json: StackJson, type: string, idPart: string, attr: string) => {
  const ids = Object.keys(resources(json, type)).filter((id) => id.includes(idPart));
  if (ids.length !== 1) throw new Error(`expected one ${type} ~ ${idPart}: ${ids.join(", ")}`);
  return `\${${type}.${ids[0]}.${attr}}`;
};

const { envs } = loadConfig();
const edgeEnvs = envs.filter((e) => e.edge.enabled);

it("every environment with edge.enabled has an <env>-edge stack", () => {
  expect(edgeEnvs.map((e) => e.name)).toEqual(["dev", "staging", "prod", "local", "eldonia-dev", "eldonia-prod", "eldonia-local"]);
  for (const e of edgeEnvs) expect(stack(`${e.name}-edge`)).toBeDefined();
});

describe.each(edgeEnvs.map((e) => [e.name, e] as const))("%s-edge", (name, env) => {
  const json = stack(`${name}-edge`);
  const prefix = `${env.project}-${env.name}`;
  const accountId = ACCOUNTS.find((a) => a.name === env.account)!.id;
  const dist = resource<R>(json, "aws_cloudfront_distribution");
  const distArn = ref(json, "aws_cloudfront_distribution", "cdn_distribution", "arn");
  const custom = env.edge.customPolicies;

  it("has a second AWS provider aliased us_east_1 with the same account guard", () => {
    const providers = json.provider!.aws as R[];
    expect(providers).toHaveLength(2);
    const [main, east] = [providers.find((p) => !p.alias)!, providers.find((p) => p.alias)!];
    expect(main.region).toBe(env.region);
    expect(east).toMatchObject({ alias: "us_east_1", region: "us-east-1", allowed_account_ids: [accountId] });
    if (env.emulator) expect(east.endpoints[0].wafv2).toBe(env.emulator.endpoint);
  });

  describe("static bucket", () => {
    const bucketId = Object.keys(resources(json, "aws_s3_bucket")).find((id) => id.startsWith("static_"))!;
    const bucketRef = (attr: string) => `\${aws_s3_bucket.${bucketId}.${attr}}`;
    const of = (type: string) => Object.values(resources<R>(json, type)).find((r) => r.bucket === bucketRef("id"))!;

    it("is named from the contract, private (all four Block Public Access flags) and owner-enforced", () => {
      expect(resources<R>(json, "aws_s3_bucket")[bucketId].bucket).toBe(PhysicalNames.staticBucket(prefix, accountId));
      expect(of("aws_s3_bucket_public_access_block")).toMatchObject({
        block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
      });
      expect(of("aws_s3_bucket_ownership_controls").rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    });

    it("is encrypted by default with its own rotating CMK and versioned", () => {
      const keyArn = ref(json, "aws_kms_key", "static_key", "arn");
      expect(of("aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
        { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: keyArn }, bucket_key_enabled: true },
      ]);
      expect(of("aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
      expect(resource<R>(json, "aws_kms_key", "static_key").enable_key_rotation).toBe(true);
    });

    it("bucket policy: only the distribution (cloudfront.amazonaws.com + AWS:SourceArn) reads; non-TLS denied", () => {
      const doc = policy(of("aws_s3_bucket_policy").policy);
      expect(doc.Statement).toEqual([
        {
          Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*",
          Resource: [bucketRef("arn"), `${bucketRef("arn")}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
          Sid: "AllowCloudFrontOacRead", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject",
          Resource: `${bucketRef("arn")}/*`, Condition: { StringEquals: { "AWS:SourceArn": distArn } },
        },
      ]);
    });

    it("key policy lets only that distribution decrypt (OAC reads SSE-KMS objects)", () => {
      const doc = policy(resource<R>(json, "aws_kms_key", "static_key").policy);
      expect(doc.Statement).toContainEqual({
        Sid: "CloudFrontOacDecrypt", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "kms:Decrypt",
        Resource: "*", Condition: { StringEquals: { "AWS:SourceArn": distArn } },
      });
      expect(doc.Statement).toContainEqual(expect.objectContaining({ Sid: "AccountAdministration", Principal: { AWS: `arn:aws:iam::${accountId}:root` } }));
    });

    it("is read through an Origin Access Control: s3, sigv4, always sign", () => {
      expect(resource<R>(json, "aws_cloudfront_origin_access_control")).toMatchObject({
        name: `${prefix}-static`, origin_access_control_origin_type: "s3", signing_behavior: "always", signing_protocol: "sigv4",
      });
      expect(dist.origin[0]).toEqual({
        origin_id: "static-s3",
        domain_name: bucketRef("bucket_regional_domain_name"),
        origin_access_control_id: ref(json, "aws_cloudfront_origin_access_control", "static_oac", "id"),
      });
    });
  });

  describe("ALB origin", () => {
    const alb = () => dist.origin[1];
    it(`reads its name from the platform state and speaks ${albServesHttps(env) ? "https-only (the ALB has a certificate)" : "http-only (no certificate configured)"}`, () => {
      expect(alb().origin_id).toBe("alb");
      expect(alb().domain_name).toBe(remote(PlatformOut.albOriginDomain));
      expect(alb().custom_origin_config).toEqual({
        http_port: 80, https_port: 443, origin_protocol_policy: env.domain ? "https-only" : "http-only",
        origin_ssl_protocols: ["TLSv1.2"], origin_read_timeout: 30, origin_keepalive_timeout: 5,
      });
    });

    it("sends the secret origin header, its value read from Secrets Manager at apply time (never in the JSON)", () => {
      expect(alb().custom_header).toEqual([
        { name: remote(PlatformOut.originVerifyHeaderName), value: "${data.aws_secretsmanager_secret_version.origin_verify_secret.secret_string}" },
      ]);
      expect(json.data!.aws_secretsmanager_secret_version.origin_verify_secret.secret_id).toBe(remote(PlatformOut.originVerifySecretArn));
      expect(json.data!.terraform_remote_state.remote_platform.config).toMatchObject({ key: `${name}/platform.tfstate` });
    });

    it("a plan-time precondition ties the origin protocol to the platform's alb_https_enabled", () => {
      expect(dist.lifecycle.precondition).toEqual([
        expect.objectContaining({ condition: `\${(${remote(PlatformOut.albHttpsEnabled).slice(2, -1)} == "${albServesHttps(env)}")}` }),
      ]);
    });
  });

  describe("behaviours", () => {
    const pages = custom ? ref(json, "aws_cloudfront_cache_policy", "pages", "id") : MANAGED_CACHE_POLICY.cachingDisabled;
    const staticPolicy = custom ? ref(json, "aws_cloudfront_cache_policy", "static_assets", "id") : MANAGED_CACHE_POLICY.cachingOptimized;
    const headers = custom ? ref(json, "aws_cloudfront_response_headers_policy", "security_headers", "id") : undefined;

    it("/_next/static/* → S3, compressed, GET/HEAD/OPTIONS, the one-year policy", () => {
      expect(dist.ordered_cache_behavior[0]).toEqual({
        path_pattern: "/_next/static/*", target_origin_id: "static-s3", viewer_protocol_policy: "redirect-to-https",
        allowed_methods: ["GET", "HEAD", "OPTIONS"], cached_methods: ["GET", "HEAD"], cache_policy_id: staticPolicy,
        compress: true, ...(headers ? { response_headers_policy_id: headers } : {}),
      });
    });

    it("/api/* → ALB, not cached (CachingDisabled), every viewer header/cookie/query except Host, all methods", () => {
      expect(dist.ordered_cache_behavior[1]).toEqual({
        path_pattern: "/api/*", target_origin_id: "alb", viewer_protocol_policy: "redirect-to-https",
        allowed_methods: ALL_METHODS, cached_methods: ["GET", "HEAD"], cache_policy_id: MANAGED_CACHE_POLICY.cachingDisabled,
        origin_request_policy_id: MANAGED_ORIGIN_REQUEST_POLICY.allViewerExceptHostHeader, compress: true,
        ...(headers ? { response_headers_policy_id: headers } : {}),
      });
      // Then one behaviour per media bucket served through the edge (__tests__/media-edge.test.ts).
      const served = Object.values(env.data.buckets).filter((b) => b.edge).length;
      expect(dist.ordered_cache_behavior).toHaveLength(2 + served);
    });

    it("/* (default) → ALB with the TTL-0 header-based policy, all methods", () => {
      expect(dist.default_cache_behavior).toEqual({
        target_origin_id: "alb", viewer_protocol_policy: "redirect-to-https", allowed_methods: ALL_METHODS,
        cached_methods: ["GET", "HEAD"], cache_policy_id: pages, compress: true,
        origin_request_policy_id: MANAGED_ORIGIN_REQUEST_POLICY.allViewerExceptHostHeader,
        ...(headers ? { response_headers_policy_id: headers } : {}),
      });
    });

    it(custom ? "custom cache policies: static min=default=max one year; pages TTL 0, RSC headers + query in the key" : "managed-policies-only (emulator capability): no custom policy resources", () => {
      if (!custom) {
        expect(resources(json, "aws_cloudfront_cache_policy")).toEqual({});
        expect(resources(json, "aws_cloudfront_response_headers_policy")).toEqual({});
        expect(env.emulator).toBeDefined();
        return;
      }
      expect(resource<R>(json, "aws_cloudfront_cache_policy", "static_assets")).toMatchObject({
        name: `${prefix}-static-assets`, min_ttl: YEAR, default_ttl: YEAR, max_ttl: YEAR,
        parameters_in_cache_key_and_forwarded_to_origin: {
          cookies_config: { cookie_behavior: "none" }, headers_config: { header_behavior: "none" },
          query_strings_config: { query_string_behavior: "none" },
          enable_accept_encoding_gzip: true, enable_accept_encoding_brotli: true,
        },
      });
      expect(resource<R>(json, "aws_cloudfront_cache_policy", "pages")).toMatchObject({
        name: `${prefix}-pages`, min_ttl: 0, default_ttl: 0, max_ttl: YEAR,
        parameters_in_cache_key_and_forwarded_to_origin: {
          cookies_config: { cookie_behavior: "none" },
          headers_config: { header_behavior: "whitelist", headers: { items: [...NEXT_RSC_HEADERS] } },
          query_strings_config: { query_string_behavior: "all" },
          enable_accept_encoding_gzip: true, enable_accept_encoding_brotli: true,
        },
      });
      expect(resource<R>(json, "aws_cloudfront_response_headers_policy").security_headers_config.strict_transport_security).toEqual({
        access_control_max_age_sec: YEAR, include_subdomains: true, preload: false, override: true,
      });
    });
  });

  it("distribution: enabled, HTTP/2+3, IPv6, price class, WAF attached, standard logs without cookies", () => {
    expect(dist).toMatchObject({
      enabled: true, http_version: "http2and3", is_ipv6_enabled: true, price_class: env.edge.priceClass,
      web_acl_id: ref(json, "aws_wafv2_web_acl", "waf_acl", "arn"),
      logging_config: { bucket: ref(json, "aws_s3_bucket", "logs_bucket", "bucket_domain_name"), include_cookies: false, prefix: "cloudfront/" },
      restrictions: { geo_restriction: { restriction_type: "none", locations: [] } },
    });
    expect(env.edge.priceClass).toBe("PriceClass_200");
    expect(dist.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_ownership_controls\.logs_ownership_/)]);
  });

  it(env.domain ? "viewer TLS: the us-east-1 ACM certificate, SNI, TLSv1.2_2021" : "viewer TLS: default certificate (edge.allowDefaultCertificate)", () => {
    if (env.domain) {
      expect(dist.viewer_certificate).toEqual({
        acm_certificate_arn: ref(json, "aws_acm_certificate_validation", "viewer_certificate", "certificate_arn"),
        ssl_support_method: "sni-only", minimum_protocol_version: "TLSv1.2_2021",
      });
      expect(dist.aliases).toEqual([env.domain.name, ...env.edge.subdomains.map((s) => `${s}.${env.domain!.name}`)]);
    } else {
      expect(env.edge.allowDefaultCertificate).toBe(true);
      expect(dist.viewer_certificate).toEqual({ cloudfront_default_certificate: true });
      expect(dist.aliases).toBeUndefined();
    }
  });

  it("the static log bucket: ACL-capable ownership for legacy logging, SSE-S3, lifecycle per config", () => {
    const bucketRef = `\${aws_s3_bucket.${Object.keys(resources(json, "aws_s3_bucket")).find((id) => id.startsWith("logs_"))!}.id}`;
    const of = (type: string) => Object.values(resources<R>(json, type)).find((r) => r.bucket === bucketRef)!;
    expect(resource<R>(json, "aws_s3_bucket", "logs_bucket").bucket).toBe(PhysicalNames.edgeLogBucket(prefix, accountId));
    expect(of("aws_s3_bucket_ownership_controls").rule).toEqual({ object_ownership: "BucketOwnerPreferred" });
    expect(of("aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
    expect(of("aws_s3_bucket_lifecycle_configuration").rule).toContainEqual(
      expect.objectContaining({ id: "expire-objects", expiration: [{ days: env.edge.logBucketDays }] }),
    );
  });

  describe("WAF", () => {
    const acl = resource<R>(json, "aws_wafv2_web_acl");
    it("CLOUDFRONT scope on the us-east-1 provider, default allow", () => {
      expect(acl).toMatchObject({ name: PhysicalNames.webAcl(prefix), scope: "CLOUDFRONT", provider: "aws.us_east_1", default_action: { allow: {} } });
    });

    it("rules and priorities: rate limit 2000/5 min per IP, Common + Known bad inputs enforced, Anonymous IP counted", () => {
      // edge.sqlInjection adds the SQLi rule group last (design 001).
      const sqli = env.edge.sqlInjection ? [[50, "aws-sqli"]] : [];
      expect(acl.rule.map((r: R) => [r.priority, r.name])).toEqual([
        [10, "rate-limit"], [20, "aws-common"], [30, "aws-known-bad-inputs"], [40, "aws-anonymous-ip"], ...sqli,
      ]);
      expect(acl.rule[0]).toMatchObject({
        action: { block: {} },
        statement: { rate_based_statement: { limit: 2000, aggregate_key_type: "IP", evaluation_window_sec: 300 } },
      });
      const group = (i: number) => acl.rule[i].statement.managed_rule_group_statement;
      expect([group(1), group(2), group(3)]).toEqual([
        { vendor_name: "AWS", name: "AWSManagedRulesCommonRuleSet" },
        { vendor_name: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" },
        { vendor_name: "AWS", name: "AWSManagedRulesAnonymousIpList" },
      ]);
      expect(acl.rule.map((r: R) => r.override_action)).toEqual([undefined, { none: {} }, { none: {} }, { count: {} }, ...sqli.map(() => ({ none: {} }))]);
      if (sqli.length) expect(acl.rule[4].statement.managed_rule_group_statement).toEqual({ vendor_name: "AWS", name: "AWSManagedRulesSQLiRuleSet" });
      for (const r of acl.rule) expect(r.visibility_config).toEqual({ cloudwatch_metrics_enabled: true, metric_name: r.name, sampled_requests_enabled: true });
    });

    it("logs to aws-waf-logs-<project>-<env> in us-east-1 with retention, redacting Authorization and Cookie", () => {
      expect(resource<R>(json, "aws_cloudwatch_log_group")).toMatchObject({
        name: `aws-waf-logs-${prefix}`, retention_in_days: env.edge.wafLogRetentionDays, provider: "aws.us_east_1",
      });
      expect(resource<R>(json, "aws_wafv2_web_acl_logging_configuration")).toMatchObject({
        provider: "aws.us_east_1",
        resource_arn: ref(json, "aws_wafv2_web_acl", "waf_acl", "arn"),
        log_destination_configs: [ref(json, "aws_cloudwatch_log_group", "waf_log_group", "arn")],
        redacted_fields: [{ single_header: { name: "authorization" } }, { single_header: { name: "cookie" } }],
      });
      const delivery = policy(resource<R>(json, "aws_cloudwatch_log_resource_policy").policy_document).Statement[0];
      expect(delivery).toMatchObject({
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${accountId}:*` } },
      });
    });
  });

  it(env.domain ? "certificate in us-east-1, DNS-validated in the zone; alias A/AAAA records to the distribution" : "no certificate and no DNS records without a domain", () => {
    if (!env.domain) {
      expect(resources(json, "aws_acm_certificate")).toEqual({});
      expect(resources(json, "aws_route53_record")).toEqual({});
      return;
    }
    const names = [env.domain.name, ...env.edge.subdomains.map((s) => `${s}.${env.domain!.name}`)];
    expect(resource<R>(json, "aws_acm_certificate")).toMatchObject({
      provider: "aws.us_east_1", domain_name: names[0], subject_alternative_names: names.slice(1), validation_method: "DNS",
      lifecycle: { create_before_destroy: true }, options: { certificate_transparency_logging_preference: "ENABLED" },
    });
    const certId = Object.keys(resources(json, "aws_acm_certificate"))[0];
    const records = resources<R>(json, "aws_route53_record");
    const validation = Object.entries(records).find(([id]) => id.includes("validation_record"))!;
    expect(validation[1]).toMatchObject({
      zone_id: env.domain.hostedZoneId, allow_overwrite: true, ttl: 300,
      for_each: expect.stringContaining(`aws_acm_certificate.${certId}.domain_validation_options`),
      name: "${each.value.resource_record_name}", type: "${each.value.resource_record_type}", records: ["${each.value.resource_record_value}"],
    });
    expect(resource<R>(json, "aws_acm_certificate_validation")).toMatchObject({
      provider: "aws.us_east_1",
      certificate_arn: `\${aws_acm_certificate.${certId}.arn}`,
      validation_record_fqdns: `\${[for r in aws_route53_record.${validation[0]} : r.fqdn]}`,
    });
    const aliases = Object.values(records).filter((r) => r.alias);
    expect(aliases.map((r) => `${r.type} ${r.name}`).sort()).toEqual(names.flatMap((n) => [`A ${n}`, `AAAA ${n}`]).sort());
    for (const r of aliases) {
      expect(r).toMatchObject({
        zone_id: env.domain.hostedZoneId,
        alias: {
          name: ref(json, "aws_cloudfront_distribution", "cdn", "domain_name"),
          zone_id: ref(json, "aws_cloudfront_distribution", "cdn", "hosted_zone_id"),
          evaluate_target_health: false,
        },
      });
    }
  });

  it("emits the edge output contract with static names", () => {
    expect(Object.keys(json.output!).sort()).toEqual(Object.values(EdgeOut).sort());
    expect(json.output![EdgeOut.distributionId].value).toBe(ref(json, "aws_cloudfront_distribution", "cdn", "id"));
    expect(json.output![EdgeOut.webAclArn].value).toBe(ref(json, "aws_wafv2_web_acl", "waf_acl", "arn"));
    expect(json.output![EdgeOut.staticBucketName].value).toBe(ref(json, "aws_s3_bucket", "static_bucket", "bucket"));
  });
});

describe("config variants", () => {
  const variant = (patch: (e: EnvInput & Record<string, unknown>) => void) => {
    const e = clone(dev) as EnvInput & Record<string, unknown>;
    patch(e);
    return synthStacks({ envs: [e], only: ["dev"] }).get("dev-edge")!.json;
  };

  it("geo whitelist blocks every other country (NOT geo match) at priority 0; domain, extra alias, price class, rate", () => {
    const json = variant((e) => {
      e.domain = { name: "dev.acme.example", hostedZoneId: "Z0123456789ABCDEFGHIJ" };
      e.edge = { geoBlock: { type: "whitelist", countries: ["JP", "US"] }, subdomains: ["www", "app"], priceClass: "PriceClass_All", rateLimitPer5Min: 500 };
    });
    const acl = resource<R>(json, "aws_wafv2_web_acl");
    expect(acl.rule[0]).toMatchObject({
      name: "geo-block", priority: 0, action: { block: {} },
      statement: { not_statement: { statement: { geo_match_statement: { country_codes: ["JP", "US"] } } } },
    });
    expect(acl.rule[1].statement.rate_based_statement.limit).toBe(500);
    const dist = resource<R>(json, "aws_cloudfront_distribution");
    expect(dist.price_class).toBe("PriceClass_All");
    expect(dist.aliases).toEqual(["dev.acme.example", "www.dev.acme.example", "app.dev.acme.example"]);
    expect(dist.viewer_certificate.minimum_protocol_version).toBe("TLSv1.2_2021");
    expect(dist.origin[1].custom_origin_config.origin_protocol_policy).toBe("https-only");
    expect(Object.values(resources<R>(json, "aws_route53_record")).filter((r) => r.alias)).toHaveLength(6);
  });

  it("geo blacklist blocks the listed countries directly", () => {
    const json = variant((e) => {
      e.edge = { ...(e.edge as object), geoBlock: { type: "blacklist", countries: ["KP"] } };
    });
    expect(resource<R>(json, "aws_wafv2_web_acl").rule[0].statement).toEqual({ geo_match_statement: { country_codes: ["KP"] } });
  });

  it("edge.enabled: false builds no edge stack", () => {
    const e = clone(dev) as EnvInput & Record<string, unknown>;
    e.edge = { enabled: false };
    expect(synthStacks({ envs: [e], only: ["dev"] }).has("dev-edge")).toBe(false);
  });
});

describe("failing inputs", () => {
  function problems(patch: (e: Record<string, any>) => void, base: EnvInput = dev): string { // eslint-disable-line @typescript-eslint/no-explicit-any
    const e = clone(base) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    patch(e);
    try {
      loadConfig([e as EnvInput], ACCOUNTS);
    } catch (err) {
      if (err instanceof ConfigError) return err.message;
      throw err;
    }
    throw new Error("expected validation to fail");
  }

  it.each([
    ["no domain and no allowDefaultCertificate", (e: R) => (e.edge = {}), /dev: edge\.allowDefaultCertificate = false: no domain is configured.*set domain: \{ name, hostedZoneId \}/],
    ["managed-policies-only outside an emulator", (e: R) => (e.edge = { ...e.edge, customPolicies: false }), /dev: edge\.customPolicies = false: managed-policies-only mode exists for emulators/],
    ["internet ALB ingress with the edge on", (e: R) => (e.alb = { ingress: "internet" }), /dev: alb\.ingress = "internet": the edge stack fronts the ALB/],
    ["a lower-case country code", (e: R) => (e.edge = { ...e.edge, geoBlock: { type: "blacklist", countries: ["jp"] } }), /edge\.geoBlock\.countries\[0\] = "jp": an ISO 3166-1 alpha-2 country code/],
    ["a country listed twice", (e: R) => (e.edge = { ...e.edge, geoBlock: { type: "whitelist", countries: ["JP", "JP"] } }), /edge\.geoBlock\.countries\[1\] = "JP": listed twice/],
    ["an empty geo list", (e: R) => (e.edge = { ...e.edge, geoBlock: { type: "blacklist", countries: [] } }), /edge\.geoBlock\.countries = \[\]: name at least one country/],
    ["an unknown geo type", (e: R) => (e.edge = { ...e.edge, geoBlock: { type: "deny", countries: ["JP"] } }), /edge\.geoBlock\.type = "deny".*accepted: "blacklist", "whitelist"/],
    ["a rate limit below WAF's minimum", (e: R) => (e.edge = { ...e.edge, rateLimitPer5Min: 5 }), /edge\.rateLimitPer5Min = 5/],
    ["a retention CloudWatch does not accept", (e: R) => (e.edge = { ...e.edge, wafLogRetentionDays: 8 }), /edge\.wafLogRetentionDays = 8: CloudWatch Logs retention must be one of/],
    ["an unknown price class", (e: R) => (e.edge = { ...e.edge, priceClass: "PriceClass_300" }), /edge\.priceClass = "PriceClass_300".*PriceClass_200/],
    ["a misspelt edge key", (e: R) => (e.edge = { ...e.edge, allowDefaultCert: true }), /edge\.allowDefaultCert = true: unknown key "allowDefaultCert"; did you mean "allowDefaultCertificate"\? \[E_SCHEMA_UNKNOWN_KEY\]/],
    ["a duplicate subdomain", (e: R) => (e.edge = { ...e.edge, subdomains: ["www", "www"] }), /edge\.subdomains\[1\] = "www": listed twice/],
    ["a subdomain that is not a label", (e: R) => (e.edge = { ...e.edge, subdomains: ["a.b"] }), /edge\.subdomains\[0\] = "a\.b": a single DNS label/],
  ])("%s", (_name, patch, message) => {
    expect(problems(patch)).toMatch(message);
  });

  it("origin as a viewer subdomain collides with the ALB's origin name", () => {
    expect(problems((e) => (e.edge = { ...e.edge, subdomains: ["origin"] }), prod)).toMatch(/prod: edge\.subdomains\[0\] = "origin": origin\.acme\.example is the ALB's origin name/);
  });

  it("the stack itself refuses a missing certificate when constructed around validation (E_EDGE_NO_CERTIFICATE)", () => {
    const { envs: [env], accounts } = loadConfig([clone(local)], ACCOUNTS);
    const bad = { ...env, edge: { ...env.edge, allowDefaultCertificate: false } };
    expect(() => new EdgeStack(Testing.app(), { env: bad, account: accounts.get(env.account)! })).toThrow(ConfigError);
    expect(() => new EdgeStack(new App(), { env: bad, account: accounts.get(env.account)! })).toThrow(/E_EDGE_NO_CERTIFICATE/);
  });

  it("the web ACL refuses a log group WAF cannot deliver to (E_WAF_LOG_GROUP)", () => {
    const st = new TerraformStack(Testing.app(), "probe");
    const provider = new AwsProvider(st, "aws", { region: "us-east-1" });
    expect(() => new EdgeWebAcl(st, "waf", { name: "x", logGroupName: "/waf/x", logRetentionDays: 7, provider, accountId: "111111111111", rateLimitPer5Min: 2000 })).toThrow(/E_WAF_LOG_GROUP/);
  });
});
