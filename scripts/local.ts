/**
 * The `local` environment on the AWS emulator (moto).
 *
 *   npm run local:up     start the emulator (or reuse it), create the state bucket (bootstrap-local), then
 *                        `cdktf deploy` every local-* stack in dependency order (S3 backend + use_lockfile in
 *                        the emulator)
 *   npm run local:down   `cdktf destroy` every local-* stack in reverse order, then stop the emulator
 *
 * Stacks are discovered from cdktf's manifest, so a new local-* stack is deployed without editing this file.
 * Full logs: .emulator/logs/<stack>-<verb>.log.
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../envs";
import { PhysicalNames } from "../foundation/contract";
import { terraformVersion, REPO_ROOT } from "./lib/terraform";
import { emulatorGaps, verifyApplied } from "./lib/verify-apply";
import { acquireCheckoutLock, CheckoutLockedError } from "../src/checkout-lock";
import {
  aws, cdktf, deployOrder, LOCAL_ENV, localEnv, LOG_DIR, OUTDIR, run, runningEmulator, startEmulator, stopEmulator, summaryLine, synthLocal, type StackInfo,
} from "./lib/local";

const BOOTSTRAP_STATE = join(REPO_ROOT, ".bootstrap-state", `bootstrap-${LOCAL_ENV}.tfstate`);

/** The local account's state bucket (envs/ reads LOCAL_AWS_ENDPOINT at import; the bucket name ignores it). */
export function stateBucket(): string {
  const { envs, accounts } = loadConfig();
  const env = envs.find((e) => e.name === LOCAL_ENV)!;
  return accounts.get(env.account)!.stateBucket;
}

function fail(message: string, logName?: string): never {
  throw new Error(`${message}${logName ? `\n  full log: ${join(LOG_DIR, logName)}` : ""}`);
}

/** Create the state bucket in the emulator (bootstrap-local, local state in .bootstrap-state/). */
export async function bootstrap(env: NodeJS.ProcessEnv): Promise<void> {
  const bucket = stateBucket();
  // The emulator keeps everything in memory: a state file from an earlier emulator describes a bucket that
  // no longer exists. Forget it rather than let terraform plan against ghosts.
  if (existsSync(BOOTSTRAP_STATE) && aws(["s3api", "head-bucket", "--bucket", bucket], env).status !== 0) {
    console.log(`  ${BOOTSTRAP_STATE} describes an earlier emulator; removing it`);
    rmSync(BOOTSTRAP_STATE, { force: true });
  }
  const r = run(process.execPath, ["--require", "tsx/cjs", "scripts/bootstrap.ts", LOCAL_ENV, "--auto-approve"], { env, logName: "bootstrap-local-apply.log" });
  if (r.status !== 0) fail(`bootstrap-${LOCAL_ENV} failed:\n${tail(r.stdout + r.stderr)}`, "bootstrap-local-apply.log");
  console.log(`  applied bootstrap-${LOCAL_ENV}: s3://${bucket} (${summaryLine(r.stdout) || "done"}, ${r.seconds.toFixed(0)} s)`);
}

export function tail(text: string, lines = 40): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** Deploy every local-* stack in order; returns them. */
export async function up(): Promise<{ endpoint: string; stacks: StackInfo[] }> {
  terraformVersion();
  const endpoint = startEmulator();
  console.log(`emulator: ${endpoint}`);
  const env = localEnv(endpoint);
  await bootstrap(env);
  const stacks = deployOrder(synthLocal(env));
  console.log(`deploy order: ${stacks.map((s) => s.name).join(" → ")}`);
  const gaps = emulatorGaps();
  for (const s of stacks) {
    const r = cdktf("deploy", s.name, env);
    if (r.status !== 0) fail(`cdktf deploy ${s.name} failed:\n${tail(r.stdout + r.stderr)}`, `${s.name}-deploy.log`);
    // cdktf can exit 0 after terraform was killed mid-apply: prove the apply complete (no lock left, clean plan).
    const verified = verifyApplied(s.name, s.dir, env, gaps);
    if (verified.problems.length) fail(verified.problems.join("\n"), `${s.name}-deploy.log`);
    console.log(`  applied ${s.name}: ${summaryLine(r.stdout) || "done"} (${r.seconds.toFixed(0)} s; verified: plan clean, no lock left)`);
  }
  return { endpoint, stacks };
}

/**
 * ECS services belong to ecspresso (npm run app), not to a stack; like `ecspresso delete --force`, remove
 * them before the cluster goes (ECS refuses to delete a cluster that still has active services).
 */
function deleteAppServices(env: NodeJS.ProcessEnv): void {
  const { envs } = loadConfig();
  const cluster = PhysicalNames.cluster(`${envs.find((e) => e.name === LOCAL_ENV)!.project}-${LOCAL_ENV}`);
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

/** Destroy every local-* stack in reverse order and stop the emulator. */
export async function down(): Promise<void> {
  const endpoint = runningEmulator();
  if (!endpoint) {
    console.log("no emulator is running: nothing to destroy");
  } else {
    const env = localEnv(endpoint);
    const stacks = deployOrder(synthLocal(env)).reverse();
    const bucket = stateBucket();
    deleteAppServices(env);
    for (const s of stacks) {
      const key = `${LOCAL_ENV}/${s.layer}.tfstate`;
      if (aws(["s3api", "head-object", "--bucket", bucket, "--key", key], env).status !== 0) {
        console.log(`  ${s.name}: no state object s3://${bucket}/${key}; nothing to destroy`);
        continue;
      }
      const r = cdktf("destroy", s.name, env);
      if (r.status !== 0) fail(`cdktf destroy ${s.name} failed:\n${tail(r.stdout + r.stderr)}`, `${s.name}-destroy.log`);
      console.log(`  destroyed ${s.name}: ${summaryLine(r.stdout) || "done"} (${r.seconds.toFixed(0)} s)`);
    }
    // The state bucket has prevent_destroy; it disappears with the emulator's memory.
    stopEmulator();
  }
  if (existsSync(BOOTSTRAP_STATE)) {
    rmSync(BOOTSTRAP_STATE, { force: true });
    console.log(`  removed ${BOOTSTRAP_STATE} (its bucket lived in the stopped emulator)`);
  }
}

if (require.main === module) {
  const verb = process.argv[2];
  const action = verb === "up" ? up : verb === "down" ? down : undefined;
  if (!action) {
    console.error("usage: node --require tsx/cjs scripts/local.ts up|down");
    process.exit(2);
  }
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
