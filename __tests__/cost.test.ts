/**
 * `npm run cost`: the estimate of the real configuration line by line against figures computed by hand from the
 * price table, price coverage of every resource type the stacks synthesize (an unpriced type fails, named), the
 * pricers of the data and serverless types on fixture resources, levers and the budget verdict; and the AWS
 * Budgets budget each environment's platform stack creates.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { allStacks, loadConfig, policy, resource, resources, stack } from "./helpers/synth";
import { clone, validationProblems } from "./helpers/platform";
import { estimateEnv, PRICERS, schedulePerMonth, UNPRICED, UnpricedTypesError, verdict, combineLevers, type CostLine } from "../scripts/lib/pricing/estimate";
import { costDiffMarkdown, formatSummary, summarize, estimateAll, synthIsCurrent } from "../scripts/lib/pricing/report";
import { PRICES, PRICES_AS_OF, PRICE_SOURCES } from "../scripts/lib/pricing/table";
import type { StackJson } from "../scripts/lib/synth";
import { dev } from "../envs/web/dev";
import { local } from "../envs/web/local";
import { ENVIRONMENTS } from "../envs";
import { EnvironmentBudget } from "../modules/budget";
import { Testing, TerraformStack } from "../foundation/cdk";

type R = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const { envs } = loadConfig();
const stacks = () => new Map([...allStacks().entries()].map(([n, s]) => [n, s.json] as const));
const envNamed = (n: string) => envs.find((e) => e.name === n)!;

describe("price table", () => {
  it("is dated and names a public source for every service", () => {
    expect(PRICES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const url of Object.values(PRICE_SOURCES)) expect(url).toMatch(/^https:\/\/[a-z0-9.-]*amazonaws\.com\/|^https:\/\/aws\.amazon\.com\//);
  });

  it("has the same items in ap-northeast-1 and us-east-1, every figure a positive number", () => {
    const flat = (o: object, p = ""): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === "object" ? flat(v, `${p}${k}.`) : [`${p}${k}`]));
    expect(flat(PRICES["ap-northeast-1"]).sort()).toEqual(flat(PRICES["us-east-1"]).sort());
    const values = (o: object): unknown[] => Object.values(o).flatMap((v) => (typeof v === "object" ? values(v) : [v]));
    for (const v of values(PRICES["ap-northeast-1"]).concat(values(PRICES["us-east-1"]))) expect(typeof v === "number" && v > 0).toBe(true);
  });

  it("prices every instance type the schema accepts", async () => {
    const { INSTANCE_TYPES } = await import("../envs/schema");
    for (const region of Object.keys(PRICES)) for (const t of INSTANCE_TYPES) expect([region, t, PRICES[region].ec2Hour[t]]).toEqual([region, t, expect.any(Number)]);
  });

  it("prices every RDS and Aurora instance class and ElastiCache node type the schema accepts (once the data tier lists them)", async () => {
    const schema = (await import("../envs/schema")) as Record<string, unknown>;
    const lists = { rdsHour: schema.RDS_INSTANCE_CLASSES, auroraHour: schema.AURORA_INSTANCE_CLASSES, elasticacheHour: schema.CACHE_NODE_TYPES } as const;
    for (const region of Object.keys(PRICES)) {
      for (const [table, list] of Object.entries(lists)) {
        for (const k of Array.isArray(list) ? (list as string[]) : []) {
          expect([region, k, (PRICES[region][table as keyof typeof lists] as Record<string, number>)[k]]).toEqual([region, k, expect.any(Number)]);
        }
      }
    }
  });
});

describe("dev: every line against hand-computed figures (ap-northeast-1 prices; WAF logs in us-east-1)", () => {
  const e = estimateEnv(envNamed("dev"), stacks());
  // [stack, item pattern, quantity, unit price, monthly USD] — quantity × unit price worked out by hand.
  const expected: [string, RegExp, number, number, number][] = [
    ["dev-network", /^public IPv4 address acme-dev-nat-a$/, 730, 0.005, 3.65],
    ["dev-network", /^NAT gateway acme-dev-nat-a$/, 730, 0.062, 45.26],
    ["dev-network", /^NAT data processing/, 10, 0.062, 0.62],
    ...["ec2messages", "ecr.api", "ecr.dkr", "ecs", "ecs-agent", "ecs-telemetry", "logs", "secretsmanager", "ssm", "ssmmessages"].map(
      (s) => ["dev-network", new RegExp(`^interface endpoint ${s.replace(".", "\\.")} in 1 AZ$`), 730, 0.014, 10.22] as [string, RegExp, number, number, number],
    ),
    ["dev-network", /^interface endpoint data processing/, 10, 0.01, 0.1],
    ["dev-platform", /^EC2 t3\.small × 1 \(desired capacity/, 730, 0.0272, 19.856],
    ["dev-platform", /^EBS gp3 root volumes 30 GB × 1$/, 30, 0.096, 2.88],
    ["dev-platform", /^EC2 detailed monitoring/, 7, 0.3, 2.1],
    ["dev-platform", /^dashboard acme-dev-platform$/, 1, 3, 3],
    ["dev-platform", /^CloudWatch Logs ingested/, 5, 0.76, 3.8],
    ["dev-platform", /^CloudWatch Logs stored at 14-day/, 5 * 14 / 30, 0.033, 0.077],
    ["dev-platform", /^alarm acme-dev-alb-5xx \(2 metrics\)$/, 2, 0.1, 0.2],
    ...["backend", "frontend"].flatMap((s) =>
      ["cpu-high", "memory-high", "p95-latency", "unhealthy-hosts"].map(
        (a) => ["dev-platform", new RegExp(`^alarm acme-dev-${s}-${a} \\(1 metric\\)$`), 1, 0.1, 0.1] as [string, RegExp, number, number, number],
      ),
    ),
    ["dev-platform", /^alarm acme-dev-capacity-reservation-high/, 1, 0.1, 0.1],
    ["dev-platform", /^ECR repository acme-dev\/backend/, 1, 0.1, 0.1],
    ["dev-platform", /^ECR repository acme-dev\/frontend/, 1, 0.1, 0.1],
    ["dev-platform", /^KMS key acme-dev platform/, 1, 1, 1],
    ["dev-platform", /^KMS requests/, 10, 0.03, 0.3],
    ["dev-platform", /^ALB acme-dev-alb$/, 730, 0.0243, 17.739],
    ["dev-platform", /^ALB acme-dev-alb capacity units/, 730, 0.008, 5.84],
    ["dev-platform", /^public IPv4 addresses of acme-dev-alb \(one per AZ\)$/, 3 * 730, 0.005, 10.95],
    ["dev-platform", /^S3 bucket acme-dev-alb-logs-/, 5, 0.025, 0.125],
    ["dev-platform", /^secret acme\/dev\/origin-verify$/, 1, 0.4, 0.4],
    ["dev-edge", /^CloudFront HTTPS requests/, 100, 0.012, 1.2],
    ["dev-edge", /^CloudFront data out/, 10, 0.114, 1.14],
    ["dev-edge", /^KMS key Static assets/, 1, 1, 1],
    ["dev-edge", /^KMS key WAF logs/, 1, 1, 1],
    ["dev-edge", /^S3 bucket acme-dev-cf-logs-/, 5, 0.025, 0.125],
    ["dev-edge", /^S3 bucket acme-dev-static-/, 5, 0.025, 0.125],
    ["dev-edge", /^WAF web ACL acme-dev-edge$/, 1, 5, 5],
    ["dev-edge", /^WAF rules and managed rule groups \(4\)$/, 4, 1, 4],
    ["dev-edge", /^WAF requests/, 1, 0.6, 0.6],
    // The WAF log group lives in us-east-1 (CloudFront scope): us-east-1's ingestion price.
    ["dev-edge", /^WAF logs ingested/, 1, 0.5, 0.5],
  ];

  it.each(expected.map((x) => [x[1].source, x] as const))("%s", (_, [stackName, item, quantity, unitPrice, monthly]) => {
    const matches = e.lines.filter((l) => l.stack === stackName && item.test(l.item));
    expect(matches).toHaveLength(1);
    expect(matches[0].quantity).toBeCloseTo(quantity, 6);
    expect(matches[0].unitPrice).toBe(unitPrice);
    expect(matches[0].monthly).toBeCloseTo(monthly, 6);
  });

  it("has no line beyond the expected ones, and the total is their sum ($235.887)", () => {
    const unexpected = e.lines.filter((l) => !expected.some(([s, re]) => l.stack === s && re.test(l.item)));
    expect(unexpected.map((l) => `${l.stack}: ${l.item}`)).toEqual([]);
    expect(e.lines).toHaveLength(expected.length);
    expect(e.total).toBeCloseTo(235.887, 6);
    expect(e.budget).toBe(50);
  });

  it("says plainly that the $50 budget cannot be met and what the levers reach", () => {
    const v = verdict(e);
    expect(v).toMatch(/^OVER BUDGET by \$185\.89: the budget of \$50\.00 cannot be met as configured\./);
    expect(v).toContain("needs a budget of at least $125");
    // Largest lever: drop the 10 interface endpoints (10 × $10.22 + $0.10 data) and pay NAT data for their 10 GB.
    expect(e.levers[0]).toMatchObject({ id: "endpoints-none" });
    expect(e.levers[0].saving).toBeCloseTo(102.2 + 0.1 - 10 * 0.062, 6);
  });
});

describe("prod: the design's choices and their levers", () => {
  const e = estimateEnv(envNamed("prod"), stacks());
  it("prices 3 NAT gateways, 10 interface endpoints in 3 AZs and 3 t3.large hosts", () => {
    expect(e.lines.filter((l) => l.category === "nat" && l.unit === "hours")).toHaveLength(3);
    const ep = e.lines.filter((l) => l.unit === "endpoint-AZ-hours");
    expect(ep).toHaveLength(10);
    for (const l of ep) expect(l.monthly).toBeCloseTo(3 * 730 * 0.014, 6);
    expect(e.lines.find((l) => l.category === "ec2" && l.unit === "instance-hours")!.monthly).toBeCloseTo(3 * 730 * 0.1088, 6);
  });

  it("names the endpoint and NAT levers with their savings", () => {
    const byId = Object.fromEntries(e.levers.map((l) => [l.id, l]));
    expect(byId["endpoints-1az"].change).toBe("interface endpoints in 1 AZ instead of 3 (network.endpoints.interfaceAzCount: 1)");
    expect(byId["endpoints-1az"].saving).toBeCloseTo(10 * 2 * 730 * 0.014, 6); // 204.40
    expect(byId["nat-single"].change).toBe('one NAT gateway instead of 3 (network.natGateways: "single")');
    expect(byId["nat-single"].saving).toBeCloseTo(2 * 730 * (0.062 + 0.005), 6); // 97.82
    expect(byId["ec2-smaller"].saving).toBeCloseTo(3 * 730 * (0.1088 - 0.0544), 6);
    expect(e.levers.map((l) => l.saving)).toEqual([...e.levers.map((l) => l.saving)].sort((a, b) => b - a));
  });

  it("never combines alternative levers for the same lines", () => {
    const { used } = combineLevers(e.levers, e.total);
    const ids = used.map((l) => l.id);
    expect(ids).toContain("endpoints-none");
    expect(ids).not.toContain("endpoints-1az");
    expect(ids).not.toContain("nat-none");
    expect(verdict(e)).toMatch(/^OVER BUDGET by \$\d+\.\d\d: the budget of \$300\.00 cannot be met as configured\./);
  });
});

describe("coverage: every resource type of every synthesized stack is priced or listed as free", () => {
  const types = new Map<string, string>();
  for (const [name, s] of allStacks()) for (const t of Object.keys(s.json.resource ?? {})) if (!types.has(t)) types.set(t, name);

  it.each([...types.entries()])("%s (first seen in %s)", (type) => {
    expect([type, type in PRICERS || type in UNPRICED]).toEqual([type, true]);
  });

  it("no type is both priced and listed as free; every free type gives its reason", () => {
    expect(Object.keys(PRICERS).filter((t) => t in UNPRICED)).toEqual([]);
    for (const [t, why] of Object.entries(UNPRICED)) expect([t, why.length >= 4]).toEqual([t, true]);
  });

  it("every environment of every system estimates, and the summary lists each with total and budget", () => {
    const all = estimateAll(envs, stacks());
    const text = formatSummary(all);
    for (const env of envs) expect(text).toMatch(new RegExp(`^${env.system}\\s+${env.name}\\s+\\$\\d+\\.\\d\\d\\s+(\\$\\d+\\.\\d\\d|-)\\s+\\S`, "m"));
    expect(text).toContain(`prices as of ${PRICES_AS_OF}`);
  });

  it("an unpriced type fails the estimate, naming the type and the stack", () => {
    const s = stacks();
    const platform = clone(s.get("dev-platform")!) as R;
    platform.resource.aws_imaginary_widget = { w: {} };
    s.set("dev-platform", platform as StackJson);
    expect(() => estimateEnv(envNamed("dev"), s)).toThrow(UnpricedTypesError);
    expect(() => estimateEnv(envNamed("dev"), s)).toThrow(/aws_imaginary_widget \(in dev-platform\)/);
  });

  it("an instance type without a price fails naming it", () => {
    const s = stacks();
    const platform = clone(s.get("dev-platform")!) as R;
    for (const lt of Object.values(platform.resource.aws_launch_template) as R[]) lt.instance_type = "x9.huge";
    s.set("dev-platform", platform as StackJson);
    expect(() => estimateEnv(envNamed("dev"), s)).toThrow(/no price for EC2 instance type x9\.huge/);
  });
});

describe("pricers of the data and serverless types (fixture resources, ap-northeast-1)", () => {
  const env = envNamed("dev");
  const one = (type: string, body: R, extra: Record<string, Record<string, R>> = {}): CostLine[] => {
    const json = { provider: { aws: [{ region: "ap-northeast-1" }] }, resource: { [type]: { x: body }, ...extra } } as StackJson;
    return estimateEnv(env, new Map([["dev-platform", json]])).lines.filter((l) => l.stack === "dev-platform" && l.type !== "config");
  };
  const monthly = (lines: CostLine[]) => lines.map((l) => Math.round(l.monthly * 1e6) / 1e6);

  it("RDS: class × 2 for Multi-AZ, storage × 2", () => {
    const lines = one("aws_db_instance", { identifier: "db", engine: "postgres", instance_class: "db.t3.micro", multi_az: true, allocated_storage: 20 });
    expect(monthly(lines)).toEqual([2 * 730 * 0.026, 20 * 2 * 0.138].map((n) => Math.round(n * 1e6) / 1e6));
  });
  it("Aurora: provisioned instance by class; Serverless v2 at the cluster's minimum ACUs; storage and I/O on the cluster", () => {
    expect(monthly(one("aws_rds_cluster_instance", { identifier: "a", instance_class: "db.r6g.large" }))).toEqual([730 * 0.313]);
    const sv2 = one("aws_rds_cluster_instance", { identifier: "s", instance_class: "db.serverless", cluster_identifier: "${aws_rds_cluster.c.id}" }, {
      aws_rds_cluster: { c: { cluster_identifier: "c", serverlessv2_scaling_configuration: { min_capacity: 0.5, max_capacity: 4 } } },
    });
    expect(sv2.find((l) => l.type === "aws_rds_cluster_instance")!.monthly).toBeCloseTo(0.5 * 730 * 0.15, 6);
    expect(monthly(sv2.filter((l) => l.type === "aws_rds_cluster"))).toEqual([10 * 0.12, 10 * 0.24].map((n) => Math.round(n * 1e6) / 1e6));
  });
  it("ElastiCache replication group: node type × cache clusters", () => {
    expect(monthly(one("aws_elasticache_replication_group", { replication_group_id: "r", node_type: "cache.t4g.micro", num_cache_clusters: 2 }))).toEqual([2 * 730 * 0.025]);
  });
  it("DynamoDB on demand: writes, reads, storage from usage", () => {
    expect(monthly(one("aws_dynamodb_table", { name: "t", billing_mode: "PAY_PER_REQUEST" }))).toEqual([1 * 0.715, 5 * 0.143, 1 * 0.285].map((n) => Math.round(n * 1e6) / 1e6));
  });
  it("Lambda: requests plus GB-seconds (1M × 200 ms × 512 MB = 100,000 GB-s)", () => {
    const lines = one("aws_lambda_function", { function_name: "f", memory_size: 512 });
    expect(lines[1].quantity).toBeCloseTo(100_000, 6);
    expect(monthly(lines)).toEqual([0.2, Math.round(100_000 * 0.0000166667 * 1e6) / 1e6]);
  });
  it("API Gateway REST, SQS, Cognito, EventBridge bus and Scheduler", () => {
    expect(monthly(one("aws_api_gateway_rest_api", { name: "api" }))).toEqual([4.25]);
    expect(monthly(one("aws_sqs_queue", { name: "q" }))).toEqual([0.4]);
    expect(monthly(one("aws_sqs_queue", { name: "q.fifo", fifo_queue: true }))).toEqual([0.5]);
    // A dead-letter queue (another queue's redrive target) idles: priced at zero requests, still listed.
    const dlq = one("aws_sqs_queue", { name: "q" }, { aws_sqs_queue: { x: { name: "q" }, d: { name: "q-dlq" } } });
    expect(dlq.map((l) => [l.item, l.monthly])).toEqual([["SQS queue q-dlq (usage.sqsRequests)", 0.4], ["SQS queue q (usage.sqsRequests)", 0.4]]);
    const redriven = one("aws_sqs_queue", { name: "q" }, { aws_sqs_queue: { x: { name: "q", redrive_policy: JSON.stringify({ deadLetterTargetArn: "${aws_sqs_queue.d.arn}" }) }, d: { name: "q-dlq" } } });
    expect(redriven.map((l) => [l.item, l.monthly])).toEqual([["SQS dead-letter queue q-dlq (idle)", 0], ["SQS queue q (usage.sqsRequests)", 0.4]]);
    expect(monthly(one("aws_cognito_user_pool", { name: "u" }))).toEqual([1000 * 0.015]);
    expect(monthly(one("aws_cloudwatch_event_bus", { name: "b" }))).toEqual([1]);
    expect(schedulePerMonth("rate(5 minutes)")).toBeCloseTo(12 * 730, 6);
    expect(one("aws_scheduler_schedule", { name: "s", schedule_expression: "rate(1 hour)" })[0].monthly).toBeCloseTo((730 / 1e6) * 1, 9);
  });
});

describe("Fargate from config: size × desired count (local)", () => {
  const e = estimateEnv(envNamed("local"), stacks());
  it("api: 0.5 vCPU / 1 GB × 1 task on demand; editor scaled to zero costs nothing", () => {
    const api = e.lines.filter((l) => l.category === "fargate" && l.item.includes(" api:"));
    expect(api.map((l) => [l.unit, l.quantity, l.unitPrice])).toEqual([["vCPU-hours", 0.5 * 730, 0.05056], ["GB-hours", 730, 0.00553]]);
    const editor = e.lines.filter((l) => l.category === "fargate" && l.item.includes(" editor:"));
    expect(editor.reduce((s, l) => s + l.monthly, 0)).toBe(0);
  });
  it("an emulator environment says it has no AWS bill", () => {
    expect(verdict(e)).toMatch(/^emulator environment \(moto\): no AWS bill/);
  });
});

describe("PR comment: base → head per environment with the diagram link", () => {
  it("shows the change, the categories that moved and marks a new environment", () => {
    const head = summarize(estimateAll(envs.filter((x) => ["dev", "prod"].includes(x.name)), stacks()));
    const base = clone(head);
    base.envs.dev.total -= 10;
    base.envs.dev.byCategory.nat -= 10;
    delete base.envs.prod;
    const md = costDiffMarkdown(base, head, (env) => `https://example.test/docs/architecture/${env}.md`);
    expect(md).toMatch(/\| `dev` \(web\) \| \$\d+\.\d\d \| \$235\.89 \| \+\$10\.00 \| \$50\.00 \*\*over\*\* \| nat \+\$10\.00 \| \[diagram\]\(https:\/\/example\.test\/docs\/architecture\/dev\.md\) \|/);
    expect(md).toMatch(/\| `prod` \(web\) \| new \| \$\d+\.\d\d \| new \|/);
  });
});

describe("budgets as code", () => {
  it.each(["dev", "staging", "prod"])("%s-platform: a monthly COST budget on its Environment tag at 80 %% actual and 100 %% forecast", (name) => {
    const env = envNamed(name);
    const json = stack(`${name}-platform`) as R;
    const b = resource<R>(json, "aws_budgets_budget");
    const topicId = Object.keys(json.resource.aws_sns_topic)[0];
    const emails = env.budget!.emails ?? env.alarms.emails;
    expect(b).toMatchObject({
      name: `acme-${name}-monthly`,
      budget_type: "COST",
      limit_amount: env.budget!.monthlyUsd.toFixed(2),
      limit_unit: "USD",
      time_unit: "MONTHLY",
      cost_filter: [{ name: "TagKeyValue", values: [`user:Environment$${name}`] }],
    });
    const common = { comparison_operator: "GREATER_THAN", threshold_type: "PERCENTAGE", subscriber_sns_topic_arns: [`\${aws_sns_topic.${topicId}.arn}`], subscriber_email_addresses: emails };
    expect(b.notification).toEqual([{ ...common, notification_type: "ACTUAL", threshold: 80 }, { ...common, notification_type: "FORECASTED", threshold: 100 }]);
    // The provider tags every resource with Environment = the env name: what the budget filters on.
    expect((json.provider.aws as R[])[0].default_tags[0].tags.Environment).toBe(name);
  });

  it("the design's budgets: web dev $50, staging $150, prod $300 (design 002); messaging-dev $96 (design 003)", () => {
    expect(["dev", "staging", "prod", "messaging-dev"].map((n) => envNamed(n).budget?.monthlyUsd)).toEqual([50, 150, 300, 96]);
    expect(resource<R>(stack("messaging-dev-platform") as R, "aws_budgets_budget")).toMatchObject({ limit_amount: "96.00", cost_filter: [{ name: "TagKeyValue", values: ["user:Environment$messaging-dev"] }] });
  });

  it("AWS Budgets may publish to the encrypted alarm topic of this account only (topic policy and key policy)", () => {
    const json = stack("prod-platform") as R;
    const topicPolicy = policy(resource<R>(json, "aws_sns_topic_policy").policy);
    expect(topicPolicy.Statement.find((s) => s.Sid === "BudgetNotifications")).toMatchObject({
      Effect: "Allow", Principal: { Service: "budgets.amazonaws.com" }, Action: "sns:Publish", Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } },
    });
    const keyPolicy = policy(Object.values(resources<R>(json, "aws_kms_key"))[0].policy);
    expect(keyPolicy.Statement.find((s) => s.Sid === "BudgetsToEncryptedSns")).toMatchObject({
      Principal: { Service: "budgets.amazonaws.com" }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } },
    });
  });

  it("no budget, no Budgets permissions where config sets none (local)", () => {
    const json = stack("local-platform") as R;
    expect(json.resource.aws_budgets_budget).toBeUndefined();
    expect(policy(resource<R>(json, "aws_sns_topic_policy").policy).Statement.map((s) => s.Sid)).not.toContain("BudgetNotifications");
  });

  it("config that notifies nobody, or a budget in the emulator, fails naming the field", () => {
    const silent = { ...clone(dev), budget: { monthlyUsd: 50, notifyAlarmTopic: false, emails: [] } };
    expect(validationProblems(ENVIRONMENTS.map((e) => (e.name === "dev" ? silent : e)))).toMatch(/dev: budget\.emails = \[\]: the budget notifies nobody/);
    const emu = { ...clone(local), budget: { monthlyUsd: 10 } };
    expect(validationProblems(ENVIRONMENTS.map((e) => (e.name === "local" ? emu : e)))).toMatch(/local: budget\.create = true: the emulator has no AWS Budgets/);
    expect(validationProblems(ENVIRONMENTS.map((e) => (e.name === "local" ? { ...emu, budget: { monthlyUsd: 10, create: false } } : e)))).toBe("");
  });

  it("the construct refuses a budget without subscribers", () => {
    const s = new TerraformStack(Testing.app(), "t");
    expect(() => new EnvironmentBudget(s, "b", { name: "x", monthlyUsd: 1, tag: { key: "Environment", value: "x" }, actualPercent: 80, forecastPercent: 100 })).toThrow(/E_BUDGET_NO_SUBSCRIBER/);
  });
});

describe("the synth npm run cost estimates from", () => {
  // local:up -- <env> and SYNTH_ENVS leave only some environments in cdktf.out/: the others must not be priced at $0.
  const dir = mkdtempSync(join(tmpdir(), "cost-synth-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const manifest = (stacks: string[]) =>
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: Object.fromEntries(stacks.map((s) => [s, {}])) }));
  // A root without sources: only the manifest decides.
  const root = join(dir, "no-sources");

  it("is current only with stacks of every environment asked for", () => {
    manifest(["bootstrap-local", "eldonia-local-network", "eldonia-local-edge"]);
    expect(synthIsCurrent(root, dir, ["eldonia-local"])).toBe(true);
    expect(synthIsCurrent(root, dir, ["eldonia-local", "dev"])).toBe(false);
    manifest(["dev-network", "eldonia-local-network"]);
    expect(synthIsCurrent(root, dir, ["eldonia-local", "dev"])).toBe(true);
    // "devflow-dev-…" is not a stack of "dev".
    manifest(["devflow-dev-network", "eldonia-local-network"]);
    expect(synthIsCurrent(root, dir, ["eldonia-local", "dev"])).toBe(false);
  });
});
