/** S3 and PRJ_S3_TLS. Companion resources count when they reference the bucket (or name it literally). */
import { defineRule } from "./define";
import type { Block, Outcome, Res, StackContext } from "../types";
import { parsePolicy, stmtLabel } from "../policy-doc";
import { PASS, at, block, blocks, expectBool, fail, isRef, isSet, unknown } from "../values";
import { deniesInsecureTransport, isWildcardPrincipal, publicAllowOutcomes } from "./resource-policy";

const BUCKET = "aws_s3_bucket";
const PAB = "aws_s3_bucket_public_access_block";
const ACL = "aws_s3_bucket_acl";
const POLICY = "aws_s3_bucket_policy";

/** Companion resources of `type` attached to the bucket. */
export function companions(bucket: Res, ctx: StackContext, type: string): Res[] {
  const name = bucket.attrs.bucket;
  const byRef = ctx.referrers(bucket.address, type).filter((c) => String(c.attrs.bucket ?? "").includes(bucket.address));
  const byName = typeof name === "string" && !isRef(name) ? ctx.ofType(type).filter((c) => c.attrs.bucket === name) : [];
  return [...new Set([...byRef, ...byName])];
}

const PUBLIC_ACLS = ["public-read", "public-read-write", "website", "authenticated-read"];
const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
const AUTH_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

function grants(r: Res): { uri: string; permission: string }[] {
  const policy = block(r.attrs.access_control_policy);
  return blocks(policy?.grant).map((g) => ({ uri: String(block(g.grantee)?.uri ?? ""), permission: String(g.permission) }));
}

function aclOutcome(r: Res, attribute: string, test: (acl: string | undefined, g: { uri: string; permission: string }[]) => string | undefined): Outcome {
  const acl = r.type === BUCKET ? r.attrs.acl : r.attrs.acl;
  if (isRef(acl)) return unknown(attribute, "a private ACL", acl);
  const why = test(typeof acl === "string" ? acl : undefined, r.type === ACL ? grants(r) : []);
  return why ? fail(attribute, "private (no public canned ACL or AllUsers/AuthenticatedUsers grant)", why) : PASS;
}

const pabFlag = (id: string, flag: string) =>
  defineRule({
    id,
    title: `Public access block sets ${flag}`,
    types: [PAB, "aws_s3_account_public_access_block"],
    severity: "M",
    level: "error",
    fix: `Set ${flag.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())} = true (modules/secure-bucket sets all four).`,
    check: (r) => expectBool(r.attrs, flag, true),
  });

function tlsDenyOk(policies: Res[], ctx: StackContext): Outcome {
  for (const p of policies) {
    const parsed = parsePolicy(p.attrs.policy, ctx);
    if (!parsed.ok) return unknown(`${p.address}.policy`, "Deny s3:* when aws:SecureTransport is false", parsed.why);
    const ok = parsed.statements.some((s) => deniesInsecureTransport(s, "s3:") && (s.resources.includes("*") || (s.resources.some((x) => x.endsWith("/*")) && s.resources.some((x) => !x.endsWith("/*")))));
    if (ok) return PASS;
  }
  return fail(policies.length ? `${policies[0].address}.policy` : POLICY, "a Deny of s3:* to * when aws:SecureTransport = false, on the bucket and bucket/*", policies.length ? "no such statement" : "no bucket policy");
}

export const s3Rules = [
  defineRule({
    id: "CKV_AWS_18",
    title: "Buckets have server access logging",
    types: [BUCKET],
    severity: "I",
    fix: "Add aws_s3_bucket_logging to a log bucket (waive on the log bucket itself: a log bucket cannot log into itself).",
    check: (r, ctx) => (isSet(r.attrs.logging) || companions(r, ctx, "aws_s3_bucket_logging").length ? PASS : fail("aws_s3_bucket_logging", "access logging to a log bucket", "none")),
  }),
  defineRule({
    id: "CKV_AWS_19",
    title: "Buckets are encrypted at rest (SSE-S3 or SSE-KMS)",
    types: [BUCKET],
    severity: "L",
    fix: 'Use modules/secure-bucket (sse_algorithm "aws:kms" or "AES256").',
    check: (r, ctx) =>
      companions(r, ctx, "aws_s3_bucket_server_side_encryption_configuration").map((c) => {
        const alg = at(c.attrs, "rule.apply_server_side_encryption_by_default.sse_algorithm");
        return ["aws:kms", "aws:kms:dsse", "AES256"].includes(String(alg)) ? PASS : fail(`${c.address}.rule.apply_server_side_encryption_by_default.sse_algorithm`, '"aws:kms" or "AES256"', alg);
      }),
  }),
  defineRule({
    id: "CKV_AWS_145",
    title: "Buckets are encrypted with KMS",
    types: [BUCKET],
    severity: "L",
    fix: 'Use encryption { type: "kms", keyArn } (log buckets for ALB/CloudFront delivery need SSE-S3: waive there).',
    check: (r, ctx) => {
      const sse = companions(r, ctx, "aws_s3_bucket_server_side_encryption_configuration");
      if (!sse.length) return fail("aws_s3_bucket_server_side_encryption_configuration", "sse_algorithm aws:kms", "default SSE-S3");
      return sse.map((c) => {
        const alg = at(c.attrs, "rule.apply_server_side_encryption_by_default.sse_algorithm");
        return String(alg).startsWith("aws:kms") ? PASS : fail(`${c.address}.rule.apply_server_side_encryption_by_default.sse_algorithm`, '"aws:kms"', alg);
      });
    },
  }),
  defineRule({
    id: "CKV_AWS_21",
    title: "Buckets are versioned",
    types: [BUCKET],
    severity: "L",
    fix: "Keep versioning on (modules/secure-bucket default).",
    check: (r, ctx) => {
      if (at(r.attrs, "versioning.enabled") === true) return PASS;
      const v = companions(r, ctx, "aws_s3_bucket_versioning");
      if (!v.length) return fail("aws_s3_bucket_versioning", "versioning_configuration.status = Enabled", "none");
      return v.map((c) => (at(c.attrs, "versioning_configuration.status") === "Enabled" ? PASS : fail(`${c.address}.versioning_configuration.status`, '"Enabled"', at(c.attrs, "versioning_configuration.status"))));
    },
  }),
  defineRule({
    id: "CKV_AWS_144",
    title: "Buckets replicate to another region",
    types: [BUCKET],
    severity: "L",
    fix: "Add aws_s3_bucket_replication_configuration, or waive where a second copy has no value (logs, rebuildable assets).",
    check: (r, ctx) => (companions(r, ctx, "aws_s3_bucket_replication_configuration").some((c) => blocks(c.attrs.rule).some((x) => x.status === "Enabled")) ? PASS : fail("aws_s3_bucket_replication_configuration", "an enabled replication rule", "none")),
  }),
  defineRule({
    id: "CKV2_AWS_6",
    title: "Buckets have a public access block",
    types: [BUCKET],
    severity: "L",
    level: "error",
    fix: "Create the bucket with modules/secure-bucket (public access block with all four flags).",
    check: (r, ctx) => {
      const pabs = companions(r, ctx, PAB);
      if (!pabs.length) return fail(PAB, "a public access block blocking public ACLs and policies", "none");
      return pabs.map((p) => (p.attrs.block_public_acls === true && p.attrs.block_public_policy === true ? PASS : fail(`${p.address}.block_public_acls/block_public_policy`, "true", `${String(p.attrs.block_public_acls)}/${String(p.attrs.block_public_policy)}`)));
    },
  }),
  pabFlag("CKV_AWS_53", "block_public_acls"),
  pabFlag("CKV_AWS_54", "block_public_policy"),
  pabFlag("CKV_AWS_55", "ignore_public_acls"),
  pabFlag("CKV_AWS_56", "restrict_public_buckets"),
  defineRule({
    id: "CKV2_AWS_61",
    title: "Buckets have a lifecycle configuration",
    types: [BUCKET],
    severity: "M",
    fix: "Use modules/secure-bucket (aborts incomplete uploads, expires noncurrent versions).",
    check: (r, ctx) => (isSet(r.attrs.lifecycle_rule) || companions(r, ctx, "aws_s3_bucket_lifecycle_configuration").length ? PASS : fail("aws_s3_bucket_lifecycle_configuration", "a lifecycle configuration", "none")),
  }),
  defineRule({
    id: "CKV_AWS_300",
    title: "Lifecycle configurations abort incomplete multipart uploads",
    types: ["aws_s3_bucket_lifecycle_configuration"],
    severity: "M",
    fix: "Add an enabled whole-bucket rule with abortIncompleteMultipartUpload { daysAfterInitiation: 7 }.",
    check: (r) => {
      const ok = blocks(r.attrs.rule).some((x) => x.status === "Enabled" && isSet(x.abort_incomplete_multipart_upload) && !isSet(at(x, "filter.prefix")) && !isSet(x.prefix));
      return ok ? PASS : fail("rule", "an enabled whole-bucket rule with abort_incomplete_multipart_upload", "none");
    },
  }),
  defineRule({
    id: "CKV2_AWS_62",
    title: "Buckets have event notifications",
    types: [BUCKET],
    severity: "L",
    fix: "Add aws_s3_bucket_notification, or waive where nothing consumes object events.",
    check: (r, ctx) => (companions(r, ctx, "aws_s3_bucket_notification").length ? PASS : fail("aws_s3_bucket_notification", "a notification configuration", "none")),
  }),
  defineRule({
    id: "CKV2_AWS_65",
    title: "Object ownership is BucketOwnerEnforced (ACLs disabled)",
    types: ["aws_s3_bucket_ownership_controls"],
    severity: "L",
    fix: 'Set rule.objectOwnership = "BucketOwnerEnforced" (CloudFront standard-log buckets need BucketOwnerPreferred: waive there).',
    check: (r) => (at(r.attrs, "rule.object_ownership") === "BucketOwnerEnforced" ? PASS : fail("rule.object_ownership", '"BucketOwnerEnforced"', at(r.attrs, "rule.object_ownership"))),
  }),
  defineRule({
    id: "CKV_AWS_20",
    title: "No public-read ACL or AllUsers READ grant",
    types: [BUCKET, ACL],
    severity: "H",
    fix: "Remove the public ACL; serve content through CloudFront with OAC.",
    check: (r) => aclOutcome(r, "acl", (acl, g) => (acl && PUBLIC_ACLS.includes(acl) ? `acl ${acl}` : g.some((x) => x.uri === ALL_USERS && ["READ", "FULL_CONTROL"].includes(x.permission)) ? "AllUsers READ grant" : undefined)),
  }),
  defineRule({
    id: "CKV_AWS_57",
    title: "No public-read-write ACL or AllUsers WRITE grant",
    types: [BUCKET, ACL],
    severity: "H",
    fix: "Remove the public ACL.",
    check: (r) => aclOutcome(r, "acl", (acl, g) => (acl === "public-read-write" ? `acl ${acl}` : g.some((x) => x.uri === ALL_USERS && ["WRITE", "FULL_CONTROL"].includes(x.permission)) ? "AllUsers WRITE grant" : undefined)),
  }),
  defineRule({
    id: "CKV2_AWS_43",
    title: "No AuthenticatedUsers ACL grant",
    types: [ACL],
    severity: "M",
    level: "error",
    fix: "Remove the AuthenticatedUsers grant (any AWS account).",
    check: (r) => aclOutcome(r, "access_control_policy.grant", (acl, g) => (acl === "authenticated-read" || g.some((x) => x.uri === AUTH_USERS) ? "AuthenticatedUsers grant" : undefined)),
  }),
  defineRule({
    id: "CKV_AWS_375",
    title: "No AllUsers FULL_CONTROL or READ_ACP grant",
    types: [ACL],
    severity: "H",
    fix: "Remove the AllUsers grant.",
    check: (r) => aclOutcome(r, "access_control_policy.grant", (_acl, g) => (g.some((x) => x.uri === ALL_USERS && ["FULL_CONTROL", "READ_ACP"].includes(x.permission)) ? "AllUsers FULL_CONTROL/READ_ACP" : undefined)),
  }),
  defineRule({
    id: "CKV_AWS_70",
    title: "Bucket policies allow nothing to everyone without a limiting condition",
    types: [POLICY, BUCKET],
    severity: "M",
    level: "error",
    fix: "Grant to named principals (CloudFront service principal with aws:SourceArn of the distribution for OAC).",
    check: (r, ctx) => publicAllowOutcomes(r.attrs.policy, ctx),
  }),
  defineRule({
    id: "CKV_AWS_93",
    title: "Bucket policies do not lock everyone out (unconditional Deny to *)",
    types: [POLICY, BUCKET],
    severity: "M",
    fix: "Condition the Deny (aws:SecureTransport, aws:PrincipalArn) so administrators keep access.",
    check: (r, ctx) => {
      if (r.attrs.policy === undefined) return [];
      const p = parsePolicy(r.attrs.policy, ctx);
      if (!p.ok) return unknown("policy", "no unconditional Deny to *", p.why);
      const lockout = p.statements.filter((s) => s.effect === "Deny" && isWildcardPrincipal(s) && Object.keys(s.condition).length === 0 && s.actions.some((a) => ["*", "s3:*", "s3:put*", "s3:putbucketpolicy"].includes(a.toLowerCase())));
      return lockout.length ? lockout.map((s) => fail(`policy.${stmtLabel(s)}`, "a conditioned Deny", "unconditional Deny to *")) : PASS;
    },
  }),
  defineRule({
    id: "CKV_AWS_379",
    title: "Public ACL buckets serve a website or enforce TLS",
    types: [ACL],
    severity: "-",
    fix: "Do not make buckets public; if unavoidable add the TLS-only bucket policy.",
    check: (r, ctx) => {
      const acl = String(r.attrs.acl ?? "");
      const isPublic = PUBLIC_ACLS.includes(acl) || grants(r).some((g) => g.uri === ALL_USERS);
      if (!isPublic) return PASS;
      const bucket = ctx.deref(r.attrs.bucket);
      if (!bucket) return unknown("bucket", "website config or a TLS-only policy", String(r.attrs.bucket));
      if (companions(bucket, ctx, "aws_s3_bucket_website_configuration").length) return PASS;
      return tlsDenyOk(companions(bucket, ctx, POLICY), ctx);
    },
  }),
  defineRule({
    id: "CKV_AWS_143",
    title: "Object lock, when configured, is enabled",
    types: [BUCKET],
    severity: "L",
    fix: 'Set objectLockConfiguration.objectLockEnabled = "Enabled" or remove the block.',
    check: (r) => {
      const ol = block(r.attrs.object_lock_configuration);
      // checkov reports UNKNOWN when absent: object lock is opt-in and unneeded for logs/assets/state.
      if (!ol) return [];
      return ol.object_lock_enabled === "Enabled" ? PASS : fail("object_lock_configuration.object_lock_enabled", '"Enabled"', ol.object_lock_enabled);
    },
  }),
  defineRule({
    id: "PRJ_S3_TLS",
    title: "Every bucket has a TLS-only bucket policy (cdk-nag S10)",
    types: [BUCKET],
    severity: "H",
    fix: "Create the bucket with modules/secure-bucket (denyInsecureTransport on the bucket and bucket/*).",
    check: (r, ctx) => {
      const inline = r.attrs.policy;
      const policies = companions(r, ctx, POLICY);
      if (isSet(inline)) policies.push({ ...r, address: r.address, attrs: { policy: inline } as Block });
      return tlsDenyOk(policies, ctx);
    },
  }),
];
