/**
 * The `github` stack: environments, reviewers, deployment branch policies, variables wired from the AWS stacks'
 * state outputs, the ruleset on main, App authentication from the environment — and no secret material anywhere
 * in the synthesized output. (No GitHub provider binary here: the JSON is what is checked.)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resources, stack, loadConfig } from "./helpers/synth";
import { synthAll } from "../scripts/lib/synth";
import { scanForSecrets } from "../scripts/ci/scan-secrets";
import { github as repo } from "../envs/github";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const { envs, accounts } = loadConfig();
const ciEnvs = envs.filter((e) => e.ci.enabled);
const json = () => stack("github");

function byName<T extends Json>(type: string, key: string): Record<string, T> {
  return Object.fromEntries(Object.values(resources<T>(json(), type)).map((r) => [r[key], r]));
}

describe("github stack", () => {
  it("uses the pinned GitHub provider with App auth read from the environment (no credentials in JSON)", () => {
    const j = json();
    expect(j.terraform!.required_providers).toEqual({ github: { source: "integrations/github", version: "6.9.0" } });
    expect(j.provider!.github).toEqual([{ owner: "acme", app_auth: {} }]);
  });

  it("keeps its state in the configured account's bucket, encrypted and locked", () => {
    const b = json().terraform!.backend!.s3 as Json;
    expect(b).toMatchObject({
      bucket: accounts.get(repo.stateAccount)!.stateBucket,
      key: "github/github.tfstate",
      encrypt: true,
      use_lockfile: true,
      profile: "acme-prod",
    });
  });

  it("creates <env> and <env>-app environments for every CI-enabled environment, and only those", () => {
    const environments = byName("github_repository_environment", "environment");
    expect(Object.keys(environments).sort()).toEqual(ciEnvs.flatMap((e) => [e.name, `${e.name}-app`]).sort());
    for (const e of Object.values(environments)) {
      expect(e.repository).toBe("ecs-platform");
      expect(e.deployment_branch_policy).toEqual({ protected_branches: false, custom_branch_policies: true });
    }
  });

  it("requires reviewers from config on prod (no self-review, no admin bypass); dev and staging have none", () => {
    const environments = byName("github_repository_environment", "environment");
    for (const name of ["prod", "prod-app"]) {
      expect(environments[name].reviewers).toEqual([
        {
          users: [expect.stringMatching(/^\$\{data\.github_user\.reviewer_user_platform_lead\.id\}$/)],
          teams: [expect.stringMatching(/^\$\{data\.github_team\.reviewer_team_platform\.id\}$/)],
        },
      ]);
      expect(environments[name].prevent_self_review).toBe(true);
      expect(environments[name].can_admins_bypass).toBe(false);
    }
    for (const name of ["dev", "dev-app", "staging", "staging-app"]) {
      expect(environments[name].reviewers).toBeUndefined();
      expect(environments[name].can_admins_bypass).toBe(true);
    }
    expect(Object.values(json().data!.github_user)).toEqual([expect.objectContaining({ username: "platform-lead" })]);
    expect(Object.values(json().data!.github_team)).toEqual([expect.objectContaining({ slug: "platform", summary_only: true })]);
  });

  it("limits every environment's deployments to main", () => {
    const policies = Object.values(resources<Json>(json(), "github_repository_environment_deployment_policy"));
    expect(policies).toHaveLength(ciEnvs.length * 2);
    for (const p of policies) {
      expect(p.branch_pattern).toBe("main");
      expect(p.tag_pattern).toBeUndefined();
      expect(p.environment).toMatch(/^\$\{github_repository_environment\.env_[a-z_]+\.environment\}$/);
    }
  });

  it.each(ciEnvs.map((e) => [e.name, e.account, e.region]))("%s: variables wired from the ci and platform state outputs", (name, account, region) => {
    const vars = Object.values(resources<Json>(json(), "github_actions_environment_variable"));
    const of = (env: string) =>
      Object.fromEntries(vars.filter((v) => v.environment === `\${github_repository_environment.${env}.environment}`).map((v) => [v.variable_name, v.value]));
    const a = accounts.get(account)!;
    const k = name.replace(/-/g, "_");
    expect(of(`env_${k}`)).toEqual({
      AWS_REGION: region,
      AWS_ACCOUNT_ID: a.id,
      TFSTATE_BUCKET: a.stateBucket,
      AWS_DEPLOY_ROLE_ARN: `\${data.terraform_remote_state.state_${k}_ci.outputs.gha_deploy_role_arn}`,
    });
    const app = of(`env_${k}_app`);
    expect(app).toMatchObject({
      AWS_REGION: region,
      AWS_ACCOUNT_ID: a.id,
      TFSTATE_BUCKET: a.stateBucket,
      AWS_APP_ROLE_ARN: `\${data.terraform_remote_state.state_${k}_ci.outputs.gha_app_role_arn}`,
      ECS_CLUSTER: `\${data.terraform_remote_state.state_${k}_platform.outputs.ecs_cluster_name}`,
    });
    const services = Object.keys(envs.find((e) => e.name === name)!.services).sort();
    expect(app.ECR_REPOSITORY_URLS).toBe(
      `\${jsonencode({${services.map((svc) => `"${svc}" = data.terraform_remote_state.state_${k}_platform.outputs.${svc}_ecr_repository_url`).join(", ")}})}`,
    );
    // No role ARN is typed in by hand.
    for (const v of Object.values(app)) expect(String(v)).not.toMatch(/^arn:aws:iam::/);

    const repoVars = byName("github_actions_variable", "variable_name");
    expect(repoVars[`AWS_PLAN_ROLE_ARN_${k.toUpperCase()}`].value).toBe(`\${data.terraform_remote_state.state_${k}_ci.outputs.gha_plan_role_arn}`);
    expect(repoVars[`AWS_REGION_${k.toUpperCase()}`].value).toBe(region);

    const rs = json().data!.terraform_remote_state as Record<string, Json>;
    for (const layer of ["ci", "platform"]) {
      expect(rs[`state_${k}_${layer}`]).toEqual({
        backend: "s3",
        config: { bucket: a.stateBucket, key: `${name}/${layer}.tfstate`, region: a.region, encrypt: true, profile: `acme-${account}` },
      });
    }
  });

  it("protects main with a ruleset requiring pull requests and the CI checks by name", () => {
    const rules = Object.values(resources<Json>(json(), "github_repository_ruleset"));
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      repository: "ecs-platform",
      target: "branch",
      enforcement: "active",
      conditions: { ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] } },
      rules: {
        deletion: true,
        non_fast_forward: true,
        pull_request: { required_approving_review_count: 1, dismiss_stale_reviews_on_push: true, require_last_push_approval: true },
        required_status_checks: {
          strict_required_status_checks_policy: true,
          required_check: repo.requiredChecks.map((context) => ({ context })),
        },
      },
    });
    expect(repo.requiredChecks).toEqual(["lint", "test", "tflint", "checkov", "synth", "e2e"]);
  });

  it("is not built when an environment filter is set (it reads every environment)", () => {
    const dir = mkdtempSync(join(tmpdir(), "gh-"));
    try {
      expect(synthAll(dir, { only: ["dev"] }).map((s) => s.name)).not.toContain("github");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the secret scanner (scripts/ci/scan-secrets.ts; its run over a full cdktf.out: __tests__/integration/full-synth.test.ts)", () => {
  const FAKE_PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAtest\n-----END RSA PRIVATE KEY-----";
  const FAKE_TOKEN = "ghs_" + "a".repeat(36);
  const FAKE_AWS = "AKIA" + "ABCDEFGHIJKLMNOP";

  it.each([
    ["PEM private key", FAKE_PEM],
    ["GitHub token", FAKE_TOKEN],
    ["GitHub fine-grained token", "github_pat_" + "B".repeat(60)],
    ["AWS access key id", FAKE_AWS],
  ])("the scanner catches a planted %s", (pattern, secret) => {
    const dir = mkdtempSync(join(tmpdir(), "planted-"));
    try {
      mkdirSync(join(dir, "stacks", "x"), { recursive: true });
      writeFileSync(join(dir, "stacks", "x", "cdk.tf.json"), JSON.stringify({ provider: { github: [{ token: secret }] } }));
      expect(scanForSecrets(dir)).toEqual([{ file: join(dir, "stacks", "x", "cdk.tf.json"), pattern }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
