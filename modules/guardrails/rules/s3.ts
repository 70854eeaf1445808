/** S3 and PRJ_S3_TLS. Companion resources count when they reference the bucket (or name it literally). */
import { defineRule } from "./define";
import type { Block, Outcome, Res, StackContext } from "../types";
import { parsePolicy, stmtLabel } from "../policy-doc";
import { PASS, block, blocks, expectBool, fail, isRef, isSet, unknown } from "../values";
import { deniesInsecureTransport, isWildcardPrincipal } from "./resource-policy";

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
  pabFlag("CKV_AWS_53", "block_public_acls"),
  pabFlag("CKV_AWS_54", "block_public_policy"),
  pabFlag("CKV_AWS_55", "ignore_public_acls"),
  pabFlag("CKV_AWS_56", "restrict_public_buckets"),
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
