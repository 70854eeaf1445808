/**
 * The emulator environments (every environment with `emulator`: `local`, `eldonia-local`, `messaging-local`, …)
 * on the AWS emulator (moto), all in one emulator: each has its own /16 and its own state keys in the shared
 * `local` account's bucket.
 *
 *   npm run local:up [-- <env>]     start the emulator (or reuse it), create the state bucket of each account
 *                                   (bootstrap-local), then `cdktf deploy` every stack of each environment in
 *                                   layer order (network → data → platform → edge …); independent environments
 *                                   deploy side by side, at most LOCAL_PARALLEL (default 2) at a time
 *   npm run local:down [-- <env>]   `cdktf destroy` each environment's stacks in reverse order; without an
 *                                   environment, every one of them, then stop the emulator
 *
 * After each `cdktf deploy` (which can exit 0 after terraform was killed mid-apply) the stack's apply is proven
 * complete (scripts/lib/verify-apply.ts: no state lock left, clean plan except documented emulator gaps).
 * The run holds the checkout lock (src/checkout-lock.ts). Stacks are discovered from cdktf's manifest, so a new
 * stack or emulator environment is deployed without editing this file. Full logs: .emulator/logs/<stack>-<verb>.log.
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../envs";
import { PhysicalNames, stateKey, type Layer } from "../foundation/contract";
import { envPrefix } from "../foundation/names";
import { terraformVersion, REPO_ROOT } from "./lib/terraform";
import { emulatorGaps, verifyApplied } from "./lib/verify-apply";
import type { Gap } from "./e2e/checks";
import { acquireCheckoutLock, CheckoutLockedError } from "../src/checkout-lock";
import {
  aws, cdktfAsync, deployOrder, LOG_DIR, localEnv, mapLimit, OUTDIR, run, runningEmulator, selectEmulatorEnvs, startEmulator, stopEmulator, summaryLine,
  synthLocal, type StackInfo,
} from "./lib/local";

/** How many environments deploy (or destroy) at the same time; each environment's stacks stay sequential. */
export const PARALLEL = Math.max(1, Number(process.env.LOCAL_PARALLEL ?? 2) || 1);

const bootstrapState = (account: string) => join(REPO_ROOT, ".bootstrap-state", `bootstrap-${account}.tfstate`);

/** The state bucket of an environment's account (envs/ reads LOCAL_AWS_ENDPOINT at import; the bucket name ignores it). */
export function stateBucket(envName = "local"): string {
  const { envs, accounts } = loadConfig();
  const env = envs.find((e) => e.name === envName);
  if (!env) throw new Error(`unknown environment "${envName}"`);
  return accounts.get(env.account)!.stateBucket;
}

function fail(message: string, logName?: string): never {
  throw new Error(`${message}${logName ? `\n  full log: ${join(LOG_DIR, logName)}` : ""}`);
}

/**
 * Create the state bucket of every account hosting one of `envNames` in the emulator (bootstrap-<account>,
 * local state in .bootstrap-state/). Every emulator environment shares the `local` account: one bootstrap.
 */
export async function bootstrap(env: NodeJS.ProcessEnv, envNames: readonly string[] = ["local"]): Promise<void> {
  const { envs } = loadConfig();
  const byAccount = new Map<string, string>();
  for (const name of envNames) {
    const e = envs.find((x) => x.name === name)!;
    if (!byAccount.has(e.account)) byAccount.set(e.account, name);
  }
  for (const [account, envName] of byAccount) {
    const bucket = stateBucket(envName);
    const stateFile = bootstrapState(account);
    // The emulator keeps everything in memory: a state file from an earlier emulator describes a bucket that
    // no longer exists. Forget it rather than let terraform plan against ghosts.
    if (existsSync(stateFile) && aws(["s3api", "head-bucket", "--bucket", bucket], env).status !== 0) {
      console.log(`  ${stateFile} describes an earlier emulator; removing it`);
      rmSync(stateFile, { force: true });
    }
    const log = `bootstrap-${account}-apply.log`;
    const r = run(process.execPath, ["--require", "tsx/cjs", "scripts/bootstrap.ts", envName, "--auto-approve"], { env, logName: log });
    if (r.status !== 0) fail(`bootstrap-${account} failed:\n${tail(r.stdout + r.stderr)}`, log);
    console.log(`  applied bootstrap-${account}: s3://${bucket} (${summaryLine(r.stdout) || "done"}, ${r.seconds.toFixed(0)} s)`);
  }
}

export function tail(text: string, lines = 40): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** One environment's deploy: its stacks in order, and the first failure (later stacks are then skipped). */
export interface EnvDeploy {
  readonly env: string;
  readonly stacks: StackInfo[];
  readonly error?: string;
  /**
   * Per deployed stack, the plan differences after its apply that are documented emulator gaps (empty: the
   * plan was clean). The after-deploy plan is the apply's proof of completion, run once here.
   */
  readonly verified?: Readonly<Record<string, readonly string[]>>;
}

async function deployEnv(envName: string, all: readonly StackInfo[], env: NodeJS.ProcessEnv, gaps: readonly Gap[]): Promise<EnvDeploy> {
  const stacks = deployOrder(all, envName);
  console.log(`  ${envName}: deploy order ${stacks.map((s) => s.name).join(" → ")}`);
  const explained: Record<string, readonly string[]> = {};
  for (const s of stacks) {
    const r = await cdktfAsync("deploy", s.name, env);
    if (r.status !== 0) {
      const error = `cdktf deploy ${s.name} failed:\n${tail(r.stdout + r.stderr)}\n  full log: ${join(LOG_DIR, `${s.name}-deploy.log`)}`;
      console.log(`  FAILED ${s.name} (${r.seconds.toFixed(0)} s)`);
      return { env: envName, stacks, error };
    }
    // cdktf can exit 0 after terraform was killed mid-apply: prove the apply complete (no lock left, clean plan).
    const verified = await verifyApplied(s.name, s.dir, env, gaps);
    if (verified.problems.length) {
      console.log(`  INCOMPLETE ${s.name}`);
      return { env: envName, stacks, error: `${verified.problems.join("\n")}\n  full log: ${join(LOG_DIR, `${s.name}-deploy.log`)}`, verified: explained };
    }
    explained[s.name] = verified.explained;
    const gapNote = verified.explained.length ? ` except ${verified.explained.length} documented emulator gap(s)` : "";
    console.log(`  applied ${s.name}: ${summaryLine(r.stdout) || "done"} (${r.seconds.toFixed(0)} s; verified: plan clean${gapNote}, no lock left)`);
  }
  return { env: envName, stacks, verified: explained };
}

/**
 * Deploy the emulator environments (`only`, else all): bootstrap, one synth of all of them, then each
 * environment's stacks in order, PARALLEL environments at a time. Returns every environment's result; the
 * caller decides what a failed environment means (local:up exits 1; the e2e still checks the others).
 */
export async function up(only?: string | readonly string[]): Promise<{ endpoint: string; envs: EnvDeploy[] }> {
  terraformVersion();
  const names = selectEmulatorEnvs(only);
  const endpoint = startEmulator();
  console.log(`emulator: ${endpoint}; environments: ${names.join(", ")} (${PARALLEL} at a time)`);
  const env = localEnv(endpoint, names);
  await bootstrap(env, names);
  const all = synthLocal(env);
  const gaps = emulatorGaps();
  const envs = await mapLimit(names, PARALLEL, (n) => deployEnv(n, all, env, gaps));
  return { endpoint, envs };
}

/**
 * ECS services belong to ecspresso (npm run app), not to a stack; like `ecspresso delete --force`, remove
 * them before the cluster goes (ECS refuses to delete a cluster that still has active services).
 */
function deleteAppServices(env: NodeJS.ProcessEnv, envName: string): void {
  const { envs } = loadConfig();
  const cluster = PhysicalNames.cluster(envPrefix(envs.find((e) => e.name === envName)!));
  const list = aws(["ecs", "list-services", "--cluster", cluster], env);
  if (list.status !== 0) return; // no cluster: nothing to delete
  for (const arn of (list.json as { serviceArns?: string[] } | undefined)?.serviceArns ?? []) {
    // moto also lists deleted (INACTIVE) services; ECS would not.
    const d = aws(["ecs", "describe-services", "--cluster", cluster, "--services", arn], env);
    if ((d.json as { services?: { status: string }[] } | undefined)?.services?.[0]?.status !== "ACTIVE") continue;
    const r = aws(["ecs", "delete-service", "--cluster", cluster, "--service", arn, "--force"], env);
    console.log(`  ${r.status === 0 ? "deleted" : "could not delete"} ECS service ${arn.split("/").pop()} (owned by ecspresso, not by a stack)`);
  }
}

async function destroyEnv(envName: string, all: readonly StackInfo[], env: NodeJS.ProcessEnv): Promise<void> {
  const stacks = deployOrder(all, envName).reverse();
  const bucket = stateBucket(envName);
  deleteAppServices(env, envName);
  for (const s of stacks) {
    const key = stateKey(envName, s.layer as Layer);
    if (aws(["s3api", "head-object", "--bucket", bucket, "--key", key], env).status !== 0) {
      console.log(`  ${s.name}: no state object s3://${bucket}/${key}; nothing to destroy`);
      continue;
    }
    const r = await cdktfAsync("destroy", s.name, env);
    if (r.status !== 0) fail(`cdktf destroy ${s.name} failed:\n${tail(r.stdout + r.stderr)}`, `${s.name}-destroy.log`);
    console.log(`  destroyed ${s.name}: ${summaryLine(r.stdout) || "done"} (${r.seconds.toFixed(0)} s)`);
  }
}

/**
 * Destroy the stacks of the emulator environments (`only`, else all) in reverse order; with no environment
 * named, stop the emulator afterwards (the state buckets have prevent_destroy and vanish with its memory).
 */
export async function down(only?: string | readonly string[]): Promise<void> {
  const names = selectEmulatorEnvs(only);
  const endpoint = runningEmulator();
  if (!endpoint) {
    console.log("no emulator is running: nothing to destroy");
  } else {
    const env = localEnv(endpoint, names);
    const all = synthLocal(env);
    const errors: string[] = [];
    await mapLimit(names, PARALLEL, (n) => destroyEnv(n, all, env).catch((e: unknown) => void errors.push(e instanceof Error ? e.message : String(e))));
    if (errors.length) fail(errors.join("\n"));
    if (only !== undefined) return;
    stopEmulator();
  }
  const { envs } = loadConfig();
  for (const account of new Set(envs.filter((e) => names.includes(e.name)).map((e) => e.account))) {
    const file = bootstrapState(account);
    if (existsSync(file)) {
      rmSync(file, { force: true });
      console.log(`  removed ${file} (its bucket lived in the stopped emulator)`);
    }
  }
}

if (require.main === module) {
  const [verb, ...envNames] = process.argv.slice(2);
  const envName = envNames.length ? envNames : undefined;
  if (verb !== "up" && verb !== "down") {
    console.error("usage: node --require tsx/cjs scripts/local.ts up|down [<emulator env>...]");
    process.exit(2);
  }
  const action =
    verb === "up"
      ? () =>
          up(envName).then((r) => {
            const failed = r.envs.filter((e) => e.error);
            if (failed.length) throw new Error(failed.map((e) => `${e.env}: ${e.error}`).join("\n"));
          })
      : () => down(envName);
  // The whole run holds the checkout lock (its synth and cdktf children inherit it): a second local:up, synth
  // or cdktf command in this checkout fails at once instead of replacing cdktf.out under this one.
  let lock: ReturnType<typeof acquireCheckoutLock>;
  try {
    lock = acquireCheckoutLock(`${OUTDIR}.lock`, { command: `npm run local:${verb}` });
  } catch (e) {
    if (!(e instanceof CheckoutLockedError)) throw e;
    console.error(`local:${verb} refused: ${e.message}`);
    process.exit(1);
  }
  action().then(
    () => lock.release(),
    (e: unknown) => {
      lock.release();
      console.error(`local:${verb} FAILED: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
