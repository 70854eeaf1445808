/**
 * The outputs contract: stack names, state keys and output names that ecspresso definitions, scripts/ and CI
 * read from Terraform state. Defined once here; every stack emits them with `staticId: true` so the output
 * name is exactly this string.
 *
 * Changing a value here is a breaking change for every consumer: ship it with a `moved` block (resources) or a
 * deprecation period (outputs), and update __tests__/contract.test.ts deliberately.
 */


/**
 * Stack layers in apply order. The stack id is `<env>-<layer>`; the state key is `<env>/<layer>.tfstate`.
 * `data` (only in environments with data stores) sits between the network it reads and the platform that wires
 * services to it; `identity` (Cognito, only where config has `identity`) comes before the platform too, whose ALB
 * rules of protected services authenticate against it; `serverless` (functions, APIs, queues, schedules, the SPA
 * site, only where config has `serverless`) comes after the platform, whose cluster and services it reads, and
 * after `data`, whose tables and secrets its functions use: network → identity → data → platform → serverless → edge.
 */
export const LAYERS = ["network", "identity", "data", "platform", "serverless", "edge", "ci", "security"] as const;
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
  /** Isolated subnet ids (no route out of the VPC), AZ order; only when `network.azs[].isolatedCidr` is set. */
  isolatedSubnetIds: "isolated_subnet_ids",
  vpcId: "vpc_id",
  vpcCidr: "vpc_cidr",
  publicSubnetIds: "public_subnet_ids",
  privateSubnetIds: "private_subnet_ids",
  privateRouteTableIds: "private_route_table_ids",
  endpointSecurityGroupId: "endpoint_security_group_id",
  natGatewayIds: "nat_gateway_ids",
  availabilityZones: "availability_zones",
} as const;

/** `<env>-security` outputs (the account security baseline). */
export const SecurityOut = {
  trailArn: "cloudtrail_arn",
  auditBucketName: "audit_bucket_name",
  auditKeyArn: "audit_kms_key_arn",
  guarddutyDetectorId: "guardduty_detector_id",
} as const;
/** Header CloudFront adds to every origin request; the ALB forwards only requests carrying the secret value. */
export const ORIGIN_VERIFY_HEADER = "X-Origin-Verify";

/** Service names are snake_cased in output names (`frontend` → `frontend_…`, `api-v2` → `api_v2_…`). */
export function svcKey(service: string): string {
  return service.replace(/-/g, "_");
}

/** Data store names are snake_cased in output names like services. */
const dataKey = svcKey;

/**
 * `<env>-data` outputs (the stack exists when `data` declares a store). Platform reads them for the wiring of
 * `services.<svc>.uses`; ecspresso definitions read endpoints, ports and secret ARNs.
 */
export const DataOut = {
  /** The data stack's CMK (storage encryption, secrets, Performance Insights, table, media bucket). */
  kmsKeyArn: "data_kms_key_arn",
  /** Writer (RDS: instance) endpoint host name, without the port. */
  dbHost: (db: string) => `db_${dataKey(db)}_host`,
  /** Aurora reader endpoint host name (RDS: the instance endpoint again). */
  dbReaderHost: (db: string) => `db_${dataKey(db)}_reader_host`,
  dbPort: (db: string) => `db_${dataKey(db)}_port`,
  dbName: (db: string) => `db_${dataKey(db)}_name`,
  /** RDS instance or Aurora cluster ARN. */
  dbArn: (db: string) => `db_${dataKey(db)}_arn`,
  /** Secrets Manager ARN of the RDS-managed master secret (JSON: username, password). */
  dbSecretArn: (db: string) => `db_${dataKey(db)}_secret_arn`,
  dbSecurityGroupId: (db: string) => `db_${dataKey(db)}_security_group_id`,
  /** Primary (cluster mode: configuration) endpoint host name. */
  cacheHost: (cache: string) => `cache_${dataKey(cache)}_host`,
  cachePort: (cache: string) => `cache_${dataKey(cache)}_port`,
  cacheArn: (cache: string) => `cache_${dataKey(cache)}_arn`,
  /** Secrets Manager ARN of the cache's auth token (plain string). */
  cacheAuthSecretArn: (cache: string) => `cache_${dataKey(cache)}_auth_secret_arn`,
  cacheSecurityGroupId: (cache: string) => `cache_${dataKey(cache)}_security_group_id`,
  tableName: (table: string) => `table_${dataKey(table)}_name`,
  tableArn: (table: string) => `table_${dataKey(table)}_arn`,
  bucketName: (bucket: string) => `bucket_${dataKey(bucket)}_name`,
  bucketArn: (bucket: string) => `bucket_${dataKey(bucket)}_arn`,
  /** `<bucket>.s3.<region>.amazonaws.com`: the edge's S3 origin of a bucket with `data.buckets.<name>.edge`. */
  bucketRegionalDomainName: (bucket: string) => `bucket_${dataKey(bucket)}_regional_domain_name`,
  /** Secrets Manager ARN of a generated application secret (plain string). */
  secretArn: (secret: string) => `secret_${dataKey(secret)}_arn`,
} as const;

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
  /** Security groups that admit traffic to the ALB listeners (one per port with `alb.ingress = "cloudfront"`). */
  albListenerSecurityGroupIds: "alb_listener_security_group_ids",
  httpListenerArn: "alb_http_listener_arn",
  /** Empty string when the ALB has no certificate (HTTP only). */
  httpsListenerArn: "alb_https_listener_arn",
  /** The listener carrying the service rules: HTTPS when a certificate is configured, else HTTP. */
  serviceListenerArn: "alb_service_listener_arn",
  /** `"true"`/`"false"`: whether the ALB terminates HTTPS (CloudFront picks https-only vs http-only). */
  albHttpsEnabled: "alb_https_enabled",
  /** DNS name CloudFront should use for the ALB origin: `origin.<domain>` with a domain, else the ALB DNS name. */
  albOriginDomain: "alb_origin_domain",
  /** Secrets Manager ARN of the origin-verify header value (empty string with `alb.ingress = "internet"`). */
  originVerifySecretArn: "origin_verify_secret_arn",
  /** Name of the header CloudFront must send (empty string with `alb.ingress = "internet"`). */
  originVerifyHeaderName: "origin_verify_header_name",
  autoScalingGroupName: "ecs_autoscaling_group_name",
  /** The platform's customer-managed KMS key (logs, SNS, secrets under the env prefix, ECS Exec). */
  kmsKeyArn: "platform_kms_key_arn",
  alarmTopicArn: "alarm_topic_arn",
  privateSubnetIds: "private_subnet_ids",
  targetGroupArn: (svc: string) => `${svcKey(svc)}_target_group_arn`,
  taskRoleArn: (svc: string) => `${svcKey(svc)}_task_role_arn`,
  logGroupName: (svc: string) => `${svcKey(svc)}_log_group_name`,
  ecrRepositoryUrl: (svc: string) => `${svcKey(svc)}_ecr_repository_url`,
  serviceSecurityGroupId: (svc: string) => `${svcKey(svc)}_security_group_id`,
  /** Blue/green: the second (initially idle) target group; `targetGroupArn` is the first (blue). */
  greenTargetGroupArn: (svc: string) => `${svcKey(svc)}_green_target_group_arn`,
  /** Blue/green: the test listener CodeDeploy routes the replacement tasks through before production. */
  testListenerArn: (svc: string) => `${svcKey(svc)}_test_listener_arn`,
  /** Blue/green: CodeDeploy application and deployment group (ecspresso.yml `codedeploy:`). */
  codedeployApplicationName: (svc: string) => `${svcKey(svc)}_codedeploy_application_name`,
  codedeployDeploymentGroupName: (svc: string) => `${svcKey(svc)}_codedeploy_deployment_group_name`,
} as const;

/** Platform outputs whose value is a list (ecspresso definitions index them: `output.private_subnet_ids[0]`). */
export const PLATFORM_LIST_OUTPUTS: readonly string[] = [PlatformOut.privateSubnetIds, PlatformOut.albListenerSecurityGroupIds];

/** The AWS-managed Fargate capacity providers (associated with every cluster next to the EC2 provider). */
export const FARGATE_CAPACITY_PROVIDERS = { onDemand: "FARGATE", spot: "FARGATE_SPOT" } as const;

/**
 * Path patterns of the distribution's own ordered behaviours (design 002): static assets from the edge's bucket
 * and the API from the ALB. Config validation keeps `data.buckets.<name>.edge.pathPattern` clear of them.
 */
export const EDGE_PATHS = { static: "/_next/static/*", api: "/api/*" } as const;

/** `<env>-edge` outputs (read by scripts/invalidate.sh and the CI deploy roles). */
export const EdgeOut = {
  distributionId: "cloudfront_distribution_id",
  distributionArn: "cloudfront_distribution_arn",
  distributionDomainName: "cloudfront_domain_name",
  staticBucketName: "static_bucket_name",
  /** CMK of the static bucket: the asset upload role needs kms:GenerateDataKey on it. */
  staticBucketKmsKeyArn: "static_bucket_kms_key_arn",
  webAclArn: "web_acl_arn",
} as const;

// Physical names live in foundation/names.ts (with the AWS naming rules they are checked against); re-exported
// here for the consumers that read them next to the outputs.
export { PhysicalNames, TARGET_GROUP_NAME_MAX, type TargetGroupIdentity } from "./names";

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

/** `<env>-identity` outputs (Cognito; read by the platform for `authenticate-cognito` and by the serverless API). */
export const IdentityOut = {
  userPoolId: "cognito_user_pool_id",
  userPoolArn: "cognito_user_pool_arn",
  /** App client of the ALB (`authenticate-cognito`; client secret, code flow). */
  albClientId: "cognito_alb_client_id",
  /** App client of the SPA (no secret, code flow with PKCE). */
  spaClientId: "cognito_spa_client_id",
  /** Hosted UI domain prefix (`<prefix>.auth.<region>.amazoncognito.com`). */
  domain: "cognito_domain",
} as const;

/** Function names are snake_cased in output names like services. */
export function fnKey(fn: string): string {
  return fn.replace(/-/g, "_");
}

/** `<env>-serverless` outputs (read by scripts/fn.sh, the generated lambroll function.json files and CI). */
export const ServerlessOut = {
  kmsKeyArn: "serverless_kms_key_arn",
  apiId: "api_id",
  /** Invoke URL of the API stage (`https://<id>.execute-api.<region>.amazonaws.com/<stage>`). */
  apiUrl: "api_url",
  spaBucketName: "spa_bucket_name",
  spaDistributionId: "spa_distribution_id",
  spaDomainName: "spa_domain_name",
  backupBucketName: "backup_bucket_name",
  eventBusName: "event_bus_name",
  dashboardName: "serverless_dashboard_name",
  functionName: (fn: string) => `${fnKey(fn)}_function_name`,
  functionArn: (fn: string) => `${fnKey(fn)}_function_arn`,
  functionRoleArn: (fn: string) => `${fnKey(fn)}_function_role_arn`,
  functionDlqArn: (fn: string) => `${fnKey(fn)}_function_dlq_arn`,
  functionLogGroupName: (fn: string) => `${fnKey(fn)}_function_log_group_name`,
  /** Empty list for a function outside the VPC. */
  functionSecurityGroupIds: (fn: string) => `${fnKey(fn)}_function_security_group_ids`,
  functionSubnetIds: (fn: string) => `${fnKey(fn)}_function_subnet_ids`,
  /** JSON object of the function's environment variables resolved by Terraform (config + state outputs). */
  functionEnvironment: (fn: string) => `${fnKey(fn)}_function_environment`,
  queueUrl: (q: string) => `${fnKey(q)}_queue_url`,
  queueArn: (q: string) => `${fnKey(q)}_queue_arn`,
} as const;

/** Physical names of the serverless tier (`prefix` is `<project>-<env>`). */
export const ServerlessNames = {
  function: (prefix: string, fn: string) => `${prefix}-${fn}`,
  functionRole: (prefix: string, fn: string) => `${prefix}-${fn}-fn`,
  /** Lambda writes to this group; created by Terraform first (retention, CMK) so Lambda never creates its own. */
  functionLogGroup: (prefix: string, fn: string) => `/aws/lambda/${prefix}-${fn}`,
  functionDlq: (prefix: string, fn: string) => `${prefix}-${fn}-dlq`,
  functionSecurityGroup: (prefix: string, fn: string) => `${prefix}-${fn}-fn`,
  /** The alias every trigger invokes; lambroll moves it on deploy and rollback. */
  alias: "current",
  queue: (prefix: string, q: string) => `${prefix}-${q}`,
  queueDlq: (prefix: string, q: string) => `${prefix}-${q}-dlq`,
  api: (prefix: string) => `${prefix}-api`,
  apiAccessLogGroup: (prefix: string) => `/aws/apigateway/${prefix}-api`,
  apiCloudwatchRole: (region: string) => `apigateway-cloudwatch-${region}`,
  schedulerRole: (prefix: string) => `${prefix}-scheduler`,
  schedule: (prefix: string, s: string) => `${prefix}-${s}`,
  eventBus: (prefix: string) => `${prefix}-events`,
  eventRule: (prefix: string, r: string) => `${prefix}-${r}`,
  userPool: (prefix: string) => `${prefix}-users`,
  spaBucket: (prefix: string, accountId: string) => `${prefix}-spa-${accountId}`,
  spaLogBucket: (prefix: string, accountId: string) => `${prefix}-spa-logs-${accountId}`,
  backupBucket: (prefix: string, accountId: string) => `${prefix}-backup-${accountId}`,
  dashboard: (prefix: string) => `${prefix}-serverless`,
} as const;
