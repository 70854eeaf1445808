/**
 * Target group replacement in the emulator (moto enforces DuplicateTargetGroupName like AWS):
 *  1. synthesize `local` with the backend's port 3001 → 3002 into a scratch directory and `terraform apply`
 *     its platform stack against the deployed state: the create-before-destroy replacement must succeed
 *     (a fixed name would fail with DuplicateTargetGroupName), under a new name, at the same address;
 *  2. the contract output `backend_target_group_arn` (what ecspresso reads) is the new group's ARN, and the
 *     old group is gone;
 *  3. apply the real configuration again (cdktf.out), which replaces it back.
 * Runs after the rollout step deleted the ecspresso-owned services, so no service holds the old group.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENVIRONMENTS, type EnvInput } from "../../envs";
import { PlatformOut } from "../../foundation/contract";
import { runSynth } from "../../src/run";
import { aws, run, type StackInfo } from "../lib/local";

const SERVICE = "backend";

function tgArn(dir: string, env: NodeJS.ProcessEnv): string | undefined {
  const r = run("terraform", ["output", "-json", "-no-color"], { cwd: dir, env });
  if (r.status !== 0) return undefined;
  return (JSON.parse(r.stdout) as Record<string, { value: string }>)[PlatformOut.targetGroupArn(SERVICE)]?.value;
}

function tgName(arn: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (!arn) return undefined;
  const r = aws(["elbv2", "describe-target-groups", "--target-group-arns", arn], env);
  return r.status === 0 ? (r.json as { TargetGroups: { TargetGroupName: string }[] }).TargetGroups[0]?.TargetGroupName : undefined;
}

export function replacementTest(envName: string, platform: StackInfo, env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, pass: string, fail: string) => {
    console.log(`  ${ok ? "ok  " : "FAIL"} ${ok ? pass : fail}`);
    if (!ok) problems.push(`replacement test (${platform.name}): ${fail}`);
  };
  const base = ENVIRONMENTS.find((e) => e.name === envName);
  const port = (base?.services as Record<string, { port?: number }> | undefined)?.[SERVICE]?.port;
  if (!base || !port) return [`replacement test: ${envName} has no service "${SERVICE}" with a port`];
  const before = tgArn(platform.dir, env);
  const nameBefore = tgName(before, env);
  if (!before || !nameBefore) return [`replacement test: cannot read the deployed ${SERVICE} target group (output ${PlatformOut.targetGroupArn(SERVICE)} of ${platform.name}: ${before ?? "unreadable"})`];
  const scratch = mkdtempSync(join(tmpdir(), "e2e-replace-"));
  try {
    const moved = JSON.parse(JSON.stringify(base)) as EnvInput & { services: Record<string, { port: number }> };
    moved.services[SERVICE].port = port + 1;
    const outdir = join(scratch, "out");
    const envs = ENVIRONMENTS.map((e) => (e.name === envName ? moved : e));
    const quiet = process.env.POLICY_QUIET;
    process.env.POLICY_QUIET = "1";
    const code = runSynth({ envs, only: [envName], outdir });
    if (quiet === undefined) delete process.env.POLICY_QUIET;
    else process.env.POLICY_QUIET = quiet;
    if (code !== 0) return [`replacement test: synth with ${SERVICE}.port = ${port + 1} failed`];
    const dir = join(outdir, "stacks", platform.name);
    const init = run("terraform", ["init", "-input=false", "-no-color"], { cwd: dir, env, logName: `${platform.name}-replace-init.log` });
    if (init.status !== 0) return [`replacement test: terraform init failed:\n${init.stderr}`];
    const apply = run("terraform", ["apply", "-auto-approve", "-input=false", "-no-color"], { cwd: dir, env, logName: `${platform.name}-replace-apply.log` });
    const out = apply.stdout + apply.stderr;
    check(
      apply.status === 0,
      `${SERVICE}.port ${port} → ${port + 1}: the target group was replaced create-before-destroy (${(/Apply complete!.*/.exec(out) ?? [""])[0]})`,
      `apply of ${SERVICE}.port ${port} → ${port + 1} failed${/DuplicateTargetGroupName/.test(out) ? " with DuplicateTargetGroupName" : ""}:\n${out.slice(-1500)}`,
    );
    const after = tgArn(dir, env);
    const nameAfter = tgName(after, env);
    check(
      !!after && after !== before && !!nameAfter && nameAfter !== nameBefore,
      `new name ${nameAfter} (was ${nameBefore}); output.${PlatformOut.targetGroupArn(SERVICE)} (read by ecspresso) is the new ARN`,
      `expected a new target group and ARN; before ${nameBefore} ${before}, after ${nameAfter} ${after}`,
    );
    const old = before ? aws(["elbv2", "describe-target-groups", "--target-group-arns", before], env) : undefined;
    check(old?.status !== 0, `the old target group ${nameBefore} is deleted`, `the old target group ${before} still exists`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  // Back to the real configuration. Step 5 synthesized cdktf.out/ again, which drops the stack's `.terraform`.
  const reinit = run("terraform", ["init", "-input=false", "-no-color"], { cwd: platform.dir, env, logName: `${platform.name}-replace-reinit.log` });
  if (reinit.status !== 0) return [...problems, `replacement test: terraform init in ${platform.dir} failed:\n${reinit.stderr}`];
  const restore = run("terraform", ["apply", "-auto-approve", "-input=false", "-no-color"], { cwd: platform.dir, env, logName: `${platform.name}-replace-restore.log` });
  const restored = tgName(tgArn(platform.dir, env), env);
  check(restore.status === 0 && restored === nameBefore, `restored ${SERVICE}.port ${port}: target group ${restored}`, `restoring the real configuration failed (exit ${restore.status}):\n${(restore.stdout + restore.stderr).slice(-1500)}`);
  return problems;
}
