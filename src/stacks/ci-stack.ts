import { DataAwsIamOpenidConnectProvider } from "@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider";
import { DataAwsKmsAlias } from "@cdktf/provider-aws/lib/data-aws-kms-alias";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { waive } from "../../modules/guardrails/waive";
import { Construct } from "../../foundation/cdk";
import type { GithubConfig } from "../../envs/github";
import { appEnvironment, githubEnvironment } from "../../envs/github";
import { policyDocument } from "../../modules/iam/policy";
import { appRolePolicy, boundaryPolicy, deployRolePolicy, planRolePolicy, type CiScope } from "../../modules/ci/policies";
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_URL, githubSubjects, githubTrustPolicy } from "../../modules/ci/trust";
import { CiOut, PhysicalNames } from "../../foundation/contract";
import { hasData } from "./data-stack";
import { EnvStack, type EnvStackProps } from "./env-stack";

export interface CiStackProps extends Omit<EnvStackProps, "layer"> {
  readonly github: GithubConfig;
}

/** AWS managed policy: List/Describe metadata across services, no data or secret reads. */
export const VIEW_ONLY_POLICY = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess";
/** Role sessions last at most one hour: CI jobs are short, and a leaked session expires soon. */
const MAX_SESSION_SECONDS = 3600;

/**
 * `<env>-ci`: how GitHub Actions reaches this environment. The account's GitHub OIDC provider (created here when
 * `ci.oidcProvider` is "create", looked up otherwise — one per account), and three roles:
 * - plan (`<prefix>-gha-plan`): PR diffs and scheduled drift; read-only, no secret reads.
 * - deploy (`<prefix>-gha-deploy`): `cdktf deploy` from the env's GitHub environment; scoped, boundary-enforcing.
 * - app (`<prefix>-gha-app`): ecspresso rollouts and ECR pushes from the env's app environment.
 * Applied by an administrator: the deploy role is denied any change to CI identities.
 */
export class CiStack extends EnvStack {
  readonly oidcProviderArn: string;
  readonly planRole: IamRole;
  readonly deployRole: IamRole;
  readonly appRole: IamRole;
  readonly boundary: IamPolicy;

  constructor(scope: Construct, props: CiStackProps) {
    super(scope, { ...props, layer: "ci" });
    const { env, account } = this;
    const g = props.github;

    this.oidcProviderArn =
      env.ci.oidcProvider === "create"
        ? new IamOpenidConnectProvider(this, "github_oidc", {
            url: GITHUB_OIDC_URL,
            clientIdList: [GITHUB_OIDC_AUDIENCE],
            // No thumbprints: AWS validates GitHub's certificate against its trusted CAs (since 2023-07).
          }).arn
        : new DataAwsIamOpenidConnectProvider(this, "github_oidc", { url: GITHUB_OIDC_URL }).arn;

    // The bootstrap stack names the state CMK alias after the bucket (local state there, so look it up).
    const stateKey = new DataAwsKmsAlias(this, "state_key", { name: `alias/${account.stateBucket}` });

    const scope_: CiScope = {
      partition: "aws",
      accountId: account.id,
      region: env.region,
      project: env.project,
      env: env.name,
      prefix: this.prefix,
      stateBucket: account.stateBucket,
      stateKeyArn: stateKey.targetKeyArn,
      services: Object.keys(env.services),
      edge: env.edge.enabled,
      data: hasData(env),
      blueGreenServices: Object.entries(env.services).filter(([, s]) => s.deployment.type === "blue-green").map(([n]) => n),
    };

    const role = (id: string, name: string, subjects: string[], description: string) =>
      new IamRole(this, id, {
        name,
        description,
        assumeRolePolicy: githubTrustPolicy(this.oidcProviderArn, subjects),
        maxSessionDuration: MAX_SESSION_SECONDS,
      });

    this.planRole = role(
      "plan_role",
      PhysicalNames.ciPlanRole(this.prefix),
      githubSubjects(g, [{ kind: "pull_request" }, { kind: "branch", name: "main" }]),
      `GitHub Actions: read-only plans of ${env.name} (pull requests, drift on main)`,
    );
    new IamRolePolicyAttachment(this, "plan_view_only", { role: this.planRole.name, policyArn: VIEW_ONLY_POLICY });
    const planPolicy = new IamRolePolicy(this, "plan_policy", { role: this.planRole.id, name: "plan", policy: policyDocument(planRolePolicy(scope_)) });
    waive(planPolicy, "CKV_AWS_355", "terraform refresh reads (Describe/Get/List) every resource type of the stacks, including ones not created yet, so reads cannot be listed by ARN; secret values and decryption are explicitly denied in the same policy");

    this.boundary = new IamPolicy(this, "boundary", {
      name: PhysicalNames.ciBoundaryPolicy(this.prefix),
      description: `Permissions boundary of every role the ${env.name} deploy role creates`,
      policy: policyDocument(boundaryPolicy(scope_)),
    });
    // A permissions boundary caps what roles created by the deploy role may ever do; it grants nothing by
    // itself, so "Allow * except identity administration" is the intended shape, not an over-broad grant.
    for (const [rule, what] of [
      ["CKV_AWS_355", "resource ARNs"], ["CKV_AWS_290", "scoped writes"], ["CKV_AWS_289", "scoped permissions management"],
      ["CKV_AWS_288", "scoped reads"], ["CKV_AWS_287", "no credential actions"], ["PRJ_PASSROLE", "named PassRole ARNs"],
    ] as const) {
      waive(this.boundary, rule, `permissions boundary, not a grant: it caps roles the deploy role creates, so ${what} are enforced by each role's own policy`);
    }
    this.deployRole = role(
      "deploy_role",
      PhysicalNames.ciDeployRole(this.prefix),
      githubSubjects(g, [{ kind: "environment", name: githubEnvironment(env) }]),
      `GitHub Actions: cdktf deploy of ${env.name} (GitHub environment ${githubEnvironment(env)} only)`,
    );
    const deployPolicy = new IamRolePolicy(this, "deploy_policy", {
      role: this.deployRole.id,
      name: "deploy",
      policy: policyDocument(deployRolePolicy(scope_, this.boundary.arn)),
    });
    waive(deployPolicy, "CKV_AWS_355", "IamReads: terraform refresh lists and reads IAM metadata (roles, policies, instance profiles, OIDC providers); read-only, writes are scoped to <prefix>-* names");
    waive(deployPolicy, "PRJ_PASSROLE", "terraform passes the roles it creates (instance, flow-log, CodeDeploy, Config roles), all named <prefix>-* and capped by the permissions boundary; PassRole is conditioned on iam:PassedToService");

    this.appRole = role(
      "app_role",
      PhysicalNames.ciAppRole(this.prefix),
      githubSubjects(g, [{ kind: "environment", name: appEnvironment(env) }]),
      `GitHub Actions: ecspresso rollouts and ECR pushes of ${env.name} (GitHub environment ${appEnvironment(env)} only)`,
    );
    const appPolicy = new IamRolePolicy(this, "app_policy", { role: this.appRole.id, name: "ecspresso", policy: policyDocument(appRolePolicy(scope_)) });
    waive(appPolicy, "CKV_AWS_287", "ecr:GetAuthorizationToken has no resource-level permissions (AWS Service Authorization Reference); pushes are scoped to this environment's repositories");

    this.output(CiOut.oidcProviderArn, this.oidcProviderArn, "GitHub Actions OIDC provider of this account");
    this.output(CiOut.planRoleArn, this.planRole.arn, "Read-only plan role (pull requests, drift)");
    this.output(CiOut.deployRoleArn, this.deployRole.arn, "Infrastructure deploy role (GitHub environment of this env)");
    this.output(CiOut.appRoleArn, this.appRole.arn, "ecspresso deploy role (GitHub app environment of this env)");
    this.output(CiOut.boundaryPolicyArn, this.boundary.arn, "Permissions boundary required on roles the deploy role creates");
  }
}
