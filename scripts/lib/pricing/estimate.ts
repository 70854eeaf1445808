/**
 * Monthly cost estimate of one environment from its synthesized stacks (cdk.tf.json) and its config.
 *
 * Every resource type found in the stacks is either priced (`PRICERS`: a function from the resource's JSON to
 * cost lines) or listed in `UNPRICED` with the reason it costs nothing by itself (IAM, security group rules,
 * policies, …). A type in neither fails the estimate naming it, so a new resource type never slips into an
 * environment uncounted. What the stacks do not hold comes from config: ECS services (ecspresso creates them,
 * so Fargate is priced from `services.<name>.size` × desired count) and the usage assumptions (`usage`).
 */
import type { EnvConfig } from "../../../envs";
import { resolveEnv } from "../../../envs/resolve";
import { LAYERS } from "../../../foundation/contract";
import type { StackJson } from "../synth";
import { HOURS_PER_MONTH as H, PricingError, regionPrices, type RegionPrices } from "./table";

export { PricingError };

export interface CostLine {
  /** Stack id the priced resource lives in (`dev-platform`), or the stack that carries the config-priced item. */
  readonly stack: string;
  /** Short category for grouping and levers: `ec2`, `nat`, `endpoints`, `alb`, `fargate`, … */
  readonly category: string;
  /** Human description: what, how many, which assumption. */
  readonly item: string;
  /** Terraform resource type (or `config` for items priced from config alone). */
  readonly type: string;
  /** Terraform address `<type>.<logical id>` (absent for config items). */
  readonly address?: string;
  readonly quantity: number;
  /** Unit of `quantity` (`instance-hours`, `GB`, `requests (millions)`, …). */
  readonly unit: string;
  /** USD per unit. */
  readonly unitPrice: number;
  /** USD per month: quantity × unitPrice. */
  readonly monthly: number;
}

export interface Lever {
  readonly id: string;
  /** Levers that cannot be combined with this one (alternatives for the same lines). */
  readonly excludes: readonly string[];
  /** What to change, with the config field to set. */
  readonly change: string;
  /** USD per month saved (positive). */
  readonly saving: number;
  /** What the change gives up. */
  readonly tradeOff: string;
}

export interface Estimate {
  readonly env: string;
  readonly system: string;
  readonly region: string;
  readonly emulator: boolean;
  readonly lines: CostLine[];
  readonly total: number;
  readonly budget?: number;
  readonly levers: Lever[];
}

type Res = Record<string, unknown>;

export class UnpricedTypesError extends Error {
  constructor(readonly types: readonly { type: string; stack: string }[]) {
    super(
      `no price for resource type(s) ${types.map((t) => `${t.type} (in ${t.stack})`).join(", ")}: add a pricer to ` +
        "PRICERS or, if it costs nothing by itself, an entry with the reason to UNPRICED (scripts/lib/pricing/estimate.ts)",
    );
    this.name = "UnpricedTypesError";
  }
}

/** Resource types that carry no charge of their own, each with the reason (docs/cost.md lists them). */
export const UNPRICED: Readonly<Record<string, string>> = {
  aws_acm_certificate: "public ACM certificates are free",
  aws_acm_certificate_validation: "a Terraform wait, no AWS resource",
  aws_appautoscaling_policy: "Application Auto Scaling is free (the CloudWatch alarms it creates are not counted)",
  aws_appautoscaling_scheduled_action: "Application Auto Scaling is free",
  aws_appautoscaling_target: "Application Auto Scaling is free",
  aws_api_gateway_deployment: "priced per request on the API",
  aws_api_gateway_integration: "priced per request on the API",
  aws_api_gateway_integration_response: "priced per request on the API",
  aws_api_gateway_method: "priced per request on the API",
  aws_api_gateway_method_response: "priced per request on the API",
  aws_api_gateway_method_settings: "priced per request on the API",
  aws_api_gateway_request_validator: "configuration of the API; priced per request on the API",
  aws_api_gateway_resource: "priced per request on the API",
  aws_api_gateway_account: "account setting",
  aws_api_gateway_authorizer: "free (a Lambda authorizer's invocations are priced on the function)",
  aws_api_gateway_gateway_response: "free",
  aws_api_gateway_usage_plan: "free",
  aws_api_gateway_usage_plan_key: "free",
  aws_api_gateway_api_key: "free",
  aws_api_gateway_base_path_mapping: "free",
  aws_api_gateway_domain_name: "free (the certificate is ACM's)",
  aws_api_gateway_rest_api_policy: "free",
  aws_apigatewayv2_integration: "priced per request on the API",
  aws_apigatewayv2_route: "priced per request on the API",
  aws_apigatewayv2_stage: "priced per request on the API",
  aws_budgets_budget: "AWS Budgets without actions carry no charge",
  aws_cloudfront_cache_policy: "policies are free; requests and transfer are priced on the distribution",
  aws_cloudfront_origin_access_control: "free",
  aws_cloudfront_response_headers_policy: "free",
  aws_cloudtrail: "the first trail of management events per region is free; its S3 storage is priced on the bucket",
  aws_cloudwatch_event_rule: "rules are free; custom events are priced on the event bus",
  aws_cloudwatch_event_target: "targets are free",
  aws_cloudwatch_log_resource_policy: "free",
  aws_cloudwatch_log_subscription_filter: "free (the destination is priced)",
  aws_cloudwatch_log_metric_filter: "free (a metric it publishes counts as a custom metric only when alarmed)",
  aws_codedeploy_app: "CodeDeploy to ECS is free",
  aws_codedeploy_deployment_group: "CodeDeploy to ECS is free",
  aws_cognito_user_pool_client: "priced per MAU on the user pool",
  aws_cognito_user_pool_domain: "priced per MAU on the user pool",
  aws_config_config_rule: "rule evaluations are priced on the configuration recorder",
  aws_config_configuration_recorder_status: "priced on the configuration recorder",
  aws_config_delivery_channel: "priced on the recorder (items) and the audit bucket (storage)",
  aws_db_parameter_group: "free",
  aws_db_subnet_group: "free",
  aws_default_security_group: "security groups are free",
  aws_dynamodb_table_item: "priced on the table",
  aws_ebs_encryption_by_default: "account setting",
  aws_ecr_lifecycle_policy: "free (keeps the priced repository storage down)",
  aws_ecr_repository_policy: "free",
  aws_ecs_capacity_provider: "free; the instances are priced on the Auto Scaling group",
  aws_ecs_cluster: "the cluster is free; EC2 and Fargate capacity are priced (Container Insights volume is in usage.logGb)",
  aws_ecs_cluster_capacity_providers: "free",
  aws_ecs_task_definition: "free; tasks are priced from config (services.<name>.size × desired)",
  aws_ecs_service: "free; tasks are priced from config (services.<name>.size × desired)",
  aws_efs_access_point: "free",
  aws_efs_mount_target: "free",
  aws_elasticache_parameter_group: "free",
  aws_elasticache_subnet_group: "free",
  aws_elasticache_user: "free",
  aws_elasticache_user_group: "free",
  aws_iam_instance_profile: "IAM is free",
  aws_iam_openid_connect_provider: "IAM is free",
  aws_iam_policy: "IAM is free",
  aws_iam_role: "IAM is free",
  aws_iam_role_policy: "IAM is free",
  aws_iam_role_policy_attachment: "IAM is free",
  aws_iam_service_linked_role: "IAM is free",
  aws_internet_gateway: "free (data transfer out is in the CloudFront/NAT lines)",
  aws_kms_alias: "free",
  aws_lambda_alias: "priced on the function",
  aws_lambda_event_source_mapping: "free (the queue's requests are priced on the queue)",
  aws_lambda_function_url: "free (invocations priced on the function)",
  aws_lambda_function_event_invoke_config: "free (the destination queue or topic is priced)",
  aws_lambda_permission: "free",
  aws_launch_template: "priced through its Auto Scaling group (instances and root volumes)",
  aws_lb_listener: "listeners are free (rule evaluations are part of the LCUs)",
  aws_lb_listener_rule: "rules are free (the first 10 evaluations per request are in the LCUs)",
  aws_lb_target_group: "free",
  aws_lb_target_group_attachment: "free",
  aws_rds_cluster_parameter_group: "free",
  aws_route: "free",
  aws_route53_record: "records are free; alias queries to AWS resources are free",
  aws_route_table: "free",
  aws_route_table_association: "free",
  aws_s3_account_public_access_block: "account setting",
  aws_s3_bucket_lifecycle_configuration: "free (storage priced on the bucket)",
  aws_s3_bucket_logging: "free (log objects are storage in the target bucket)",
  aws_s3_bucket_notification: "free",
  aws_s3_bucket_ownership_controls: "free",
  aws_s3_bucket_policy: "free",
  aws_s3_bucket_public_access_block: "free",
  aws_s3_bucket_server_side_encryption_configuration: "free (SSE-KMS requests are in usage.kmsRequests)",
  aws_s3_bucket_versioning: "free (noncurrent versions are storage on the bucket)",
  aws_s3_bucket_cors_configuration: "free",
  aws_scheduler_schedule_group: "free",
  aws_secretsmanager_secret_version: "priced on the secret",
  aws_secretsmanager_secret_policy: "free",
  aws_secretsmanager_secret_rotation: "free (the rotation function is priced)",
  aws_security_group: "security groups are free",
  aws_service_discovery_service: "priced per registered instance on the namespace",
  aws_service_discovery_http_namespace: "HTTP namespaces are free (no hosted zone)",
  aws_sns_topic_policy: "free",
  aws_sns_topic_subscription: "free (email deliveries of alarm volumes are within SNS's included notifications)",
  aws_sqs_queue_policy: "free",
  aws_sqs_queue_redrive_policy: "free",
  aws_sqs_queue_redrive_allow_policy: "free",
  aws_ssm_parameter: "standard parameters are free",
  aws_subnet: "free",
  aws_vpc: "free",
  aws_vpc_security_group_egress_rule: "security group rules are free",
  aws_vpc_security_group_ingress_rule: "security group rules are free",
  aws_wafv2_web_acl_association: "free (the web ACL is priced)",
  aws_xray_sampling_rule: "free (traces are usage)",
  // Non-AWS providers: no AWS bill.
  github_actions_environment_secret: "GitHub setting, not an AWS charge",
  github_actions_environment_variable: "GitHub setting, not an AWS charge",
  github_actions_secret: "GitHub setting, not an AWS charge",
  github_actions_variable: "GitHub setting, not an AWS charge",
  github_branch_protection: "GitHub setting, not an AWS charge",
  github_repository_environment: "GitHub setting, not an AWS charge",
  github_repository_environment_deployment_policy: "GitHub setting, not an AWS charge",
  github_repository_ruleset: "GitHub setting, not an AWS charge",
};

/** What a pricer sees. */
export interface PriceContext {
  readonly env: EnvConfig;
  readonly stack: string;
  readonly json: StackJson;
  /** Prices of the region the resource is created in (its provider alias' region). */
  readonly p: RegionPrices;
  /** True the first time a key is seen in this environment (for per-environment usage lines). */
  once(key: string): boolean;
}

type Pricer = (ctx: PriceContext, id: string, r: Res) => Omit<CostLine, "stack" | "type" | "address" | "monthly">[];

/** Follow `${aws_type.id.attr}` to the referenced resource in the same stack. */
function ref(json: StackJson, value: unknown): Res | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(value);
  return m ? (json.resource?.[m[1]]?.[m[2]] as Res | undefined) : undefined;
}

const num = (v: unknown, d = 0): number => (typeof v === "number" ? v : typeof v === "string" && /^\d+(\.\d+)?$/.test(v) ? Number(v) : d);
const nameOf = (r: Res, id: string): string =>
  String(r.name ?? r.identifier ?? r.function_name ?? r.cluster_identifier ?? r.replication_group_id ?? (r.tags as Res | undefined)?.Name ?? id);
const line = (category: string, item: string, quantity: number, unit: string, unitPrice: number) => ({ category, item, quantity, unit, unitPrice });

function priced(table: Readonly<Record<string, number>>, key: string, what: string): number {
  const v = table[key];
  if (v === undefined) {
    throw new PricingError(`no price for ${what} ${key}; priced: ${Object.keys(table).join(", ")} (scripts/lib/pricing/table.ts)`);
  }
  return v;
}

/** Logical ids of the queues a stack uses as dead-letter queues or failure destinations. */
function deadLetterQueues(json: StackJson): Set<string> {
  const refs = JSON.stringify([
    ...Object.values(json.resource?.aws_sqs_queue ?? {}).map((q) => q.redrive_policy),
    ...Object.values(json.resource?.aws_sqs_queue_redrive_policy ?? {}).map((q) => q.redrive_policy),
    ...Object.values(json.resource?.aws_lambda_function ?? {}).map((f) => f.dead_letter_config),
    ...Object.values(json.resource?.aws_lambda_function_event_invoke_config ?? {}).map((c) => (c.destination_config as Res | undefined)?.on_failure),
    ...Object.values(json.resource?.aws_lambda_event_source_mapping ?? {}).map((m) => m.destination_config),
    ...Object.values(json.resource?.aws_scheduler_schedule ?? {}).map((sch) => (sch.target as Res | undefined)?.dead_letter_config),
    ...Object.values(json.resource?.aws_cloudwatch_event_target ?? {}).map((t) => t.dead_letter_config),
  ]);
  return new Set([...refs.matchAll(/aws_sqs_queue\.([A-Za-z0-9_-]+)\.arn/g)].map((m) => m[1]));
}

/** Number of invocations a month of an EventBridge Scheduler expression (rate(), cron(), at()). */
export function schedulePerMonth(expr: string): number {
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expr);
  if (rate) {
    const n = Number(rate[1]);
    const perHour = rate[2].startsWith("minute") ? 60 / n : rate[2].startsWith("hour") ? 1 / n : 1 / (24 * n);
    return perHour * H;
  }
  if (expr.startsWith("at(")) return 1;
  // cron(min hour dom month dow year): count the hours and minutes listed; days as every day (upper bound).
  const cron = /^cron\((\S+) (\S+) \S+ \S+ (\S+) \S+\)$/.exec(expr);
  if (cron) {
    const count = (f: string, all: number) => (f === "*" ? all : f.includes("/") ? Math.ceil(all / Number(f.split("/")[1])) : f.split(",").length);
    const days = cron[3] === "MON-FRI" ? 22 : 30.4;
    return count(cron[1], 60) * count(cron[2], 24) * days;
  }
  return 30.4;
}

export const PRICERS: Readonly<Record<string, Pricer>> = {
  aws_autoscaling_group: ({ json, p }, id, r) => {
    const lt = ref(json, (r.launch_template as Res | undefined)?.id);
    const type = String(lt?.instance_type ?? "");
    const n = num(r.desired_capacity, num(r.min_size));
    const out = [line("ec2", `EC2 ${type} × ${n} (desired capacity of ${nameOf(r, id)}; min ${num(r.min_size)}, max ${num(r.max_size)})`, n * H, "instance-hours", priced(p.ec2Hour, type, "EC2 instance type"))];
    const gb = ((lt?.block_device_mappings as Res[] | undefined) ?? []).reduce((s, b) => s + num((b.ebs as Res | undefined)?.volume_size), 0);
    if (gb) out.push(line("ec2", `EBS gp3 root volumes ${gb} GB × ${n}`, gb * n, "GB-months", p.ebsGp3GbMonth));
    if ((lt?.monitoring as Res | undefined)?.enabled === true) {
      out.push(line("cloudwatch", `EC2 detailed monitoring: 7 metrics × ${n} instances`, 7 * n, "metrics", p.metricMonth));
    }
    return out;
  },
  aws_nat_gateway: ({ env, p, once }, id, r) => {
    const out = [line("nat", `NAT gateway ${String((r.tags as Res | undefined)?.Name ?? id)}`, H, "hours", p.natHour)];
    if (once("nat-data")) out.push(line("nat", `NAT data processing (usage.natGb)`, env.usage.natGb, "GB", p.natGb));
    return out;
  },
  aws_eip: ({ p }, id, r) => [line("ipv4", `public IPv4 address ${String((r.tags as Res | undefined)?.Name ?? id)}`, H, "hours", p.publicIpv4Hour)],
  aws_vpc_endpoint: ({ env, p, once }, id, r) => {
    if (r.vpc_endpoint_type !== "Interface") return [];
    const service = String(r.service_name ?? id).replace(/^com\.amazonaws\.[a-z0-9-]+\./, "");
    const azs = Array.isArray(r.subnet_ids) ? r.subnet_ids.length : 1;
    const out = [line("endpoints", `interface endpoint ${service} in ${azs} AZ${azs === 1 ? "" : "s"}`, azs * H, "endpoint-AZ-hours", p.interfaceEndpointHour)];
    if (once("endpoint-data")) out.push(line("endpoints", "interface endpoint data processing (usage.endpointGb)", env.usage.endpointGb, "GB", p.interfaceEndpointGb));
    return out;
  },
  aws_lb: ({ env, p }, id, r) => {
    const alb = (r.load_balancer_type ?? "application") === "application";
    const name = nameOf(r, id);
    const out = [
      line("alb", `${alb ? "ALB" : "NLB"} ${name}`, H, "hours", alb ? p.albHour : p.nlbHour),
      line("alb", `${alb ? "ALB" : "NLB"} ${name} capacity units (usage.albLcu = ${env.usage.albLcu} average)`, env.usage.albLcu * H, "LCU-hours", alb ? p.albLcuHour : p.nlbLcuHour),
    ];
    // An internet-facing load balancer holds one public IPv4 address per AZ it serves.
    if (r.internal !== true) out.push(line("ipv4", `public IPv4 addresses of ${name} (one per AZ)`, env.network.azs.length * H, "hours", p.publicIpv4Hour));
    return out;
  },
  aws_cloudfront_distribution: ({ env, p }) => [
    line("cloudfront", `CloudFront HTTPS requests (usage.requests = ${env.usage.requests})`, env.usage.requests / 10_000, "10k requests", p.cloudfrontHttpsPer10k),
    line("cloudfront", `CloudFront data out (usage.cdnGbOut)`, env.usage.cdnGbOut, "GB", p.cloudfrontGb),
  ],
  aws_wafv2_web_acl: ({ env, p }, id, r) => {
    const rules = Array.isArray(r.rule) ? r.rule.length : 0;
    return [
      line("waf", `WAF web ACL ${nameOf(r, id)}`, 1, "web ACLs", p.wafAclMonth),
      line("waf", `WAF rules and managed rule groups (${rules})`, rules, "rules", p.wafRuleMonth),
      line("waf", `WAF requests (usage.requests)`, env.usage.requests / 1e6, "million requests", p.wafPerMillion),
    ];
  },
  aws_wafv2_web_acl_logging_configuration: ({ env, p }) => [line("logs", "WAF logs ingested (usage.wafLogGb)", env.usage.wafLogGb, "GB", p.logsIngestGb)],
  aws_flow_log: ({ env, p }, _id, r) => [
    r.log_destination_type === "s3"
      ? line("logs", "VPC flow logs to S3 (usage.flowLogGb)", env.usage.flowLogGb, "GB", p.vendedLogsS3Gb)
      : line("logs", "VPC flow logs ingested (usage.flowLogGb)", env.usage.flowLogGb, "GB", p.logsIngestGb),
  ],
  aws_cloudwatch_log_group: ({ env, json, p, once }, _id, r) => {
    // Flow and WAF log groups are priced on the flow log / logging configuration (their own volume assumption).
    const name = String(r.name ?? "");
    const isFlow = Object.values(json.resource?.aws_flow_log ?? {}).some((f) => ref(json, (f as Res).log_destination)?.name === name);
    if (isFlow || name.startsWith("aws-waf-logs-")) return [];
    if (!once("logs")) return [];
    const storedGb = (env.usage.logGb * env.logRetentionDays) / 30;
    return [
      line("logs", `CloudWatch Logs ingested (usage.logGb)`, env.usage.logGb, "GB", p.logsIngestGb),
      line("logs", `CloudWatch Logs stored at ${env.logRetentionDays}-day retention (upper bound, uncompressed)`, storedGb, "GB-months", p.logsStorageGbMonth),
    ];
  },
  aws_cloudwatch_metric_alarm: ({ p }, id, r) => {
    const queries = Array.isArray(r.metric_query) ? (r.metric_query as Res[]).filter((q) => q.metric) : [];
    const metrics = Math.max(1, queries.length);
    const periods = [num(r.period, 60), ...queries.map((q) => num((q.metric as Res).period, 60))];
    const highRes = periods.some((s) => s < 60);
    return [line("cloudwatch", `alarm ${String(r.alarm_name ?? id)} (${metrics} metric${metrics === 1 ? "" : "s"})`, metrics, "alarm metrics", highRes ? p.alarmHighResMonth : p.alarmMonth)];
  },
  aws_cloudwatch_composite_alarm: ({ p }, id, r) => [line("cloudwatch", `composite alarm ${String(r.alarm_name ?? id)}`, 1, "alarms", p.compositeAlarmMonth)],
  aws_cloudwatch_dashboard: ({ p }, id, r) => [line("cloudwatch", `dashboard ${String(r.dashboard_name ?? id)}`, 1, "dashboards", p.dashboardMonth)],
  aws_kms_key: ({ env, p, once }, id, r) => {
    const out = [line("kms", `KMS key ${String(r.description ?? id).slice(0, 60)}`, 1, "keys", p.kmsKeyMonth)];
    if (once("kms-requests")) out.push(line("kms", "KMS requests (usage.kmsRequests)", env.usage.kmsRequests / 10_000, "10k requests", p.kmsPer10k));
    return out;
  },
  aws_secretsmanager_secret: ({ p }, id, r) => [line("secrets", `secret ${nameOf(r, id)}`, 1, "secrets", p.secretMonth)],
  aws_s3_bucket: ({ env, p }, id, r) => [line("s3", `S3 bucket ${String(r.bucket ?? r.bucket_prefix ?? id)} (usage.s3GbPerBucket)`, env.usage.s3GbPerBucket, "GB-months", p.s3StandardGbMonth)],
  aws_ecr_repository: ({ env, p }, id, r) => [line("ecr", `ECR repository ${nameOf(r, id)} (usage.ecrGbPerRepository)`, env.usage.ecrGbPerRepository, "GB-months", p.ecrGbMonth)],
  aws_sns_topic: ({ env, p }, id, r) =>
    env.usage.snsPublishes > 0 ? [line("sns", `SNS topic ${nameOf(r, id)} publishes (usage.snsPublishes)`, env.usage.snsPublishes / 1e6, "million publishes", p.snsPerMillion)] : [],
  aws_guardduty_detector: ({ env, p }, _id, r) =>
    r.enable === false
      ? []
      : [
          line("security", "GuardDuty CloudTrail event analysis (usage.guardDutyEventMillions)", env.usage.guardDutyEventMillions, "million events", p.guardDutyEventsPerMillion),
          line("security", "GuardDuty VPC flow and DNS log analysis (usage.guardDutyLogGb)", env.usage.guardDutyLogGb, "GB", p.guardDutyLogGb),
        ],
  aws_config_configuration_recorder: ({ env, p }) => [
    line("security", "AWS Config configuration items (usage.configItems)", env.usage.configItems, "items", p.configItem),
    line("security", "AWS Config rule evaluations (usage.configEvaluations)", env.usage.configEvaluations, "evaluations", p.configEvaluation),
  ],
  aws_route53_zone: ({ p }, id, r) => [line("dns", `Route 53 hosted zone ${nameOf(r, id)}`, 1, "zones", p.route53ZoneMonth)],
  aws_service_discovery_private_dns_namespace: ({ p }, id, r) => [line("dns", `Cloud Map namespace ${nameOf(r, id)} (private hosted zone)`, 1, "zones", p.route53ZoneMonth)],
  aws_db_instance: ({ p }, id, r) => {
    const cls = String(r.instance_class ?? "");
    const copies = r.multi_az === true ? 2 : 1;
    const gb = num(r.allocated_storage);
    const az = copies === 2 ? "Multi-AZ" : "single-AZ";
    return [
      line("rds", `RDS ${String(r.engine ?? "")} ${cls} ${az} (${nameOf(r, id)})`, copies * H, "instance-hours", priced(p.rdsHour, cls, "RDS instance class")),
      line("rds", `RDS storage ${gb} GB ${az}`, gb * copies, "GB-months", p.rdsStorageGbMonth),
    ];
  },
  aws_rds_cluster: ({ env, p }, id, r) => [
    line("aurora", `Aurora storage ${nameOf(r, id)} (usage.auroraGb)`, env.usage.auroraGb, "GB-months", p.auroraStorageGbMonth),
    ...(r.storage_type === "aurora-iopt1" ? [] : [line("aurora", `Aurora I/O ${nameOf(r, id)} (usage.auroraIoMillions)`, env.usage.auroraIoMillions, "million I/Os", p.auroraIoPerMillion)]),
  ],
  aws_rds_cluster_instance: ({ json, p }, id, r) => {
    const cls = String(r.instance_class ?? "");
    if (cls === "db.serverless") {
      const cluster = ref(json, r.cluster_identifier);
      const cfg = (cluster?.serverlessv2_scaling_configuration as Res | undefined) ?? {};
      const acu = Math.max(0.5, num(cfg.min_capacity, 0.5));
      return [line("aurora", `Aurora Serverless v2 ${nameOf(r, id)} at its minimum ${acu} ACU`, acu * H, "ACU-hours", p.auroraAcuHour)];
    }
    return [line("aurora", `Aurora ${cls} (${nameOf(r, id)})`, H, "instance-hours", priced(p.auroraHour, cls, "Aurora instance class"))];
  },
  aws_elasticache_replication_group: ({ p }, id, r) => {
    const type = String(r.node_type ?? "");
    const nodes = num(r.num_cache_clusters) || num(r.num_node_groups, 1) * (num(r.replicas_per_node_group) + 1);
    return [line("elasticache", `ElastiCache ${type} × ${nodes} nodes (${nameOf(r, id)})`, nodes * H, "node-hours", priced(p.elasticacheHour, type, "ElastiCache node type"))];
  },
  aws_elasticache_cluster: ({ p }, id, r) => {
    if (r.replication_group_id) return []; // a member of a priced replication group
    const type = String(r.node_type ?? "");
    const nodes = num(r.num_cache_nodes, 1);
    return [line("elasticache", `ElastiCache ${type} × ${nodes} nodes (${nameOf(r, id)})`, nodes * H, "node-hours", priced(p.elasticacheHour, type, "ElastiCache node type"))];
  },
  aws_elasticache_serverless_cache: ({ p }, id, r) => {
    const limits = ((r.cache_usage_limits as Res | undefined)?.data_storage as Res | undefined) ?? {};
    const gb = Math.max(1, num(limits.minimum, 1));
    return [line("elasticache", `ElastiCache Serverless ${nameOf(r, id)} at ${gb} GB stored (ECPUs not counted)`, gb * H, "GB-hours", p.elasticacheServerlessGbHour)];
  },
  aws_dynamodb_table: ({ env, p }, id, r) => {
    const name = nameOf(r, id);
    const storage = line("dynamodb", `DynamoDB ${name} storage (usage.dynamoGb)`, env.usage.dynamoGb, "GB-months", p.dynamoStorageGbMonth);
    if (r.billing_mode === "PROVISIONED") {
      return [
        line("dynamodb", `DynamoDB ${name} provisioned writes`, num(r.write_capacity) * H, "WCU-hours", p.dynamoWcuHour),
        line("dynamodb", `DynamoDB ${name} provisioned reads`, num(r.read_capacity) * H, "RCU-hours", p.dynamoRcuHour),
        storage,
      ];
    }
    return [
      line("dynamodb", `DynamoDB ${name} on-demand writes (usage.dynamoWrites)`, env.usage.dynamoWrites / 1e6, "million WRUs", p.dynamoWritePerMillion),
      line("dynamodb", `DynamoDB ${name} on-demand reads (usage.dynamoReads)`, env.usage.dynamoReads / 1e6, "million RRUs", p.dynamoReadPerMillion),
      storage,
    ];
  },
  aws_lambda_function: ({ env, p }, id, r) => {
    const name = nameOf(r, id);
    const mb = num(r.memory_size, 128);
    const arm = Array.isArray(r.architectures) && r.architectures.includes("arm64");
    const gbSeconds = (env.usage.lambdaInvocations * env.usage.lambdaAvgMs * mb) / 1000 / 1024;
    return [
      line("lambda", `Lambda ${name} requests (usage.lambdaInvocations)`, env.usage.lambdaInvocations / 1e6, "million requests", p.lambdaPerMillion),
      line("lambda", `Lambda ${name} compute ${mb} MB × ${env.usage.lambdaAvgMs} ms${arm ? " (arm64)" : ""}`, gbSeconds, "GB-seconds", arm ? p.lambdaGbSecondArm : p.lambdaGbSecondX86),
    ];
  },
  aws_api_gateway_rest_api: ({ env, p }, id, r) => [line("apigateway", `API Gateway REST ${nameOf(r, id)} (usage.apiRequests)`, env.usage.apiRequests / 1e6, "million requests", p.apiRestPerMillion)],
  aws_api_gateway_stage: (_ctx, id, r) => {
    if (r.cache_cluster_enabled !== true) return [];
    throw new PricingError(`API Gateway stage cache (${id}, ${String(r.cache_cluster_size)} GB) is not in the price table; add it before enabling the cache`);
  },
  aws_apigatewayv2_api: ({ env, p }, id, r) => {
    const ws = r.protocol_type === "WEBSOCKET";
    return [line("apigateway", `API Gateway ${ws ? "WebSocket" : "HTTP"} ${nameOf(r, id)} (usage.apiRequests)`, env.usage.apiRequests / 1e6, "million requests", ws ? p.apiWebsocketPerMillion : p.apiHttpPerMillion)];
  },
  aws_sqs_queue: ({ env, json, p }, id, r) => {
    const fifo = r.fifo_queue === true;
    // A dead-letter queue (another queue's redrive target, a function's DLQ or failure destination) idles.
    if (deadLetterQueues(json).has(id)) {
      return [line("sqs", `SQS ${fifo ? "FIFO " : ""}dead-letter queue ${nameOf(r, id)} (idle)`, 0, "million requests", fifo ? p.sqsFifoPerMillion : p.sqsStandardPerMillion)];
    }
    return [line("sqs", `SQS ${fifo ? "FIFO " : ""}queue ${nameOf(r, id)} (usage.sqsRequests)`, env.usage.sqsRequests / 1e6, "million requests", fifo ? p.sqsFifoPerMillion : p.sqsStandardPerMillion)];
  },
  aws_cloudwatch_event_bus: ({ env, p }, id, r) => [line("events", `EventBridge bus ${nameOf(r, id)} custom events (usage.eventBridgeEvents)`, env.usage.eventBridgeEvents / 1e6, "million events", p.eventBridgePerMillion)],
  aws_scheduler_schedule: ({ p }, id, r) => {
    const n = schedulePerMonth(String(r.schedule_expression ?? ""));
    return [line("events", `EventBridge Scheduler ${nameOf(r, id)} ${String(r.schedule_expression ?? "")}`, n / 1e6, "million invocations", p.schedulerPerMillion)];
  },
  aws_cognito_user_pool: ({ env, p }, id, r) => {
    const tier = (String(r.user_pool_tier ?? "ESSENTIALS").toUpperCase()) as keyof RegionPrices["cognitoMau"];
    const price = p.cognitoMau[tier] ?? p.cognitoMau.ESSENTIALS;
    return [line("cognito", `Cognito user pool ${nameOf(r, id)} ${tier} (usage.cognitoMau)`, env.usage.cognitoMau, "MAUs", price)];
  },
  aws_efs_file_system: ({ env, p }, id, r) => [line("efs", `EFS ${nameOf(r, id)} Standard (usage.s3GbPerBucket as GB stored)`, env.usage.s3GbPerBucket, "GB-months", p.efsStandardGbMonth)],
  aws_sfn_state_machine: ({ env, p }, id, r) =>
    r.type === "EXPRESS"
      ? [line("stepfunctions", `Step Functions EXPRESS ${nameOf(r, id)} requests (usage.lambdaInvocations)`, env.usage.lambdaInvocations / 1e6, "million requests", p.sfnExpressPerMillion)]
      : [line("stepfunctions", `Step Functions ${nameOf(r, id)} transitions (10 per usage.lambdaInvocations)`, (env.usage.lambdaInvocations * 10) / 1000, "1000 transitions", p.sfnPer1000Transitions)],
};

/** Region of the provider a resource uses (`provider: "aws.us_east_1"` → that alias' region). */
function resourceRegion(json: StackJson, r: Res, fallback: string): string {
  const providers = (json.provider?.aws ?? []) as { alias?: string; region?: string }[];
  const alias = typeof r.provider === "string" ? r.provider.replace(/^aws\./, "") : undefined;
  const match = providers.find((pr) => (alias ? pr.alias === alias : !pr.alias));
  return match?.region ?? fallback;
}

/** The env's stacks in apply order (layers of foundation/contract.ts), others after them by name. */
export function envStacks(envName: string, stacks: ReadonlyMap<string, StackJson>): [string, StackJson][] {
  const order = (name: string) => {
    const i = LAYERS.findIndex((l) => name === `${envName}-${l}`);
    return i < 0 ? LAYERS.length : i;
  };
  return [...stacks.entries()]
    .filter(([name]) => LAYERS.some((l) => name === `${envName}-${l}`))
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b));
}

/** Fargate tasks from config: size × desired count (resolved scaling.desired), on-demand base first for Spot. */
function fargateLines(env: EnvConfig, platformStack: string, p: RegionPrices): CostLine[] {
  const out: CostLine[] = [];
  for (const r of resolveEnv(env).services.slice().sort((a, b) => a.name.localeCompare(b.name))) {
    const { name, config: svc, size } = r;
    if (svc.compute.type === "ec2") continue; // EC2 tasks are priced by their instances
    const vcpu = size.cpu / 1024;
    const gb = size.memory / 1024;
    const desired = r.scaling.desired;
    const onDemand = svc.compute.type === "fargate" ? desired : Math.min(desired, svc.compute.onDemandBase);
    const spot = desired - onDemand;
    const add = (kind: string, tasks: number, vcpuPrice: number, gbPrice: number) => {
      const mk = (what: string, q: number, unit: string, price: number): CostLine => ({
        stack: platformStack, category: "fargate", type: "config", quantity: q, unit, unitPrice: price, monthly: q * price,
        item: `${kind} ${name}: ${what} × ${tasks} task${tasks === 1 ? "" : "s"} (services.${name} size × desired)`,
      });
      out.push(mk(`${vcpu} vCPU`, vcpu * tasks * H, "vCPU-hours", vcpuPrice), mk(`${gb} GB`, gb * tasks * H, "GB-hours", gbPrice));
    };
    if (svc.compute.type === "fargate" || onDemand > 0 || desired === 0) add("Fargate", onDemand, p.fargateVcpuHour, p.fargateGbHour);
    if (spot > 0) add("Fargate Spot", spot, p.fargateSpotVcpuHour, p.fargateSpotGbHour);
  }
  return out;
}

/** Estimate one environment. Throws UnpricedTypesError naming every type without a price. */
export function estimateEnv(env: EnvConfig, stacks: ReadonlyMap<string, StackJson>): Estimate {
  const seen = new Set<string>();
  const once = (k: string) => (seen.has(k) ? false : (seen.add(k), true));
  const lines: CostLine[] = [];
  const unpriced: { type: string; stack: string }[] = [];
  const mine = envStacks(env.name, stacks);
  // Per-environment usage lines (logs, KMS requests, NAT and endpoint data) go to the first stack that prices
  // them: the platform's, where the services' log groups and keys live, wins; lines are reported in layer order.
  const platformFirst = [...mine].sort(([a], [b]) => Number(b === `${env.name}-platform`) - Number(a === `${env.name}-platform`));
  for (const [stack, json] of platformFirst) {
    for (const [type, byId] of Object.entries(json.resource ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      const pricer = PRICERS[type];
      if (!pricer) {
        if (!(type in UNPRICED)) unpriced.push({ type, stack });
        continue;
      }
      for (const [id, r] of Object.entries(byId).sort(([a], [b]) => a.localeCompare(b))) {
        const p = regionPrices(resourceRegion(json, r, env.region));
        for (const l of pricer({ env, stack, json, p, once }, id, r)) {
          lines.push({ ...l, stack, type, address: `${type}.${id}`, monthly: l.quantity * l.unitPrice });
        }
      }
    }
  }
  if (unpriced.length) throw new UnpricedTypesError(unpriced);
  const order = new Map(mine.map(([n], i) => [n, i]));
  lines.sort((a, b) => order.get(a.stack)! - order.get(b.stack)!);
  const platform = mine.find(([n]) => n === `${env.name}-platform`)?.[0] ?? `${env.name}-platform`;
  lines.push(...fargateLines(env, platform, regionPrices(env.region)));
  const total = lines.reduce((s, l) => s + l.monthly, 0);
  return {
    env: env.name,
    system: env.system,
    region: env.region,
    emulator: Boolean(env.emulator),
    lines,
    total,
    budget: env.budget?.monthlyUsd,
    levers: levers(env, lines, regionPrices(env.region)),
  };
}

/** Instance type one size smaller in the same family, when the price table has it. */
function smallerInstance(type: string, table: Readonly<Record<string, number>>): string | undefined {
  const sizes = ["micro", "small", "medium", "large", "xlarge", "2xlarge"];
  const [family, size] = type.split(".");
  const i = sizes.indexOf(size);
  for (let j = i - 1; j >= 0; j--) if (table[`${family}.${sizes[j]}`] !== undefined) return `${family}.${sizes[j]}`;
  return undefined;
}

/** Largest cost levers, computed from the lines with the same price table, biggest saving first. */
export function levers(env: EnvConfig, lines: readonly CostLine[], p: RegionPrices): Lever[] {
  const out: Lever[] = [];
  const sum = (f: (l: CostLine) => boolean) => lines.filter(f).reduce((s, l) => s + l.monthly, 0);
  const ep = lines.filter((l) => l.category === "endpoints" && l.unit === "endpoint-AZ-hours");
  const epHourly = sum((l) => ep.includes(l));
  const azCount = Math.max(0, ...ep.map((l) => l.quantity / H));
  const nats = lines.filter((l) => l.category === "nat" && l.unit === "hours");
  const minimal = 3; // ecr.api, ecr.dkr, logs: the `minimal` preset

  // Interface endpoints are billed per endpoint per AZ.
  if (ep.length && azCount > 1) {
    out.push({
      id: "endpoints-1az",
      excludes: ["endpoints-none", "endpoints-minimal"],
      change: `interface endpoints in 1 AZ instead of ${azCount} (network.endpoints.interfaceAzCount: 1)`,
      saving: epHourly - ep.length * H * p.interfaceEndpointHour,
      tradeOff: "tasks in other AZs reach the endpoints across AZs (inter-AZ transfer) and lose them if that AZ fails",
    });
  }
  if (ep.length && nats.length) {
    out.push({
      id: "endpoints-none",
      excludes: ["endpoints-1az", "endpoints-minimal", "nat-none"],
      change: `no interface endpoints, the NAT gateway carries that traffic (network.endpoints.preset: "none")`,
      saving: epHourly + sum((l) => l.category === "endpoints" && l.unit === "GB") - env.usage.endpointGb * p.natGb,
      tradeOff: "ECR pulls, logs and AWS API calls leave through NAT (NAT data charge per GB); endpoint policies no longer apply",
    });
  }
  if (ep.length > minimal && nats.length) {
    out.push({
      id: "endpoints-minimal",
      excludes: ["endpoints-1az", "endpoints-none", "nat-none"],
      change: `endpoint preset "minimal" (${minimal} instead of ${ep.length} interface endpoints; network.endpoints.preset)`,
      saving: (ep.length - minimal) * azCount * H * p.interfaceEndpointHour,
      tradeOff: "ECS agent, SSM and Secrets Manager calls go through the NAT gateway (NAT data charges instead)",
    });
  }
  // NAT: per-AZ → one shared gateway (and its Elastic IP), or none at all where the endpoints cover every AWS API.
  if (nats.length > 1) {
    out.push({
      id: "nat-single",
      excludes: ["nat-none"],
      change: `one NAT gateway instead of ${nats.length} (network.natGateways: "single")`,
      saving: (nats.length - 1) * H * (p.natHour + p.publicIpv4Hour),
      tradeOff: "egress of every AZ depends on one AZ; cross-AZ traffic to the NAT is billed",
    });
  }
  if (nats.length && env.network.endpoints.preset === "full") {
    out.push({
      id: "nat-none",
      excludes: ["nat-single", "endpoints-none", "endpoints-minimal"],
      change: `no NAT gateway, the full endpoint set only (network.natGateways: "none")`,
      saving: sum((l) => l.category === "nat") + nats.length * H * p.publicIpv4Hour,
      tradeOff: "tasks reach AWS APIs through the endpoints only: no internet egress (third-party APIs, package mirrors)",
    });
  }

  // EC2 hosts: one size smaller.
  const ec2 = lines.find((l) => l.category === "ec2" && l.unit === "instance-hours");
  if (ec2 && env.cluster) {
    const type = env.cluster.instanceType;
    const smaller = smallerInstance(type, p.ec2Hour);
    if (smaller) {
      out.push({
        id: "ec2-smaller",
        excludes: [],
        change: `container instances ${type} → ${smaller} (cluster.instanceType)`,
        saving: ec2.quantity * (p.ec2Hour[type] - p.ec2Hour[smaller]),
        tradeOff: "half the CPU and memory per host: check that the services' tasks still fit at desired count",
      });
    }
  }

  // Fargate on-demand → Fargate Spot.
  const onDemand = lines.filter((l) => l.category === "fargate" && l.item.startsWith("Fargate ") && !l.item.startsWith("Fargate Spot"));
  const fargate = onDemand.reduce((s, l) => s + l.monthly, 0);
  if (fargate > 0) {
    const spot = onDemand.reduce((s, l) => s + l.quantity * (l.unit === "vCPU-hours" ? p.fargateSpotVcpuHour : p.fargateSpotGbHour), 0);
    out.push({
      id: "fargate-spot",
      excludes: [],
      change: `Fargate Spot for the Fargate services (services.<name>.compute.type: "fargate-spot")`,
      saving: fargate - spot,
      tradeOff: "tasks can be reclaimed with a two-minute warning; keep an on-demand base for serving paths",
    });
  }

  // RDS Multi-AZ → single-AZ.
  const multiAz = lines.filter((l) => l.category === "rds" && l.item.includes("Multi-AZ"));
  if (multiAz.length) {
    out.push({
      id: "rds-single-az",
      excludes: [],
      change: "RDS single-AZ instead of Multi-AZ (the instance's multi_az)",
      saving: multiAz.reduce((s, l) => s + l.monthly / 2, 0),
      tradeOff: "no standby: an AZ or instance failure means a restore (RTO of hours)",
    });
  }
  return out.filter((l) => l.saving > 0.005).sort((a, b) => b.saving - a.saving || a.id.localeCompare(b.id));
}

/** The levers that combine (biggest first, skipping any a chosen one excludes) until the total meets `target`. */
export function combineLevers(all: readonly Lever[], total: number, target = -Infinity): { used: Lever[]; after: number } {
  const used: Lever[] = [];
  let after = total;
  for (const l of all) {
    if (after <= target) break;
    if (used.some((u) => u.excludes.includes(l.id) || l.excludes.includes(u.id))) continue;
    used.push(l);
    after -= l.saving;
  }
  return { used, after };
}

/** What the estimate says about the budget, in plain words. */
export function verdict(e: Estimate): string {
  const t = e.total;
  if (e.emulator) return `emulator environment (moto): no AWS bill; the figures are what the same stacks would cost in ${e.region}`;
  if (e.budget === undefined) return "no budget in config (set `budget.monthlyUsd`)";
  const b = e.budget;
  if (t <= b) return `within budget: $${t.toFixed(2)} of $${b.toFixed(2)} (${Math.round((t / b) * 100)} %)`;
  const over = `OVER BUDGET by $${(t - b).toFixed(2)}: the budget of $${b.toFixed(2)} cannot be met as configured.`;
  const { used, after } = combineLevers(e.levers, t, b);
  const names = used.map((l) => l.change).join("; ");
  if (after <= b) return `${over} It is met by: ${names} → $${after.toFixed(2)}.`;
  return `${over} Not even every compatible lever meets it (${names || "none"} → $${after.toFixed(2)}): it needs a budget of at least ` +
    `$${Math.ceil(after)}, or a smaller design than these levers reach (fewer AZs, fewer or smaller hosts, no edge or WAF in this environment).`;
}
