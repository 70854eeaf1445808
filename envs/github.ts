/**
 * The GitHub repository this project is deployed from: shared by every environment, so it lives here once.
 *
 * It feeds two things: the `sub` conditions of the AWS roles in every `<env>-ci` stack (who may assume them) and
 * the `github` stack (environments, reviewers, variables, the ruleset on main). A trust policy must name exactly
 * one repository, so owner and repo reject wildcards with a clear message.
 */
import { z } from "./zod";
import { Slug, type Account, type EnvConfig } from "./schema";
import { schemaProblems } from "./validate";
import { ConfigError, type Problem } from "../foundation/errors";

const NO_WILDCARD = "wildcards are not allowed: an OIDC trust policy must name exactly one owner/repository";

const Login = z
  .string()
  .refine((s) => !/[*?]/.test(s), NO_WILDCARD)
  .pipe(z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, "a GitHub owner is 1-39 letters, digits and hyphens"));
const RepoName = z
  .string()
  .refine((s) => !/[*?]/.test(s), NO_WILDCARD)
  .pipe(z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, "a repository name is 1-100 letters, digits, '.', '_' or '-'"));

export const GithubSchema = z.strictObject({
  /** Organization or user that owns the repository (provider `owner`). */
  owner: Login,
  /** Repository name. */
  repo: RepoName,
  /**
   * Numeric ids for GitHub's immutable OIDC subject `repo:OWNER@OWNER_ID/REPO@REPO_ID:…`, emitted by repositories
   * created after 2026-07-15 (and opted-in, renamed or transferred ones). `gh api repos/OWNER/REPO --jq '.owner.id, .id'`.
   */
  ids: z.strictObject({ owner: z.number().int().positive(), repo: z.number().int().positive() }).optional(),
  /** Which subject form the trust policies accept; `both` while migrating. @default "legacy" */
  subjectFormat: z.enum(["legacy", "immutable", "both"]).default("legacy"),
  /** Approvers of environments with `ci.requireReviewers` (GitHub allows 6 users + teams in total). */
  reviewers: z
    .strictObject({
      /** GitHub logins. @default [] */
      users: z.array(Login).default([]),
      /** Team slugs of the owner organization. @default [] */
      teams: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a team slug is lower-case letters, digits and hyphens")).default([]),
    })
    .prefault({}),
  /** Forbid the person who triggered a deployment from approving it. @default true */
  preventSelfReview: z.boolean().default(true),
  /** Status check names (job names as GitHub reports them) required on main by the ruleset. */
  requiredChecks: z.array(z.string().min(1)).min(1, "require at least one CI check on main"),
  /** Approving reviews required on pull requests into main. @default 1 */
  requiredApprovals: z.number().int().min(0).max(10).default(1),
  /** Account whose state bucket holds the `github` stack's state (key `github/github.tfstate`). */
  stateAccount: Slug,
  /**
   * AWS CLI profile per account name used by the `github` stack to read each environment's state (the stack reads
   * both accounts' buckets in one run). Absent = the default credential chain. @default {}
   */
  stateProfiles: z.record(Slug, z.string().min(1)).default({}),
});
export type GithubInput = z.input<typeof GithubSchema>;
export type GithubConfig = z.output<typeof GithubSchema>;

/** This project's repository. */
export const github = {
  owner: "acme",
  repo: "ecs-platform",
  reviewers: { users: ["platform-lead"], teams: ["platform"] },
  // The job names of .github/workflows/ci.yml, as GitHub reports them (`<workflow name> / <job name>` is only
  // the UI label; the check context is the job name).
  requiredChecks: ["lint", "test", "tflint", "checkov", "synth", "e2e"],
  stateAccount: "prod",
  stateProfiles: {
    nonprod: "acme-nonprod",
    prod: "acme-prod",
    "eldonia-nonprod": "acme-eldonia-nonprod",
    "eldonia-prod": "acme-eldonia-prod",
    "messaging-nonprod": "acme-messaging-nonprod",
    "messaging-prod": "acme-messaging-prod",
  },
} as const satisfies GithubInput;

const MAX_REVIEWERS = 6;

/** Parse and validate the GitHub config against the environments and accounts. Throws ConfigError. */
export function loadGithub(input: GithubInput, envs: readonly EnvConfig[], accounts: ReadonlyMap<string, Account>): GithubConfig {
  const problems: Problem[] = [];
  const add = (code: string, path: string, value: unknown, message: string, accepted?: string) =>
    problems.push({ code, where: "github", path, value, message, ...(accepted ? { accepted } : {}) });
  const r = GithubSchema.safeParse(input);
  if (!r.success) {
    throw new ConfigError(r.error.issues.flatMap((i) => schemaProblems("github", input, i, GithubSchema)));
  }
  const g = r.data;
  if (g.subjectFormat !== "legacy" && !g.ids) {
    add("E_GITHUB_IDS", "ids", undefined, `subjectFormat "${g.subjectFormat}" needs the numeric owner and repository ids`);
  }
  if (!accounts.has(g.stateAccount)) add("E_ACCOUNT_UNKNOWN", "stateAccount", g.stateAccount, "no such account", `accepted: ${[...accounts.keys()].join(", ")}`);
  for (const a of Object.keys(g.stateProfiles)) {
    if (!accounts.has(a)) add("E_ACCOUNT_UNKNOWN", `stateProfiles.${a}`, a, "no such account", `accepted: ${[...accounts.keys()].join(", ")}`);
  }
  const reviewers = g.reviewers.users.length + g.reviewers.teams.length;
  if (reviewers > MAX_REVIEWERS) add("E_GITHUB_REVIEWERS", "reviewers", reviewers, `GitHub allows at most ${MAX_REVIEWERS} required reviewers (users + teams)`);
  const gated = envs.filter((e) => e.ci.enabled && e.ci.requireReviewers);
  if (gated.length && reviewers === 0) {
    add("E_GITHUB_REVIEWERS", "reviewers", g.reviewers, `environments ${gated.map((e) => e.name).join(", ")} require reviewers; name at least one user or team`);
  }
  // GitHub environment names must be unique across environments (they key variables and trust subjects).
  const seen = new Map<string, string>();
  for (const e of envs.filter((x) => x.ci.enabled)) {
    for (const name of [githubEnvironment(e), appEnvironment(e)]) {
      const other = seen.get(name);
      if (other) add("E_GITHUB_ENVIRONMENT_DUPLICATE", `ci`, name, `GitHub environment "${name}" is used by both ${other} and ${e.name}; give each its own`);
      seen.set(name, e.name);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return g;
}

/** GitHub environment of an environment's infrastructure deploy jobs. */
export function githubEnvironment(env: EnvConfig): string {
  return env.ci.githubEnvironment ?? env.name;
}

/** GitHub environment of an environment's application (ecspresso) jobs. */
export function appEnvironment(env: EnvConfig): string {
  return env.ci.appEnvironment ?? `${env.name}-app`;
}
