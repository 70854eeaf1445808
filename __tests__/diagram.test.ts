/**
 * `npm run diagram`: docs/architecture/<env>.md is current for every environment (a config change without
 * regenerating fails here), labels are escaped for mermaid (that every diagram parses with mermaid's own parser is
 * __tests__/integration/diagram-mermaid.test.ts), and the diagram shows what the
 * synthesized stacks and config hold: subnet tiers per AZ, NAT and endpoints, listener rules, compute variants,
 * data stores and functions, each in its stack.
 */
import { allStacks, loadConfig } from "./helpers/synth";
import { clone } from "./helpers/platform";
import { expectedDiagrams, staleDiagrams, DIAGRAM_DIR } from "../scripts/diagram";
import { label, mermaidFor } from "../scripts/lib/diagram";
import { REPO_ROOT } from "../scripts/lib/terraform";
import type { StackJson } from "../scripts/lib/synth";

type R = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const { envs } = loadConfig();
const stacks = () => new Map([...allStacks().entries()].map(([n, s]) => [n, s.json] as const));
const envNamed = (n: string) => envs.find((e) => e.name === n)!;

describe("committed diagrams are current", () => {
  const expected = expectedDiagrams(envs, stacks());

  it("docs/architecture/ equals a fresh generation (run `npm run diagram` and commit)", () => {
    expect(staleDiagrams(REPO_ROOT, expected)).toEqual([]);
    expect([...expected.keys()].sort()).toEqual([...envs.map((e) => `${DIAGRAM_DIR}/${e.name}.md`), `${DIAGRAM_DIR}/README.md`].sort());
  });

  it("a config change without regenerating is reported stale, naming the file", () => {
    const changed = envs.map((e) => (e.name === "dev" ? { ...clone(e), services: { ...clone(e.services), backend: { ...clone(e.services.backend), priority: 150 } } } : e));
    expect(staleDiagrams(REPO_ROOT, expectedDiagrams(changed, stacks()))).toEqual([`${DIAGRAM_DIR}/dev.md`]);
  });

  it("generation is deterministic", () => {
    expect(expectedDiagrams(envs, stacks())).toEqual(expected);
  });
});

describe("mermaid labels", () => {
  // Every committed diagram through mermaid's own parser (headless, a node process per check):
  // __tests__/integration/diagram-mermaid.test.ts.
  it("labels escape quotes and angle brackets", () => {
    expect(label('a "b" <c>\nd')).toBe("a #quot;b#quot; #lt;c#gt;<br/>d");
  });
});

describe("what the diagrams show", () => {
  it("prod: three AZs each with public and private subnets, a NAT per AZ, 10 interface endpoints in every AZ", () => {
    const m = mermaidFor({ env: envNamed("prod"), stacks: stacks() });
    for (const az of ["a", "c", "d"]) {
      expect(m).toContain(`subgraph az_ap_northeast_1${az}["AZ ap-northeast-1${az}"]`);
      expect(m).toMatch(new RegExp(`subnet_ap_northeast_1${az}_private\\["private subnet<br/>10\\.30\\.\\d+\\.0/24"\\]`));
      expect(m).toMatch(new RegExp(`subnet_ap_northeast_1${az}_public\\["public subnet<br/>10\\.30\\.\\d\\.0/24"\\]`));
      expect(m).toContain(`ep_ap_northeast_1${az}["interface endpoints (10)<br/>`);
      expect(m).toMatch(new RegExp(`subnet_ap_northeast_1${az}_private --> nat_network_nat_${az}_`));
    }
    expect(m.match(/\(\["NAT gateway<br\/>/g)).toHaveLength(3);
    expect(m).toContain(`subgraph stack_security["stack prod-security"]`);
    expect(m).toContain(`"GuardDuty`);
    expect(m).toContain(`Budget 300.00 USD/month`);
  });

  it("dev: one shared NAT for every AZ, endpoints in one AZ only, listener rules by priority to their services", () => {
    const m = mermaidFor({ env: envNamed("dev"), stacks: stacks() });
    expect(m.match(/\(\["NAT gateway<br\/>/g)).toHaveLength(1);
    expect(m.match(/ --> nat_network_nat_a_/g)).toHaveLength(3);
    expect(m.match(/\["interface endpoints \(10\)/g)).toHaveLength(1);
    const rules = [...m.matchAll(/-->\|"(\S+) \(priority (\d+)\)"\| svc_(\w+)/g)].map((x) => [x[1], Number(x[2]), x[3]]);
    expect(rules).toEqual([["/api/*", 100, "backend"], ["/*", 200, "frontend"]]);
    expect(m).toContain(`svc_backend -. runs on .-> asg`);
    expect(m).toContain(`asg["EC2 capacity t3.small<br/>desired 1 (min 0, max 3)"]`);
  });

  it("local: every compute variant and the blue/green test listener", () => {
    const m = mermaidFor({ env: envNamed("local"), stacks: stacks() });
    expect(m).toContain(`svc_api["service api<br/>Fargate (awsvpc)<br/>512 CPU / 1024 MiB, tasks 1 (1–10)<br/>rolling, port 3001"]`);
    expect(m).toContain(`svc_editor["service editor<br/>Fargate Spot (awsvpc, on-demand base 0)`);
    expect(m).toContain(`blue/green all-at-once, port 8080"]`);
    expect(m).toMatch(/listener_svc_messaging_test_listener_\w+ -->\|"test traffic"\| svc_messaging/);
    expect(m).toMatch(/cdn_distribution_\w+ -->\|"\/_next\/static\/\*"\| bucket_static_bucket_/);
  });

  it("a service's `uses` draws an edge to each data store it names in the data stack", () => {
    const s = stacks();
    s.set("dev-data", {
      resource: {
        aws_rds_cluster: { db_main_cluster_AAAA: { cluster_identifier: "acme-dev-main", engine: "aurora-postgresql" } },
        aws_elasticache_replication_group: { cache_sessions_group_BBBB: { replication_group_id: "acme-dev-sessions", node_type: "cache.t4g.micro", num_cache_clusters: 1 } },
        aws_s3_bucket: { bucket_media_bucket_CCCC: { bucket: "acme-dev-media" }, bucket_other_bucket_DDDD: { bucket: "acme-dev-other" } },
      },
    } as StackJson);
    const env = clone(envNamed("dev")) as R;
    env.services.backend.uses = { database: "main", cache: "sessions", tables: [], buckets: ["media"] };
    const m = mermaidFor({ env: env as typeof envs[number], stacks: s });
    expect(m).toContain(`subgraph stack_data["stack dev-data"]`);
    expect([...m.matchAll(/svc_backend -\. uses \.-> (\w+)/g)].map((x) => x[1])).toEqual(["db_db_main_cluster_AAAA", "db_cache_sessions_group_BBBB", "bucket_bucket_media_bucket_CCCC"]);
    expect(m).not.toMatch(/svc_frontend -\. uses/);
  });

  it("data stores, functions, queues and APIs appear in the stack that holds them, with their triggers (aliases followed to the function)", () => {
    const s = stacks();
    const platform = clone(s.get("dev-platform")!) as R;
    platform.resource.aws_db_instance = { db: { identifier: "acme-dev-db", engine: "postgres", instance_class: "db.t3.micro", multi_az: false } };
    platform.resource.aws_sqs_queue = { jobs: { name: "acme-dev-jobs" } };
    platform.resource.aws_lambda_function = { worker: { function_name: "acme-dev-worker", runtime: "nodejs20.x", memory_size: 256 } };
    platform.resource.aws_lambda_alias = { live: { name: "current", function_name: "${aws_lambda_function.worker.function_name}" } };
    platform.resource.aws_lambda_event_source_mapping = { m: { event_source_arn: "${aws_sqs_queue.jobs.arn}", function_name: "${aws_lambda_alias.live.arn}" } };
    platform.resource.aws_scheduler_schedule = { nightly: { name: "nightly", schedule_expression: "cron(0 3 * * ? *)", target: { arn: "${aws_lambda_alias.live.arn}" } } };
    platform.resource.aws_cloudwatch_event_bus = { bus: { name: "acme-dev-events" } };
    platform.resource.aws_cloudwatch_event_rule = { done: { name: "job-done", event_bus_name: "${aws_cloudwatch_event_bus.bus.name}" } };
    platform.resource.aws_cloudwatch_event_target = { t: { rule: "${aws_cloudwatch_event_rule.done.name}", arn: "${aws_lambda_function.worker.arn}" } };
    platform.resource.aws_api_gateway_rest_api = { api: { name: "acme-dev-api" } };
    platform.resource.aws_api_gateway_integration = { i: { rest_api_id: "${aws_api_gateway_rest_api.api.id}", uri: "${aws_lambda_alias.live.invoke_arn}" } };
    s.set("dev-platform", platform as StackJson);
    const m = mermaidFor({ env: envNamed("dev"), stacks: s });
    const platformBlock = m.slice(m.indexOf(`subgraph stack_platform`), m.indexOf(`subgraph stack_edge`));
    expect(platformBlock).toContain(`db_db[("RDS postgres db.t3.micro<br/>acme-dev-db")]`);
    expect(platformBlock).toContain(`queue_jobs[/"SQS<br/>acme-dev-jobs"/]`);
    expect(platformBlock).toContain(`fn_worker[["Lambda nodejs20.x 256 MB<br/>acme-dev-worker"]]`);
    expect(m).toContain(`queue_jobs --> fn_worker`);
    expect(m).toContain(`queue_nightly --> fn_worker`);
    expect(m).toContain(`queue_bus -->|"job-done"| fn_worker`);
    expect(m).toContain(`api_api --> fn_worker`);
    expect(m).not.toMatch(/alias/);
  });
});
