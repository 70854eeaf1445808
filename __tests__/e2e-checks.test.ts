/**
 * The e2e suite's pure checks (scripts/e2e/checks.ts), the stack ordering of local:up, and the rollout
 * renderer on deliberately broken copies of the generated ecspresso bundle: each failure must name the output,
 * resource, attribute or field at fault.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { contractOutputNames, outputsProblems, parseGaps, planDifferences, planProblems, type PlanJson } from "../scripts/e2e/checks";
import { definitionReads, renderBundle, RolloutError } from "../scripts/e2e/rollout";
import { deployOrder, type StackInfo } from "../scripts/lib/local";
import { NetworkOut, PlatformOut } from "../foundation/contract";

const stack = (name: string, dependencies: string[] = []): StackInfo => ({ name, dir: `/x/${name}`, dependencies, layer: name.replace(/^local-/, "") });

describe("deployOrder", () => {
  it("orders local-* stacks by layer (network → platform → edge → ci → security) and drops other stacks", () => {
    const order = deployOrder([stack("local-security"), stack("dev-network"), stack("local-edge"), stack("local-platform"), stack("bootstrap-local"), stack("local-network")]);
    expect(order.map((s) => s.name)).toEqual(["local-network", "local-platform", "local-edge", "local-security"]);
  });

  it("puts manifest dependencies first, whatever their layer, and unknown layers last", () => {
    const order = deployOrder([stack("local-zeta"), stack("local-network", ["local-security"]), stack("local-security")]);
    expect(order.map((s) => s.name)).toEqual(["local-security", "local-network", "local-zeta"]);
  });

  it("rejects a dependency cycle, naming it", () => {
    expect(() => deployOrder([stack("local-network", ["local-platform"]), stack("local-platform", ["local-network"])])).toThrow(
      /cycle: local-network → local-platform → local-network/,
    );
  });
});

describe("outputsProblems", () => {
  const names = contractOutputNames(["frontend", "api-v2"]);

  it("knows the static and per-service contract names", () => {
    expect(names.has(NetworkOut.vpcId)).toBe(true);
    expect(names.has(PlatformOut.clusterName)).toBe(true);
    expect(names.has("api_v2_target_group_arn")).toBe(true);
    expect(names.has("vpc_idx")).toBe(false);
  });

  it("passes a complete, contract-named set of outputs", () => {
    const actual = { vpc_id: { value: "vpc-1" }, vpc_cidr: { value: "10.0.0.0/16" } };
    expect(outputsProblems({ stack: "local-network", declared: ["vpc_id", "vpc_cidr"], actual, contractNames: names })).toEqual([]);
  });

  it("names a declared output missing from the state, a null one, a non-contract name and one a consumer reads", () => {
    const problems = outputsProblems({
      stack: "local-platform",
      declared: ["ecs_cluster_name", "alb_arn"],
      actual: { alb_arn: { value: null }, ecs_cluster_nam: { value: "x" } },
      contractNames: names,
      readByConsumers: [{ name: "frontend_task_role_arn", reader: "deploy/local/frontend/taskdef.json" }],
    });
    expect(problems).toEqual([
      'local-platform: output "ecs_cluster_name" is declared by the stack but missing from its state',
      'local-platform: output "alb_arn" is null in the state',
      'local-platform: output "ecs_cluster_nam" is not a contract output name (define it in foundation/contract.ts)',
      'local-platform: output "frontend_task_role_arn" read by deploy/local/frontend/taskdef.json is missing from the state',
    ]);
  });
});

describe("plan check against docs/emulator-gaps.md", () => {
  const gapsDoc = readFileSync(join(__dirname, "..", "docs", "emulator-gaps.md"), "utf8");

  it("the committed gaps file parses and every gap has evidence", () => {
    const gaps = parseGaps(gapsDoc);
    for (const g of gaps) expect(g.evidence.length).toBeGreaterThan(10);
  });

  it("rejects a gap without evidence and a file without the section", () => {
    expect(() => parseGaps("## Plan differences\n| Resource | Attribute | Evidence |\n|---|---|---|\n| aws_x | y | |\n")).toThrow(/aws_x.y has no evidence/);
    expect(() => parseGaps("# nothing\n")).toThrow(/no "## Plan differences" section/);
  });

  const plan: PlanJson = {
    resource_changes: [
      { address: "aws_vpc.v", type: "aws_vpc", change: { actions: ["no-op"], before: {}, after: {} } },
      { address: "aws_lb.alb", type: "aws_lb", change: { actions: ["update"], before: { name: "a", idle_timeout: 60, tags: {} }, after: { name: "a", idle_timeout: 30, tags: {} } } },
      { address: "aws_sns_topic.t", type: "aws_sns_topic", change: { actions: ["create"], before: null, after: { name: "t" } } },
      { address: "data.aws_iam_policy_document.d", type: "aws_iam_policy_document", mode: "data", change: { actions: ["read"], before: null, after: {} } },
    ],
    output_changes: { alb_arn: { actions: ["update"] }, vpc_id: { actions: ["no-op"] } },
  };

  it("lists changed resources attribute by attribute, whole-resource actions as *", () => {
    expect(planDifferences(plan)).toEqual([
      { address: "aws_lb.alb", type: "aws_lb", actions: ["update"], attributes: ["idle_timeout"] },
      { address: "aws_sns_topic.t", type: "aws_sns_topic", actions: ["create"], attributes: ["*"] },
      { address: "output.alb_arn", type: "output", actions: ["update"], attributes: ["value"] },
    ]);
  });

  it("fails every difference that is not a documented gap, naming the resource and attribute", () => {
    const { problems } = planProblems("local-platform", plan, []);
    expect(problems).toEqual([
      'local-platform: aws_lb.alb attribute "idle_timeout" (update) differs after deploy and is not a documented emulator gap (docs/emulator-gaps.md)',
      "local-platform: aws_sns_topic.t (create) differs after deploy and is not a documented emulator gap (docs/emulator-gaps.md)",
      'local-platform: output.alb_arn attribute "value" (update) differs after deploy and is not a documented emulator gap (docs/emulator-gaps.md)',
    ]);
  });

  it("accepts differences covered by a gap by type or address glob", () => {
    const gaps = [
      { resource: "aws_lb", attribute: "idle_timeout", evidence: "moto returns no idle timeout attribute" },
      { resource: "aws_sns_topic.*", attribute: "*", evidence: "moto forgets topics" },
      { resource: "output.alb_*", attribute: "value", evidence: "follows the aws_lb gap" },
    ];
    const { problems, explained } = planProblems("local-platform", plan, gaps);
    expect(problems).toEqual([]);
    expect(explained).toHaveLength(3);
  });

  it("does not let a gap for one attribute cover another", () => {
    const { problems } = planProblems("s", { resource_changes: [plan.resource_changes![1]] }, [{ resource: "aws_lb", attribute: "name", evidence: "irrelevant evidence" }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/aws_lb.alb attribute "idle_timeout"/);
  });
});

describe("rollout renderer on broken copies of deploy/local/frontend", () => {
  const source = join(__dirname, "..", "deploy", "local", "frontend");
  let dir: string;
  const vars = { AWS_REGION: "ap-northeast-1", ECS_CLUSTER: "acme-local", IMAGE: "nginx:1" };
  const platformState = (outputs: Record<string, unknown>) => ({
    "platform_": { outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, { value: v, type: "string" }])) },
  });
  const fullOutputs = {
    ecs_capacity_provider_name: "cp",
    frontend_target_group_arn: "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/x/1",
    frontend_task_role_arn: "arn:aws:iam::123456789012:role/t",
    ecs_task_execution_role_arn: "arn:aws:iam::123456789012:role/e",
    frontend_log_group_name: "/ecs/acme-local/frontend",
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "rollout-"));
    cpSync(source, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("renders the generated bundle with every lookup resolved", () => {
    const { taskdef, servicedef } = renderBundle(dir, vars, platformState(fullOutputs));
    expect(taskdef.executionRoleArn).toBe(fullOutputs.ecs_task_execution_role_arn);
    expect((servicedef.loadBalancers as { targetGroupArn: string }[])[0].targetGroupArn).toBe(fullOutputs.frontend_target_group_arn);
  });

  it("fails naming a contract output the state does not have", () => {
    const { frontend_task_role_arn: _omit, ...missing } = fullOutputs;
    expect(() => renderBundle(dir, vars, platformState(missing))).toThrow(/taskdef.json: output.frontend_task_role_arn is not found in tfstate/);
  });

  it("fails naming a task definition field the ECS API does not have", () => {
    const file = join(dir, "taskdef.json");
    writeFileSync(file, readFileSync(file, "utf8").replace('"memory":', '"memoryy":'));
    expect(() => renderBundle(dir, vars, platformState(fullOutputs))).toThrow(RolloutError);
    expect(() => renderBundle(dir, vars, platformState(fullOutputs))).toThrow(/memoryy/);
  });

  it("maps the outputs the definitions read to the stacks that provide them", () => {
    const reads = definitionReads(join(source, ".."));
    const names = (reads.get("local-platform") ?? []).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(["ecs_task_execution_role_arn", "frontend_task_role_arn", "frontend_target_group_arn"]));
    expect([...reads.keys()]).toEqual(["local-platform"]);
  });
});
