/**
 * `<env>-ci`: the OIDC provider once per account, and the exact trust and permissions of the plan, deploy and
 * app roles. Policies are asserted statement by statement on the synthesized JSON.
 */
import { resource, resources, policy, stack, allStacks, synthStacks, loadConfig } from "./helpers/synth";
import { ACCOUNTS, ENVIRONMENTS, type EnvInput } from "../envs";
import { github as repo, loadGithub, type GithubInput } from "../envs/github";
import { assertExactSubject, githubSubjects, githubTrustPolicy } from "../modules/ci/trust";
import { SECRET_READ_ACTIONS } from "../modules/ci/policies";
import { ConfigError } from "../foundation/errors";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Stmt = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const { envs, accounts } = loadConfig();
const ciEnvs = envs.filter((e) => e.ci.enabled);
const OIDC = "token.actions.githubusercontent.com";
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

function role(env: string, kind: "plan" | "deploy" | "app"): Json {
  return resource<Json>(stack(`${env}-ci`), "aws_iam_role", `${kind}_role`);
}
function inline(env: string, kind: "plan" | "deploy" | "app"): Stmt[] {
  return policy(resource<Json>(stack(`${env}-ci`), "aws_iam_role_policy", `${kind}_policy`).policy).Statement;
}
function sid(statements: Stmt[], id: string): Stmt {
  const s = statements.find((x) => x.Sid === id);
  if (!s) throw new Error(`no statement ${id}; have ${statements.map((x) => x.Sid).join(", ")}`);
  return s;
}
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

describe("stacks", () => {
  it("one <env>-ci stack per CI-enabled environment, none for the others", () => {
    const ci = [...allStacks().keys()].filter((n) => n.endsWith("-ci")).sort();
    expect(ci).toEqual(["dev-ci", "eldonia-dev-ci", "eldonia-prod-ci", "messaging-dev-ci", "messaging-prod-ci", "prod-ci", "staging-ci"]);
    expect(envs.find((e) => e.name === "local")!.ci.enabled).toBe(false);
  });

  it("creates the OIDC provider once per account (dev in nonprod, prod) and looks it up in staging", () => {
    const created = ciEnvs.filter((e) => Object.keys(resources(stack(`${e.name}-ci`), "aws_iam_openid_connect_provider")).length === 1);
    // One creator per account: web's nonprod (dev) and prod, and each other system's own two accounts.
    expect(created.map((e) => e.name).sort()).toEqual(["dev", "eldonia-dev", "eldonia-prod", "messaging-dev", "messaging-prod", "prod"]);
    for (const e of created) {
      expect(resource(stack(`${e.name}-ci`), "aws_iam_openid_connect_provider")).toMatchObject({
        url: "https://token.actions.githubusercontent.com",
        client_id_list: ["sts.amazonaws.com"],
      });
    }
    const staging = stack("staging-ci");
    expect(resources(staging, "aws_iam_openid_connect_provider")).toEqual({});
    expect(Object.values(staging.data!.aws_iam_openid_connect_provider)).toEqual([
      expect.objectContaining({ url: "https://token.actions.githubusercontent.com" }),
    ]);
    // Exactly one creator per account.
    const perAccount = new Map<string, number>();
    for (const e of created) perAccount.set(e.account, (perAccount.get(e.account) ?? 0) + 1);
    expect([...perAccount.values()].every((n) => n === 1)).toBe(true);
  });

  it("emits the contract outputs", () => {
    expect(Object.keys(stack("dev-ci").output!).sort()).toEqual(
      ["github_oidc_provider_arn", "gha_app_role_arn", "gha_deploy_role_arn", "gha_permissions_boundary_arn", "gha_plan_role_arn"].sort(),
    );
  });
});

describe("trust policies", () => {
  const subjectsOf = (r: Json) => {
    const doc = policy(r.assume_role_policy);
    expect(doc.Statement).toHaveLength(1);
    const st = doc.Statement[0] as Stmt;
    expect(st.Effect).toBe("Allow");
    expect(st.Action).toBe("sts:AssumeRoleWithWebIdentity");
    expect(st.Principal.Federated).toMatch(/aws_iam_openid_connect_provider\.github_oidc.*\.arn|data\.aws_iam_openid_connect_provider\.github_oidc.*\.arn/);
    expect(Object.keys(st.Condition)).toEqual(["StringEquals"]);
    expect(st.Condition.StringEquals[`${OIDC}:aud`]).toBe("sts.amazonaws.com");
    return st.Condition.StringEquals[`${OIDC}:sub`] as string[];
  };

  it.each(ciEnvs.map((e) => [e.name]))("%s: exact subjects per role, one-hour sessions", (name) => {
    expect(subjectsOf(role(name, "plan"))).toEqual(["repo:acme/ecs-platform:pull_request", "repo:acme/ecs-platform:ref:refs/heads/main"]);
    expect(subjectsOf(role(name, "deploy"))).toEqual([`repo:acme/ecs-platform:environment:${name}`]);
    expect(subjectsOf(role(name, "app"))).toEqual([`repo:acme/ecs-platform:environment:${name}-app`]);
    for (const k of ["plan", "deploy", "app"] as const) {
      expect(role(name, k).max_session_duration).toBe(3600);
      expect(role(name, k).name).toBe(`acme-${name}-gha-${k}`);
    }
  });

  it("never trusts a subject with a wildcard or of another shape", () => {
    for (const bad of [
      "repo:acme/*:environment:prod",
      "repo:acme/ecs-platform:*",
      "repo:*/*:pull_request",
      "repo:acme/ecs-platform*:pull_request",
      "repo:acme/ecs-platform:workflow:deploy",
      "*",
    ]) {
      expect(() => assertExactSubject(bad)).toThrow(ConfigError);
      expect(() => githubTrustPolicy("arn:aws:iam::1:oidc-provider/x", [bad])).toThrow(/E_OIDC_SUBJECT/);
    }
    expect(() => githubTrustPolicy("arn", [])).toThrow(/E_OIDC_SUBJECT/);
  });

  it("emits the immutable subject form (and both while migrating) from the repository ids", () => {
    const g = { owner: "acme", repo: "ecs-platform", ids: { owner: 11, repo: 22 } };
    expect(githubSubjects({ ...g, subjectFormat: "immutable" }, [{ kind: "environment", name: "prod" }])).toEqual([
      "repo:acme@11/ecs-platform@22:environment:prod",
    ]);
    expect(githubSubjects({ ...g, subjectFormat: "both" }, [{ kind: "pull_request" }])).toEqual([
      "repo:acme/ecs-platform:pull_request",
      "repo:acme@11/ecs-platform@22:pull_request",
    ]);
    expect(() => githubSubjects({ owner: "acme", repo: "r", subjectFormat: "both" }, [{ kind: "pull_request" }])).toThrow(/E_OIDC_IDS/);
  });

  function githubProblems(input: GithubInput, envInputs: readonly EnvInput[] = ENVIRONMENTS): string {
    try {
      const { envs: e, accounts: a } = loadConfig(envInputs, ACCOUNTS);
      loadGithub(input, e, a);
    } catch (err) {
      if (err instanceof ConfigError) return err.message;
      throw err;
    }
    throw new Error("expected validation to fail");
  }

  it.each([
    ["owner", { owner: "*" }],
    ["owner", { owner: "ac*me" }],
    ["repo", { repo: "*" }],
    ["repo", { repo: "ecs-*" }],
  ])("rejects a wildcard %s with a clear message", (field, patch) => {
    expect(githubProblems({ ...clone(repo), ...patch } as GithubInput)).toMatch(
      new RegExp(`github: ${field} = .*wildcards are not allowed: an OIDC trust policy must name exactly one owner/repository`),
    );
  });

  it("rejects a synthesized stack set whose github config has a wildcard (synth fails, nothing written)", () => {
    expect(() => synthStacks({ github: { ...clone(repo), repo: "*" } as GithubInput })).toThrow(ConfigError);
  });

  it("requires ids for the immutable subject form, known accounts, ≤ 6 reviewers and reviewers for gated envs", () => {
    expect(githubProblems({ ...clone(repo), subjectFormat: "immutable" } as GithubInput)).toMatch(/github: ids = \(missing\): subjectFormat "immutable" needs/);
    expect(githubProblems({ ...clone(repo), stateAccount: "nope" } as GithubInput)).toMatch(/github: stateAccount = "nope": no such account/);
    expect(githubProblems({ ...clone(repo), reviewers: { users: ["a", "b", "c", "d"], teams: ["e", "f", "g"] } } as GithubInput)).toMatch(/at most 6 required reviewers/);
    expect(githubProblems({ ...clone(repo), reviewers: { users: [], teams: [] } } as GithubInput)).toMatch(/environments prod(, [\w-]+)* require reviewers/);
  });

  it("requires exactly one OIDC provider creator per account", () => {
    const envInputs = clone(ENVIRONMENTS) as EnvInput[];
    const staging = envInputs.find((e) => e.name === "staging")!;
    (staging as { ci: object }).ci = { enabled: true, oidcProvider: "create" };
    expect(() => loadConfig(envInputs, ACCOUNTS)).toThrow(/staging: ci.oidcProvider = "create": environment "dev" already creates the OIDC provider of account "nonprod"/);
    const prod = envInputs.find((e) => e.name === "prod")!;
    (prod as { ci: object }).ci = { enabled: true, oidcProvider: "lookup" };
    expect(() => loadConfig(envInputs, ACCOUNTS)).toThrow(/prod: ci.oidcProvider = "lookup": no CI-enabled environment of account "prod" creates/);
  });
});

describe("plan role (read-only)", () => {
  it.each(ciEnvs.map((e) => [e.name, e.account]))("%s: ViewOnlyAccess, state reads of its env, explicit denies", (name, account) => {
    const json = stack(`${name}-ci`);
    const bucket = accounts.get(account)!.stateBucket;
    expect(resource(json, "aws_iam_role_policy_attachment", "plan_view_only")).toMatchObject({
      policy_arn: "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
    });
    // No broad managed policy that can read data or secrets.
    for (const a of Object.values(resources<Json>(json, "aws_iam_role_policy_attachment"))) {
      expect(a.policy_arn).not.toMatch(/ReadOnlyAccess$|AdministratorAccess|PowerUserAccess/);
    }
    const st = inline(name, "plan");
    expect(sid(st, "StateList")).toEqual({
      Sid: "StateList", Effect: "Allow", Action: "s3:ListBucket", Resource: `arn:aws:s3:::${bucket}`,
      Condition: { StringLike: { "s3:prefix": [`${name}/*`] } },
    });
    expect(sid(st, "StateRead")).toMatchObject({ Effect: "Allow", Action: "s3:GetObject", Resource: [`arn:aws:s3:::${bucket}/${name}/*.tfstate`] });
    expect(sid(st, "StateDecrypt")).toMatchObject({ Action: "kms:Decrypt", Resource: expect.stringMatching(/data\.aws_kms_alias\.state_key\.target_key_arn/) });
    expect(sid(st, "DenySecretValues")).toEqual({ Sid: "DenySecretValues", Effect: "Deny", Action: [...SECRET_READ_ACTIONS], Resource: "*" });
    expect(sid(st, "DenyDecryptExceptState")).toMatchObject({ Effect: "Deny", Action: "kms:Decrypt", NotResource: expect.stringMatching(/state_key/) });
    expect(sid(st, "DenyObjectReadsExceptState")).toMatchObject({ Effect: "Deny", NotResource: `arn:aws:s3:::${bucket}/${name}/*.tfstate` });
    expect(sid(st, "DenyStateWrites")).toMatchObject({ Effect: "Deny", Action: ["s3:PutObject", "s3:DeleteObject"] });
    // No Allow grants a write, a secret value or data read.
    const allowed = st.filter((s) => s.Effect === "Allow").flatMap((s) => asList(s.Action)) as string[];
    for (const a of allowed) {
      expect(a).not.toMatch(/^s3:(Put|Delete)|GetSecretValue|ssm:GetParameter|logs:GetLogEvents|ecr:(BatchGetImage|GetDownloadUrlForLayer)|:\*$/);
      expect(a).not.toMatch(/^(ec2|ecs|iam|kms|s3):(Create|Delete|Put|Update|Attach|Run)/);
    }
  });
});

describe("deploy role (infrastructure)", () => {
  it.each(ciEnvs.map((e) => [e.name, e.account, e.region]))("%s: scoped, boundary-enforcing, cannot touch CI identities", (name, account, region) => {
    const id = accounts.get(account)!.id;
    const bucket = accounts.get(account)!.stateBucket;
    const st = inline(name, "deploy");
    // Never AdministratorAccess, never Action "*".
    expect(Object.values(resources<Json>(stack(`${name}-ci`), "aws_iam_role_policy_attachment")).map((a) => a.policy_arn)).not.toContain(
      "arn:aws:iam::aws:policy/AdministratorAccess",
    );
    for (const s of st) expect(asList(s.Action ?? [])).not.toContain("*");
    expect(sid(st, "StateReadWrite")).toMatchObject({ Action: ["s3:GetObject", "s3:PutObject"], Resource: `arn:aws:s3:::${bucket}/${name}/*.tfstate` });
    expect(sid(st, "StateLock")).toMatchObject({ Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `arn:aws:s3:::${bucket}/${name}/*.tfstate.tflock` });
    expect(sid(st, "ManagedServices").Condition).toEqual({ StringEquals: { "aws:RequestedRegion": [region, "us-east-1"] } });
    expect(sid(st, "ManagedServices").Action).not.toContain("iam:*");
    expect(sid(st, "OwnBuckets").Resource).toEqual([`arn:aws:s3:::acme-${name}-*`, `arn:aws:s3:::acme-${name}-*/*`]);
    expect(sid(st, "OwnIam").Resource).toEqual([
      `arn:aws:iam::${id}:role/acme-${name}-*`, `arn:aws:iam::${id}:policy/acme-${name}-*`, `arn:aws:iam::${id}:instance-profile/acme-${name}-*`,
    ]);
    expect(sid(st, "CreateRolesOnlyWithBoundary")).toMatchObject({
      Action: ["iam:CreateRole", "iam:PutRolePermissionsBoundary"],
      Condition: { StringEquals: { "iam:PermissionsBoundary": expect.stringMatching(/aws_iam_policy\.boundary.*\.arn/) } },
    });
    expect(sid(st, "OwnIam").Action).not.toContain("iam:CreateRole");
    expect(sid(st, "DenyCiTampering")).toEqual({
      Sid: "DenyCiTampering", Effect: "Deny", NotAction: ["iam:Get*", "iam:List*"],
      Resource: [`arn:aws:iam::${id}:role/*-gha-*`, `arn:aws:iam::${id}:policy/*-gha-*`, `arn:aws:iam::${id}:oidc-provider/*`],
    });
    expect(sid(st, "DenyOtherEnvironments").Condition).toEqual({
      StringNotEquals: { "aws:ResourceTag/Environment": name }, Null: { "aws:ResourceTag/Environment": "false" },
    });
    expect(sid(st, "OwnSecretsAndParameters").Resource).toEqual([
      `arn:aws:secretsmanager:${region}:${id}:secret:acme/${name}/*`, `arn:aws:ssm:${region}:${id}:parameter/acme/${name}/*`,
    ]);
  });

  it("every role of the env's other stacks carries the boundary the deploy role requires; local has none", () => {
    const staging = resources<Json>(stack("staging-network"), "aws_iam_role");
    expect(Object.keys(staging).length).toBeGreaterThan(0);
    for (const r of Object.values(staging)) expect(r.permissions_boundary).toBe("arn:aws:iam::111111111111:policy/acme-staging-gha-boundary");
    for (const r of Object.values(resources<Json>(stack("local-network"), "aws_iam_role"))) expect(r.permissions_boundary).toBeUndefined();
  });

  it("the boundary allows no IAM writes, Organizations or account changes", () => {
    const b = resource<Json>(stack("prod-ci"), "aws_iam_policy", "boundary");
    expect(b.name).toBe("acme-prod-gha-boundary");
    const st = policy(b.policy).Statement as Stmt[];
    expect(sid(st, "AllExceptIdentityAdmin")).toEqual({ Sid: "AllExceptIdentityAdmin", Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" });
    expect(sid(st, "PassOwnRolesToEcs")).toMatchObject({
      Action: "iam:PassRole", Resource: "arn:aws:iam::222222222222:role/acme-prod-*",
      Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    });
    const iamAllowed = st.filter((s) => s.Effect === "Allow").flatMap((s) => asList(s.Action ?? [])) as string[];
    expect(iamAllowed.filter((a) => a.startsWith("iam:"))).toEqual(["iam:Get*", "iam:List*", "iam:PassRole"]);
  });
});

describe("app role (ecspresso)", () => {
  // The web system's two services and edge; the other systems' app roles: __tests__/data-stores.test.ts.
  it.each(ciEnvs.filter((e) => e.system === "web").map((e) => [e.name, e.account, e.region]))("%s: only this env's services, roles, repositories and state", (name, account, region) => {
    const id = accounts.get(account)!.id;
    const bucket = accounts.get(account)!.stateBucket;
    const p = `acme-${name}`;
    const st = inline(name, "app");
    const svc = ["backend", "frontend"];
    expect(sid(st, "Services")).toEqual({
      Sid: "Services", Effect: "Allow",
      Action: ["ecs:CreateService", "ecs:DescribeServices", "ecs:UpdateService", "ecs:TagResource", "ecs:UntagResource"],
      Resource: svc.map((s) => `arn:aws:ecs:${region}:${id}:service/${p}/${s}`),
    });
    expect(sid(st, "ListServiceDeployments").Resource).toEqual(svc.map((s) => `arn:aws:ecs:${region}:${id}:service/${p}/${s}`));
    expect(sid(st, "ServiceDeployments")).toMatchObject({
      Action: ["ecs:DescribeServiceDeployments", "ecs:StopServiceDeployment"],
      Resource: svc.map((s) => `arn:aws:ecs:${region}:${id}:service-deployment/${p}/${s}/*`),
    });
    expect(sid(st, "PassTaskRoles")).toEqual({
      Sid: "PassTaskRoles", Effect: "Allow", Action: "iam:PassRole",
      Resource: [`arn:aws:iam::${id}:role/${p}-ecs-task-execution`, ...svc.map((s) => `arn:aws:iam::${id}:role/${p}-${s}-task`)],
      Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    });
    expect(sid(st, "EcrPush").Resource).toEqual(svc.map((s) => `arn:aws:ecr:${region}:${id}:repository/${p}/${s}`));
    expect(sid(st, "EcrPush").Action).toEqual(expect.arrayContaining(["ecr:PutImage", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"]));
    expect(sid(st, "EcrLogin")).toMatchObject({ Action: "ecr:GetAuthorizationToken", Resource: "*" });
    expect(sid(st, "StateRead").Resource).toEqual(
      ["network", "platform", "edge"].map((l) => `arn:aws:s3:::${bucket}/${name}/${l}.tfstate`),
    );
    expect(sid(st, "CdnInvalidation")).toEqual({
      Sid: "CdnInvalidation", Effect: "Allow", Action: ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"],
      Resource: `arn:aws:cloudfront::${id}:distribution/*`, Condition: { StringEquals: { "aws:ResourceTag/Environment": name } },
    });
    // scripts/upload-static.sh: list + put under _next/static/ only, the static CMK only (by its alias).
    expect(sid(st, "StaticAssetsList")).toEqual({
      Sid: "StaticAssetsList", Effect: "Allow", Action: "s3:ListBucket", Resource: `arn:aws:s3:::${p}-static-${id}`,
    });
    expect(sid(st, "StaticAssetsUpload")).toEqual({
      Sid: "StaticAssetsUpload", Effect: "Allow", Action: "s3:PutObject", Resource: `arn:aws:s3:::${p}-static-${id}/_next/static/*`,
    });
    expect(sid(st, "StaticAssetsKey")).toEqual({
      Sid: "StaticAssetsKey", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Encrypt"],
      Resource: `arn:aws:kms:${region}:${id}:key/*`,
      Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": `alias/${p}-static-assets` } },
    });
    // The alias the grant names is the one the edge stack gives the key.
    const edgeAliases = Object.values(resources<Json>(stack(`${name}-edge`), "aws_kms_alias")).map((a) => a.name);
    expect(edgeAliases).toContain(`alias/${p}-static-assets`);
    expect(sid(st, "SecretArns")).toEqual({
      Sid: "SecretArns", Effect: "Allow", Action: "secretsmanager:DescribeSecret",
      Resource: `arn:aws:secretsmanager:${region}:${id}:secret:acme/${name}/*`,
    });
    // Nothing else may touch S3 objects (no reads, no deletes) or use a KMS key beyond state decryption.
    const s3kms = st.filter((s) => s.Effect === "Allow").flatMap((s) => asList(s.Action) as string[]).filter((a) => /^(s3|kms):/.test(a)).sort();
    expect(s3kms).toEqual(["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "s3:GetObject", "s3:ListBucket", "s3:ListBucket", "s3:PutObject"]);
    expect(sid(st, "StateList").Condition).toEqual({ StringLike: { "s3:prefix": [`${name}/*`] } });
    expect(sid(st, "StateDecrypt").Action).toBe("kms:Decrypt");
    expect(sid(st, "Tasks").Condition).toEqual({ ArnEquals: { "ecs:cluster": `arn:aws:ecs:${region}:${id}:cluster/${p}` } });
    expect(sid(st, "TagOnRegister").Condition).toEqual({ StringEquals: { "ecs:CreateAction": "RegisterTaskDefinition" } });
    expect(sid(st, "ScalingRegister")).toMatchObject({ Action: "application-autoscaling:RegisterScalableTarget" });
    expect(sid(st, "LogReads").Resource).toEqual(svc.map((s) => `arn:aws:logs:${region}:${id}:log-group:/ecs/${p}/${s}:*`));
    // Nothing wildcard-wide and no secrets.
    const allowed = st.filter((s) => s.Effect === "Allow").flatMap((s) => asList(s.Action)) as string[];
    for (const a of allowed) expect(a).not.toMatch(/:\*$|^\*$|GetSecretValue|ssm:GetParameter/);
    // No CodeDeploy without blue/green services.
    expect(st.some((s) => String(s.Sid).startsWith("CodeDeploy"))).toBe(false);
  });

  it("an environment without the edge gets no invalidation and no static upload grants (secret ARN lookups stay)", () => {
    const envInputs = clone(ENVIRONMENTS) as EnvInput[];
    const dev = envInputs.find((e) => e.name === "dev")! as unknown as { edge: Json };
    dev.edge = { ...dev.edge, enabled: false };
    const s = synthStacks({ envs: envInputs, only: ["dev"] }).get("dev-ci")!.json;
    const st = policy(resource<Json>(s, "aws_iam_role_policy", "app_policy").policy).Statement as Stmt[];
    expect(st.filter((x) => /^(Cdn|StaticAssets)/.test(String(x.Sid)))).toEqual([]);
    expect(sid(st, "StateRead").Resource).toEqual(["network", "platform"].map((l) => `arn:aws:s3:::acme-tfstate-111111111111/dev/${l}.tfstate`));
    expect(sid(st, "SecretArns").Resource).toBe("arn:aws:secretsmanager:ap-northeast-1:111111111111:secret:acme/dev/*");
  });

  it("adds CodeDeploy actions scoped to the env's application and deployment group for a blue/green service", () => {
    const envInputs = clone(ENVIRONMENTS) as EnvInput[];
    const dev = envInputs.find((e) => e.name === "dev")! as unknown as { services: Record<string, Json> };
    dev.services.backend.deployment = { type: "blue-green", testListenerCidrs: ["10.0.0.0/8"] };
    const s = synthStacks({ envs: envInputs, only: ["dev"] }).get("dev-ci")!.json;
    const st = policy(resource<Json>(s, "aws_iam_role_policy", "app_policy").policy).Statement as Stmt[];
    expect(sid(st, "CodeDeployDeployments").Resource).toEqual([
      "arn:aws:codedeploy:ap-northeast-1:111111111111:deploymentgroup:acme-dev-backend/acme-dev-backend",
    ]);
    expect(sid(st, "CodeDeployDeployments").Action).toEqual(expect.arrayContaining(["codedeploy:CreateDeployment", "codedeploy:StopDeployment"]));
    expect(sid(st, "CodeDeployRevisions").Resource).toEqual(["arn:aws:codedeploy:ap-northeast-1:111111111111:application:acme-dev-backend"]);
  });
});
