/**
 * Facts the shell scripts need about an environment (and optionally one service), printed as `KEY=value`
 * lines so nothing in scripts/*.sh repeats the config:
 *   node --require tsx/cjs scripts/lib/env-facts.ts <env> [service]
 * Exit 2 with a message naming the known values for an unknown environment or service; 1 for invalid config.
 */
import { ConfigError, loadConfig, type Account, type EnvConfig } from "../../envs";
import { PhysicalNames } from "../../foundation/contract";
import { envPrefix } from "../../foundation/names";
import { resolveService } from "../../envs/resolve";
import { CONFIG_FILE, DEPLOY_DIR, ServiceContext } from "../../src/ecspresso";
import { deploymentProfile } from "../../src/ecspresso/variants";

export class UsageError extends Error {}

/** Known environments, or exit-2 errors. */
export function resolveEnv(name: string | undefined): { env: EnvConfig; account: Account } {
  const { envs, accounts } = loadConfig();
  const known = envs.map((e) => e.name).join(", ");
  if (!name) throw new UsageError(`missing environment; known: ${known}`);
  const env = envs.find((e) => e.name === name);
  if (!env) throw new UsageError(`unknown environment "${name}"; known: ${known}`);
  return { env, account: accounts.get(env.account)! };
}

export function envFacts(envName: string | undefined, service?: string): Record<string, string> {
  const { env, account } = resolveEnv(envName);
  const prefix = envPrefix(env);
  const services = Object.keys(env.services).sort();
  const facts: Record<string, string> = {
    ENV_NAME: env.name,
    AWS_REGION: env.region,
    ACCOUNT_ID: account.id,
    ECS_CLUSTER: PhysicalNames.cluster(prefix),
    TFSTATE_BUCKET: account.stateBucket,
    STATE_REGION: account.region,
    SERVICES: services.join(" "),
    EDGE_ENABLED: String(env.edge.enabled),
  };
  if (env.emulator) {
    facts.EMULATOR_ENDPOINT = env.emulator.endpoint;
    facts.EMULATOR_ACCESS_KEY = env.emulator.accessKey;
    facts.EMULATOR_SECRET_KEY = env.emulator.secretKey;
  }
  if (service !== undefined) {
    const svc = env.services[service];
    if (!svc) throw new UsageError(`unknown service "${service}" in environment ${env.name}; known: ${services.join(", ")}`);
    facts.SERVICE = service;
    facts.ECSPRESSO_CONFIG = `${DEPLOY_DIR}/${env.name}/${service}/${CONFIG_FILE}`;
    facts.ECR_REPOSITORY_URL = `${account.id}.dkr.ecr.${env.region}.amazonaws.com/${PhysicalNames.ecrRepository(prefix, service)}`;
    // First create only: autoscaling owns the count afterwards (the service definition has no desiredCount).
    facts.INITIAL_TASKS = String(resolveService(env, service).scaling.desired);
    // CODE_DEPLOY services deploy through CodeDeploy (ecspresso.yml `codedeploy:`); the wrapper adds the
    // rollback events and refuses ECS-controller-only wait conditions.
    const deployment = deploymentProfile(new ServiceContext(env, account, service, svc));
    facts.DEPLOYMENT_CONTROLLER = deployment.deploymentController.type ?? "ECS";
    facts.ROLLBACK_EVENTS = (deployment.rollbackEvents ?? []).join(",");
    // Directory in the image whose files the deploy flow uploads to the edge's static bucket before deploying
    // (empty: the service has none, or the environment has no edge to serve them).
    facts.STATIC_ASSETS_PATH = env.edge.enabled ? (svc.staticAssets?.path ?? "") : "";
  }
  return facts;
}

/** `KEY=value` lines; values never contain a newline (checked), so `read -r` parses them. */
export function formatFacts(facts: Record<string, string>): string {
  return Object.entries(facts)
    .map(([k, v]) => {
      if (/[\n\r]/.test(v)) throw new Error(`fact ${k} contains a newline`);
      return `${k}=${v}\n`;
    })
    .join("");
}

/**
 * What a facts CLI prints and exits with: `main()`'s text, or exit 2 (usage) / 1 (invalid config) with the message.
 * Pure, so the tests compute the scripts' answers in-process (__tests__/helpers/stubs.ts).
 */
export function cliResult(main: () => string): { code: number; stdout: string; stderr: string } {
  try {
    return { code: 0, stdout: main(), stderr: "" };
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, stdout: "", stderr: `${e.message}\n` };
    if (e instanceof ConfigError) return { code: 1, stdout: "", stderr: `${e.message}\n` };
    throw e;
  }
}

export function runCli(main: () => string): void {
  const r = cliResult(main);
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  if (r.code) process.exitCode = r.code;
}

if (require.main === module) {
  const [envName, service] = process.argv.slice(2);
  runCli(() => formatFacts(envFacts(envName, service)));
}
