/**
 * Facts scripts/fn.sh needs about an environment's function, as `KEY=value` lines:
 *   node --require tsx/cjs scripts/lib/fn-facts.ts <env> <function>
 * Exit 2 naming the known values for an unknown environment or function (or an environment without functions).
 */
import { ServerlessNames } from "../../foundation/contract";
import { buildFunctionBundle, FUNCTION_FILE } from "../../src/lambroll";
import { formatFacts, resolveEnv, runCli, UsageError } from "./env-facts";

export function fnFacts(envName: string | undefined, fn: string | undefined): Record<string, string> {
  const { env, account } = resolveEnv(envName);
  const fns = Object.keys(env.serverless?.functions ?? {}).sort();
  if (!fns.length) throw new UsageError(`environment ${env.name} has no functions (serverless.functions in envs/${env.system}/)`);
  if (!fn) throw new UsageError(`missing function; known in ${env.name}: ${fns.join(", ")}`);
  const cfg = env.serverless!.functions[fn];
  if (!cfg) throw new UsageError(`unknown function "${fn}" in environment ${env.name}; known: ${fns.join(", ")}`);
  const bundle = buildFunctionBundle(env, account, fn, cfg);
  const facts: Record<string, string> = {
    ENV_NAME: env.name,
    AWS_REGION: env.region,
    ACCOUNT_ID: account.id,
    STATE_REGION: account.region,
    FUNCTION: fn,
    FUNCTION_NAME: ServerlessNames.function(`${env.project}-${env.name}`, fn),
    FUNCTION_FILE: `${bundle.dir}/${FUNCTION_FILE}`,
    TFSTATE_URL: bundle.tfstateUrl,
    ALIAS: ServerlessNames.alias,
  };
  if (env.emulator) {
    facts.EMULATOR_ENDPOINT = env.emulator.endpoint;
    facts.EMULATOR_ACCESS_KEY = env.emulator.accessKey;
    facts.EMULATOR_SECRET_KEY = env.emulator.secretKey;
  }
  return facts;
}

if (require.main === module) {
  const [envName, fn] = process.argv.slice(2);
  runCli(() => formatFacts(fnFacts(envName, fn)));
}
