/**
 * The end-to-end suite against the AWS emulator (run through scripts/e2e/run.sh, which starts a fresh
 * emulator and always stops it):
 *
 *   1. local:up        bootstrap-local + `cdktf deploy` of every stack of every emulator environment (`local`,
 *                      `<system>-local`) in layer order, two environments at a time (scripts/local.ts)
 *   then per environment:
 *   2. outputs         `terraform output -json` of each stack against the outputs contract
 *   3. plan            `terraform plan -detailed-exitcode`: no changes except docs/emulator-gaps.md (run by
 *                      local:up after each apply as its proof of completion, scripts/lib/verify-apply.ts)
 *   4. state           scripts/state.sh list / outputs / lookup against the S3 state; every state object of the
 *                      environment is SSE-KMS with its account's state CMK (head-object)
 *   5. rollout         the real ecspresso (scripts/app.sh) creates, deploys, checks and rolls back every service in
 *                      deploy/<env>/, CodeDeploy blue/green included (scripts/e2e/rollout.ts)
 *   5b. replacement    `local`: backend port 3001 → 3002 applied to the deployed platform (the target group is
 *                      replaced create-before-destroy under a new name; moto refuses duplicate names) and back
 *   5c. functions      environments with `serverless`: per function a second code package rolled out with
 *                      lambroll's deploy sequence, then rolled back (scripts/e2e/fn-rollout.ts)
 *   6. lock            lock and loss test on the first stack of `local` (scripts/e2e/lock-test.ts), including the
 *                      lock object's encryption and the incomplete-apply check against a killed run's lock
 *   7. local:down      `cdktf destroy` in reverse order, every environment
 *
 * Prints each step and a summary with timings; exits 1 when any check fails (later steps still run when
 * they can, so one run reports every problem), 0 otherwise.
 */
import { join } from "node:path";
import { loadConfig } from "../../envs";
import { LOCAL_ENV, localEnv, run, runningEmulator, type StackInfo } from "../lib/local";
import { REPO_ROOT } from "../lib/terraform";
import { down, stateBucket, up, type EnvDeploy } from "../local";
import { lockTest } from "./lock-test";
import { replacementTest } from "./replacement-test";
import { definitionReads, deleteServices, deployRoot, rolloutEnv } from "./rollout";
import { rolloutFunctions } from "./fn-rollout";
import { checkOutputs, checkStateEncryption, stateKeyIds } from "./stack-checks";
import { stateKmsKeyId } from "../../src/stacks/env-stack";
import { acquireCheckoutLock } from "../../src/checkout-lock";
import { OUTDIR } from "../lib/local";

/** Step 3 from local:up's verification: every stack planned clean except documented emulator gaps. */
function planReport(d: EnvDeploy): string[] {
  const problems: string[] = [];
  for (const s of d.stacks) {
    const explained = d.verified?.[s.name];
    if (!explained) {
      problems.push(`${s.name}: not verified after its apply`);
      continue;
    }
    console.log(`  ok   ${s.name}: ${explained.length ? `${explained.length} documented emulator gap(s), 0 unexplained difference(s)` : "no changes"}`);
    for (const e of explained) console.log(`       ${e}`);
  }
  return problems;
}

/** An environment's state bucket and the accepted ids of its account's state CMK. */
function stateKeyOf(envName: string, env: NodeJS.ProcessEnv): { bucket: string; keyIds: string[] } {
  const { envs, accounts } = loadConfig();
  const account = accounts.get(envs.find((e) => e.name === envName)!.account)!;
  return { bucket: account.stateBucket, keyIds: stateKeyIds(account.stateBucket, stateKmsKeyId(account), env) };
}

interface StepResult {
  readonly name: string;
  readonly seconds: number;
  readonly problems: string[];
}

const results: StepResult[] = [];

async function step(name: string, fn: () => Promise<string[]> | string[]): Promise<boolean> {
  console.log(`\n=== ${name}`);
  const t0 = Date.now();
  let problems: string[];
  try {
    problems = await fn();
  } catch (e) {
    problems = [e instanceof Error ? e.message : String(e)];
  }
  const seconds = (Date.now() - t0) / 1000;
  results.push({ name, seconds, problems });
  for (const p of problems) console.log(`  FAIL ${p}`);
  console.log(`--- ${name}: ${problems.length ? `FAILED (${problems.length})` : "passed"} in ${seconds.toFixed(0)} s`);
  return problems.length === 0;
}

/** scripts/state.sh read-only commands against every deployed stack. */
function inspectState(envName: string, stacks: readonly StackInfo[], env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const state = (args: string[]) => run("bash", [join(REPO_ROOT, "scripts", "state.sh"), envName, ...args], { env });
  for (const s of stacks) {
    const list = state([s.layer, "list"]);
    const outputs = state([s.layer, "outputs"]);
    if (list.status !== 0) problems.push(`${s.name}: state.sh ${envName} ${s.layer} list failed: ${list.stderr.trim()}`);
    if (outputs.status !== 0) problems.push(`${s.name}: state.sh ${envName} ${s.layer} outputs failed: ${outputs.stderr.trim()}`);
    if (list.status !== 0 || outputs.status !== 0) continue;
    const addresses = list.stdout.trim().split("\n").filter(Boolean);
    const names = Object.keys(JSON.parse(outputs.stdout) as Record<string, unknown>);
    console.log(`  ok   state.sh ${envName} ${s.layer} list: ${addresses.length} resources (e.g. ${addresses[0] ?? "-"})`);
    console.log(`  ok   state.sh ${envName} ${s.layer} outputs: ${names.join(", ")}`);
    const first = names[0];
    if (first) {
      const lookup = state([s.layer, "lookup", `output.${first}`]);
      if (lookup.status !== 0) problems.push(`${s.name}: state.sh lookup output.${first} failed: ${lookup.stderr.trim()}`);
      else console.log(`  ok   state.sh ${envName} ${s.layer} lookup output.${first} = ${lookup.stdout.trim().slice(0, 100)}`);
    }
  }
  return problems;
}

async function main(): Promise<number> {
  const t0 = Date.now();
  let deployed: EnvDeploy[] = [];
  let env: NodeJS.ProcessEnv = {};
  await step("1. local:up (bootstrap + cdktf deploy of every emulator environment)", async () => {
    // E2E_ENVS=a,b: only these emulator environments (default: every one); unknown names fail at once.
    const only = process.env.E2E_ENVS?.split(",").map((x) => x.trim()).filter(Boolean);
    const r = await up(only?.length ? only : undefined);
    deployed = r.envs;
    env = localEnv(r.endpoint, r.envs.map((e) => e.env));
    return r.envs.filter((e) => e.error).map((e) => `${e.env}: ${e.error}`);
  });
  const { envs } = loadConfig();
  // Every environment whose stacks all applied gets the after-deploy checks and its rollout.
  for (const d of deployed.filter((x) => !x.error)) {
    const { stacks } = d;
    const e = envs.find((x) => x.name === d.env)!;
    // Names the per-name contract outputs are made of: services (PlatformOut) and data stores (DataOut).
    // ... and the serverless tier's functions and queues (ServerlessOut).
    const services = [
      ...Object.keys(e.services),
      ...Object.values(e.data).flatMap((stores) => Object.keys(stores)),
      ...Object.keys(e.serverless?.functions ?? {}),
      ...Object.keys(e.serverless?.queues ?? {}),
    ];
    const root = deployRoot(d.env);
    await step(`2. ${d.env}: outputs contract (terraform output -json per stack)`, () => checkOutputs(stacks, env, services, definitionReads(root)));
    // local:up already planned every stack after its apply (scripts/lib/verify-apply.ts: the proof that the
    // apply completed): report that result instead of planning again.
    await step(`3. ${d.env}: plan after deploy (terraform plan -detailed-exitcode per stack, run by local:up)`, () => planReport(d));
    await step(`4. ${d.env}: state inspection (scripts/state.sh list / outputs / lookup) and encryption (head-object)`, () => {
      const problems = inspectState(d.env, stacks, env);
      const { bucket, keyIds } = stateKeyOf(d.env, env);
      const enc = checkStateEncryption(bucket, `${d.env}/`, keyIds, env);
      console.log(`  ${enc.problems.length ? "FAIL" : "ok  "} ${enc.checked.length} object(s) under s3://${bucket}/${d.env}/: SSE-KMS with the state CMK (${keyIds[0]})`);
      return [...problems, ...enc.problems];
    });
    await step(`5. ${d.env}: rollout (real ecspresso through scripts/app.sh: create, deploy, rollback of every service)`, async () => {
      const problems = await rolloutEnv(d.env, env);
      deleteServices(d.env, env); // ecspresso-owned services go before the cluster is destroyed
      return problems;
    });
    if (envs.find((e) => e.name === d.env)!.serverless) {
      await step(`5c. ${d.env}: function rollout (lambroll's deploy + rollback sequence with the AWS CLI, per function)`, () => rolloutFunctions(d.env, stacks, env));
    }
  }
  const web = deployed.find((x) => x.env === LOCAL_ENV && !x.error);
  const webPlatform = web?.stacks.find((s) => s.layer === "platform");
  if (webPlatform) await step("5b. target group replacement (backend port 3001 → 3002 and back)", () => replacementTest(LOCAL_ENV, webPlatform, env));
  if (web) {
    await step("6. lock and loss test", async () => {
      return lockTest(web.stacks[0], stateBucket(LOCAL_ENV), env, stateKeyOf(LOCAL_ENV, env).keyIds);
    });
  }
  await step("7. local:down (cdktf destroy in reverse order)", async () => {
    if (!runningEmulator()) return ["the emulator is not running"];
    await down();
    return [];
  });

  const total = (Date.now() - t0) / 1000;
  console.log("\n=== summary");
  for (const r of results) console.log(`  ${r.problems.length ? "FAIL" : "ok  "} ${r.name} (${r.seconds.toFixed(0)} s)`);
  const failed = results.filter((r) => r.problems.length);
  console.log(`e2e: ${failed.length ? `FAILED: ${failed.length} of ${results.length} steps` : `all ${results.length} steps passed`} in ${(total / 60).toFixed(1)} min`);
  // The plain closing line CI tooling reads.
  console.log(`e2e: ${results.length - failed.length} passed, ${failed.length} failed`);
  // Five emulator environments: 31.5 min measured on a fresh clone on 2 cores (2026-11-30); warn well before .ci/run's 60.
  if (total > 40 * 60) console.log(`WARN: the suite took longer than its 40 min budget`);
  return failed.length ? 1 : 0;
}

// The whole suite holds the checkout lock; its synth and cdktf children inherit it.
const checkoutLock = acquireCheckoutLock(`${OUTDIR}.lock`, { command: "npm run test:e2e" });
main().then(
  (code) => {
    checkoutLock.release();
    process.exit(code);
  },
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
