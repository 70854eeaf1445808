/**
 * `npm run tflint`: tflint (pinned in scripts/tools.sh, installed in .tools/bin) with the repository's `.tflint.hcl`
 * over every synthesized stack (`cdk.tf.json`: tflint reads Terraform's JSON syntax), in one recursive run.
 *
 *   npm run tflint                      synthesize every environment into a scratch directory, then lint it
 *   npm run tflint -- --dir cdktf.out   lint an existing synth output
 *
 * Rules: tflint's bundled terraform ruleset (preset "recommended") and the AWS ruleset (tflint-ruleset-aws, built by
 * scripts/tools.sh into .tools/tflint-plugins; this script sets TFLINT_PLUGIN_DIR to it): invalid instance types,
 * engine versions, names and enum values, checked offline (deep_check off). A waiver is a `rule "<name>" { enabled =
 * false }` block in `.tflint.hcl` with its reason above it.
 *
 * Prints every finding as `<stack>/cdk.tf.json:<line>: <severity> <rule>: <message>`, then
 * `tflint: N stack(s), N finding(s), N error(s); rulesets: aws 0.36.0, terraform 0.15.0-bundled` (the rulesets tflint
 * loaded with this config, so a run without the AWS ruleset is visible). Exit 1 on any finding or error, or when the
 * AWS ruleset is not loaded.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { synthAll } from "./lib/synth";

const REPO = resolve(__dirname, "..");
const TFLINT = join(REPO, ".tools", "bin", "tflint");
const CONFIG = join(REPO, ".tflint.hcl");
/** Where scripts/tools.sh installs tflint-ruleset-aws (a plugin tflint loads by file name). */
export const PLUGIN_DIR = join(REPO, ".tools", "tflint-plugins");

interface Issue {
  rule: { name: string; severity: string };
  message: string;
  range: { filename: string; start: { line: number } };
}
interface Result {
  issues: Issue[];
  errors: { message: string; summary?: string; range?: { filename: string } }[];
}

const env = (): NodeJS.ProcessEnv => ({ ...process.env, TFLINT_LOG: "", TFLINT_PLUGIN_DIR: PLUGIN_DIR });

/** The rulesets tflint loads with `.tflint.hcl`, as `name version` (from `tflint --version`'s `+ ruleset.x (v)` lines). */
export function rulesets(tflint = TFLINT): string[] {
  const out = spawnSync(tflint, ["--version", `--config=${CONFIG}`], { encoding: "utf8", env: env() }).stdout ?? "";
  return [...out.matchAll(/^\+ ruleset\.(\S+) \((\S+)\)$/gm)].map((m) => `${m[1]} ${m[2]}`).sort();
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
    env: env(),
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
  const loaded = rulesets(tflint);
  const aws = loaded.some((l) => l.startsWith("aws "));
  if (!aws) lines.push(`tflint-ruleset-aws is not loaded (expected in ${PLUGIN_DIR}): run npm run tools (scripts/tools.sh)`);
  lines.push(
    `tflint: ${stacks} stack(s), ${result.issues.length} finding(s), ${result.errors.length} error(s); rulesets: ${loaded.join(", ")}`,
  );
  return { lines, code: result.issues.length || result.errors.length || r.status === null || !aws ? 1 : 0, stacks };
}

function main(): void {
  const i = process.argv.indexOf("--dir");
  const given = i > 0 ? resolve(process.argv[i + 1]) : undefined;
  const outdir = given ?? mkdtempSync(join(tmpdir(), "tflint-"));
  try {
    if (!given) synthAll(outdir);
    const version = spawnSync(TFLINT, ["--version", `--config=${CONFIG}`], { encoding: "utf8", env: env() })
      .stdout?.split("\n").filter(Boolean).join("; ");
    if (version) console.log(version);
    const r = lintStacks(outdir);
    for (const l of r.lines) console.log(l);
    process.exitCode = r.code;
  } finally {
    if (!given) rmSync(outdir, { recursive: true, force: true });
  }
}

if (require.main === module) main();
