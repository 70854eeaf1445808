/**
 * Architecture diagram of one environment as a Mermaid flowchart (GitHub renders it), generated from the
 * environment's config and its synthesized stacks: the VPC with its subnet tiers per AZ, NAT gateways and
 * endpoints, the edge (CloudFront, WAF, static bucket), the ALB with its listeners and rules, every service with
 * its compute variant, data stores, functions, queues and APIs, and one box per stack holding what lives in it.
 *
 * Pure and deterministic: the same config and stacks give the same text (everything sorted, no time stamps, no
 * emulator endpoint), so `docs/architecture/<env>.md` can be committed and checked for staleness.
 */
import type { EnvConfig } from "../../envs";
import { resolveService } from "../../envs/resolve";
import { LAYERS } from "../../foundation/contract";
import type { StackJson } from "./synth";

type Res = Record<string, unknown>;

/** Mermaid-safe label text: quotes and angle brackets as entities, line breaks as <br/>. */
export function label(text: string): string {
  return text.replace(/&/g, "#amp;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;").replace(/\n/g, "<br/>");
}

/** Mermaid node id from arbitrary text (letters, digits, underscores). */
export function nodeId(...parts: string[]): string {
  return parts.join("_").replace(/[^A-Za-z0-9_]/g, "_");
}

const sorted = <T>(o: Record<string, T> | undefined): [string, T][] => Object.entries(o ?? {}).sort(([a], [b]) => a.localeCompare(b));
const refId = (v: unknown): string | undefined => (typeof v === "string" ? /^\$\{[a-z0-9_]+\.([A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(v)?.[1] : undefined);
/** `${aws_type.id.attr}` (alone or inside a longer string) → its type and logical id. */
const refOf = (v: unknown): { type: string; id: string } | undefined => {
  const m = typeof v === "string" ? /\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}/.exec(v) : null;
  return m ? { type: m[1], id: m[2] } : undefined;
};
const tagName = (r: Res) => (r.tags as Res | undefined)?.Name as string | undefined;
const serviceShort = (serviceName: unknown) => String(serviceName ?? "").replace(/^com\.amazonaws\.[a-z0-9-]+\./, "");

/** Resource kinds drawn wherever they appear (data stores, functions, queues, APIs, security services). */
const KINDS: Readonly<Record<string, { kind: string; shape: "db" | "fn" | "queue" | "api" | "box" }>> = {
  aws_db_instance: { kind: "RDS", shape: "db" },
  aws_rds_cluster: { kind: "Aurora cluster", shape: "db" },
  aws_elasticache_replication_group: { kind: "ElastiCache", shape: "db" },
  aws_elasticache_cluster: { kind: "ElastiCache", shape: "db" },
  aws_elasticache_serverless_cache: { kind: "ElastiCache Serverless", shape: "db" },
  aws_dynamodb_table: { kind: "DynamoDB", shape: "db" },
  aws_efs_file_system: { kind: "EFS", shape: "db" },
  aws_lambda_function: { kind: "Lambda", shape: "fn" },
  aws_sfn_state_machine: { kind: "Step Functions", shape: "fn" },
  aws_sqs_queue: { kind: "SQS", shape: "queue" },
  aws_cloudwatch_event_bus: { kind: "EventBridge bus", shape: "queue" },
  aws_scheduler_schedule: { kind: "Scheduler", shape: "queue" },
  aws_api_gateway_rest_api: { kind: "API Gateway REST", shape: "api" },
  aws_apigatewayv2_api: { kind: "API Gateway", shape: "api" },
  aws_cognito_user_pool: { kind: "Cognito user pool", shape: "api" },
  aws_guardduty_detector: { kind: "GuardDuty", shape: "box" },
  aws_config_configuration_recorder: { kind: "AWS Config", shape: "box" },
  aws_cloudtrail: { kind: "CloudTrail", shape: "box" },
  aws_iam_openid_connect_provider: { kind: "GitHub OIDC provider", shape: "box" },
  aws_budgets_budget: { kind: "Budget", shape: "box" },
};

function shaped(id: string, text: string, shape: "db" | "fn" | "queue" | "api" | "box"): string {
  const t = `"${label(text)}"`;
  switch (shape) {
    case "db":
      return `${id}[(${t})]`;
    case "fn":
      return `${id}[[${t}]]`;
    case "queue":
      return `${id}[/${t}/]`;
    case "api":
      return `${id}{{${t}}}`;
    default:
      return `${id}[${t}]`;
  }
}

function describeKind(type: string, r: Res, id: string, res: Record<string, Record<string, Res>>): string {
  const name = String(r.identifier ?? r.cluster_identifier ?? r.replication_group_id ?? r.function_name ?? r.name ?? r.alarm_name ?? tagName(r) ?? id);
  const k = KINDS[type].kind;
  switch (type) {
    case "aws_db_instance":
      return `${k} ${String(r.engine ?? "")} ${String(r.instance_class ?? "")}${r.multi_az === true ? " Multi-AZ" : ""}\n${name}`;
    case "aws_elasticache_replication_group": {
      const groups = Number(r.num_node_groups ?? 1);
      const nodes = Number(r.num_cache_clusters ?? 0) || groups * (Number(r.replicas_per_node_group ?? 0) + 1);
      return `${k} ${String(r.engine ?? "")} ${String(r.node_type ?? "")} × ${nodes}${r.num_node_groups ? ` (${groups} shards)` : ""}\n${name}`;
    }
    case "aws_rds_cluster": {
      const instances = Object.values(res.aws_rds_cluster_instance ?? {}).filter((i) => refId(i.cluster_identifier) === id);
      const classes = [...new Set(instances.map((i) => String(i.instance_class)))].sort().join(", ");
      return `${k} ${String(r.engine ?? "")}\n${instances.length} instance${instances.length === 1 ? "" : "s"} ${classes}\n${name}`;
    }
    case "aws_dynamodb_table":
      return `${k} ${String(r.billing_mode ?? "PROVISIONED") === "PAY_PER_REQUEST" ? "on-demand" : "provisioned"}\n${name}`;
    case "aws_lambda_function":
      return `${k} ${String(r.runtime ?? r.package_type ?? "")} ${String(r.memory_size ?? 128)} MB\n${name}`;
    case "aws_sqs_queue":
      return `${k}${r.fifo_queue === true ? " FIFO" : ""}\n${name}`;
    case "aws_scheduler_schedule":
      return `${k} ${String(r.schedule_expression ?? "")}\n${name}`;
    case "aws_budgets_budget":
      return `${k} ${String(r.limit_amount ?? "")} ${String(r.limit_unit ?? "")}/month\n${name}`;
    case "aws_iam_openid_connect_provider":
      return k;
    default:
      return `${k}\n${name}`;
  }
}

/**
 * Nodes of the data stack a service `uses` (config `services.<name>.uses`: database, cache, tables, buckets by
 * store name). The data stack's logical ids start with `<kind>_<store>_` (db_main_cluster…, cache_sessions_group…).
 */
function storesUsed(svc: Res, data: Record<string, Record<string, Res>>): string[] {
  const uses = (svc.uses ?? {}) as Res;
  const wanted: [string, string, readonly string[]][] = [];
  const add = (kind: string, names: unknown, types: readonly string[]) => {
    for (const n of Array.isArray(names) ? names : names ? [names] : []) wanted.push([kind, String(n).replace(/-/g, "_"), types]);
  };
  add("db", uses.database, ["aws_db_instance", "aws_rds_cluster"]);
  add("cache", uses.cache, ["aws_elasticache_replication_group", "aws_elasticache_cluster", "aws_elasticache_serverless_cache"]);
  add("table", uses.tables, ["aws_dynamodb_table"]);
  add("bucket", uses.buckets, ["aws_s3_bucket"]);
  const out: string[] = [];
  for (const [kind, name, types] of wanted) {
    for (const type of types) {
      for (const id of Object.keys(data[type] ?? {}).sort()) {
        if (!id.startsWith(`${kind}_${name}_`)) continue;
        out.push(type === "aws_s3_bucket" ? nodeId("bucket", id) : nodeId(KINDS[type].shape, id));
      }
    }
  }
  return out;
}

export interface DiagramInput {
  readonly env: EnvConfig;
  /** Every synthesized stack by id (only this environment's are read). */
  readonly stacks: ReadonlyMap<string, StackJson>;
}

/** The Mermaid flowchart text of one environment. */
export function mermaidFor({ env, stacks }: DiagramInput): string {
  const L: string[] = ["flowchart TB"];
  const edges: string[] = [];
  const mine = LAYERS.map((l) => [l, `${env.name}-${l}`] as const).filter(([, s]) => stacks.has(s));
  const get = (layer: string) => stacks.get(`${env.name}-${layer}`)?.resource ?? {};
  const has = (layer: string) => stacks.has(`${env.name}-${layer}`);
  /** A data-stack bucket an origin reads through the data stack's output (`remote_data.outputs.<name>`). */
  const dataBucket = (v: unknown): string | undefined => {
    const output = typeof v === "string" ? /remote_data\.outputs\.([a-z0-9_]+)/.exec(v)?.[1] : undefined;
    const target = output ? refOf(stacks.get(`${env.name}-data`)?.output?.[output]?.value) : undefined;
    return target?.type === "aws_s3_bucket" ? nodeId("bucket", target.id) : undefined;
  };

  L.push(`  viewers(["Viewers"])`);

  for (const [layer, stackName] of mine) {
    const res = get(layer);
    L.push(`  subgraph ${nodeId("stack", layer)}["stack ${label(stackName)}"]`);
    L.push(`    direction TB`);

    if (layer === "network") {
      const vpc = sorted(res.aws_vpc)[0]?.[1] as Res | undefined;
      const subnets = sorted(res.aws_subnet as Record<string, Res>);
      const byAz = new Map<string, { tier: string; cidr: string; id: string }[]>();
      for (const [id, s] of subnets) {
        const az = String(s.availability_zone ?? "?");
        const tier = String((s.tags as Res | undefined)?.Tier ?? (s.map_public_ip_on_launch === true ? "public" : "private"));
        (byAz.get(az) ?? byAz.set(az, []).get(az)!).push({ tier, cidr: String(s.cidr_block), id });
      }
      const subnetAz = new Map<string, string>();
      for (const [az, list] of byAz) for (const s of list) subnetAz.set(s.id, az);
      L.push(`    subgraph vpc["VPC ${label(String(vpc?.cidr_block ?? env.network.vpcCidr))}"]`);
      L.push(`      direction LR`);
      // Interface endpoints grouped per AZ: one node lists the services whose ENIs sit there.
      const endpoints = sorted(res.aws_vpc_endpoint as Record<string, Res>);
      const epByAz = new Map<string, string[]>();
      for (const [, e] of endpoints.filter(([, e]) => e.vpc_endpoint_type === "Interface")) {
        for (const sid of (e.subnet_ids as string[] | undefined) ?? []) {
          const az = subnetAz.get(refId(sid) ?? "") ?? "?";
          (epByAz.get(az) ?? epByAz.set(az, []).get(az)!).push(serviceShort(e.service_name));
        }
      }
      const nats = sorted(res.aws_nat_gateway as Record<string, Res>);
      for (const az of [...byAz.keys()].sort()) {
        const azId = nodeId("az", az);
        L.push(`      subgraph ${azId}["AZ ${label(az)}"]`);
        L.push(`        direction TB`);
        for (const s of byAz.get(az)!.sort((a, b) => a.tier.localeCompare(b.tier))) {
          L.push(`        ${nodeId("subnet", az, s.tier)}["${label(`${s.tier} subnet\n${s.cidr}`)}"]`);
        }
        for (const [id, n] of nats.filter(([, n]) => subnetAz.get(refId(n.subnet_id) ?? "") === az)) {
          L.push(`        ${nodeId("nat", id)}(["${label(`NAT gateway\n${tagName(n) ?? id}`)}"])`);
        }
        const eps = epByAz.get(az);
        if (eps?.length) L.push(`        ${nodeId("ep", az)}["${label(`interface endpoints (${eps.length})\n${eps.sort().join(", ")}`)}"]`);
        L.push(`      end`);
      }
      L.push(`    end`);
      if (sorted(res.aws_internet_gateway).length) L.push(`    igw(["Internet gateway"])`);
      for (const [id, e] of endpoints.filter(([, e]) => e.vpc_endpoint_type === "Gateway")) {
        L.push(`    ${nodeId("gwep", id)}["${label(`gateway endpoint ${serviceShort(e.service_name)}`)}"]`);
      }
      if (sorted(res.aws_flow_log).length) L.push(`    flowlogs["VPC flow logs"]`);
      // Private subnets reach the internet through their AZ's NAT, or the single shared one.
      for (const az of [...byAz.keys()].sort()) {
        const own = nats.find(([, n]) => subnetAz.get(refId(n.subnet_id) ?? "") === az);
        const nat = own ?? nats[0];
        const privateTier = byAz.get(az)!.find((s) => s.tier === "private");
        if (nat && privateTier) edges.push(`  ${nodeId("subnet", az, "private")} --> ${nodeId("nat", nat[0])}`);
      }
      for (const [id] of nats) edges.push(`  ${nodeId("nat", id)} --> igw`);
    }

    if (layer === "platform") {
      const lbs = sorted(res.aws_lb as Record<string, Res>);
      for (const [id, lb] of lbs) {
        L.push(`    ${nodeId("lb", id)}["${label(`ALB ${String(lb.name ?? id)}\n${lb.internal === true ? "internal" : "internet-facing"}, ${env.alb.ingress === "cloudfront" ? "CloudFront only" : "open to the internet"}`)}"]`);
      }
      const listeners = sorted(res.aws_lb_listener as Record<string, Res>);
      for (const [id, l] of listeners) {
        L.push(`    ${nodeId("listener", id)}{{"${label(`${String(l.protocol)} :${String(l.port)}`)}"}}`);
        const lb = refId(l.load_balancer_arn);
        if (lb) edges.push(`  ${nodeId("lb", lb)} --> ${nodeId("listener", id)}`);
      }
      const asg = sorted(res.aws_autoscaling_group as Record<string, Res>)[0];
      const lt = sorted(res.aws_launch_template as Record<string, Res>)[0]?.[1];
      if (asg) {
        const a = asg[1];
        L.push(`    ${nodeId("asg")}["${label(`EC2 capacity ${String(lt?.instance_type ?? "")}\ndesired ${String(a.desired_capacity)} (min ${String(a.min_size)}, max ${String(a.max_size)})`)}"]`);
      }
      const cluster = sorted(res.aws_ecs_cluster as Record<string, Res>)[0]?.[1];
      L.push(`    subgraph ecs["ECS cluster ${label(String(cluster?.name ?? ""))}"]`);
      L.push(`      direction TB`);
      for (const [name, svc] of Object.entries(env.services).sort(([a], [b]) => a.localeCompare(b))) {
        const { size, scaling } = resolveService(env, name);
        const compute =
          svc.compute.type === "ec2" ? "EC2 (bridge)" : svc.compute.type === "fargate" ? "Fargate (awsvpc)" : `Fargate Spot (awsvpc, on-demand base ${svc.compute.onDemandBase})`;
        const desired = scaling.desired;
        const deploy = svc.deployment.type === "blue-green" ? `blue/green ${svc.deployment.config}` : "rolling";
        L.push(`      ${nodeId("svc", name)}["${label(`service ${name}\n${compute}\n${size.cpu} CPU / ${size.memory} MiB, tasks ${desired} (${svc.scaling.min}–${svc.scaling.max})\n${deploy}, port ${svc.port}`)}"]`);
        if (svc.compute.type === "ec2" && asg) edges.push(`  ${nodeId("svc", name)} -. runs on .-> ${nodeId("asg")}`);
        for (const target of storesUsed(svc as unknown as Res, get("data") as Record<string, Record<string, Res>>)) {
          edges.push(`  ${nodeId("svc", name)} -. uses .-> ${target}`);
        }
      }
      L.push(`    end`);
      // Listener rules: path → service, in priority order.
      const rules = sorted(res.aws_lb_listener_rule as Record<string, Res>).sort(([, a], [, b]) => Number(a.priority) - Number(b.priority));
      for (const [, rule] of rules) {
        const paths = ((rule.condition as Res[] | undefined) ?? []).flatMap((c) => ((c.path_pattern as Res | undefined)?.values as string[] | undefined) ?? []);
        const svc = String((rule.tags as Res | undefined)?.Service ?? "");
        const listener = refId(rule.listener_arn);
        if (!listener || !svc) continue;
        edges.push(`  ${nodeId("listener", listener)} -->|"${label(`${paths.join(" ")} (priority ${String(rule.priority)})`)}"| ${nodeId("svc", svc)}`);
      }
      for (const [id, l] of listeners) {
        const tg = ((l.default_action as Res[] | undefined) ?? []).map((a) => refId(a.target_group_arn)).find(Boolean);
        const svc = tg ? Object.keys(env.services).find((s) => tg.startsWith(`svc_${s.replace(/-/g, "_")}_`)) : undefined;
        if (svc) edges.push(`  ${nodeId("listener", id)} -->|"test traffic"| ${nodeId("svc", svc)}`);
      }
      if (has("network") && sorted(get("network").aws_subnet).length) {
        edges.push(`  ecs -. private subnets .-> vpc`);
        for (const [id] of lbs) edges.push(`  ${nodeId("lb", id)} -. public subnets .-> vpc`);
      }
      const topic = sorted(res.aws_sns_topic as Record<string, Res>)[0];
      if (topic) L.push(`    alarms[/"${label(`alarms → SNS ${String(topic[1].name ?? "")}`)}"/]`);
    }

    // CloudFront distributions and WAF web ACLs, wherever they live (the edge, a serverless SPA).
    const acls = sorted(res.aws_wafv2_web_acl as Record<string, Res>);
    for (const [id, waf] of acls) {
      const rules = ((waf.rule as Res[] | undefined) ?? []).map((r) => String(r.name));
      L.push(`    ${nodeId("waf", id)}{{"${label(`WAF ${String(waf.name ?? "")}\n${rules.join(", ")}`)}"}}`);
    }
    for (const [distId, dist] of sorted(res.aws_cloudfront_distribution as Record<string, Res>)) {
      const cdn = nodeId("cdn", distId);
      const aliases = (dist.aliases as string[] | undefined) ?? [];
      L.push(`    ${cdn}["${label(`CloudFront ${String(dist.price_class ?? "")}\n${aliases.length ? aliases.join(", ") : "*.cloudfront.net"}`)}"]`);
      edges.push(`  viewers --> ${cdn}`);
      const behaviors = ((dist.ordered_cache_behavior as Res[] | undefined) ?? []).map((b) => [String(b.path_pattern), String(b.target_origin_id)] as const);
      behaviors.push(["default", String((dist.default_cache_behavior as Res | undefined)?.target_origin_id ?? "")]);
      for (const o of (dist.origin as Res[] | undefined) ?? []) {
        const paths = label(behaviors.filter(([, t]) => t === String(o.origin_id)).map(([p]) => p).join(" ") || String(o.origin_id));
        const target = refOf(o.domain_name);
        const lb = has("platform") ? sorted(get("platform").aws_lb)[0]?.[0] : undefined;
        const to =
          target?.type === "aws_s3_bucket" ? nodeId("bucket", target.id)
          : target?.type === "aws_api_gateway_rest_api" || target?.type === "aws_apigatewayv2_api" ? nodeId("api", target.id)
          : target?.type === "aws_lb" ? nodeId("lb", target.id)
          : String(o.domain_name).includes("remote_platform") && lb ? nodeId("lb", lb)
          : dataBucket(o.domain_name);
        if (to) edges.push(`  ${cdn} -->|"${paths}"| ${to}`);
      }
      const acl = refOf(dist.web_acl_id);
      if (acl && acls.some(([id]) => id === acl.id)) edges.push(`  ${nodeId("waf", acl.id)} -. protects .- ${cdn}`);
    }

    // S3 buckets (every stack) and the generic kinds.
    for (const [id, b] of sorted(res.aws_s3_bucket as Record<string, Res>)) {
      L.push(`    ${nodeId("bucket", id)}[("${label(`S3 ${String(b.bucket ?? id)}`)}")]`);
    }
    for (const [type, meta] of Object.entries(KINDS).sort(([a], [b]) => a.localeCompare(b))) {
      for (const [id, r] of sorted(res[type] as Record<string, Res> | undefined)) {
        if (type === "aws_elasticache_cluster" && r.replication_group_id) continue;
        L.push(`    ${shaped(nodeId(meta.shape, id), describeKind(type, r, id, res as Record<string, Record<string, Res>>), meta.shape)}`);
      }
    }
    if (layer === "ci") {
      for (const [id, role] of sorted(res.aws_iam_role as Record<string, Res>)) L.push(`    ${nodeId("role", id)}["${label(`IAM role ${String(role.name ?? id)}`)}"]`);
    }
    // What triggers the functions: queues (event source mappings), schedules, event rules, API integrations.
    // Aliases are followed to their function so every edge ends on a drawn node.
    const fn = (v: unknown): string | undefined => {
      const r = refOf(v);
      if (r?.type === "aws_lambda_function") return nodeId("fn", r.id);
      if (r?.type === "aws_lambda_alias") return fn((res.aws_lambda_alias?.[r.id] as Res | undefined)?.function_name);
      if (r?.type === "aws_sqs_queue") return nodeId("queue", r.id);
      return undefined;
    };
    for (const [, m] of sorted(res.aws_lambda_event_source_mapping as Record<string, Res> | undefined)) {
      const q = refOf(m.event_source_arn);
      const f = fn(m.function_name);
      if (q?.type === "aws_sqs_queue" && f) edges.push(`  ${nodeId("queue", q.id)} --> ${f}`);
    }
    for (const [id, sch] of sorted(res.aws_scheduler_schedule as Record<string, Res> | undefined)) {
      const f = fn((sch.target as Res | undefined)?.arn);
      if (f) edges.push(`  ${nodeId("queue", id)} --> ${f}`);
    }
    for (const [, t] of sorted(res.aws_cloudwatch_event_target as Record<string, Res> | undefined)) {
      const bus = refOf(t.event_bus_name) ?? refOf((res.aws_cloudwatch_event_rule?.[refOf(t.rule)?.id ?? ""] as Res | undefined)?.event_bus_name);
      const f = fn(t.arn);
      const rule = res.aws_cloudwatch_event_rule?.[refOf(t.rule)?.id ?? ""] as Res | undefined;
      if (bus?.type === "aws_cloudwatch_event_bus" && f) edges.push(`  ${nodeId("queue", bus.id)} -->|"${label(String(rule?.name ?? "rule"))}"| ${f}`);
    }
    for (const [, i] of sorted({ ...(res.aws_api_gateway_integration ?? {}), ...(res.aws_apigatewayv2_integration ?? {}) } as Record<string, Res>)) {
      const api = refOf(i.rest_api_id) ?? refOf(i.api_id);
      const f = fn(i.uri ?? i.integration_uri);
      if (api && f) edges.push(`  ${nodeId("api", api.id)} --> ${f}`);
    }
    L.push(`  end`);
  }
  if (!has("edge") && has("platform")) {
    const lb = sorted(get("platform").aws_lb)[0]?.[0];
    if (lb) edges.push(`  viewers --> ${nodeId("lb", lb)}`);
  }
  return [...L, ...[...new Set(edges)]].join("\n") + "\n";
}

/** The Markdown file `docs/architecture/<env>.md`. */
export function diagramMarkdown(input: DiagramInput): string {
  const { env, stacks } = input;
  const mine = LAYERS.map((l) => `${env.name}-${l}`).filter((s) => stacks.has(s));
  const n = env.network;
  const nat = n.natGateways === "per-az" ? "one per AZ" : n.natGateways === "single" ? "one shared" : "none";
  const epAzs = n.endpoints.interfaceAzCount ?? n.azs.length;
  const rows = Object.entries(env.services)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, s]) => {
      const { size, scaling } = resolveService(env, name);
      return `| \`${name}\` | ${s.paths.join(" ")} (${s.priority}) | ${s.compute.type} | ${size.cpu} / ${size.memory} | ${scaling.desired} (${s.scaling.min}–${s.scaling.max}) | ${s.deployment.type} |`;
    });
  return [
    `# Architecture: \`${env.name}\` (system ${env.system}, ${env.region})`,
    "",
    "<!-- Generated by `npm run diagram` from envs/ and the synthesized stacks. Do not edit: __tests__/diagram.test.ts fails when this file is stale. -->",
    "",
    `Stacks: ${mine.map((s) => `\`${s}\``).join(", ")}. VPC ${n.vpcCidr} in ${n.azs.length} AZs; NAT: ${nat}; interface endpoints (${n.endpoints.preset}${n.endpoints.extra.length ? ` + ${n.endpoints.extra.join(", ")}` : ""}) in ${epAzs} AZ${epAzs === 1 ? "" : "s"}. ` +
      `Monthly estimate: \`npm run cost -- ${env.name}\`${env.budget ? ` (budget $${env.budget.monthlyUsd})` : ""}.`,
    "",
    "```mermaid",
    mermaidFor(input).trimEnd(),
    "```",
    "",
    "| service | paths (priority) | compute | CPU / MiB | tasks (min–max) | deployment |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}

/** `docs/architecture/README.md`: the index of every environment's diagram, grouped by system. */
export function indexMarkdown(envs: readonly EnvConfig[]): string {
  const systems = [...new Set(envs.map((e) => e.system))];
  return [
    "# Architecture diagrams",
    "",
    "<!-- Generated by `npm run diagram`. Do not edit. -->",
    "",
    "One Mermaid diagram per environment, generated from envs/ and the synthesized stacks (`npm run diagram`; a stale file fails `npm test`). Costs: `npm run cost` and docs/cost.md.",
    "",
    ...systems.flatMap((s) => [`- ${s}: ${envs.filter((e) => e.system === s).map((e) => `[${e.name}](${e.name}.md)`).join(", ")}`]),
    "",
  ].join("\n");
}
