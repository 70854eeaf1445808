/**
 * Physical names: every name the project gives an AWS resource is derived here (`PhysicalNames`), and every
 * derived name is checked at synth against its resource type's naming rules (`NAME_RULES`: length, characters,
 * reserved prefixes and suffixes) and for uniqueness where AWS requires it (envs/physical-names.ts). Physical
 * names are API (scripts, dashboards and IAM policies read them), so modules never write them by hand.
 *
 * The rules are AWS's own limits, stated here where they are used; the sources are the AWS API references of
 * each resource (CreateBucket/bucket naming rules, CreateLoadBalancer, CreateTargetGroup, CreateRole,
 * CreatePolicy, CreateLogGroup, CreateAlias, CreateSecurityGroup, CreateRepository, CreateSecret, CreateTopic,
 * PutDashboard, CreateCapacityProvider, CreateAutoScalingGroup, CreateApplication, CreateWebACL, CreateBudget).
 */
import { createHash } from "node:crypto";
import { ConfigError } from "./errors";

/**
 * Where a name must be unique: `global` (S3 buckets: every account of every AWS customer, so at least across all
 * our environments), `account` (IAM: one namespace per account, case-insensitive), `region` (per account and
 * region), `container` (inside a parent resource, e.g. a task family's revisions: no cross-environment check).
 */
export type NameScope = "global" | "account" | "region" | "container";

export interface NameRule {
  /** What AWS calls the resource (messages). */
  readonly resource: string;
  readonly minLength: number;
  readonly maxLength: number;
  /** The whole name must match. */
  readonly pattern: RegExp;
  /** `pattern` in words (messages). */
  readonly allowed: string;
  /** Prefixes AWS reserves (compared case-insensitively). */
  readonly reservedPrefixes?: readonly string[];
  /** Suffixes AWS reserves. */
  readonly reservedSuffixes?: readonly string[];
  readonly scope: NameScope;
  /** Names compare case-insensitively for uniqueness (IAM). */
  readonly caseInsensitive?: boolean;
  /** A rule the pattern cannot express: returns what is wrong, or undefined. */
  readonly extra?: (name: string) => string | undefined;
}

const ALNUM_HYPHEN = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

/** One table: the naming rules of every resource type the project names. */
export const NAME_RULES = {
  s3Bucket: {
    resource: "S3 bucket", minLength: 3, maxLength: 63, scope: "global",
    pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, allowed: "lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit",
    reservedPrefixes: ["xn--", "sthree-", "amzn-s3-demo-"],
    reservedSuffixes: ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"],
    extra: (n) => (n.includes("..") ? "two adjacent dots" : /^\d+\.\d+\.\d+\.\d+$/.test(n) ? "formatted like an IP address" : undefined),
  },
  alb: {
    resource: "ALB", minLength: 1, maxLength: 32, scope: "region",
    pattern: ALNUM_HYPHEN, allowed: "letters, digits and inner hyphens", reservedPrefixes: ["internal-"],
  },
  targetGroup: { resource: "target group", minLength: 1, maxLength: 32, scope: "region", pattern: ALNUM_HYPHEN, allowed: "letters, digits and inner hyphens" },
  iamRole: {
    resource: "IAM role", minLength: 1, maxLength: 64, scope: "account", caseInsensitive: true,
    pattern: /^[\w+=,.@-]+$/, allowed: "letters, digits and + = , . @ _ -", reservedPrefixes: ["AWSServiceRole"],
  },
  iamPolicy: { resource: "IAM policy", minLength: 1, maxLength: 128, scope: "account", caseInsensitive: true, pattern: /^[\w+=,.@-]+$/, allowed: "letters, digits and + = , . @ _ -" },
  ecsCluster: { resource: "ECS cluster", minLength: 1, maxLength: 255, scope: "region", pattern: /^[A-Za-z0-9_-]+$/, allowed: "letters, digits, hyphens and underscores" },
  taskFamily: { resource: "task definition family", minLength: 1, maxLength: 255, scope: "region", pattern: /^[A-Za-z0-9_-]+$/, allowed: "letters, digits, hyphens and underscores" },
  capacityProvider: {
    resource: "capacity provider", minLength: 1, maxLength: 255, scope: "region",
    pattern: /^[A-Za-z0-9_-]+$/, allowed: "letters, digits, hyphens and underscores", reservedPrefixes: ["aws", "ecs", "fargate"],
  },
  autoScalingGroup: { resource: "Auto Scaling group", minLength: 1, maxLength: 255, scope: "region", pattern: /^[^:]+$/, allowed: "any characters but a colon" },
  ecrRepository: {
    resource: "ECR repository", minLength: 2, maxLength: 256, scope: "region",
    pattern: /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/, allowed: "lower-case letters and digits separated by . _ - or /",
  },
  logGroup: {
    resource: "log group", minLength: 1, maxLength: 512, scope: "region",
    pattern: /^[.\-_/#A-Za-z0-9]+$/, allowed: "letters, digits and . - _ / #", reservedPrefixes: ["aws/"],
  },
  secret: {
    resource: "Secrets Manager secret", minLength: 1, maxLength: 512, scope: "region",
    // AWS only advises against names ending in a hyphen and six characters (partial-ARN lookups); not refused.
    pattern: /^[A-Za-z0-9/_+=.@-]+$/, allowed: "letters, digits and / _ + = . @ -",
  },
  snsTopic: { resource: "SNS topic", minLength: 1, maxLength: 256, scope: "region", pattern: /^[A-Za-z0-9_-]+$/, allowed: "letters, digits, hyphens and underscores" },
  dashboard: { resource: "CloudWatch dashboard", minLength: 1, maxLength: 255, scope: "region", pattern: /^[A-Za-z0-9_-]+$/, allowed: "letters, digits, hyphens and underscores" },
  kmsAlias: {
    resource: "KMS alias (without alias/)", minLength: 1, maxLength: 250, scope: "region",
    pattern: /^[A-Za-z0-9/_-]+$/, allowed: "letters, digits and / _ -", reservedPrefixes: ["aws/"],
  },
  securityGroup: {
    resource: "security group", minLength: 1, maxLength: 255, scope: "container",
    pattern: /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/, allowed: "letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*", reservedPrefixes: ["sg-"],
  },
  codedeploy: { resource: "CodeDeploy application or deployment group", minLength: 1, maxLength: 100, scope: "region", pattern: /^[\w.+-]+$/, allowed: "letters, digits and . _ + -" },
  webAcl: { resource: "WAF web ACL", minLength: 1, maxLength: 128, scope: "global", pattern: /^[\w-]+$/, allowed: "letters, digits, hyphens and underscores" },
  budget: { resource: "budget", minLength: 1, maxLength: 100, scope: "account", pattern: /^[^:\\]+$/, allowed: "any characters but : and \\" },
  cloudfrontPolicy: { resource: "CloudFront policy or origin access control", minLength: 1, maxLength: 64, scope: "global", pattern: /^[A-Za-z0-9_-]+$/, allowed: "letters, digits, hyphens and underscores" },
  trail: { resource: "CloudTrail trail", minLength: 3, maxLength: 128, scope: "region", pattern: /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/, allowed: "letters, digits, . _ - starting and ending with a letter or digit" },
  configName: { resource: "AWS Config recorder, channel or rule", minLength: 1, maxLength: 128, scope: "region", pattern: /^[\w.-]+$/, allowed: "letters, digits, . _ -" },
  scalingPolicy: { resource: "Application Auto Scaling policy or scheduled action", minLength: 1, maxLength: 256, scope: "container", pattern: /^[^:/]+$/, allowed: "any characters but : and /" },
} as const satisfies Record<string, NameRule>;
export type NameKind = keyof typeof NAME_RULES;

/** @deprecated read `NAME_RULES[kind].maxLength`; kept for callers written before the rules table. */
export const NAME_LIMITS = {
  alb: NAME_RULES.alb.maxLength,
  targetGroup: NAME_RULES.targetGroup.maxLength,
  iamRole: NAME_RULES.iamRole.maxLength,
  s3Bucket: NAME_RULES.s3Bucket.maxLength,
  ecs: NAME_RULES.ecsCluster.maxLength,
  default: 64,
} as const;

/** What is wrong with a name for its resource type. */
export interface NameViolation {
  readonly code: "E_NAME_LENGTH" | "E_NAME_CHARS" | "E_NAME_RESERVED_PREFIX" | "E_NAME_RESERVED_SUFFIX" | "E_NAME_FORM";
  readonly message: string;
  readonly accepted: string;
}

/** Every way `name` breaks the rules of `kind` (empty when valid). */
export function nameViolations(kind: NameKind, name: string): NameViolation[] {
  const r: NameRule = NAME_RULES[kind];
  const out: NameViolation[] = [];
  if (name.length < r.minLength || name.length > r.maxLength) {
    out.push({ code: "E_NAME_LENGTH", message: `the ${r.resource} name "${name}" is ${name.length} characters`, accepted: `AWS allows ${r.minLength === 1 ? r.maxLength : `${r.minLength}-${r.maxLength}`} characters` });
  }
  if (!r.pattern.test(name)) out.push({ code: "E_NAME_CHARS", message: `the ${r.resource} name "${name}" has characters AWS refuses`, accepted: `use ${r.allowed}` });
  const lower = name.toLowerCase();
  const prefix = r.reservedPrefixes?.find((p) => lower.startsWith(p.toLowerCase()));
  if (prefix) out.push({ code: "E_NAME_RESERVED_PREFIX", message: `the ${r.resource} name "${name}" starts with "${prefix}", which AWS reserves`, accepted: "choose a name that does not" });
  const suffix = r.reservedSuffixes?.find((s) => lower.endsWith(s));
  if (suffix) out.push({ code: "E_NAME_RESERVED_SUFFIX", message: `the ${r.resource} name "${name}" ends with "${suffix}", which AWS reserves`, accepted: "choose a name that does not" });
  const extra = r.extra?.(name);
  if (extra) out.push({ code: "E_NAME_FORM", message: `the ${r.resource} name "${name}" is ${extra}`, accepted: "choose another name" });
  return out;
}

/** The key two names collide on within their scope (IAM compares case-insensitively). */
export function nameKey(kind: NameKind, name: string): string {
  const r: NameRule = NAME_RULES[kind];
  return r.caseInsensitive ? name.toLowerCase() : name;
}

/**
 * `<project>-<env>`: the prefix of every physical name of an environment (the one place it is built).
 */
export function envPrefix(env: { readonly project: string; readonly name: string }): string {
  return `${env.project}-${env.name}`;
}

/**
 * `<project>-<env>-<part>` checked against the rules of `kind`; throws `ConfigError` (codes of `nameViolations`).
 * For names a stack builds from values only known there (e.g. the account id of a bucket).
 */
export function physicalName(project: string, env: string, part: string, kind: NameKind | number = "s3Bucket"): string {
  const n = part ? `${project}-${env}-${part}` : `${project}-${env}`;
  // A number is a bare length limit (callers written before the rules table): the S3 rules within that length.
  if (typeof kind === "number") {
    if (n.length > kind) throw new ConfigError(env, "E_NAME_LENGTH", `name "${n}" is ${n.length} characters`, { accepted: `AWS allows ${kind} characters` });
    return checkedName("s3Bucket", n, env);
  }
  return checkedName(kind, n, env);
}

/** `name` if it satisfies the rules of `kind`, else a `ConfigError` naming every violation. */
export function checkedName(kind: NameKind, name: string, where: string): string {
  const v = nameViolations(kind, name);
  if (v.length) throw new ConfigError(v.map((x) => ({ code: x.code, where, path: "", message: x.message, accepted: x.accepted })));
  return name;
}

/** AWS's limit on target group names. */
export const TARGET_GROUP_NAME_MAX = 32;

/**
 * The attributes of an `aws_lb_target_group` that force its replacement (provider docs: "Forces new
 * resource": port, protocol, protocol_version, target_type, ip_address_type, vpc_id). `vpc` identifies the VPC
 * by what replaces it (the network's CIDR: the VPC id is only known at apply).
 */
export interface TargetGroupIdentity {
  readonly targetType: "instance" | "ip";
  readonly port: number;
  readonly protocol: string;
  readonly protocolVersion: string;
  readonly ipAddressType: string;
  readonly vpc: string;
}

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
  /** Capacity provider of the cluster's EC2 Auto Scaling group (may not start with aws/ecs/fargate). */
  capacityProvider: (prefix: string) => `${prefix}-ec2`,
  /** Launch template of the container instances (also their Name tag). */
  launchTemplate: (prefix: string) => `${prefix}-ecs`,
  /** CloudWatch alarm of the platform (`key` like `backend_cpu_high` → `<prefix>-backend-cpu-high`). */
  alarm: (prefix: string, key: string) => `${prefix}-${key.replace(/_/g, "-")}`,
  /** Auto Scaling group of the container instances. */
  autoScalingGroup: (prefix: string) => `${prefix}-ecs`,
  /**
   * Target group: `<prefix>-<service>-<hash>[b|g]`, where `<hash>` (6 hex) digests every attribute that forces
   * the target group's replacement (`TargetGroupIdentity`). Target groups are replaced create-before-destroy
   * (the listener rule must always point at one), so the new group must not carry the old name: AWS refuses a
   * duplicate (DuplicateTargetGroupName). `b`/`g` marks the blue/green pair. Always ≤ 32 characters (AWS's
   * limit): a long `<prefix>-<service>` is cut before the suffix; the hash, which covers the full prefix and
   * service, keeps cut names unique.
   */
  targetGroup: (prefix: string, service: string, identity: TargetGroupIdentity, slot?: "blue" | "green") => {
    const hash = createHash("sha256")
      .update(JSON.stringify([prefix, service, slot ?? "", identity.targetType, identity.port, identity.protocol, identity.protocolVersion, identity.ipAddressType, identity.vpc]))
      .digest("hex")
      .slice(0, 6);
    const suffix = `-${hash}${slot ? slot[0] : ""}`;
    return `${prefix}-${service}`.slice(0, TARGET_GROUP_NAME_MAX - suffix.length).replace(/-+$/, "") + suffix;
  },
  /** ECS Exec audit log group. */
  execLogGroup: (prefix: string) => `/ecs/${prefix}/exec-audit`,
  /** Secret holding the value of the X-Origin-Verify header CloudFront sends to the ALB. */
  originVerifySecret: (project: string, env: string) => `${project}/${env}/origin-verify`,
  /** SNS topic for platform alarms. */
  alarmTopic: (prefix: string) => `${prefix}-alarms`,
  /** CloudWatch dashboard. */
  dashboard: (prefix: string) => `${prefix}-platform`,
  /** AWS Budgets cost budget of the environment (unique per account). */
  budget: (prefix: string) => `${prefix}-monthly`,
  /** CodeDeploy application and deployment group of a blue/green service. */
  codedeployApp: (prefix: string, service: string) => `${prefix}-${service}`,
  codedeployGroup: (prefix: string, service: string) => `${prefix}-${service}`,
  /** GitHub Actions roles of the `<env>-ci` stack (plan: read-only; deploy: infrastructure; app: ecspresso). */
  ciPlanRole: (prefix: string) => `${prefix}-gha-plan`,
  ciDeployRole: (prefix: string) => `${prefix}-gha-deploy`,
  ciAppRole: (prefix: string) => `${prefix}-gha-app`,
  /** Permissions boundary every role created by the deploy role must carry. */
  ciBoundaryPolicy: (prefix: string) => `${prefix}-gha-boundary`,
  /** CodeDeploy service role shared by the blue/green services of an environment. */
  codedeployRole: (prefix: string) => `${prefix}-codedeploy`,
  /** Security group of an awsvpc service's task ENIs. */
  serviceSecurityGroup: (prefix: string, service: string) => `${prefix}-${service}-tasks`,
  /** Static asset bucket (`_next/static/*`), account-qualified because bucket names are global. */
  staticBucket: (prefix: string, accountId: string) => `${prefix}-static-${accountId}`,
  /** Alias (without `alias/`) of the static bucket's CMK; the CI app role's upload grant is scoped by it. */
  staticAssetsKeyAlias: (prefix: string) => `${prefix}-static-assets`,
  /** CloudFront standard log bucket. */
  edgeLogBucket: (prefix: string, accountId: string) => `${prefix}-cf-logs-${accountId}`,
  /** WAF log group: WAF only delivers to log groups named `aws-waf-logs-*`. */
  wafLogGroup: (prefix: string) => `aws-waf-logs-${prefix}`,
  /** CLOUDFRONT-scope web ACL (us-east-1). */
  webAcl: (prefix: string) => `${prefix}-edge`,
  /** Application Load Balancer: `<prefix>-<alb.name>`. */
  alb: (prefix: string, name: string) => `${prefix}-${name}`,
  /** The ALB's identity security group (targets admit it). */
  albSecurityGroup: (prefix: string) => `${prefix}-alb`,
  /** With CloudFront ingress: one security group per listener port admitting CloudFront's prefix list. */
  albListenerSecurityGroup: (prefix: string, port: number) => `${prefix}-alb-cloudfront-${port}`,
  /** ALB access log bucket, account-qualified because bucket names are global. */
  albLogBucket: (prefix: string, accountId: string) => `${prefix}-alb-logs-${accountId}`,
  /** Container instance security group. */
  instanceSecurityGroup: (prefix: string) => `${prefix}-ecs-instances`,
  /** Alias (without `alias/`) of the platform CMK. */
  platformKeyAlias: (prefix: string) => `${prefix}-platform`,
  /** Alias (without `alias/`) of the network stack's flow-log CMK. */
  networkLogsKeyAlias: (prefix: string) => `${prefix}-network-logs`,
  /** Target tracking policy of a service (`cpu`/`memory`). */
  scalingPolicy: (prefix: string, service: string, metric: string) => `${prefix}-${service}-${metric}`,
  /** Scheduled action of a service's nightly scale-down (`night-down`/`morning-up`). */
  scheduledAction: (prefix: string, service: string, action: string) => `${prefix}-${service}-${action}`,
  /** Security group of the VPC's interface endpoints. */
  endpointSecurityGroup: (prefix: string) => `${prefix}-vpc-endpoints`,
  /** VPC flow log group. */
  flowLogGroup: (prefix: string) => `/vpc/${prefix}/flow-logs`,
  /** Role the VPC flow logs deliver with. */
  flowLogRole: (prefix: string) => `${prefix}-vpc-flow-logs`,
  /** CloudFront cache or response headers policy of the edge (`static-assets`, `pages`, `security-headers`). */
  edgePolicy: (prefix: string, kind: string) => `${prefix}-${kind}`,
  /** CloudFront origin access control of the static bucket. */
  originAccessControl: (prefix: string) => `${prefix}-static`,
  /** CloudTrail trail of the security baseline. */
  trail: (prefix: string) => `${prefix}-trail`,
  /** Alias (without `alias/`) of the security baseline's audit CMK. */
  auditKeyAlias: (prefix: string) => `${prefix}-audit`,
  /** Role AWS Config records with. */
  configRole: (prefix: string) => `${prefix}-aws-config`,
  /** AWS Config recorder and delivery channel. */
  configRecorder: (prefix: string) => `${prefix}-recorder`,
  configDeliveryChannel: (prefix: string) => `${prefix}-delivery`,
  /** AWS Config rule for a managed rule identifier (`S3_BUCKET_SSL_REQUESTS_ONLY` → `<prefix>-s3-bucket-ssl-requests-only`). */
  configRule: (prefix: string, rule: string) => `${prefix}-${rule.toLowerCase().replace(/_/g, "-")}`,
  /** Audit bucket of the security baseline, account-qualified. */
  auditBucket: (prefix: string, accountId: string) => `${prefix}-audit-${accountId}`,
  /** RDS instance / Aurora cluster identifier of a `data.databases` entry (≤ 63 characters). */
  database: (prefix: string, name: string) => `${prefix}-${name}`,
  /** ElastiCache replication group id of a `data.caches` entry (≤ 40 characters). */
  cache: (prefix: string, name: string) => `${prefix}-${name}`,
  /** DynamoDB table of a `data.tables` entry. */
  table: (prefix: string, name: string) => `${prefix}-${name}`,
  /** Media bucket of a `data.buckets` entry, account-qualified (bucket names are global; ≤ 63 characters). */
  mediaBucket: (prefix: string, name: string, accountId: string) => `${prefix}-${name}-${accountId}`,
  /** Generated application secret of a `data.secrets` entry (under the environment's secrets prefix). */
  appSecret: (project: string, env: string, name: string) => `${project}/${env}/app/${name}`,
  /** ElastiCache auth token secret of a `data.caches` entry. */
  cacheAuthSecret: (project: string, env: string, name: string) => `${project}/${env}/cache/${name}/auth-token`,
  /** Security group of a data store (its port from the services that use it only). */
  dataSecurityGroup: (prefix: string, kind: "db" | "cache", name: string) => `${prefix}-${kind}-${name}`,
} as const;
