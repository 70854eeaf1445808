/**
 * After-deploy checks of every deployed local-* stack, against the emulator:
 *  - outputs: `terraform output -json` against the outputs contract (scripts/e2e/checks.ts outputsProblems);
 *  - state encryption: every object in the state bucket is SSE-KMS with the account's state CMK.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { aws, run, type StackInfo } from "../lib/local";
import { contractOutputNames, encryptionProblems, outputsProblems, type HeadObject, type TerraformOutputs } from "./checks";

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
