/**
 * Design 001's media bucket served through the edge (`data.buckets.<name>.edge`): the data stack owns the bucket
 * and writes its TLS-only policy once; the edge stack (applied after it) reads the bucket from the data stack's
 * contract outputs, adds it as an S3 origin read through the distribution's OAC with a behaviour for the path,
 * and writes the bucket's whole policy (TLS deny + CloudFront read of this distribution only). Real eldonia
 * environments from the shared synth, then failing configurations.
 */
import { eldoniaDev } from "../envs/eldonia/dev";
import { eldoniaLocal } from "../envs/eldonia/local";
import type { EnvInput } from "../envs";
import { DataOut, EDGE_PATHS } from "../foundation/contract";
import { MANAGED_CACHE_POLICY } from "../modules/edge/policies";
import { clone, envsWith, validationProblems } from "./helpers/platform";
import { policy, resource, resources, stack, type StackJson } from "./helpers/synth";

type R = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const fromData = (name: string) => `\${data.terraform_remote_state.remote_data.outputs.${name}}`;
const refOf = (json: StackJson, type: string, idPart: string, attr: string) => {
  const ids = Object.keys(resources(json, type)).filter((id) => id.includes(idPart));
  if (ids.length !== 1) throw new Error(`expected one ${type} ~ ${idPart}: ${ids.join(", ")}`);
  return `\${${type}.${ids[0]}.${attr}}`;
};

describe.each(["eldonia-dev", "eldonia-prod", "eldonia-local"])("%s: media bucket served at /media/*", (env) => {
  const edge = stack(`${env}-edge`) as R;
  const data = stack(`${env}-data`) as R;
  const dist = resource<R>(edge, "aws_cloudfront_distribution");
  const distArn = refOf(edge, "aws_cloudfront_distribution", "cdn_distribution", "arn");
  const oacId = refOf(edge, "aws_cloudfront_origin_access_control", "static_oac", "id");

  it("the edge reads the bucket from the data stack's state (contract outputs), not by a name of its own", () => {
    expect(edge.data.terraform_remote_state.remote_data.config).toMatchObject({ key: `${env}/data.tfstate` });
    expect(Object.keys(data.output)).toEqual(expect.arrayContaining([DataOut.bucketName("media"), DataOut.bucketArn("media"), DataOut.bucketRegionalDomainName("media")]));
    expect(data.output[DataOut.bucketRegionalDomainName("media")].value).toBe(`\${${refOf(data, "aws_s3_bucket", "bucket_media", "bucket_regional_domain_name").slice(2)}`);
  });

  it("an S3 origin on the bucket's regional domain, signed by the distribution's OAC (no OAI, no custom origin)", () => {
    const origin = (dist.origin as R[]).find((o) => o.origin_id === "bucket-media");
    expect(origin).toEqual({ origin_id: "bucket-media", domain_name: fromData(DataOut.bucketRegionalDomainName("media")), origin_access_control_id: oacId });
    // The same OAC as the static bucket's origin: one OAC signs for every S3 origin.
    expect((dist.origin as R[]).find((o) => o.origin_id === "static-s3")!.origin_access_control_id).toBe(oacId);
  });

  it("/media/* → that origin, GET/HEAD only, HTTPS, CachingOptimized, after the edge's own behaviours", () => {
    const behaviours = dist.ordered_cache_behavior as R[];
    expect(behaviours.map((b) => b.path_pattern)).toEqual([EDGE_PATHS.static, EDGE_PATHS.api, "/media/*"]);
    const media = behaviours[2];
    expect(media).toMatchObject({
      path_pattern: "/media/*",
      target_origin_id: "bucket-media",
      viewer_protocol_policy: "redirect-to-https",
      allowed_methods: ["GET", "HEAD"],
      cached_methods: ["GET", "HEAD"],
      cache_policy_id: MANAGED_CACHE_POLICY.cachingOptimized,
      compress: true,
    });
    expect(media.origin_request_policy_id).toBeUndefined();
  });

  it("the edge writes the bucket's whole policy: TLS-only deny + s3:GetObject for cloudfront.amazonaws.com only with AWS:SourceArn = this distribution", () => {
    const p = resource<R>(edge, "aws_s3_bucket_policy", "bucket_media");
    expect(p.bucket).toBe(fromData(DataOut.bucketName("media")));
    const arn = fromData(DataOut.bucketArn("media"));
    expect(policy(p.policy).Statement).toEqual([
      { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
      {
        Sid: "AllowCloudFrontOacRead",
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "s3:GetObject",
        Resource: `${arn}/*`,
        Condition: { StringEquals: { "AWS:SourceArn": distArn } },
      },
    ]);
  });

  it("the data stack writes the TLS-only policy at create and ignores later changes (the edge's superset), so neither stack undoes the other", () => {
    const p = resource<R>(data, "aws_s3_bucket_policy", "bucket_media");
    expect(p.lifecycle).toEqual({ ignore_changes: ["policy"] });
    const statements = policy(p.policy).Statement;
    expect(statements.map((s) => s.Sid)).toEqual(["DenyInsecureTransport"]);
    // The edge's document starts with the same statement (its bucket ARN read from this stack's output).
    const edgeFirst = policy(resource<R>(edge, "aws_s3_bucket_policy", "bucket_media").policy).Statement[0];
    expect({ ...statements[0], Resource: undefined }).toEqual({ ...edgeFirst, Resource: undefined });
  });

  it("the bucket is SSE-S3 (OAC needs no key grant) and stays private", () => {
    expect(resource<R>(data, "aws_s3_bucket_server_side_encryption_configuration", "bucket_media").rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe("AES256");
    expect(resource<R>(data, "aws_s3_bucket_public_access_block", "bucket_media")).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
  });
});

it("an environment without a served bucket reads no data state in its edge and adds no origin (web dev)", () => {
  const edge = stack("dev-edge") as R;
  expect(edge.data.terraform_remote_state.remote_data).toBeUndefined();
  expect((resource<R>(edge, "aws_cloudfront_distribution").origin as R[]).map((o) => o.origin_id)).toEqual(["static-s3", "alb"]);
  expect(Object.keys(resources(edge, "aws_s3_bucket_policy")).some((id) => id.startsWith("bucket_"))).toBe(false);
});

describe("failing configurations name the field and the fix", () => {
  const problems = (base: EnvInput, f: (e: R) => void) => {
    const e = clone(base) as R;
    f(e);
    return validationProblems(envsWith(e as EnvInput));
  };

  it("served through the edge in an environment without an edge stack", () => {
    expect(problems(eldoniaDev, (e) => (e.edge = { ...e.edge, enabled: false }))).toMatch(
      /eldonia-dev: data\.buckets\.media\.edge = \{"pathPattern":"\/media\/\*"\}: this environment has no edge stack \(edge\.enabled: false\).*set edge\.enabled: true or remove the bucket's edge \[E_BUCKET_EDGE_DISABLED\]/,
    );
  });

  it("SSE-KMS with the data CMK (its key policy cannot name a distribution created later)", () => {
    expect(problems(eldoniaLocal, (e) => (e.data.buckets.media.encryption = "kms"))).toMatch(
      /eldonia-local: data\.buckets\.media\.encryption = "kms": CloudFront OAC reads SSE-KMS objects only when the key policy .* set encryption: "s3" .*\[E_BUCKET_EDGE_KMS\]/,
    );
  });

  it("a path that overlaps the edge's own behaviours or another served bucket", () => {
    expect(problems(eldoniaLocal, (e) => (e.data.buckets.media.edge.pathPattern = "/api/media/*"))).toMatch(
      /data\.buckets\.media\.edge\.pathPattern = "\/api\/media\/\*": overlaps \/api\/\* \(the edge's own api behaviour\).*e\.g\. \/media\/\* \[E_BUCKET_EDGE_PATH\]/,
    );
    expect(problems(eldoniaLocal, (e) => (e.data.buckets.avatars = { encryption: "s3", edge: { pathPattern: "/media/avatars/*" } }))).toMatch(
      /data\.buckets\.avatars\.edge\.pathPattern = "\/media\/avatars\/\*": overlaps \/media\/\* \(data\.buckets\.media\.edge\.pathPattern\)/,
    );
  });

  it("a pattern that is not a literal prefix ending in /*, and an unknown key", () => {
    expect(problems(eldoniaLocal, (e) => (e.data.buckets.media.edge.pathPattern = "/media"))).toMatch(/data\.buckets\.media\.edge\.pathPattern = "\/media": a path prefix ending in \/\*, e\.g\. \/media\/\*/);
    expect(problems(eldoniaLocal, (e) => (e.data.buckets.media.edge = { pathPattern: "/media/*", via: "edge" }))).toMatch(/data\.buckets\.media\.edge\.via = "edge": unknown key "via"/);
  });
});
