/**
 * Rollout check: ecspresso's deploy sequence (/work/shared/reference/ecspresso.md §8, ECS controller, v2.8.x)
 * performed with the AWS CLI against the emulator, for every service in deploy/local/, because the ecspresso
 * binary cannot run here:
 *
 *   A   load ecspresso.yml; read each tfstate plugin's state object from the emulator's S3 (s3 GetObject)
 *       and render taskdef.json / servicedef.json with src/ecspresso/render.ts (ecspresso's lookup rules);
 *       a lookup that does not resolve fails, naming the key and the state object
 *   B1  DescribeServices (include TAGS): missing → create path
 *   B2  application-autoscaling DescribeScalableTargets (informational, as in ecspresso)
 *   B3  RegisterTaskDefinition (image 1) → CreateService (--tasks = the service's initial count)
 *   B8  DescribeServices: PRIMARY = the registered revision
 *   B3  RegisterTaskDefinition (image 2) → B6 UpdateService (one call) → B8 DescribeServices: PRIMARY = rev 2
 *   rollback: ListTaskDefinitions (previous ACTIVE revision) → UpdateService to it → DescribeServices →
 *       DeregisterTaskDefinition of the rolled-back revision (ecspresso's default --deregister-task-definition)
 *
 * Every AWS CLI call is printed; a rejected call fails the check with the CLI's message (which names the
 * offending field, e.g. `Unknown parameter in input: "memoryy"`). Rendered definitions are also checked
 * field by field against the ECS API model (src/ecspresso/api-model.ts) before any call.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { apiFieldProblems } from "../../src/ecspresso/api-model";
import { normalize, renderConfig, renderDefinition, RenderError, stateResolver, type TerraformState } from "../../src/ecspresso/render";
import { loadConfig } from "../../envs";
import { envFacts } from "../lib/env-facts";
import { REPO_ROOT } from "../lib/terraform";
import { EMULATOR_DIR, LOCAL_ENV, run } from "../lib/local";

export const DEPLOY_ROOT = join(REPO_ROOT, "deploy", LOCAL_ENV);
/** `deploy/<env>`: the generated ecspresso bundles of one environment. */
export const deployRoot = (envName: string = LOCAL_ENV) => join(REPO_ROOT, "deploy", envName);

export class RolloutError extends Error {}

interface Plugin {
  readonly name: string;
  readonly config?: { url?: string; path?: string };
  readonly func_prefix?: string;
}

/** Services with an ecspresso bundle in deploy/local/. */
export function localServices(root = DEPLOY_ROOT): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, "ecspresso.yml")))
    .map((d) => d.name)
    .sort();
}

function s3Url(url: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  if (!m) throw new RolloutError(`tfstate plugin url "${url}" is not s3://<bucket>/<key>`);
  return { bucket: m[1], key: m[2] };
}

/**
 * `output.<name>` keys each stack must provide to the ecspresso definitions: stack id → names. The stack is
 * derived from the plugin's state key `<env>/<layer>.tfstate`.
 */
export function definitionReads(root = DEPLOY_ROOT, envVars: Record<string, string> = {}): Map<string, { name: string; reader: string }[]> {
  const out = new Map<string, { name: string; reader: string }[]>();
  for (const svc of localServices(root)) {
    const dir = join(root, svc);
    const cfg = renderConfig(readFileSync(join(dir, "ecspresso.yml"), "utf8"), (n) => envVars[n] ?? process.env[n] ?? "");
    const prefixes = new Map<string, string>();
    for (const p of (cfg.plugins ?? []) as Plugin[]) {
      if (p.name !== "tfstate" || !p.config?.url) continue;
      const { key } = s3Url(p.config.url);
      prefixes.set(p.func_prefix ?? "", key.replace(/\.tfstate$/, "").replace("/", "-"));
    }
    for (const file of ["taskdef.json", "servicedef.json"]) {
      const text = readFileSync(join(dir, file), "utf8");
      for (const m of text.matchAll(/\{\{-?\s*(\w*?)tfstatef?\s+[`"]output\.([A-Za-z0-9_-]+)/g)) {
        const stack = prefixes.get(m[1]);
        if (!stack) continue;
        const list = out.get(stack) ?? [];
        list.push({ name: m[2], reader: `deploy/${LOCAL_ENV}/${svc}/${file}` });
        out.set(stack, list);
      }
    }
  }
  return out;
}

type Json = Record<string, unknown>;

/** Fields ecspresso sends on CreateService / UpdateService (reference §4). */
const CREATE_FIELDS = [
  "capacityProviderStrategy", "deploymentConfiguration", "deploymentController", "desiredCount", "enableECSManagedTags",
  "enableExecuteCommand", "healthCheckGracePeriodSeconds", "launchType", "loadBalancers", "networkConfiguration",
  "placementConstraints", "placementStrategy", "platformVersion", "propagateTags", "schedulingStrategy",
  "serviceConnectConfiguration", "serviceRegistries", "tags", "volumeConfigurations", "availabilityZoneRebalancing",
  "vpcLatticeConfigurations",
];
const NOT_ON_UPDATE = new Set(["deploymentController", "launchType", "schedulingStrategy", "tags"]);

export interface RolloutEnv {
  readonly env: NodeJS.ProcessEnv;
  /** The emulator environment whose deploy/<env>/ bundles roll out. @default "local" */
  readonly envName?: string;
  readonly images: readonly [string, string];
}

class Harness {
  private readonly work = join(EMULATOR_DIR, "rollout");
  private calls = 0;

  constructor(
    private readonly service: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    mkdirSync(this.work, { recursive: true });
  }

  /** One AWS CLI call; input (if any) goes through --cli-input-json. Throws RolloutError when rejected. */
  call(step: string, service: string, op: string, input?: Json, args: string[] = []): Json {
    const argv = [service, op, ...args];
    if (input) {
      const file = join(this.work, `${this.service}-${++this.calls}-${op}.json`);
      writeFileSync(file, JSON.stringify(input, null, 2));
      argv.push("--cli-input-json", `file://${file}`);
    }
    const r = run("aws", [...argv, "--endpoint-url", this.env.LOCAL_AWS_ENDPOINT!, "--output", "json"], { env: this.env });
    if (r.status !== 0) {
      throw new RolloutError(`${this.service}: ${step}: aws ${service} ${op} was rejected: ${(r.stderr || r.stdout).trim()}`);
    }
    console.log(`    ${step.padEnd(4)} ${service} ${op}${summary(op, input)}`);
    return r.stdout.trim() ? (JSON.parse(r.stdout) as Json) : {};
  }
}

function summary(op: string, input?: Json): string {
  if (!input) return "";
  if (op === "register-task-definition") {
    const c = (input.containerDefinitions as Json[] | undefined)?.[0];
    return ` family=${String(input.family)} image=${String(c?.image)}`;
  }
  if (op === "create-service" || op === "update-service") return ` ${String(input.serviceName ?? input.service)} taskDefinition=${shortTd(String(input.taskDefinition))}`;
  if (op === "describe-services") return ` ${(input.services as string[]).join(",")}`;
  return "";
}

const shortTd = (arn: string) => arn.replace(/^.*task-definition\//, "");

function primary(describe: Json, service: string): Json | undefined {
  const svc = (describe.services as Json[] | undefined)?.find((s) => s.serviceName === service);
  return (svc?.deployments as Json[] | undefined)?.find((d) => d.status === "PRIMARY");
}

function loadStates(plugins: readonly Plugin[], env: NodeJS.ProcessEnv, svc: string): Record<string, TerraformState> {
  const states: Record<string, TerraformState> = {};
  for (const p of plugins) {
    if (p.name !== "tfstate") continue;
    if (!p.config?.url) throw new RolloutError(`${svc}: tfstate plugin without url (this harness reads S3 state only)`);
    const { bucket, key } = s3Url(p.config.url);
    const r = run("aws", ["s3api", "get-object", "--bucket", bucket, "--key", key, join(EMULATOR_DIR, "rollout", `${svc}-${p.func_prefix ?? ""}state.json`), "--endpoint-url", env.LOCAL_AWS_ENDPOINT!], { env });
    if (r.status !== 0) throw new RolloutError(`${svc}: failed to read tfstate from ${p.config.url}: ${r.stderr.trim()}`);
    states[p.func_prefix ?? ""] = JSON.parse(readFileSync(join(EMULATOR_DIR, "rollout", `${svc}-${p.func_prefix ?? ""}state.json`), "utf8")) as TerraformState;
    console.log(`    A    s3api get-object s3://${bucket}/${key} (tfstate plugin, func_prefix ${p.func_prefix ?? "(none)"})`);
  }
  return states;
}

/** Render both definitions as ecspresso would; errors name the file and the lookup key. */
export function renderBundle(dir: string, vars: Record<string, string>, states: Record<string, TerraformState>) {
  const fns = { env: (n: string) => vars[n] ?? process.env[n], tfstate: stateResolver(states) };
  const render = (file: string) => {
    try {
      return normalize(renderDefinition(readFileSync(join(dir, file), "utf8"), fns)) as Json;
    } catch (e) {
      if (e instanceof RenderError) throw new RolloutError(`${dir.replace(`${REPO_ROOT}/`, "")}/${file}: ${e.message}`);
      throw e;
    }
  };
  const taskdef = render("taskdef.json");
  const servicedef = render("servicedef.json");
  const problems = [
    ...apiFieldProblems(taskdef, "RegisterTaskDefinitionRequest").map((p) => `taskdef.json: ${p}`),
    ...apiFieldProblems(pick(servicedef, CREATE_FIELDS), "CreateServiceRequest").map((p) => `servicedef.json: ${p}`),
  ];
  if (problems.length) throw new RolloutError(`${dir.replace(`${REPO_ROOT}/`, "")}: fields rejected by the ECS API model:\n  ${problems.join("\n  ")}`);
  const unknown = Object.keys(servicedef).filter((k) => !CREATE_FIELDS.includes(k) && !["serviceName", "cluster", "taskDefinition"].includes(k));
  if (unknown.length) throw new RolloutError(`${dir.replace(`${REPO_ROOT}/`, "")}/servicedef.json: fields ecspresso does not send: ${unknown.join(", ")}`);
  return { taskdef, servicedef };
}

function pick(obj: Json, keys: readonly string[]): Json {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => keys.includes(k)));
}

function withImage(taskdef: Json, image: string): Json {
  const containers = (taskdef.containerDefinitions as Json[]).map((c, i) => (i === 0 ? { ...c, image } : c));
  return { ...taskdef, containerDefinitions: containers };
}

/** ecspresso v2.6+ is declarative: absent lists are sent empty, flags absent = false. */
function updateInput(cluster: string, service: string, taskDefinition: string, servicedef: Json): Json {
  const attrs = pick(servicedef, CREATE_FIELDS.filter((f) => !NOT_ON_UPDATE.has(f) && f !== "desiredCount"));
  return {
    cluster,
    service,
    taskDefinition,
    loadBalancers: [],
    enableExecuteCommand: false,
    enableECSManagedTags: false,
    ...attrs,
    forceNewDeployment: false,
  };
}

/** Roll one service out, update it to image 2, roll it back. Throws RolloutError on the first failure. */
export function rolloutService(service: string, opts: RolloutEnv): void {
  const envName = opts.envName ?? LOCAL_ENV;
  const dir = join(deployRoot(envName), service);
  const facts = envFacts(envName, service);
  const cluster = facts.ECS_CLUSTER;
  const vars: Record<string, string> = { AWS_REGION: facts.AWS_REGION, ECS_CLUSTER: cluster, IMAGE: opts.images[0], TFSTATE_BUCKET: facts.TFSTATE_BUCKET };
  const h = new Harness(service, opts.env);

  const config = renderConfig(readFileSync(join(dir, "ecspresso.yml"), "utf8"), (n) => vars[n] ?? process.env[n]);
  if (config.cluster !== cluster) throw new RolloutError(`${service}: ecspresso.yml cluster "${String(config.cluster)}" is not ${cluster}`);
  const states = loadStates((config.plugins ?? []) as Plugin[], opts.env, service);
  const { taskdef, servicedef } = renderBundle(dir, vars, states);
  console.log(`    A    rendered taskdef.json and servicedef.json: every tfstate lookup resolved`);

  // B1
  const existing = h.call("B1", "ecs", "describe-services", { cluster, services: [service], include: ["TAGS"] });
  const current = (existing.services as Json[] | undefined)?.find((s) => s.status !== "INACTIVE");
  if (current) throw new RolloutError(`${service}: expected no service yet (create path), found ${String(current.status)}`);
  // B2 — errors are warnings in ecspresso.
  try {
    h.call("B2", "application-autoscaling", "describe-scalable-targets", undefined, ["--service-namespace", "ecs", "--resource-ids", `service/${cluster}/${service}`]);
  } catch (e) {
    console.log(`    B2   (warning, as in ecspresso) ${(e as Error).message}`);
  }

  // Create path.
  const rev1 = (h.call("B3", "ecs", "register-task-definition", withImage(taskdef, opts.images[0])).taskDefinition as Json).taskDefinitionArn as string;
  h.call("C", "ecs", "create-service", { cluster, serviceName: service, taskDefinition: rev1, ...pick(servicedef, CREATE_FIELDS), desiredCount: Number(facts.INITIAL_TASKS) });
  if (facts.DEPLOYMENT_CONTROLLER === "CODE_DEPLOY") return codeDeployRollout(h, service, cluster, rev1, taskdef, servicedef, opts);
  expectPrimary(h, cluster, service, rev1, "B8");

  // Deploy image 2.
  const rev2 = (h.call("B3", "ecs", "register-task-definition", withImage(taskdef, opts.images[1])).taskDefinition as Json).taskDefinitionArn as string;
  h.call("B6", "ecs", "update-service", updateInput(cluster, service, rev2, servicedef));
  expectPrimary(h, cluster, service, rev2, "B8");

  // Rollback: the previous ACTIVE revision of the family.
  const family = String(taskdef.family);
  const list = h.call("RB", "ecs", "list-task-definitions", undefined, ["--family-prefix", family, "--status", "ACTIVE", "--sort", "DESC"]);
  const arns = (list.taskDefinitionArns as string[]) ?? [];
  const previous = arns[arns.indexOf(rev2) + 1];
  if (arns.indexOf(rev2) < 0 || !previous) throw new RolloutError(`${service}: rollback: no ACTIVE revision before ${shortTd(rev2)} in ${JSON.stringify(arns.map(shortTd))}`);
  if (previous !== rev1) throw new RolloutError(`${service}: rollback: previous revision is ${shortTd(previous)}, expected ${shortTd(rev1)}`);
  h.call("RB", "ecs", "update-service", updateInput(cluster, service, previous, servicedef));
  expectPrimary(h, cluster, service, previous, "RB");
  h.call("RB", "ecs", "deregister-task-definition", undefined, ["--task-definition", rev2]);
  const td = h.call("RB", "ecs", "describe-task-definition", undefined, ["--task-definition", rev2]);
  const status = (td.taskDefinition as Json).status;
  if (status !== "INACTIVE") throw new RolloutError(`${service}: rollback: ${shortTd(rev2)} is ${String(status)} after deregistration, expected INACTIVE`);
  console.log(`    ok   ${service}: created on ${shortTd(rev1)}, updated to ${shortTd(rev2)} (${opts.images[1]}), rolled back to ${shortTd(previous)}; ${shortTd(rev2)} INACTIVE`);
}

/** UpdateService of a CODE_DEPLOY service: ecspresso omits what goes into the AppSpec (reference §4). */
const CODEDEPLOY_APPSPEC_FIELDS = new Set(["networkConfiguration", "platformVersion", "loadBalancers", "serviceRegistries", "capacityProviderStrategy"]);

/**
 * The CODE_DEPLOY controller (ecspresso reference §6): the created service must carry the controller and the
 * first revision; a deploy registers the next revision, updates only the attributes ECS accepts for such a
 * service (never the task definition: real ECS rejects that), then creates a CodeDeploy deployment. The
 * emulator cannot run that deployment (`emulator.gaps.codedeploy`, docs/emulator-gaps.md): the step is
 * reported as a gap with its reason, never passed silently.
 */
function codeDeployRollout(h: Harness, service: string, cluster: string, rev1: string, taskdef: Json, servicedef: Json, opts: RolloutEnv): void {
  const d = h.call("B8", "ecs", "describe-services", { cluster, services: [service], include: ["TAGS"] });
  const svc = (d.services as Json[] | undefined)?.find((x) => x.serviceName === service);
  const controller = (svc?.deploymentController as Json | undefined)?.type;
  if (controller !== "CODE_DEPLOY") throw new RolloutError(`${service}: B8: deploymentController is ${String(controller)}, expected CODE_DEPLOY`);
  if (svc?.taskDefinition !== rev1) throw new RolloutError(`${service}: B8: service runs ${shortTd(String(svc?.taskDefinition))}, expected ${shortTd(rev1)}`);
  const rev2 = (h.call("B3", "ecs", "register-task-definition", withImage(taskdef, opts.images[1])).taskDefinition as Json).taskDefinitionArn as string;
  const { taskDefinition: _td, ...update } = updateInput(cluster, service, rev2, servicedef);
  void _td;
  h.call("B6", "ecs", "update-service", Object.fromEntries(Object.entries(update).filter(([k]) => !CODEDEPLOY_APPSPEC_FIELDS.has(k))));
  const envName = opts.envName ?? LOCAL_ENV;
  const app = readFileSync(join(deployRoot(envName), service, "ecspresso.yml"), "utf8").match(/^ {2}application_name: (.+)$/m)?.[1];
  const gap = loadConfig().envs.find((e) => e.name === envName)?.emulator?.gaps.codedeploy;
  if (!gap) throw new RolloutError(`${service}: CodeDeploy deployment (application ${app ?? "?"}) is not implemented in this harness and no emulator gap is recorded`);
  console.log(`    gap  ${service}: CodeDeploy CreateDeployment of ${shortTd(rev2)} (application ${app ?? "?"}) not run: ${gap}`);
  console.log(`    ok   ${service}: created with CODE_DEPLOY on ${shortTd(rev1)}; ${shortTd(rev2)} registered and the service updated without its task definition`);
}

function expectPrimary(h: Harness, cluster: string, service: string, want: string, step: string): void {
  const d = h.call(step, "ecs", "describe-services", { cluster, services: [service], include: ["TAGS"] });
  const p = primary(d, service);
  if (p?.taskDefinition !== want) {
    throw new RolloutError(`${service}: ${step}: PRIMARY deployment runs ${p ? shortTd(String(p.taskDefinition)) : "nothing"}, expected ${shortTd(want)}`);
  }
}

/** Delete the services the rollout created (ecspresso `delete --force --terminate`), so the cluster can be destroyed. */
export function deleteServices(services: readonly string[], env: NodeJS.ProcessEnv, envName: string = LOCAL_ENV): void {
  const cluster = envFacts(envName).ECS_CLUSTER;
  for (const s of services) {
    const r = run("aws", ["ecs", "delete-service", "--cluster", cluster, "--service", s, "--force", "--endpoint-url", env.LOCAL_AWS_ENDPOINT!], { env });
    console.log(`    ${r.status === 0 ? "ok  " : "warn"} ecs delete-service ${s} --force${r.status === 0 ? "" : `: ${r.stderr.trim()}`}`);
  }
}

/** Roll every local service out; returns problems (empty = pass). */
export function rolloutAll(opts: RolloutEnv): string[] {
  const root = deployRoot(opts.envName);
  const services = localServices(root);
  if (!services.length) return [`no ecspresso bundles in ${root} (run npm run ecspresso:gen)`];
  const problems: string[] = [];
  for (const s of services) {
    console.log(`  service ${s}:`);
    try {
      rolloutService(s, opts);
    } catch (e) {
      if (!(e instanceof RolloutError)) throw e;
      console.log(`    FAIL ${e.message}`);
      problems.push(e.message);
    }
  }
  return problems;
}
