import { ActionsEnvironmentVariable } from "@cdktf/provider-github/lib/actions-environment-variable";
import { ActionsVariable } from "@cdktf/provider-github/lib/actions-variable";
import { DataGithubTeam } from "@cdktf/provider-github/lib/data-github-team";
import { DataGithubUser } from "@cdktf/provider-github/lib/data-github-user";
import { GithubProvider } from "@cdktf/provider-github/lib/provider";
import { RepositoryEnvironment } from "@cdktf/provider-github/lib/repository-environment";
import { RepositoryEnvironmentDeploymentPolicy } from "@cdktf/provider-github/lib/repository-environment-deployment-policy";
import { RepositoryRuleset } from "@cdktf/provider-github/lib/repository-ruleset";
import { Construct, DataTerraformRemoteStateS3, Fn, TerraformStack, Token } from "../../foundation/cdk";
import type { Account, EnvConfig } from "../../envs";
import { appEnvironment, githubEnvironment, type GithubConfig } from "../../envs/github";
import { CiOut, GITHUB_STACK_ID, GITHUB_STATE_KEY, GithubVars, PlatformOut, stateKey, type Layer } from "../../foundation/contract";
import { ConfigError } from "../../foundation/errors";
import { configureS3Backend, requireTerraformVersion } from "./env-stack";

export interface GithubStackProps {
  readonly github: GithubConfig;
  /** CI-enabled environments (those with `ci.enabled`). */
  readonly envs: readonly EnvConfig[];
  readonly accounts: ReadonlyMap<string, Account>;
}

/**
 * `github`: the repository's deployment settings as code (@cdktf/provider-github 15.3.1 = provider 6.9.0).
 * - Per CI-enabled environment two GitHub environments: `<env>` (infrastructure deploy jobs) and `<env>-app`
 *   (ecspresso jobs), with required reviewers when `ci.requireReviewers`, and deployment branch policies.
 * - Their variables (role ARNs, region, cluster, ECR URLs, state bucket), read from each environment's `ci` and
 *   `platform` state outputs through `terraform_remote_state` — never typed in by hand.
 * - A ruleset on the default branch requiring pull requests and the CI checks by name.
 *
 * Authentication: a GitHub App installation. `app_auth {}` is empty on purpose: the provider reads
 * GITHUB_APP_ID, GITHUB_APP_INSTALLATION_ID and GITHUB_APP_PEM_FILE (the key's contents) from the environment at
 * plan time, so no credential is ever synthesized into cdktf.out (asserted by __tests__/github.test.ts).
 */
export class GithubStack extends TerraformStack {
  readonly remote = new Map<string, DataTerraformRemoteStateS3>();

  constructor(scope: Construct, props: GithubStackProps) {
    super(scope, GITHUB_STACK_ID);
    requireTerraformVersion(this);
    const { github: g, envs, accounts } = props;
    const stateAccount = accounts.get(g.stateAccount);
    if (!stateAccount) throw new ConfigError("github", "E_GITHUB_STATE_ACCOUNT", `no account "${g.stateAccount}"`);

    new GithubProvider(this, "github", { owner: g.owner }).addOverride("app_auth", {});
    configureS3Backend(this, stateAccount, GITHUB_STATE_KEY);
    const profile = g.stateProfiles[stateAccount.name];
    if (profile) this.addOverride("terraform.backend.s3.profile", profile);

    const repository = g.repo;
    const users = g.reviewers.users.map((u) => Token.asNumber(new DataGithubUser(this, `reviewer_user_${slug(u)}`, { username: u }).id));
    const teams = g.reviewers.teams.map((t) => Token.asNumber(new DataGithubTeam(this, `reviewer_team_${slug(t)}`, { slug: t, summaryOnly: true }).id));

    for (const env of envs) {
      const account = accounts.get(env.account)!;
      const ci = this.remoteState(env, account, "ci", g);
      const platform = this.remoteState(env, account, "platform", g);
      const e = slug(env.name);

      new ActionsVariable(this, `plan_role_${e}`, {
        repository,
        variableName: GithubVars.planRoleArn(env.name),
        value: ci.getString(CiOut.planRoleArn),
      });
      new ActionsVariable(this, `region_${e}`, { repository, variableName: GithubVars.regionOf(env.name), value: env.region });

      const common = {
        [GithubVars.region]: env.region,
        [GithubVars.accountId]: account.id,
        [GithubVars.stateBucket]: account.stateBucket,
      };
      const infra = this.environment(`env_${e}`, repository, githubEnvironment(env), env, g, users, teams);
      this.variables(`env_${e}`, repository, infra, { ...common, [GithubVars.deployRoleArn]: ci.getString(CiOut.deployRoleArn) });

      const app = this.environment(`env_${e}_app`, repository, appEnvironment(env), env, g, users, teams);
      const ecr = Object.fromEntries(Object.keys(env.services).map((svc) => [svc, platform.getString(PlatformOut.ecrRepositoryUrl(svc))]));
      this.variables(`env_${e}_app`, repository, app, {
        ...common,
        [GithubVars.appRoleArn]: ci.getString(CiOut.appRoleArn),
        [GithubVars.cluster]: platform.getString(PlatformOut.clusterName),
        [GithubVars.ecrRepositoryUrls]: Fn.jsonencode(ecr),
      });
    }

    new RepositoryRuleset(this, "main_ruleset", {
      repository,
      name: "main",
      target: "branch",
      enforcement: "active",
      conditions: { refName: { include: ["~DEFAULT_BRANCH"], exclude: [] } },
      rules: {
        deletion: true,
        nonFastForward: true,
        pullRequest: {
          requiredApprovingReviewCount: g.requiredApprovals,
          dismissStaleReviewsOnPush: true,
          requireLastPushApproval: true,
          requiredReviewThreadResolution: true,
        },
        requiredStatusChecks: {
          strictRequiredStatusChecksPolicy: true,
          requiredCheck: g.requiredChecks.map((context) => ({ context })),
        },
      },
    });
  }

  /** `terraform_remote_state` of `<env>/<layer>.tfstate` in the env's account bucket (read-only). */
  private remoteState(env: EnvConfig, account: Account, layer: Layer, g: GithubConfig): DataTerraformRemoteStateS3 {
    const profile = g.stateProfiles[account.name];
    const rs = new DataTerraformRemoteStateS3(this, `state_${slug(env.name)}_${layer}`, {
      bucket: account.stateBucket,
      key: stateKey(env.name, layer),
      region: account.region,
      encrypt: true,
      ...(profile ? { profile } : {}),
    });
    this.remote.set(`${env.name}/${layer}`, rs);
    return rs;
  }

  private environment(id: string, repository: string, name: string, env: EnvConfig, g: GithubConfig, users: number[], teams: number[]) {
    const gated = env.ci.requireReviewers;
    const e = new RepositoryEnvironment(this, id, {
      repository,
      environment: name,
      waitTimer: env.ci.waitTimerMinutes || undefined,
      preventSelfReview: gated ? g.preventSelfReview : false,
      canAdminsBypass: !gated,
      ...(gated ? { reviewers: [{ users, teams }] } : {}),
      deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
    });
    env.ci.deployBranches.forEach((branch) => {
      new RepositoryEnvironmentDeploymentPolicy(this, `${id}_branch_${slug(branch)}`, {
        repository,
        environment: e.environment,
        branchPattern: branch,
      });
    });
    return e;
  }

  private variables(id: string, repository: string, environment: RepositoryEnvironment, vars: Record<string, string>) {
    for (const [name, value] of Object.entries(vars)) {
      new ActionsEnvironmentVariable(this, `${id}_${name.toLowerCase()}`, {
        repository,
        environment: environment.environment,
        variableName: name,
        value,
      });
    }
  }
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "_");
}
