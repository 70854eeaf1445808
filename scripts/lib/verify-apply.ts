/**
 * Proof that an apply completed. `cdktf deploy` can exit 0 after terraform was killed mid-apply (a crashed
 * runner, OOM, SIGKILL), so the deploy paths (`local:up`, the CI deploy workflow) check each stack afterwards
 * with one `terraform plan -detailed-exitcode -lock-timeout=0s`:
 *  - "Error acquiring the state lock": the killed run's lock object is still in the bucket → incomplete;
 *  - exit 2: the plan is not clean (resources the apply never reached) → incomplete, unless every difference
 *    is a documented emulator gap (docs/emulator-gaps.md; emulator environments only);
 *  - exit 1 for any other reason: the check itself failed → not proven, fail.
 *
 *   node --require tsx/cjs scripts/lib/verify-apply.ts <stack>… [--outdir cdktf.out] [--emulator-gaps]
 *
 * Exit 0 when every stack is complete, 1 otherwise (one line per problem, naming the stack and the fix).
 */
import { readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { spawn } from "node:child_process";
import { parseGaps, planProblems, type Gap, type PlanJson } from "../e2e/checks";
import { REPO_ROOT } from "./terraform";

export interface LockInfo {
  readonly id?: string;
  readonly who?: string;
  readonly created?: string;
  readonly operation?: string;
}

/** The "Lock Info" block terraform prints when it cannot take the state lock, or undefined. */
export function lockLeftBehind(output: string): LockInfo | undefined {
  if (!/Error acquiring the state lock/.test(output)) return undefined;
  const field = (name: string) => new RegExp(`^\\s*${name}:\\s*(.+)$`, "m").exec(output)?.[1]?.trim();
  return { id: field("ID"), who: field("Who"), created: field("Created"), operation: field("Operation") };
}

export interface PlanRun {
  /** terraform plan -detailed-exitcode's exit status. */
  readonly status: number;
  readonly output: string;
  /** `terraform show -json` of the plan, when it had changes. */
  readonly plan?: PlanJson;
}

/** Problems proving the apply of `stack` incomplete (empty = complete), and the explained emulator gaps. */
export function judgeApply(stack: string, run: PlanRun, gaps: readonly Gap[] = []): { problems: string[]; explained: string[] } {
  const lock = lockLeftBehind(run.output);
  if (lock) {
    return {
      problems: [
        `${stack}: the apply is incomplete: a state lock was left behind (ID ${lock.id ?? "?"}, ${lock.operation ?? "?"} by ${lock.who ?? "?"}, created ${lock.created ?? "?"}); ` +
          "terraform was killed mid-run. Make sure no run is still going, then release it with `npm run state -- <env> <layer> force-unlock <ID> --allow-mutation` and deploy again",
      ],
      explained: [],
    };
  }
  if (run.status === 0) return { problems: [], explained: [] };
  if (run.status !== 2 || !run.plan) {
    return { problems: [`${stack}: could not verify the apply: terraform plan failed (exit ${run.status}):\n${run.output.trim().split("\n").slice(-15).join("\n")}`], explained: [] };
  }
  const r = planProblems(stack, run.plan, gaps);
  return {
    problems: r.problems.length ? [`${stack}: the apply is incomplete: the plan after deploy is not clean; deploy again:\n  ${r.problems.join("\n  ")}`] : [],
    explained: r.explained,
  };
}

/** Run a command without blocking the event loop (local:up deploys environments in parallel). */
function exec(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (e) => done({ status: 127, stdout, stderr: stderr + String(e) }));
    child.on("close", (code) => done({ status: code ?? 1, stdout, stderr }));
  });
}

/** Run the check in a synthesized stack directory. */
export async function verifyApplied(stack: string, dir: string, env: NodeJS.ProcessEnv, gaps: readonly Gap[] = []): Promise<{ problems: string[]; explained: string[] }> {
  const planFile = join(dir, "verify-apply.tfplan");
  try {
    const p = await exec("terraform", ["plan", "-detailed-exitcode", "-lock-timeout=0s", "-input=false", "-no-color", `-out=${planFile}`], dir, env);
    let plan: PlanJson | undefined;
    if (p.status === 2) {
      const show = await exec("terraform", ["show", "-json", "-no-color", planFile], dir, env);
      if (show.status === 0) plan = JSON.parse(show.stdout) as PlanJson;
    }
    return judgeApply(stack, { status: p.status, output: p.stdout + p.stderr, plan }, gaps);
  } finally {
    rmSync(planFile, { force: true });
  }
}

/** The documented emulator gaps (docs/emulator-gaps.md). */
export function emulatorGaps(): Gap[] {
  return parseGaps(readFileSync(join(REPO_ROOT, "docs", "emulator-gaps.md"), "utf8"));
}

async function main(argv: string[]): Promise<number> {
  const outIdx = argv.indexOf("--outdir");
  const outdir = resolve(outIdx >= 0 ? argv[outIdx + 1] : join(REPO_ROOT, "cdktf.out"));
  const gaps = argv.includes("--emulator-gaps") ? emulatorGaps() : [];
  const stacks = argv.filter((a, i) => !a.startsWith("--") && !(outIdx >= 0 && i === outIdx + 1));
  if (!stacks.length) {
    console.error("usage: verify-apply.ts <stack>… [--outdir cdktf.out] [--emulator-gaps]");
    return 2;
  }
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { workingDirectory: string }> };
  let failed = 0;
  for (const stack of stacks) {
    const s = manifest.stacks[stack];
    if (!s) {
      console.error(`${stack}: not in ${outdir}/manifest.json; synthesize first`);
      failed++;
      continue;
    }
    const r = await verifyApplied(stack, join(outdir, s.workingDirectory), process.env, gaps);
    for (const p of r.problems) console.error(p);
    if (r.problems.length) failed++;
    else console.log(`${stack}: apply complete (plan clean${r.explained.length ? `, ${r.explained.length} documented emulator gap(s)` : ""}, no lock left)`);
  }
  return failed ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exitCode = 1;
    },
  );
}
