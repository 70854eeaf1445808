/**
 * `npm run tflint`: tflint (pinned in scripts/tools.sh, installed in .tools/bin) with the repository's `.tflint.hcl`
 * over every synthesized stack (`cdk.tf.json`: tflint reads Terraform's JSON syntax), in one recursive run.
 *
 *   npm run tflint                      synthesize every environment into a scratch directory, then lint it
 *   npm run tflint -- --dir cdktf.out   lint an existing synth output
 *
 * Rules: tflint's bundled terraform ruleset, preset "recommended". The AWS ruleset (tflint-ruleset-aws) is a
 * separate plugin binary; the Go module proxy these machines reach does not serve it (scripts/tools.sh says so),
 * so it is not configured. A waiver is a `rule "<name>" { enabled = false }` block in `.tflint.hcl` with its
 * reason above it.
 *
 * Prints every finding as `<stack>/cdk.tf.json:<line>: <severity> <rule>: <message>`, then
 * `tflint: N stack(s), N finding(s), N error(s)`. Exit 1 on any finding or error.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { synthAll } from "./lib/synth";

const REPO = resolve(__dirname, "..");
const TFLINT = join(REPO, ".tools", "bin", "tflint");
const CONFIG = join(REPO, ".tflint.hcl");

interface Issue {
  rule: { name: string; severity: string };
  message: string;
  range: { filename: string; start: { line: number } };
}
interface Result {
  issues: Issue[];
  errors: { message: string; summary?: string; range?: { filename: string } }[];
}

/** Run tflint over every stack directory under `<outdir>/stacks`; returns the printed lines and the exit code. */
export function lintStacks(outdir: string, tflint = TFLINT): { lines: string[]; code: number; stacks: number } {
  if (!existsSync(tflint)) {
    return { lines: [`tflint is not installed at ${tflint}: run npm run tools (scripts/tools.sh)`], code: 127, stacks: 0 };
  }
  const stacksDir = join(outdir, "stacks");
  const stacks = readdirSync(stacksDir).length;
  const r = spawnSync(tflint, ["--recursive", `--config=${CONFIG}`, "--format=json", "--force"], {
    cwd: stacksDir,
    encoding: "utf8",
    env: { ...process.env, TFLINT_LOG: "" },
  });
  let result: Result;
  try {
    result = JSON.parse(r.stdout) as Result;
  } catch {
    return { lines: [`tflint printed no JSON (exit ${r.status}):`, r.stderr || r.stdout], code: 1, stacks };
  }
  const lines = [
    ...result.issues.map((i) => `${i.range.filename}:${i.range.start.line}: ${i.rule.severity} ${i.rule.name}: ${i.message}`),
    ...result.errors.map((e) => `${e.range?.filename ?? "(config)"}: error: ${e.summary ?? ""} ${e.message}`.trim()),
  ];
  lines.push(`tflint: ${stacks} stack(s), ${result.issues.length} finding(s), ${result.errors.length} error(s)`);
  return { lines, code: result.issues.length || result.errors.length || r.status === null ? 1 : 0, stacks };
}

function main(): void {
  const i = process.argv.indexOf("--dir");
  const given = i > 0 ? resolve(process.argv[i + 1]) : undefined;
  const outdir = given ?? mkdtempSync(join(tmpdir(), "tflint-"));
  try {
    if (!given) synthAll(outdir);
    const version = spawnSync(TFLINT, ["--version"], { encoding: "utf8" }).stdout?.split("\n").filter(Boolean).join("; ");
    if (version) console.log(version);
    const r = lintStacks(outdir);
    for (const l of r.lines) console.log(l);
    process.exitCode = r.code;
  } finally {
    if (!given) rmSync(outdir, { recursive: true, force: true });
  }
}

if (require.main === module) main();
