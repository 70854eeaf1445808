/**
 * Lock and loss test on one deployed stack (S3 backend, `use_lockfile`, state in the emulator):
 *  1. a real Terraform process holds the state lock (`terraform console` holds it for its whole session); the
 *     lock object is SSE-KMS with the state CMK;
 *  2. a second `terraform plan -lock-timeout=<t>` fails with "Error acquiring the state lock" within t;
 *  3. a second `cdktf deploy` of the same stack fails with the same lock error;
 *  4. the holder ends normally and the lock object disappears;
 *  5. a holder is killed (SIGKILL, as in a crashed CI job): the lock stays; `terraform force-unlock -force
 *     <id>` (the documented recovery, README "Try it locally") removes it; before that, the incomplete-apply
 *     check (scripts/lib/verify-apply.ts) must fail on it;
 *  6. the state object's versions in the bucket and its serial/lineage are exactly as before.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { aws, cdktf, run, runAsync, type StackInfo } from "../lib/local";
import { emulatorGaps, verifyApplied } from "../lib/verify-apply";
import { encryptionProblems, type HeadObject } from "./checks";

const LOCK_TIMEOUT_S = 10;
/** Process start-up, backend init and the emulator round trips on top of the lock timeout. */
const OVERHEAD_S = 20;

interface StateSnapshot {
  readonly versions: string[];
  readonly serial: number;
  readonly lineage: string;
}

function snapshot(bucket: string, key: string, env: NodeJS.ProcessEnv): StateSnapshot {
  const v = aws(["s3api", "list-object-versions", "--bucket", bucket, "--prefix", key], env);
  if (v.status !== 0) throw new Error(`list-object-versions s3://${bucket}/${key} failed: ${v.stderr}`);
  const versions = ((v.json as { Versions?: { Key: string; VersionId: string }[] }).Versions ?? [])
    .filter((x) => x.Key === key)
    .map((x) => x.VersionId)
    .sort();
  const body = run("aws", ["s3", "cp", `s3://${bucket}/${key}`, "-", "--endpoint-url", env.LOCAL_AWS_ENDPOINT!], { env });
  if (body.status !== 0) throw new Error(`cannot read s3://${bucket}/${key}: ${body.stderr}`);
  const state = JSON.parse(body.stdout) as { serial: number; lineage: string };
  return { versions, serial: state.serial, lineage: state.lineage };
}

function lockInfo(bucket: string, lockKey: string, env: NodeJS.ProcessEnv): { ID: string; Operation: string; Who: string } | undefined {
  const r = run("aws", ["s3", "cp", `s3://${bucket}/${lockKey}`, "-", "--endpoint-url", env.LOCAL_AWS_ENDPOINT!], { env });
  if (r.status !== 0) return undefined;
  return JSON.parse(r.stdout) as { ID: string; Operation: string; Who: string };
}

async function waitFor<T>(what: string, probe: () => T | undefined, seconds = 60): Promise<T> {
  for (let i = 0; i < seconds * 2; i++) {
    const v = probe();
    if (v !== undefined) return v;
    await sleep(500);
  }
  throw new Error(`timed out after ${seconds} s waiting for ${what}`);
}

/**
 * Wait for a holder's lock: up to 90 s (terraform console starts the provider before it locks; on a loaded 2-core
 * machine that took over 60 s), but fail at once, with the holder's output, if the holder exits without locking.
 */
async function waitForLock<T>(holder: ReturnType<typeof startHolder>, what: string, probe: () => T | undefined): Promise<T> {
  return waitFor(what, () => {
    const v = probe();
    if (v !== undefined) return v;
    if (holder.child.exitCode !== null) throw new Error(`terraform console exited ${holder.child.exitCode} before taking the lock: ${holder.output().slice(-1500)}`);
    return undefined;
  }, 90).catch((e: unknown) => {
    throw new Error(`${e instanceof Error ? e.message : String(e)}; the holder's output so far: ${holder.output().slice(-1500) || "(none)"}`);
  });
}

/** Start `terraform console` (holds the state lock until its stdin closes). */
function startHolder(stack: StackInfo, env: NodeJS.ProcessEnv) {
  return runAsync("terraform", ["console", "-no-color"], { cwd: stack.dir, env, detached: true });
}

export async function lockTest(stack: StackInfo, bucket: string, env: NodeJS.ProcessEnv, keyIds: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  const key = `local/${stack.layer}.tfstate`;
  const lockKey = `${key}.tflock`;
  const check = (ok: boolean, pass: string, fail: string) => {
    console.log(`  ${ok ? "ok  " : "FAIL"} ${ok ? pass : fail}`);
    if (!ok) problems.push(`lock test (${stack.name}): ${fail}`);
  };
  // Step 5 synthesizes cdktf.out/ again (scaling.attach and back), which replaces the stack directory and drops
  // its `.terraform`: without this init the holder exits at once with "Backend initialization required".
  const init = run("terraform", ["init", "-input=false", "-no-color"], { cwd: stack.dir, env, logName: `${stack.name}-lock-init.log` });
  if (init.status !== 0) throw new Error(`terraform init in ${stack.dir} failed (exit ${init.status}): ${(init.stdout + init.stderr).slice(-1500)}`);
  const before = snapshot(bucket, key, env);
  console.log(`  state s3://${bucket}/${key}: serial ${before.serial}, ${before.versions.length} version(s)`);

  // 1. Holder.
  const holder = startHolder(stack, env);
  const held = await waitForLock(holder, `${stack.name}'s lock object s3://${bucket}/${lockKey}`, () => lockInfo(bucket, lockKey, env));
  console.log(`  holder: terraform console (pid ${holder.child.pid}) holds lock ${held.ID} (${held.Who})`);
  // The lock object is encrypted like the state (backend kms_key_id), not SSE-S3.
  const lockHead = aws(["s3api", "head-object", "--bucket", bucket, "--key", lockKey], env);
  const lockEnc = lockHead.status === 0 ? encryptionProblems(`s3://${bucket}/${lockKey}`, lockHead.json as HeadObject, keyIds) : [`head-object ${lockKey} failed: ${lockHead.stderr}`];
  check(lockEnc.length === 0, `lock object ${lockKey} is SSE-KMS with the state CMK while held`, lockEnc.join("; "));

  // 2. Second plan.
  const plan = run("terraform", ["plan", `-lock-timeout=${LOCK_TIMEOUT_S}s`, "-input=false", "-no-color"], { cwd: stack.dir, env, logName: `${stack.name}-lock-plan.log` });
  const planOut = plan.stdout + plan.stderr;
  check(
    plan.status !== 0 && /Error acquiring the state lock/.test(planOut) && planOut.includes(held.ID) && plan.seconds <= LOCK_TIMEOUT_S + OVERHEAD_S,
    `second terraform plan -lock-timeout=${LOCK_TIMEOUT_S}s failed with "Error acquiring the state lock" naming lock ${held.ID} after ${plan.seconds.toFixed(1)} s`,
    `second terraform plan was expected to fail with a lock error naming ${held.ID} within ${LOCK_TIMEOUT_S + OVERHEAD_S} s; exit ${plan.status} after ${plan.seconds.toFixed(1)} s:\n${planOut.slice(-1500)}`,
  );

  // 3. Second cdktf deploy.
  const deploy = cdktf("deploy", stack.name, env);
  const deployOut = deploy.stdout + deploy.stderr;
  check(
    deploy.status !== 0 && /Error acquiring the state lock/.test(deployOut),
    `second cdktf deploy ${stack.name} failed with "Error acquiring the state lock" after ${deploy.seconds.toFixed(1)} s`,
    `second cdktf deploy was expected to fail with a lock error; exit ${deploy.status}:\n${deployOut.slice(-1500)}`,
  );

  // 4. Normal release.
  holder.child.stdin.end();
  const end = await holder.done;
  const released = await waitFor("the lock to be released", () => (lockInfo(bucket, lockKey, env) ? undefined : true), 30).catch(() => false);
  check(end.status === 0 && released === true, "holder exited normally and released the lock", `holder exit ${end.status}, lock released: ${released}\n${end.stderr}`);

  // 5. Crashed holder → stale lock → force-unlock.
  const crashed = startHolder(stack, env);
  const stale = await waitForLock(crashed, "the second holder's lock", () => lockInfo(bucket, lockKey, env));
  process.kill(-crashed.child.pid!, "SIGKILL"); // the holder's own process group: terraform and its provider
  await crashed.done;
  await sleep(1000);
  const still = lockInfo(bucket, lockKey, env);
  check(still?.ID === stale.ID, `holder killed with SIGKILL: stale lock ${stale.ID} remains`, `after SIGKILL the lock object was expected to remain; found ${JSON.stringify(still)}`);
  // What local:up and the CI deploy run after every `cdktf deploy` (which can exit 0 after a killed terraform):
  // the lock a killed run leaves behind makes the apply incomplete.
  const verdict = await verifyApplied(stack.name, stack.dir, env, emulatorGaps());
  check(
    verdict.problems.length === 1 && verdict.problems[0].includes("the apply is incomplete: a state lock was left behind") && verdict.problems[0].includes(stale.ID),
    `the incomplete-apply check fails on the lock left by the killed run (${stale.ID})`,
    `the incomplete-apply check was expected to report the lock ${stale.ID}; got ${JSON.stringify(verdict.problems)}`,
  );
  const unlock = run("terraform", ["force-unlock", "-force", stale.ID], { cwd: stack.dir, env, logName: `${stack.name}-force-unlock.log` });
  const gone = lockInfo(bucket, lockKey, env) === undefined;
  check(unlock.status === 0 && gone, `terraform force-unlock -force ${stale.ID} removed the stale lock`, `force-unlock exit ${unlock.status}, lock gone: ${gone}\n${unlock.stderr}`);

  // 6. Nothing lost, nothing written.
  const after = snapshot(bucket, key, env);
  check(
    JSON.stringify(after.versions) === JSON.stringify(before.versions) && after.serial === before.serial && after.lineage === before.lineage,
    `state intact: serial ${after.serial}, lineage ${after.lineage.slice(0, 8)}…, the same ${after.versions.length} version(s)`,
    `state changed during the lock test: before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`,
  );
  const replan = run("terraform", ["plan", "-detailed-exitcode", `-lock-timeout=${LOCK_TIMEOUT_S}s`, "-input=false", "-no-color"], { cwd: stack.dir, env });
  check(replan.status === 0 || replan.status === 2, "the stack plans again with locking after recovery", `plan after recovery failed (exit ${replan.status}):\n${replan.stderr}`);
  return problems;
}
