/**
 * After-deploy checks of every deployed local-* stack, against the emulator:
 *  - outputs: `terraform output -json` against the outputs contract (scripts/e2e/checks.ts outputsProblems);
 *  - plan: `terraform plan -detailed-exitcode` reports no changes except documented emulator gaps;
 *  - state encryption: every object in the state bucket is SSE-KMS with the account's state CMK.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../lib/terraform";
import { aws, run, type StackInfo } from "../lib/local";
import { contractOutputNames, encryptionProblems, outputsProblems, parseGaps, planProblems, type HeadObject, type PlanJson, type TerraformOutputs } from "./checks";

export const GAPS_FILE = join(REPO_ROOT, "docs", "emulator-gaps.md");

function tf(stack: StackInfo, args: string[], env: NodeJS.ProcessEnv, logName?: string) {
  return run("terraform", args, { cwd: stack.dir, env, logName });
}

export function declaredOutputs(stack: StackInfo): string[] {
  const json = JSON.parse(readFileSync(join(stack.dir, "cdk.tf.json"), "utf8")) as { output?: Record<string, unknown> };
  return Object.keys(json.output ?? {});
}

export function stateOutputs(stack: StackInfo, env: NodeJS.ProcessEnv): TerraformOutputs {
  const r = tf(stack, ["output", "-json", "-no-color"], env);
  if (r.status !== 0) throw new Error(`${stack.name}: terraform output failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as TerraformOutputs;
}

/** Returns problems (empty = pass) and prints one line per stack. */
export function checkOutputs(
  stacks: readonly StackInfo[],
  env: NodeJS.ProcessEnv,
  services: readonly string[],
  readers: ReadonlyMap<string, { name: string; reader: string }[]> = new Map(),
): string[] {
  const names = contractOutputNames(services);
  const problems: string[] = [];
  for (const s of stacks) {
    const actual = stateOutputs(s, env);
    const p = outputsProblems({ stack: s.name, declared: declaredOutputs(s), actual, contractNames: names, readByConsumers: readers.get(s.name) });
    problems.push(...p);
    const read = readers.get(s.name)?.length ?? 0;
    console.log(`  ${p.length ? "FAIL" : "ok  "} ${s.name}: ${Object.keys(actual).length} outputs, all contract names${read ? `, ${read} read by ecspresso definitions` : ""}`);
  }
  return problems;
}

/** `terraform plan -detailed-exitcode` per stack; differences must be documented gaps. */
export function checkPlans(stacks: readonly StackInfo[], env: NodeJS.ProcessEnv): string[] {
  const gaps = parseGaps(readFileSync(GAPS_FILE, "utf8"));
  const problems: string[] = [];
  for (const s of stacks) {
    const planFile = join(s.dir, "e2e.tfplan");
    const r = tf(s, ["plan", "-detailed-exitcode", "-lock=false", "-input=false", "-no-color", `-out=${planFile}`], env, `${s.name}-plan.log`);
    try {
      if (r.status === 0) {
        console.log(`  ok   ${s.name}: no changes`);
        continue;
      }
      if (r.status !== 2) {
        problems.push(`${s.name}: terraform plan failed (exit ${r.status}):\n${r.stderr || r.stdout}`);
        console.log(`  FAIL ${s.name}: terraform plan failed`);
        continue;
      }
      const show = tf(s, ["show", "-json", "-no-color", planFile], env);
      if (show.status !== 0) {
        problems.push(`${s.name}: terraform show -json failed:\n${show.stderr}`);
        continue;
      }
      const res = planProblems(s.name, JSON.parse(show.stdout) as PlanJson, gaps);
      problems.push(...res.problems);
      console.log(`  ${res.problems.length ? "FAIL" : "ok  "} ${s.name}: ${res.explained.length} documented emulator gap(s), ${res.problems.length} unexplained difference(s)`);
      for (const e of res.explained) console.log(`       ${e}`);
    } finally {
      rmSync(planFile, { force: true });
    }
  }
  return problems;
}

/** The accepted ids of the account's state CMK (`alias/<bucket>`): the alias ARN the backend sends, and the key ARN. */
export function stateKeyIds(bucket: string, aliasArn: string, env: NodeJS.ProcessEnv): string[] {
  const d = aws(["kms", "describe-key", "--key-id", `alias/${bucket}`], env);
  const keyArn = (d.json as { KeyMetadata?: { Arn?: string } } | undefined)?.KeyMetadata?.Arn;
  if (d.status !== 0 || !keyArn) throw new Error(`the state CMK alias/${bucket} does not exist: ${d.stderr}`);
  return [aliasArn, keyArn];
}

/** head-object of every object under `prefix` (`<env>/`: state and any lock objects): SSE-KMS with the state CMK. */
export function checkStateEncryption(bucket: string, prefix: string, keyIds: readonly string[], env: NodeJS.ProcessEnv): { problems: string[]; checked: string[] } {
  const list = aws(["s3api", "list-objects-v2", "--bucket", bucket, "--prefix", prefix], env);
  if (list.status !== 0) return { problems: [`list-objects-v2 s3://${bucket} failed: ${list.stderr}`], checked: [] };
  const keys = ((list.json as { Contents?: { Key: string }[] } | undefined)?.Contents ?? []).map((c) => c.Key);
  const problems: string[] = [];
  if (!keys.some((k) => k.endsWith(".tfstate"))) problems.push(`s3://${bucket}/${prefix} holds no state object`);
  for (const key of keys) {
    const head = aws(["s3api", "head-object", "--bucket", bucket, "--key", key], env);
    if (head.status !== 0) problems.push(`head-object s3://${bucket}/${key} failed: ${head.stderr}`);
    else problems.push(...encryptionProblems(`s3://${bucket}/${key}`, head.json as HeadObject, keyIds));
  }
  return { problems, checked: keys };
}
