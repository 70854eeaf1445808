/**
 * What the pack sees beyond one stack's JSON: values that cross stacks through remote state (CKV2_AWS_72 on the
 * CloudFront → ALB origin, issue: plain HTTP went unflagged), and the ecspresso task definitions in deploy/
 * (issue: the task-definition rules never received them).
 */
import { readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { evaluate, readTaskdefs, RULES_BY_ID, taskdefStacks, type StackInput } from "../modules/guardrails";
import type { StackDoc } from "../modules/guardrails/context";
import { doc, R } from "./fixtures/guardrails-rules";

const ROOT = join(__dirname, "..");
const only = (id: string) => [RULES_BY_ID.get(id)!];

/** A platform stack writing `dev/platform.tfstate` with an ALB, and an edge stack reading its origin name. */
function crossStack(protocol: string, withPlatform = true): StackInput[] {
  const platform: StackDoc = {
    ...doc([R("aws_lb", { name: "acme-dev-alb", load_balancer_type: "application" }, "alb")]),
    terraform: { backend: { s3: { bucket: "b", key: "dev/platform.tfstate" } } },
    output: { alb_origin_domain: { value: "${aws_lb.alb.dns_name}" } },
  };
  const edge: StackDoc = {
    ...doc([
      R("aws_cloudfront_distribution", {
        enabled: true,
        origin: [
          { origin_id: "static", domain_name: "${aws_s3_bucket.s.bucket_regional_domain_name}" },
          {
            origin_id: "alb",
            domain_name: "${data.terraform_remote_state.remote_platform.outputs.alb_origin_domain}",
            custom_origin_config: { origin_protocol_policy: protocol },
            custom_header: [{ name: "X-Origin-Verify", value: "${data.aws_secretsmanager_secret_version.v.secret_string}" }],
          },
        ],
      }, "cdn"),
    ]),
    data: { terraform_remote_state: { remote_platform: { backend: "s3", config: { bucket: "b", key: "dev/platform.tfstate" } } } },
  } as StackDoc;
  return [...(withPlatform ? [{ name: "dev-platform", json: platform }] : []), { name: "dev-edge", json: edge }];
}

describe("values that cross stacks through remote state", () => {
  it("an http-only origin whose name is the platform's ALB output fails CKV2_AWS_72 as an error, naming the output and the clear-text header", () => {
    const f = evaluate(crossStack("http-only"), only("CKV2_AWS_72")).findings;
    expect(f).toEqual([
      expect.objectContaining({
        result: "fail",
        level: "error",
        stack: "dev-edge",
        attribute: "origin[1].custom_origin_config.origin_protocol_policy",
        actual: expect.stringMatching(/http-only \(origin dev-platform output alb_origin_domain = \$\{aws_lb\.alb\.dns_name\}\); its 1 custom header\(s\) .* clear text/),
      }),
    ]);
  });

  it("an origin name that a Route 53 alias of the writer stack points at the ALB (origin.<domain>) is a load balancer origin too", () => {
    const stacks = crossStack("http-only");
    const platform = stacks[0].json as StackDoc & { resource: Record<string, unknown>; output: Record<string, unknown> };
    platform.resource.aws_route53_record = { origin_alias: { name: "origin.acme.example", type: "A", alias: { name: "${aws_lb.alb.dns_name}", zone_id: "${aws_lb.alb.zone_id}" } } };
    platform.output.alb_origin_domain = { value: "origin.acme.example" };
    expect(evaluate(stacks, only("CKV2_AWS_72")).findings.map((f) => f.result)).toEqual(["fail"]);
  });

  it("the same origin with https-only passes", () => {
    expect(evaluate(crossStack("https-only"), only("CKV2_AWS_72")).findings.map((f) => f.result)).toEqual(["pass"]);
  });

  it("without the writer stack the origin is reported unevaluable (a warning), never a silent pass", () => {
    const f = evaluate(crossStack("http-only", false), only("CKV2_AWS_72")).findings;
    expect(f).toEqual([expect.objectContaining({ result: "unknown", level: "warning", attribute: "origin[1].domain_name", actual: expect.stringContaining("dev/platform.tfstate is not part of this evaluation") })]);
  });
});

const TASK_RULES = ["PRJ_ECS_PRIV", "PRJ_ECS_HOSTNS", "PRJ_ECS_USER", "PRJ_ECS_LOGS", "PRJ_ECS_SECRETS", "CKV_AWS_336", "CKV_AWS_97"];

describe("ecspresso task definitions (deploy/<env>/<service>/taskdef.json)", () => {
  const files = readTaskdefs(join(ROOT, "deploy"));
  const report = evaluate(taskdefStacks(files), TASK_RULES.map((id) => RULES_BY_ID.get(id)!));

  it("every generated taskdef.json is read", () => {
    const onDisk = readdirSync(join(ROOT, "deploy"), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((env) => readdirSync(join(ROOT, "deploy", env.name)).filter((svc) => existsSync(join(ROOT, "deploy", env.name, svc, "taskdef.json"))).map((svc) => `deploy/${env.name}/${svc}/taskdef.json`));
    expect(onDisk.length).toBeGreaterThan(0);
    expect(files.map((f) => f.path).sort()).toEqual(onDisk.sort());
  });

  // PRJ_ECS_USER applies to host-network tasks and CKV_AWS_97 to EFS volumes only (none generated today).
  it.each(TASK_RULES.filter((id) => id !== "CKV_AWS_97" && id !== "PRJ_ECS_USER"))("%s evaluates every generated definition", (id) => {
    const evaluated = new Set(report.findings.filter((f) => f.ruleId === id).map((f) => `${f.stack}:${f.address}`));
    expect(evaluated.size).toBe(files.length);
  });

  it("the definitions carry their service's construct path, so a waiver on the service covers them", () => {
    const stacks = taskdefStacks(files);
    const dev = stacks.find((s) => s.name === "dev-ecspresso")!;
    const td = (dev.json.resource as Record<string, Record<string, { "//": { metadata: { path: string; file: string } } }>>)["ecspresso.taskdef"].backend;
    expect(td["//"].metadata).toEqual({ path: "dev-platform/svc_backend/taskdef", file: "deploy/dev/backend/taskdef.json" });
  });

  /** A bad definition in ecspresso's camelCase, through the same reader path (taskdefStacks). */
  const bad = (container: Record<string, unknown>, task: Record<string, unknown> = {}) =>
    evaluate(
      taskdefStacks([{ env: "dev", service: "api", path: "deploy/dev/api/taskdef.json", json: { family: "f", networkMode: "bridge", ...task, containerDefinitions: [{ name: "api", image: "{{ must_env `IMAGE` }}", readonlyRootFilesystem: true, logConfiguration: { logDriver: "awslogs" }, ...container }] } }]),
      TASK_RULES.map((id) => RULES_BY_ID.get(id)!),
    ).findings.filter((f) => f.result === "fail");

  it.each([
    ["PRJ_ECS_PRIV", { privileged: true }, {}],
    ["PRJ_ECS_HOSTNS", {}, { pidMode: "host" }],
    ["PRJ_ECS_USER", { user: "root" }, { networkMode: "host" }],
    ["PRJ_ECS_LOGS", { logConfiguration: {} }, {}],
    ["PRJ_ECS_SECRETS", { environment: [{ name: "DB_PASSWORD", value: "hunter2" }] }, {}],
    ["CKV_AWS_336", { readonlyRootFilesystem: false }, {}],
    ["CKV_AWS_97", {}, { volumes: [{ name: "v", efsVolumeConfiguration: { fileSystemId: "fs-1" } }] }],
  ] as const)("%s fails a generated definition that breaks it", (id, container, task) => {
    const f = bad(container, task);
    expect(f.map((x) => x.ruleId)).toEqual([id]);
    expect(f[0]).toMatchObject({ stack: "dev-ecspresso", env: "dev", address: "ecspresso.taskdef.api", path: "dev-platform/svc_api/taskdef" });
  });
});
