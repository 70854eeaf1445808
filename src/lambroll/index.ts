/**
 * lambroll definitions (`functions/<env>/<function>/function.json`), generated from the same config as the
 * Terraform function so neither side reverts the other: Terraform (`<env>-serverless`) owns the role, log group,
 * DLQ, VPC attachment, reserved concurrency and triggers and creates the function from the bootstrap package;
 * lambroll owns the code, the published versions and the alias `current` (Terraform ignores those attributes,
 * modules/lambda LAMBROLL_OWNED). Every value Terraform resolves (role, key, DLQ, environment, subnets) is read
 * by lambroll's `tfstate` template function from the serverless stack's contract outputs, so a deploy sends
 * exactly what Terraform set.
 */
import type { Account, EnvConfig } from "../../envs";
import type { FunctionConfig } from "../../envs/schema";
import { ServerlessNames, ServerlessOut, stateUrl } from "../../foundation/contract";
import { derivedEnvironment } from "../stacks/serverless-env";

export const FUNCTIONS_DIR = "functions";
export const FUNCTION_FILE = "function.json";

export interface FunctionBundle {
  readonly env: string;
  readonly fn: string;
  /** `functions/<env>/<fn>` (repo-relative). */
  readonly dir: string;
  /** The state the `tfstate` lookups read (`s3://<bucket>/<env>/serverless.tfstate`). */
  readonly tfstateUrl: string;
  readonly functionJson: Record<string, unknown>;
}

/** lambroll template: a lookup in the serverless state (`--tfstate`). */
const tf = (path: string) => `{{ tfstate \`${path}\` }}`;

/** Names of the environment variables Terraform sets on the function (config, state outputs, access grants). */
export function environmentKeys(env: EnvConfig, fn: FunctionConfig): string[] {
  const prefix = `${env.project}-${env.name}`;
  const derived = derivedEnvironment(fn, {
    prefix, project: env.project, env: env.name, cluster: "", eventBus: "", backupBucket: env.serverless?.backupBucket ? "x" : undefined, queueUrl: () => "",
  });
  return [...new Set([...Object.keys(derived), ...Object.keys(fn.environment), ...Object.keys(fn.stateEnvironment)])].sort();
}

export function buildFunctionBundle(env: EnvConfig, account: Account, name: string, fn: FunctionConfig): FunctionBundle {
  const prefix = `${env.project}-${env.name}`;
  const o = ServerlessOut;
  const keys = environmentKeys(env, fn);
  const azs = env.network.azs.length;
  const json: Record<string, unknown> = {
    FunctionName: ServerlessNames.function(prefix, name),
    ...(fn.description ? { Description: fn.description } : {}),
    Runtime: fn.runtime,
    Handler: fn.handler,
    MemorySize: fn.memoryMb,
    Timeout: fn.timeoutSeconds,
    Role: tf(`output.${o.functionRoleArn(name)}`),
    KMSKeyArn: tf(`output.${o.kmsKeyArn}`),
    TracingConfig: { Mode: "Active" },
    DeadLetterConfig: { TargetArn: tf(`output.${o.functionDlqArn(name)}`) },
    LoggingConfig: { LogFormat: "JSON", LogGroup: ServerlessNames.functionLogGroup(prefix, name) },
    ...(keys.length ? { Environment: { Variables: Object.fromEntries(keys.map((k) => [k, tf(`output.${o.functionEnvironment(name)}.${k}`)])) } } : {}),
    ...(fn.vpc
      ? {
          VpcConfig: {
            SubnetIds: Array.from({ length: azs }, (_, i) => tf(`output.${o.functionSubnetIds(name)}[${i}]`)),
            SecurityGroupIds: [tf(`output.${o.functionSecurityGroupIds(name)}[0]`)],
          },
        }
      : {}),
  };
  return { env: env.name, fn: name, dir: `${FUNCTIONS_DIR}/${env.name}/${name}`, tfstateUrl: stateUrl(account.stateBucket, env.name, "serverless"), functionJson: json };
}

export function buildAllFunctionBundles(envs: readonly EnvConfig[], accounts: ReadonlyMap<string, Account>): FunctionBundle[] {
  return envs.flatMap((env) =>
    Object.entries(env.serverless?.functions ?? {}).map(([name, fn]) => buildFunctionBundle(env, accounts.get(env.account)!, name, fn)),
  );
}

/** Relative path → file content of every generated file. */
export function functionsTree(bundles: readonly FunctionBundle[]): Map<string, string> {
  return new Map(bundles.map((b) => [`${b.dir}/${FUNCTION_FILE}`, JSON.stringify(b.functionJson, null, 2) + "\n"]));
}
