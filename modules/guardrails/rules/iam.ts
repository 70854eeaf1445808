/**
 * IAM, plus PRJ_OIDC (GitHub trust, stricter than CKV_AWS_358/393), PRJ_IAM_INLINE and PRJ_PASSROLE.
 * Identity policies are scanned wherever they live, including `aws_iam_role.inline_policy` (checkov skips it).
 */
import { defineRule } from "./define";
import type { Outcome, Res, Rule, Severity, StackContext } from "../types";
import { allowsAction, fromPolicyDocumentData, hasCondition, parsePolicy, principalValues, stmtLabel, type ParsedPolicy, type Stmt } from "../policy-doc";
import { CREDENTIALS_EXPOSURE, DATA_EXFILTRATION, PRIVILEGE_ESCALATION, grantedUnconstrained, isUnrestrictable, mayManagePermissions, mayWrite } from "../iam-actions";
import { PASS, blocks, fail, isRef, isSet, num, unknown } from "../values";
import { isWildcardPrincipal } from "./resource-policy";

export const IDENTITY_POLICY_TYPES = ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_ssoadmin_permission_set_inline_policy", "aws_iam_role"];
const DOC = "data.aws_iam_policy_document";
const ROLE = "aws_iam_role";
const GITHUB = "token.actions.githubusercontent.com";

interface Doc {
  readonly attribute: string;
  readonly parsed: ParsedPolicy;
}

/** Identity policies carried by a resource (role inline policies included) or the data document itself. */
function identityDocs(r: Res, ctx: StackContext): Doc[] {
  if (r.type === DOC) return [{ attribute: "statement", parsed: { ok: true, statements: fromPolicyDocumentData(r) } }];
  if (r.type === ROLE) return blocks(r.attrs.inline_policy).filter((b) => isSet(b.policy)).map((b, i) => ({ attribute: `inline_policy[${i}].policy`, parsed: parsePolicy(b.policy, ctx) }));
  const attr = r.type === "aws_ssoadmin_permission_set_inline_policy" ? "inline_policy" : "policy";
  return [{ attribute: attr, parsed: parsePolicy(r.attrs[attr], ctx) }];
}

/** Build an identity-policy rule: `bad` returns a description of what is wrong with a statement, or undefined. */
function statementRule(opts: { id: string; title: string; severity: Severity; level?: "error" | "warning"; types: string[]; fix: string; expected: string; bad: (s: Stmt) => string | undefined }): Rule {
  return defineRule({
    id: opts.id,
    title: opts.title,
    types: opts.types,
    severity: opts.severity,
    level: opts.level,
    fix: opts.fix,
    check: (r, ctx) =>
      identityDocs(r, ctx).flatMap((d): Outcome[] => {
        if (!d.parsed.ok) return [unknown(d.attribute, opts.expected, d.parsed.why)];
        const out = d.parsed.statements.map((s) => {
          const why = s.effect === "Allow" ? opts.bad(s) : undefined;
          return why ? fail(`${d.attribute}.${stmtLabel(s)}`, opts.expected, why) : PASS;
        });
        return out.length ? out : [PASS];
      }),
  });
}

/** Build a whole-document rule over the actions granted without constraint. */
function unconstrainedRule(opts: { id: string; title: string; severity: Severity; types: string[]; fix: string; expected: string; found: (stmts: Stmt[]) => string[] }): Rule {
  return defineRule({
    id: opts.id,
    title: opts.title,
    types: opts.types,
    severity: opts.severity,
    fix: opts.fix,
    check: (r, ctx) =>
      identityDocs(r, ctx).map((d) => {
        if (!d.parsed.ok) return unknown(d.attribute, opts.expected, d.parsed.why);
        const hits = opts.found(d.parsed.statements);
        return hits.length ? fail(d.attribute, opts.expected, hits.join(", ")) : PASS;
      }),
  });
}

const onStar = (s: Stmt) => s.resources.includes("*") || s.notResources.length > 0;
const unconstrained = (s: Stmt) => onStar(s) && !hasCondition(s);
const actionsOf = (s: Stmt) => (s.notActions.length ? ["*"] : s.actions);

const restrictableOnStar = (s: Stmt) => {
  if (!unconstrained(s)) return undefined;
  const acts = actionsOf(s).filter((a) => !isUnrestrictable(a));
  return acts.length ? `${acts.join(", ")} on Resource "*" without Condition` : undefined;
};
const writeOnStar = (s: Stmt) => {
  if (!unconstrained(s)) return undefined;
  const acts = actionsOf(s).filter((a) => mayWrite(a) && !isUnrestrictable(a));
  return acts.length ? `write actions ${acts.join(", ")} on "*" without Condition` : undefined;
};
const pmOnStar = (s: Stmt) => {
  if (!unconstrained(s)) return undefined;
  const acts = actionsOf(s).filter(mayManagePermissions);
  return acts.length ? `permissions-management actions ${acts.join(", ")} on "*" without Condition` : undefined;
};
const escalation = (stmts: Stmt[]) =>
  Object.entries(PRIVILEGE_ESCALATION)
    .filter(([, set]) => grantedUnconstrained(stmts, set).length === set.length)
    .map(([name, set]) => `${name} (${set.join(" + ")})`);
const exfil = (stmts: Stmt[]) => grantedUnconstrained(stmts, DATA_EXFILTRATION);
const creds = (stmts: Stmt[]) => grantedUnconstrained(stmts, CREDENTIALS_EXPOSURE);

const POLICY_TYPES = IDENTITY_POLICY_TYPES;

// ---------------------------------------------------------------------------------------------------------
// Trust policies and GitHub OIDC
// ---------------------------------------------------------------------------------------------------------

function trust(r: Res, ctx: StackContext): ParsedPolicy {
  return parsePolicy(r.attrs.assume_role_policy, ctx);
}

/** A statement that trusts the GitHub OIDC provider (by ARN text, a referenced provider resource, or its condition keys). */
export function isGithubStatement(s: Stmt, ctx: StackContext): boolean {
  const fed = principalValues(s, "Federated");
  if (fed.some((f) => f.includes(GITHUB))) return true;
  if (fed.some((f) => String(ctx.deref(f)?.attrs.url ?? "").includes(GITHUB))) return true;
  return Object.values(s.condition).some((kv) => Object.keys(kv).some((k) => k.startsWith(`${GITHUB}:`)));
}

/** Condition values for `key` across operators, with the operator names used. */
function condValues(s: Stmt, key: string): { op: string; values: string[] }[] {
  return Object.entries(s.condition).flatMap(([op, kv]) => Object.entries(kv).filter(([k]) => k.toLowerCase() === key.toLowerCase()).map(([, v]) => ({ op, values: v })));
}

const SUB_SHAPE = /^repo:([A-Za-z0-9_.-]+(?:@\d+)?)\/([A-Za-z0-9_.-]+(?:@\d+)?):(environment:[^*?]+|ref:refs\/(heads|tags)\/[^*?][^?]*|pull_request)$/;

/** Problems of one GitHub trust statement under PRJ_OIDC (empty = fine). */
export function oidcProblems(s: Stmt): string[] {
  const p: string[] = [];
  const badActions = s.actions.filter((a) => !["sts:AssumeRoleWithWebIdentity", "sts:TagSession"].includes(a));
  if (badActions.length || s.notActions.length) p.push(`actions other than sts:AssumeRoleWithWebIdentity/sts:TagSession: ${badActions.join(", ") || "NotAction"}`);
  const aud = condValues(s, `${GITHUB}:aud`);
  if (!aud.length) p.push(`no ${GITHUB}:aud condition`);
  for (const a of aud) {
    if (a.op !== "StringEquals") p.push(`aud uses ${a.op}; use StringEquals`);
    if (a.values.length !== 1 || a.values[0] !== "sts.amazonaws.com") p.push(`aud is ${JSON.stringify(a.values)}; expected ["sts.amazonaws.com"]`);
  }
  const sub = condValues(s, `${GITHUB}:sub`);
  if (!sub.length) p.push(`no ${GITHUB}:sub condition`);
  for (const c of sub) {
    if (/^ForAllValues:/i.test(c.op)) p.push(`sub uses ${c.op}, which is true when the claim is absent`);
    if (!["StringEquals", "StringLike", "ForAnyValue:StringEquals", "ForAnyValue:StringLike"].includes(c.op)) p.push(`sub uses ${c.op}`);
    for (const v of c.values) {
      if (isRef(v)) continue;
      const star = /^repo:[^:]*[*?]/.test(v) ? "wildcard in owner/repo" : undefined;
      if (star || !SUB_SHAPE.test(v)) p.push(`sub "${v}": ${star ?? "expected repo:ORG/REPO:environment:ENV | :ref:refs/heads/BRANCH | :ref:refs/tags/TAG | :pull_request"}`);
    }
  }
  return p;
}

export const iamRules: Rule[] = [
  statementRule({ id: "CKV_AWS_355", title: 'No restrictable action on Resource "*" without a Condition', severity: "H", types: POLICY_TYPES, expected: "resource ARNs for actions that support them", fix: 'Scope Resource to ARNs; actions without resource-level permissions (e.g. ecr:GetAuthorizationToken) are allowed on "*" (modules/guardrails/iam-actions.ts UNRESTRICTABLE).', bad: restrictableOnStar }),
  statementRule({ id: "CKV_AWS_290", title: 'No write action on Resource "*" without a Condition', severity: "H", types: POLICY_TYPES, expected: "write actions scoped to resource ARNs or conditioned", fix: "Scope write actions to the resources they change, or add a Condition (aws:ResourceTag, aws:RequestedRegion…).", bad: writeOnStar }),
  statementRule({ id: "CKV_AWS_289", title: 'No permissions-management action on Resource "*" without a Condition', severity: "H", types: POLICY_TYPES, expected: "permissions-management actions scoped to ARNs or conditioned", fix: "Scope iam:* / *Policy / *Permission actions to named ARNs and condition them.", bad: pmOnStar }),
  unconstrainedRule({ id: "CKV_AWS_288", title: 'No data-exfiltration action on Resource "*" (s3:GetObject, ssm:GetParameter*, secretsmanager:GetSecretValue)', severity: "H", types: POLICY_TYPES, expected: "read actions on named ARNs only", fix: "Scope reads to the bucket prefix / parameter path / secret ARN prefix the service needs.", found: exfil }),
  unconstrainedRule({ id: "CKV_AWS_287", title: 'No credentials-exposure action on Resource "*" without a Condition', severity: "H", types: POLICY_TYPES, expected: "no credential-returning action on \"*\"", fix: "Scope sts:AssumeRole to role ARNs; ecr:GetAuthorizationToken can only be \"*\": waive it with the Service Authorization Reference as the reason.", found: creds }),
  unconstrainedRule({ id: "CKV_AWS_286", title: "No unconstrained privilege-escalation action set", severity: "M", types: POLICY_TYPES, expected: "no privilege-escalation path", fix: "Remove the combination, or scope it (PassRole to named roles with iam:PassedToService).", found: escalation }),
  statementRule({ id: "CKV2_AWS_40", title: 'No Allow of "iam:*" or "*"', severity: "M", types: [...POLICY_TYPES, DOC], expected: 'no Action "iam:*" or "*"', fix: "List the IAM actions needed on named ARNs.", bad: (s) => (s.actions.some((a) => a === "*" || a.toLowerCase() === "iam:*") ? `Action ${s.actions.filter((a) => a === "*" || a.toLowerCase() === "iam:*").join(",")}` : undefined) }),
  defineRule({
    id: "PRJ_PASSROLE",
    title: "iam:PassRole only on named role ARNs with an iam:PassedToService condition",
    types: [...POLICY_TYPES, DOC],
    severity: "H",
    fix: 'Resource: the exact role ARNs (no "*" in the role name); Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } }.',
    check: (r, ctx) =>
      identityDocs(r, ctx).flatMap((d): Outcome[] => {
        if (!d.parsed.ok) return [unknown(d.attribute, "PassRole scoped", d.parsed.why)];
        const out = d.parsed.statements
          .filter((s) => s.effect === "Allow" && allowsAction(s, "iam:PassRole"))
          .map((s) => {
            const wildRes = s.notResources.length > 0 || s.resources.some((x) => !isRef(x) && (x === "*" || /:role\/.*[*?]/.test(x) || !/:role\//.test(x)));
            const passedTo = condValues(s, "iam:PassedToService").length > 0;
            if (wildRes) return fail(`${d.attribute}.${stmtLabel(s)}.Resource`, "named role ARNs", s.resources.join(", ") || "NotResource");
            return passedTo ? PASS : fail(`${d.attribute}.${stmtLabel(s)}.Condition`, "iam:PassedToService", "none");
          });
        return out.length ? out : [];
      }),
  }),
  defineRule({
    id: "PRJ_IAM_INLINE",
    title: "Roles carry no inline_policy blocks (use aws_iam_role_policy so every IAM rule sees them)",
    types: [ROLE],
    severity: "H",
    fix: "Move the policy to an aws_iam_role_policy resource.",
    check: (r) => (blocks(r.attrs.inline_policy).some((b) => isSet(b.policy)) ? fail("inline_policy", "no inline policies", `${blocks(r.attrs.inline_policy).length} block(s)`) : PASS),
  }),
  defineRule({
    id: "CKV_AWS_60",
    title: 'Trust policies do not allow everyone ("*") to assume the role',
    types: [ROLE],
    severity: "H",
    fix: "Trust a service principal, a role ARN or the OIDC provider with conditions.",
    check: (r, ctx) => {
      const p = trust(r, ctx);
      if (!p.ok) return unknown("assume_role_policy", 'no Principal "*"', p.why);
      const bad = p.statements.filter((s) => s.effect !== "Deny" && isWildcardPrincipal(s));
      return bad.length ? bad.map((s) => fail(`assume_role_policy.${stmtLabel(s)}.Principal`, "a specific principal", "*")) : PASS;
    },
  }),
  defineRule({
    id: "PRJ_OIDC",
    title: "GitHub OIDC trust: aud pinned to sts.amazonaws.com, every sub an exact repo + environment/branch/tag/pull_request, session ≤ 1 h",
    types: [ROLE],
    severity: "C",
    fix: 'Trust only with StringEquals { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:ORG/REPO:environment:ENV" } and maxSessionDuration ≤ 3600.',
    check: (r, ctx) => {
      const p = trust(r, ctx);
      if (!p.ok) return unknown("assume_role_policy", "GitHub trust with aud and sub pinned", p.why);
      const gh = p.statements.filter((s) => s.effect === "Allow" && isGithubStatement(s, ctx));
      if (!gh.length) return [];
      const out: Outcome[] = gh.map((s) => {
        const problems = oidcProblems(s);
        return problems.length ? fail(`assume_role_policy.${stmtLabel(s)}`, "aud = sts.amazonaws.com and repo:ORG/REPO:<environment|ref|pull_request> subs", problems.join("; ")) : PASS;
      });
      const msd = num(r.attrs.max_session_duration);
      if (msd === "unknown") out.push(unknown("max_session_duration", "≤ 3600", r.attrs.max_session_duration));
      else if (msd !== undefined && msd > 3600) out.push(fail("max_session_duration", "≤ 3600 seconds", r.attrs.max_session_duration));
      return out;
    },
  }),
];
