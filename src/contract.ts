/**
 * The outputs contract: stack names, state keys and output names that ecspresso definitions, scripts/ and CI
 * read from Terraform state. Defined once here; every stack emits them with `staticId: true` so the output
 * name is exactly this string.
 *
 * Changing a value here is a breaking change for every consumer: ship it with a `moved` block (resources) or a
 * deprecation period (outputs), and update __tests__/contract.test.ts deliberately.
 */

/** Stack layers. The stack id is `<env>-<layer>`; the state key is `<env>/<layer>.tfstate`. */
export const LAYERS = ["network", "platform", "edge", "ci", "security"] as const;
export type Layer = (typeof LAYERS)[number];

export function stackId(env: string, layer: Layer): string {
  return `${env}-${layer}`;
}

export function stateKey(env: string, layer: Layer): string {
  return `${env}/${layer}.tfstate`;
}

export function stateUrl(bucket: string, env: string, layer: Layer): string {
  return `s3://${bucket}/${stateKey(env, layer)}`;
}

/** `<env>-network` outputs. */
export const NetworkOut = {
  vpcId: "vpc_id",
  vpcCidr: "vpc_cidr",
  publicSubnetIds: "public_subnet_ids",
  privateSubnetIds: "private_subnet_ids",
  privateRouteTableIds: "private_route_table_ids",
  endpointSecurityGroupId: "endpoint_security_group_id",
  natGatewayIds: "nat_gateway_ids",
  availabilityZones: "availability_zones",
} as const;

/** Service names are snake_cased in output names (`frontend` → `frontend_…`, `api-v2` → `api_v2_…`). */
export function svcKey(service: string): string {
  return service.replace(/-/g, "_");
}

/** `<env>-platform` outputs. */
export const PlatformOut = {
  clusterName: "ecs_cluster_name",
  clusterArn: "ecs_cluster_arn",
  capacityProviderName: "ecs_capacity_provider_name",
  executionRoleArn: "ecs_task_execution_role_arn",
  albArn: "alb_arn",
  albDnsName: "alb_dns_name",
  albZoneId: "alb_zone_id",
  albSecurityGroupId: "alb_security_group_id",
  instanceSecurityGroupId: "ecs_instance_security_group_id",
  httpListenerArn: "alb_http_listener_arn",
  httpsListenerArn: "alb_https_listener_arn",
  alarmTopicArn: "alarm_topic_arn",
  privateSubnetIds: "private_subnet_ids",
  targetGroupArn: (svc: string) => `${svcKey(svc)}_target_group_arn`,
  taskRoleArn: (svc: string) => `${svcKey(svc)}_task_role_arn`,
  logGroupName: (svc: string) => `${svcKey(svc)}_log_group_name`,
  ecrRepositoryUrl: (svc: string) => `${svcKey(svc)}_ecr_repository_url`,
  serviceSecurityGroupId: (svc: string) => `${svcKey(svc)}_security_group_id`,
} as const;

/**
 * Physical names other tools and stacks derive without reading state (IAM policies of the CI roles, the
 * ecspresso wrapper, dashboards). `prefix` is `<project>-<env>`.
 */
export const PhysicalNames = {
  /** ECS cluster. */
  cluster: (prefix: string) => prefix,
  /** ECS service name inside the cluster (what ecspresso deploys). */
  service: (service: string) => service,
  /** Task definition family. */
  taskFamily: (prefix: string, service: string) => `${prefix}-${service}`,
  /** Shared task execution role. */
  executionRole: (prefix: string) => `${prefix}-ecs-task-execution`,
  /** Per-service task role. */
  taskRole: (prefix: string, service: string) => `${prefix}-${service}-task`,
  /** Container instance role. */
  instanceRole: (prefix: string) => `${prefix}-ecs-instance`,
  /** ECR repository. */
  ecrRepository: (prefix: string, service: string) => `${prefix}/${service}`,
  /** Service log group. */
  logGroup: (prefix: string, service: string) => `/ecs/${prefix}/${service}`,
  /** Secrets Manager name prefix the execution role may read. */
  secretsPrefix: (project: string, env: string) => `${project}/${env}/`,
  /** CodeDeploy application and deployment group of a blue/green service. */
  codedeployApp: (prefix: string, service: string) => `${prefix}-${service}`,
  codedeployGroup: (prefix: string, service: string) => `${prefix}-${service}`,
  /** GitHub Actions roles of the `<env>-ci` stack (plan: read-only; deploy: infrastructure; app: ecspresso). */
  ciPlanRole: (prefix: string) => `${prefix}-gha-plan`,
  ciDeployRole: (prefix: string) => `${prefix}-gha-deploy`,
  ciAppRole: (prefix: string) => `${prefix}-gha-app`,
  /** Permissions boundary every role created by the deploy role must carry. */
  ciBoundaryPolicy: (prefix: string) => `${prefix}-gha-boundary`,
} as const;

/** `<env>-ci` outputs (read by the `github` stack through remote state). */
export const CiOut = {
  oidcProviderArn: "github_oidc_provider_arn",
  planRoleArn: "gha_plan_role_arn",
  deployRoleArn: "gha_deploy_role_arn",
  appRoleArn: "gha_app_role_arn",
  boundaryPolicyArn: "gha_permissions_boundary_arn",
} as const;

/** The `github` stack: repository settings; its state lives in the bucket of envs/github.ts `stateAccount`. */
export const GITHUB_STACK_ID = "github";
export const GITHUB_STATE_KEY = "github/github.tfstate";

/** GitHub Actions variables the `github` stack writes and the workflows read (`vars.<NAME>`). */
export const GithubVars = {
  /** Repository variable per environment: the read-only plan role (PR diffs and drift run outside environments). */
  planRoleArn: (env: string) => `AWS_PLAN_ROLE_ARN_${env.toUpperCase().replace(/-/g, "_")}`,
  /** Repository variable per environment: its region. */
  regionOf: (env: string) => `AWS_REGION_${env.toUpperCase().replace(/-/g, "_")}`,
  /** Environment variables (infra and app GitHub environments). */
  region: "AWS_REGION",
  accountId: "AWS_ACCOUNT_ID",
  stateBucket: "TFSTATE_BUCKET",
  /** Infra GitHub environment only. */
  deployRoleArn: "AWS_DEPLOY_ROLE_ARN",
  /** App GitHub environment only. */
  appRoleArn: "AWS_APP_ROLE_ARN",
  cluster: "ECS_CLUSTER",
  /** JSON object service → ECR repository URL (`fromJSON(vars.ECR_REPOSITORY_URLS)[service]`). */
  ecrRepositoryUrls: "ECR_REPOSITORY_URLS",
} as const;
