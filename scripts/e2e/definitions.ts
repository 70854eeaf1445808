/**
 * The ecspresso definitions in deploy/<env>/ as the e2e sees them: which services have a bundle, which
 * `output.<name>` each stack must provide to them (checked against every stack's outputs), and a fast
 * pre-flight render with scripts/lib/ecspresso-render.ts and the ECS API model that the unit tests use
 * (__tests__/e2e-checks.test.ts). The e2e itself renders and deploys with the real ecspresso (rollout.ts).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { apiFieldProblems } from "../lib/ecs-api-model";
import { normalize, renderConfig, renderDefinition, RenderError, stateResolver, type TerraformState } from "../lib/ecspresso-render";
import { LOCAL_ENV } from "../lib/local";
import { REPO_ROOT } from "../lib/terraform";

export const DEPLOY_ROOT = join(REPO_ROOT, "deploy", LOCAL_ENV);

/** deploy/<env>/ of an environment. */
export const deployRoot = (envName: string) => join(REPO_ROOT, "deploy", envName);

type Json = Record<string, unknown>;

export class RolloutError extends Error {}

interface Plugin {
  readonly name: string;
  readonly config?: { url?: string; path?: string };
  readonly func_prefix?: string;
}

/** Services with an ecspresso bundle in deploy/<env>/ (default: the `local` environment's). */
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
        list.push({ name: m[2], reader: `deploy/${basename(root)}/${svc}/${file}` });
        out.set(stack, list);
      }
    }
  }
  return out;
}

/** Fields ecspresso sends on CreateService / UpdateService. */
const CREATE_FIELDS = [
  "capacityProviderStrategy", "deploymentConfiguration", "deploymentController", "desiredCount", "enableECSManagedTags",
  "enableExecuteCommand", "healthCheckGracePeriodSeconds", "launchType", "loadBalancers", "networkConfiguration",
  "placementConstraints", "placementStrategy", "platformVersion", "propagateTags", "schedulingStrategy",
  "serviceConnectConfiguration", "serviceRegistries", "tags", "volumeConfigurations", "availabilityZoneRebalancing",
  "vpcLatticeConfigurations",
];
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

