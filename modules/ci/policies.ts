/**
 * Permission policies of the GitHub Actions roles, as pure functions of names and ARNs (unit-tested statement by
 * statement in __tests__/ci.test.ts). Resource ARNs come from `PhysicalNames` (foundation/contract.ts), so a role can
 * touch only its own environment's cluster, services, repositories, roles and state objects.
 */
import { PhysicalNames, stateKey, type Layer } from "../../foundation/contract";
import type { Statement } from "../iam/policy";

export interface CiScope {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  readonly project: string;
  readonly env: string;
  /** `<project>-<env>`. */
  readonly prefix: string;
  readonly stateBucket: string;
  /** ARN of the KMS key encrypting state objects (a token at synth). */
  readonly stateKeyArn: string;
  readonly services: readonly string[];
  /** Services deployed by CodeDeploy blue/green. */
  readonly blueGreenServices: readonly string[];
  /** The env has an `<env>-edge` stack (CloudFront): app deploys invalidate it (scripts/invalidate.sh). */
  readonly edge: boolean;
  /** The env has an `<env>-data` stack: ecspresso definitions read its outputs (tfstate plugin). @default false */
  readonly data?: boolean;
}

const arn = (s: CiScope, service: string, resource: string, region = s.region) =>
  `arn:${s.partition}:${service}:${region}:${s.accountId}:${resource}`;
const iamArn = (s: CiScope, resource: string) => `arn:${s.partition}:iam::${s.accountId}:${resource}`;
const bucketArn = (s: CiScope) => `arn:${s.partition}:s3:::${s.stateBucket}`;

/** Secret-returning reads the plan role must never perform (PR code runs under it). */
export const SECRET_READ_ACTIONS = [
  "secretsmanager:GetSecretValue",
  "ssm:GetParameter",
  "ssm:GetParameters",
  "ssm:GetParametersByPath",
  "ssm:GetParameterHistory",
] as const;

/**
 * Read-only actions terraform refresh needs beyond ViewOnlyAccess: configuration reads (`Get*` of policies,
 * bucket settings, key policies, tags) of the resource types this project manages — never data reads
 * (no s3:GetObject except state, no secret values, no log events, no image layers).
 */
export const REFRESH_READ_ACTIONS = [
  "acm:DescribeCertificate", "acm:ListTagsForCertificate",
  "application-autoscaling:Describe*", "application-autoscaling:ListTagsForResource",
  "autoscaling:Describe*",
  "cloudfront:Get*", "cloudfront:List*",
  "cloudtrail:Describe*", "cloudtrail:GetEventSelectors", "cloudtrail:GetTrail", "cloudtrail:GetTrailStatus", "cloudtrail:ListTags",
  "cloudwatch:Describe*", "cloudwatch:ListTagsForResource",
  "codedeploy:BatchGet*", "codedeploy:GetApplication", "codedeploy:GetDeploymentConfig", "codedeploy:GetDeploymentGroup", "codedeploy:List*",
  "config:Describe*", "config:ListTagsForResource",
  "ec2:Describe*", "ec2:GetLaunchTemplateData",
  "ecr:DescribeRepositories", "ecr:GetLifecyclePolicy", "ecr:GetRepositoryPolicy", "ecr:ListTagsForResource", "ecr:DescribeRegistry", "ecr:GetRegistryScanningConfiguration",
  "ecs:Describe*", "ecs:List*",
  "elasticloadbalancing:Describe*",
  "events:Describe*", "events:List*",
  "guardduty:Get*", "guardduty:List*",
  "iam:GetInstanceProfile", "iam:GetOpenIDConnectProvider", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:GetRole", "iam:GetRolePolicy",
  "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole", "iam:ListRolePolicies", "iam:ListPolicyVersions", "iam:ListRoleTags",
  "kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListAliases", "kms:ListResourceTags",
  "logs:Describe*", "logs:ListTagsForResource", "logs:ListTagsLogGroup",
  "route53:Get*", "route53:List*",
  "s3:GetAccelerateConfiguration", "s3:GetBucket*", "s3:GetEncryptionConfiguration", "s3:GetLifecycleConfiguration",
  "s3:GetReplicationConfiguration", "s3:ListAllMyBuckets",
  "secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy", "secretsmanager:ListSecrets",
  "sns:GetSubscriptionAttributes", "sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic", "sns:ListTagsForResource",
  "ssm:DescribeParameters", "ssm:ListTagsForResource",
  "wafv2:Get*", "wafv2:List*",
] as const;

/** List the environment's own state keys (every CI role). */
function stateList(s: CiScope): Statement {
  return {
    Sid: "StateList",
    Effect: "Allow",
    Action: "s3:ListBucket",
    Resource: bucketArn(s),
    Condition: { StringLike: { "s3:prefix": [`${s.env}/*`] } },
  };
}

/** State reads shared by every role that renders or plans: list the env's prefix, read its objects, decrypt. */
function stateRead(s: CiScope, objects: readonly string[]): Statement[] {
  return [
    stateList(s),
    { Sid: "StateRead", Effect: "Allow", Action: "s3:GetObject", Resource: objects.map((o) => `${bucketArn(s)}/${o}`) },
    { Sid: "StateDecrypt", Effect: "Allow", Action: "kms:Decrypt", Resource: s.stateKeyArn },
  ];
}

/**
 * Plan role (PR diffs, scheduled drift): ViewOnlyAccess (attached separately) plus refresh reads, state reads of
 * this environment without lock writes (`TF_CLI_ARGS_plan=-lock=false`), and explicit Denies that win over any
 * Allow: no secret values, no decryption except the state key, no object reads outside this env's state.
 */
export function planRolePolicy(s: CiScope): Statement[] {
  return [
    ...stateRead(s, [`${s.env}/*.tfstate`]),
    { Sid: "RefreshReads", Effect: "Allow", Action: [...REFRESH_READ_ACTIONS], Resource: "*" },
    { Sid: "DenySecretValues", Effect: "Deny", Action: [...SECRET_READ_ACTIONS], Resource: "*" },
    { Sid: "DenyDecryptExceptState", Effect: "Deny", Action: "kms:Decrypt", NotResource: s.stateKeyArn },
    {
      Sid: "DenyObjectReadsExceptState",
      Effect: "Deny",
      Action: ["s3:GetObject", "s3:GetObjectVersion"],
      NotResource: `${bucketArn(s)}/${s.env}/*.tfstate`,
    },
    { Sid: "DenyStateWrites", Effect: "Deny", Action: ["s3:PutObject", "s3:DeleteObject"], Resource: `${bucketArn(s)}/*` },
  ];
}

/** Service namespaces the infrastructure stacks manage (regional calls; CloudFront/ACM/WAF for it go to us-east-1). */
export const DEPLOY_SERVICES = [
  "acm", "application-autoscaling", "autoscaling", "cloudfront", "cloudtrail", "cloudwatch", "codedeploy", "config",
  "ec2", "ecr", "ecs", "elasticloadbalancing", "events", "guardduty", "kms", "logs", "route53", "sns", "wafv2",
] as const;

/** IAM actions the deploy role may perform on this environment's own roles, policies and instance profiles. */
export const DEPLOY_IAM_ACTIONS = [
  "iam:AddRoleToInstanceProfile", "iam:AttachRolePolicy", "iam:CreateInstanceProfile", "iam:CreatePolicy",
  "iam:CreatePolicyVersion", "iam:DeleteInstanceProfile", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:DeleteRole",
  "iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePolicy", "iam:RemoveRoleFromInstanceProfile",
  "iam:TagInstanceProfile", "iam:TagPolicy", "iam:TagRole", "iam:UntagInstanceProfile", "iam:UntagPolicy", "iam:UntagRole",
  "iam:UpdateAssumeRolePolicy", "iam:UpdateRole", "iam:UpdateRoleDescription",
] as const;

/**
 * Infrastructure deploy role (trusted only from the env's GitHub environment). Not AdministratorAccess: the
 * services the stacks manage (in this region and us-east-1 only), S3/Secrets/SSM by this env's name prefixes, IAM
 * only on `<prefix>-*` and only with the permissions boundary attached, state read/write of this env's keys.
 * It can never modify the CI roles, the OIDC provider or the boundary itself, so a deploy cannot widen its own
 * access; the `<env>-ci` stack is applied by an administrator.
 */
export function deployRolePolicy(s: CiScope, boundaryArn: string): Statement[] {
  const own = (kind: string) => iamArn(s, `${kind}/${s.prefix}-*`);
  return [
    stateList(s),
    { Sid: "StateReadWrite", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `${bucketArn(s)}/${s.env}/*.tfstate` },
    {
      Sid: "StateLock",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      Resource: `${bucketArn(s)}/${s.env}/*.tfstate.tflock`,
    },
    { Sid: "StateKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], Resource: s.stateKeyArn },
    {
      Sid: "ManagedServices",
      Effect: "Allow",
      Action: DEPLOY_SERVICES.map((svc) => `${svc}:*`),
      Resource: "*",
      Condition: { StringEquals: { "aws:RequestedRegion": [...new Set([s.region, "us-east-1"])] } },
    },
    {
      Sid: "OwnBuckets",
      Effect: "Allow",
      Action: "s3:*",
      Resource: [`arn:${s.partition}:s3:::${s.prefix}-*`, `arn:${s.partition}:s3:::${s.prefix}-*/*`],
    },
    {
      Sid: "OwnSecretsAndParameters",
      Effect: "Allow",
      Action: ["secretsmanager:*", "ssm:*"],
      Resource: [
        arn(s, "secretsmanager", `secret:${PhysicalNames.secretsPrefix(s.project, s.env)}*`),
        arn(s, "ssm", `parameter/${s.project}/${s.env}/*`),
      ],
    },
    { Sid: "PublicAmiParameters", Effect: "Allow", Action: ["ssm:GetParameter", "ssm:GetParameters"], Resource: `arn:${s.partition}:ssm:${s.region}::parameter/aws/service/*` },
    { Sid: "IamReads", Effect: "Allow", Action: ["iam:Get*", "iam:List*"], Resource: "*" },
    { Sid: "OwnIam", Effect: "Allow", Action: [...DEPLOY_IAM_ACTIONS], Resource: [own("role"), own("policy"), own("instance-profile")] },
    {
      Sid: "CreateRolesOnlyWithBoundary",
      Effect: "Allow",
      Action: ["iam:CreateRole", "iam:PutRolePermissionsBoundary"],
      Resource: own("role"),
      Condition: { StringEquals: { "iam:PermissionsBoundary": boundaryArn } },
    },
    {
      Sid: "PassOwnRoles",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: own("role"),
      // Only to the services the stacks hand roles to (instances, tasks, flow logs, CodeDeploy, Config, CloudTrail).
      Condition: {
        StringEquals: {
          "iam:PassedToService": [
            "ec2.amazonaws.com", "ecs-tasks.amazonaws.com", "ecs.amazonaws.com", "vpc-flow-logs.amazonaws.com",
            "codedeploy.amazonaws.com", "config.amazonaws.com", "cloudtrail.amazonaws.com",
          ],
        },
      },
    },
    {
      Sid: "ServiceLinkedRoles",
      Effect: "Allow",
      Action: "iam:CreateServiceLinkedRole",
      Resource: iamArn(s, "role/aws-service-role/*"),
    },
    { Sid: "Identity", Effect: "Allow", Action: "sts:GetCallerIdentity", Resource: "*" },
    {
      // Everything but reads (refresh of data sources) on CI identities is denied: no self-escalation.
      Sid: "DenyCiTampering",
      Effect: "Deny",
      NotAction: ["iam:Get*", "iam:List*"],
      Resource: [iamArn(s, "role/*-gha-*"), iamArn(s, "policy/*-gha-*"), iamArn(s, "oidc-provider/*")],
    },
    { Sid: "DenyBoundaryRemoval", Effect: "Deny", Action: "iam:DeleteRolePermissionsBoundary", Resource: "*" },
    {
      // The state key is shared by every environment of the account: use it, never administer it.
      Sid: "DenyStateKeyAdmin",
      Effect: "Deny",
      NotAction: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey", "kms:Get*", "kms:List*"],
      Resource: s.stateKeyArn,
    },
    {
      // Environments sharing an account: resources tagged for another environment (default tag Environment) are
      // off limits. Untagged requests (creates, Describe*) are unaffected.
      Sid: "DenyOtherEnvironments",
      Effect: "Deny",
      Action: [...DEPLOY_SERVICES.map((svc) => `${svc}:*`), "s3:*", "secretsmanager:*", "ssm:*"],
      Resource: "*",
      Condition: { StringNotEquals: { "aws:ResourceTag/Environment": s.env }, Null: { "aws:ResourceTag/Environment": "false" } },
    },
  ];
}

/**
 * Permissions boundary of every role the deploy role creates: the role may do anything except IAM writes,
 * Organizations and account changes; it may pass only this env's roles to ECS tasks (CodeDeploy blue/green).
 */
export function boundaryPolicy(s: CiScope): Statement[] {
  return [
    { Sid: "AllExceptIdentityAdmin", Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" },
    { Sid: "IamReads", Effect: "Allow", Action: ["iam:Get*", "iam:List*"], Resource: "*" },
    {
      Sid: "PassOwnRolesToEcs",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: iamArn(s, `role/${s.prefix}-*`),
      Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    },
  ];
}

/** State objects the ecspresso definitions read through their tfstate plugins (plus edge, for invalidations). */
export const APP_STATE_LAYERS: readonly Layer[] = ["network", "platform"];

/**
 * Application (ecspresso) deploy role: register task definitions, update this env's services and wait on their
 * deployments, pass only this env's execution and task roles to ECS tasks, push only to this env's ECR
 * repositories, read the state objects the ecspresso files read, CodeDeploy on this env's apps/groups, read logs.
 */
export function appRolePolicy(s: CiScope): Statement[] {
  const cluster = PhysicalNames.cluster(s.prefix);
  const clusterArn = arn(s, "ecs", `cluster/${cluster}`);
  const serviceArns = s.services.map((svc) => arn(s, "ecs", `service/${cluster}/${PhysicalNames.service(svc)}`));
  const statements: Statement[] = [
    // RegisterTaskDefinition / Describe / List support no resource-level permissions.
    {
      Sid: "TaskDefinitions",
      Effect: "Allow",
      Action: ["ecs:RegisterTaskDefinition", "ecs:DescribeTaskDefinition", "ecs:ListTaskDefinitions"],
      Resource: "*",
    },
    {
      Sid: "DeregisterOwnTaskDefinitions",
      Effect: "Allow",
      Action: "ecs:DeregisterTaskDefinition",
      Resource: s.services.map((svc) => arn(s, "ecs", `task-definition/${PhysicalNames.taskFamily(s.prefix, svc)}:*`)),
    },
    {
      Sid: "TagOnRegister",
      Effect: "Allow",
      Action: "ecs:TagResource",
      Resource: "*",
      Condition: { StringEquals: { "ecs:CreateAction": "RegisterTaskDefinition" } },
    },
    { Sid: "Cluster", Effect: "Allow", Action: "ecs:DescribeClusters", Resource: clusterArn },
    {
      Sid: "Services",
      Effect: "Allow",
      Action: ["ecs:CreateService", "ecs:DescribeServices", "ecs:UpdateService", "ecs:TagResource", "ecs:UntagResource"],
      Resource: serviceArns,
    },
    { Sid: "ListServiceDeployments", Effect: "Allow", Action: "ecs:ListServiceDeployments", Resource: serviceArns },
    {
      Sid: "ServiceDeployments",
      Effect: "Allow",
      Action: ["ecs:DescribeServiceDeployments", "ecs:StopServiceDeployment"],
      Resource: s.services.map((svc) => arn(s, "ecs", `service-deployment/${cluster}/${PhysicalNames.service(svc)}/*`)),
    },
    {
      Sid: "Tasks",
      Effect: "Allow",
      Action: ["ecs:DescribeTasks", "ecs:ListTasks"],
      Resource: "*",
      Condition: { ArnEquals: { "ecs:cluster": clusterArn } },
    },
    {
      Sid: "ScalingReads",
      Effect: "Allow",
      Action: ["application-autoscaling:DescribeScalableTargets", "application-autoscaling:DescribeScalingPolicies"],
      Resource: "*",
    },
    {
      Sid: "ScalingRegister",
      Effect: "Allow",
      Action: "application-autoscaling:RegisterScalableTarget",
      Resource: arn(s, "application-autoscaling", "scalable-target/*"),
    },
    {
      Sid: "PassTaskRoles",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: [
        iamArn(s, `role/${PhysicalNames.executionRole(s.prefix)}`),
        ...s.services.map((svc) => iamArn(s, `role/${PhysicalNames.taskRole(s.prefix, svc)}`)),
      ],
      Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    },
    {
      Sid: "VerifyRoles",
      Effect: "Allow",
      Action: "iam:GetRole",
      Resource: [
        iamArn(s, `role/${PhysicalNames.executionRole(s.prefix)}`),
        ...s.services.map((svc) => iamArn(s, `role/${PhysicalNames.taskRole(s.prefix, svc)}`)),
      ],
    },
    // GetAuthorizationToken has no resource-level permissions (registry-wide login token).
    { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    {
      Sid: "EcrPush",
      Effect: "Allow",
      Action: [
        "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload", "ecr:DescribeImages",
        "ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart",
      ],
      Resource: s.services.map((svc) => arn(s, "ecr", `repository/${PhysicalNames.ecrRepository(s.prefix, svc)}`)),
    },
    { Sid: "TargetGroupReads", Effect: "Allow", Action: ["elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeRules"], Resource: "*" },
    ...stateRead(s, [...APP_STATE_LAYERS, ...(s.data ? (["data"] as const) : []), ...(s.edge ? (["edge"] as const) : [])].map((l) => stateKey(s.env, l))),
    {
      Sid: "LogReads",
      Effect: "Allow",
      Action: ["logs:DescribeLogStreams", "logs:FilterLogEvents", "logs:GetLogEvents"],
      Resource: s.services.map((svc) => arn(s, "logs", `log-group:${PhysicalNames.logGroup(s.prefix, svc)}:*`)),
    },
    { Sid: "LogGroupReads", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
    {
      // Task definitions name secrets by `{{ secretsmanager_arn … }}`: ecspresso resolves the full ARN (random
      // suffix) with DescribeSecret at deploy time, in every environment. Metadata only, never the value.
      Sid: "SecretArns",
      Effect: "Allow",
      Action: "secretsmanager:DescribeSecret",
      Resource: arn(s, "secretsmanager", `secret:${PhysicalNames.secretsPrefix(s.project, s.env)}*`),
    },
  ];
  if (s.edge) {
    const staticBucket = `arn:${s.partition}:s3:::${PhysicalNames.staticBucket(s.prefix, s.accountId)}`;
    statements.push(
      {
        // Distribution ids are random: scope by the Environment default tag of the edge stack.
        Sid: "CdnInvalidation",
        Effect: "Allow",
        Action: ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"],
        Resource: `arn:${s.partition}:cloudfront::${s.accountId}:distribution/*`,
        Condition: { StringEquals: { "aws:ResourceTag/Environment": s.env } },
      },
      // scripts/upload-static.sh: `aws s3 sync` lists the prefix to skip unchanged files, then puts new ones. No
      // GetObject and no DeleteObject (the sync never deletes: cached pages still reference older hashed files).
      { Sid: "StaticAssetsList", Effect: "Allow", Action: "s3:ListBucket", Resource: staticBucket },
      { Sid: "StaticAssetsUpload", Effect: "Allow", Action: "s3:PutObject", Resource: `${staticBucket}/_next/static/*` },
      {
        // SSE-KMS puts need a data key from the bucket's CMK. Its id is random (a token of the edge stack, which is
        // applied after this one): scope by its alias (modules/edge/static-assets.ts). Single-part uploads only:
        // a multipart upload (> 8 MB file) would also need kms:Decrypt.
        Sid: "StaticAssetsKey",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Encrypt"],
        Resource: arn(s, "kms", "key/*"),
        Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": `alias/${PhysicalNames.staticAssetsKeyAlias(s.prefix)}` } },
      },
    );
  }
  if (s.blueGreenServices.length) {
    const apps = s.blueGreenServices.map((svc) => PhysicalNames.codedeployApp(s.prefix, svc));
    statements.push(
      {
        Sid: "CodeDeployDeployments",
        Effect: "Allow",
        Action: [
          "codedeploy:CreateDeployment", "codedeploy:GetDeployment", "codedeploy:GetDeploymentGroup", "codedeploy:GetDeploymentTarget",
          "codedeploy:ListDeployments", "codedeploy:ListDeploymentTargets", "codedeploy:StopDeployment", "codedeploy:BatchGetDeployments",
        ],
        Resource: s.blueGreenServices.map((svc) =>
          arn(s, "codedeploy", `deploymentgroup:${PhysicalNames.codedeployApp(s.prefix, svc)}/${PhysicalNames.codedeployGroup(s.prefix, svc)}`)),
      },
      {
        Sid: "CodeDeployRevisions",
        Effect: "Allow",
        Action: ["codedeploy:GetApplication", "codedeploy:GetApplicationRevision", "codedeploy:RegisterApplicationRevision"],
        Resource: apps.map((a) => arn(s, "codedeploy", `application:${a}`)),
      },
      { Sid: "CodeDeployConfigs", Effect: "Allow", Action: "codedeploy:GetDeploymentConfig", Resource: arn(s, "codedeploy", "deploymentconfig:*") },
    );
  }
  return statements;
}
