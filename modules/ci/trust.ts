/**
 * GitHub Actions OIDC trust: the exact `sub` values a role accepts, and the trust policy built from them.
 *
 * Every Allow carries both `StringEquals …:aud = sts.amazonaws.com` and `StringEquals …:sub = [exact values]` in
 * one statement. A subject with a wildcard, or of a shape other than environment / branch ref / pull_request,
 * throws at synth (E_OIDC_SUBJECT): `repo:ORG/*`, `repo:ORG/REPO:*` or a `StringLike` would let other
 * repositories or other workflows of this one assume the role.
 */
import type { GithubConfig } from "../../envs/github";
import { ConfigError } from "../../foundation/errors";
import { policyDocument } from "../iam/policy";

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const GITHUB_OIDC_URL = `https://${GITHUB_OIDC_HOST}`;
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

/** What a job is doing when it asks for a token (decides the `sub` suffix). */
export type JobContext =
  | { readonly kind: "environment"; readonly name: string }
  | { readonly kind: "branch"; readonly name: string }
  | { readonly kind: "pull_request" };

/** `repo:OWNER/REPO` and/or `repo:OWNER@ID/REPO@ID`, per `subjectFormat`. */
export function subjectPrefixes(g: Pick<GithubConfig, "owner" | "repo" | "ids" | "subjectFormat">): string[] {
  const legacy = `repo:${g.owner}/${g.repo}`;
  const immutable = g.ids ? `repo:${g.owner}@${g.ids.owner}/${g.repo}@${g.ids.repo}` : undefined;
  if (g.subjectFormat === "legacy") return [legacy];
  if (!immutable) throw new ConfigError("github", "E_OIDC_IDS", `subjectFormat "${g.subjectFormat}" needs ids.owner and ids.repo`);
  return g.subjectFormat === "immutable" ? [immutable] : [legacy, immutable];
}

function suffix(ctx: JobContext): string {
  switch (ctx.kind) {
    case "environment":
      return `environment:${ctx.name}`;
    case "branch":
      return `ref:refs/heads/${ctx.name}`;
    case "pull_request":
      return "pull_request";
  }
}

/** Exact `sub` values for the given job contexts. */
export function githubSubjects(g: Pick<GithubConfig, "owner" | "repo" | "ids" | "subjectFormat">, contexts: readonly JobContext[]): string[] {
  const subs = subjectPrefixes(g).flatMap((p) => contexts.map((c) => `${p}:${suffix(c)}`));
  subs.forEach(assertExactSubject);
  return subs;
}

const SUBJECT_RE =
  /^repo:[A-Za-z0-9-]+(@\d+)?\/[A-Za-z0-9._-]+(@\d+)?:(environment:[A-Za-z0-9._-]+|ref:refs\/heads\/[\w./-]+|pull_request)$/;

/** Throws unless `sub` names one repository and one job context exactly. */
export function assertExactSubject(sub: string): void {
  if (/[*?]/.test(sub)) {
    throw new ConfigError("github", "E_OIDC_SUBJECT", `trust subject "${sub}" contains a wildcard; name exactly one owner/repo and one environment, branch or pull_request`);
  }
  if (!SUBJECT_RE.test(sub)) {
    throw new ConfigError("github", "E_OIDC_SUBJECT", `trust subject "${sub}" is not repo:OWNER/REPO:(environment:NAME|ref:refs/heads/BRANCH|pull_request)`);
  }
}

/** Trust policy for GitHub Actions: one statement, audience and exact subjects. */
export function githubTrustPolicy(providerArn: string, subjects: readonly string[]): string {
  if (subjects.length === 0) throw new ConfigError("github", "E_OIDC_SUBJECT", "a GitHub OIDC role needs at least one subject");
  subjects.forEach(assertExactSubject);
  return policyDocument([
    {
      Sid: "GitHubActionsOidc",
      Effect: "Allow",
      Principal: { Federated: providerArn },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: {
          [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
          [`${GITHUB_OIDC_HOST}:sub`]: [...subjects],
        },
      },
    },
  ]);
}
