/**
 * `npm run checkov`: checkov (`--framework terraform_json`, pinned in scripts/tools.sh, installed in .tools/) over
 * every synthesized stack, with the project's `waive()` calls handed to it per resource.
 *
 *   npm run checkov                      synthesize every environment into a scratch directory, then scan it
 *   npm run checkov -- --dir cdktf.out   scan an existing synth output
 *   npm run checkov -- --jobs 2          split the stacks over 2 checkov processes (default 1: each process pays
 *                                        ~3 s of start-up, and on 2 shared cores one process finished first)
 *
 * Waivers: every `waive(scope, "CKV_…", reason)` is recorded in its stack's JSON (`"//".waivers`) and expanded to
 * the resources at and below `scope`. They are written as a checkov baseline (`.tf-cache/checkov.baseline`, checkov's
 * own format: file → resource → check ids) and applied per file, resource and check id to checkov's JSON result.
 * checkov's `--baseline` flag itself is not used: in checkov 3.3.30 it matches on resource and check id only, not on
 * the file (the same construct has the same address in every environment's stack, so a dev-only waiver would hide
 * the prod finding), and it drops every passed check that is not in the baseline (passed count 0). terraform_json
 * has no inline skip comments (checkov issue 4634). A waiver that matches no failing checkov result fails the run.
 *
 * Ids the policy pack owns (modules/guardrails/registry.ts: checkov gets them wrong on this JSON) are passed to
 * checkov as --skip-check, so no rule is judged twice.
 *
 * Prints checkov's summary, every unwaived failure with its construct path, then `checkov: N passed, N failed,
 * N waived`. Exit code 1 on any unwaived failure, stale waiver or checkov error.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { readStacks, synthAll, type SynthesizedStack } from "./lib/synth";
import { CHECKOV_ID, covers, evaluate, RULES, type CheckovWaiver } from "../modules/guardrails";
import type { StackDoc } from "../modules/guardrails/context";

const REPO = resolve(__dirname, "..");
const CHECKOV = join(REPO, ".tools", "bin", "checkov");

interface CheckRecord {
  readonly check_id: string;
  readonly check_name: string;
  readonly file_path: string;
  readonly resource: string;
  readonly guideline?: string | null;
}
interface CheckovJson {
  readonly check_type: string;
  readonly results: { readonly passed_checks: CheckRecord[]; readonly failed_checks: CheckRecord[]; readonly skipped_checks: CheckRecord[]; readonly parsing_errors: string[] };
  readonly summary: { readonly passed: number; readonly failed: number; readonly skipped: number; readonly parsing_errors: number; readonly checkov_version: string };
}

/** Ids of pack rules that are checkov ids: checkov is told to skip them (the pack judges them). */
export const PACK_OWNED_CHECKOV_IDS: readonly string[] = RULES.map((r) => r.id).filter((id) => CHECKOV_ID.test(id)).sort();

/**
 * The stack JSON as checkov 3.3.30's terraform_json parser can read it: it treats every key of the top-level
 * `terraform` block as a nested block and raises ("this method receives only dicts") on a scalar such as
 * `required_version = ">= 1.10"`, reporting the whole file as a parsing error. Scalars of that block (settings
 * no checkov check reads) are left out of the copy checkov scans; everything else is byte-for-byte the stack.
 */
export function forCheckov(json: Record<string, unknown>): Record<string, unknown> {
  const tf = json.terraform;
  if (!tf || typeof tf !== "object") return json;
  const blocksOnly = Object.fromEntries(Object.entries(tf as Record<string, unknown>).filter(([, v]) => typeof v === "object" && v !== null));
  return { ...json, terraform: blocksOnly };
}

/** One stack as checkov names it: `/<stack>/cdk.tf.json` relative to the stacks directory. */
function checkovFile(stacksDir: string, s: SynthesizedStack): string {
  return `/${relative(stacksDir, join(s.dir, "cdk.tf.json"))}`;
}

/**
 * checkov 3.3.30 names terraform_json resources of its Python checks `resource.<name>` (the block type, not the
 * resource type) and those of its graph checks `<type>.<name>`: both become the Terraform address.
 */
function addressOf(json: StackDoc, resource: string): string {
  if (!resource.startsWith("resource.")) return resource;
  const name = resource.slice("resource.".length);
  for (const [type, byName] of Object.entries(json.resource ?? {})) if (byName && name in byName) return `${type}.${name}`;
  return resource;
}

/** Construct path of an address (cdktf's `"//".metadata.path`), the address itself when absent. */
function pathOf(json: StackDoc, address: string): string {
  const [type, name] = address.split(".");
  const block = json.resource?.[type]?.[name] as { "//"?: { metadata?: { path?: string } } } | undefined;
  return block?.["//"]?.metadata?.path ?? address;
}

/** checkov's baseline format for the waivers, per file (both resource spellings, see addressOf). */
export function baselineOf(waivers: readonly CheckovWaiver[], fileOf: (stack: string) => string): object {
  const byFile = new Map<string, Map<string, Set<string>>>();
  for (const w of waivers) {
    const file = fileOf(w.stack);
    const res = byFile.get(file) ?? new Map<string, Set<string>>();
    byFile.set(file, res);
    for (const c of w.covers) {
      const [type, name] = c.address.split(".");
      if (type === "data" || !name) continue;
      for (const spelling of [c.address, `resource.${name}`]) res.set(spelling, (res.get(spelling) ?? new Set()).add(w.ruleId));
    }
  }
  return {
    failed_checks: [...byFile.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([file, res]) => ({
      file,
      findings: [...res.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([resource, ids]) => ({ resource, check_ids: [...ids].sort() })),
    })),
  };
}

function runCheckov(cwd: string, files: string[], skip: readonly string[]): Promise<CheckovJson> {
  const args = ["--framework", "terraform_json", "-o", "json", "--skip-download", "--compact", ...(skip.length ? ["--skip-check", skip.join(",")] : []), ...files.flatMap((f) => ["-f", f])];
  return new Promise((res, rej) => {
    const p = spawn(CHECKOV, args, { cwd, env: { ...process.env, LOG_LEVEL: "WARNING" }, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on("data", (d: Buffer) => out.push(d));
    p.stderr.on("data", (d: Buffer) => err.push(d));
    p.on("error", rej);
    p.on("close", (code) => {
      // checkov exits 1 when a check failed: that is a result, not an error.
      const text = Buffer.concat(out).toString("utf8");
      if (code !== 0 && code !== 1) return rej(new Error(`checkov exited ${code}: ${Buffer.concat(err).toString("utf8").slice(-2000)}`));
      try {
        const parsed = JSON.parse(text) as CheckovJson | CheckovJson[];
        const list = Array.isArray(parsed) ? parsed : [parsed];
        // No scannable resource: checkov prints an empty summary object.
        const r = list.find((x) => x.check_type === "terraform_json");
        res(r ?? { check_type: "terraform_json", results: { passed_checks: [], failed_checks: [], skipped_checks: [], parsing_errors: [] }, summary: { passed: 0, failed: 0, skipped: 0, parsing_errors: 0, checkov_version: "?" } });
      } catch (e) {
        rej(new Error(`checkov output is not JSON (${e instanceof Error ? e.message : String(e)}): ${text.slice(0, 500)} ${Buffer.concat(err).toString("utf8").slice(-2000)}`));
      }
    });
  });
}

export interface CheckovOutcome {
  readonly passed: number;
  readonly failed: readonly (CheckRecord & { stack: string; address: string; path: string })[];
  readonly waived: number;
  readonly problems: readonly string[];
  readonly version: string;
}

/** Apply the waivers per file, resource and check id to checkov's records. */
export function applyWaivers(records: { passed: CheckRecord[]; failed: CheckRecord[] }, stacks: readonly SynthesizedStack[], stacksDir: string, waivers: readonly CheckovWaiver[]): Omit<CheckovOutcome, "version"> {
  const byFile = new Map(stacks.map((s) => [checkovFile(stacksDir, s), s]));
  const used = new Set<CheckovWaiver>();
  const failed: (CheckRecord & { stack: string; address: string; path: string })[] = [];
  let waived = 0;
  for (const rec of records.failed) {
    const s = byFile.get(rec.file_path);
    const json = (s?.json ?? {}) as StackDoc;
    const address = addressOf(json, rec.resource);
    const path = pathOf(json, address);
    const w = waivers.find((x) => x.stack === s?.name && x.ruleId === rec.check_id && covers(x.scope, path));
    if (w) {
      used.add(w);
      waived++;
    } else failed.push({ ...rec, stack: s?.name ?? rec.file_path, address, path });
  }
  const problems = waivers
    .filter((w) => !used.has(w))
    .map((w) => `waiver of ${w.ruleId} on ${w.scope} (${w.stack}): matches no failing checkov result; remove the waiver ("${w.reason}")`);
  return { passed: records.passed.length, failed, waived, problems };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const dirArg = args.indexOf("--dir");
  const jobsArg = args.indexOf("--jobs");
  const jobs = Math.max(1, jobsArg >= 0 ? Number(args[jobsArg + 1]) : 1);
  if (!existsSync(CHECKOV)) {
    console.error(`checkov: ${relative(REPO, CHECKOV)} is missing; install the pinned tools with: bash scripts/tools.sh`);
    return 1;
  }
  let tmp: string | undefined;
  const cleanup: string[] = [];
  try {
    const outdir = dirArg >= 0 ? resolve(args[dirArg + 1]) : (tmp = mkdtempSync(join(tmpdir(), "checkov-")));
    const stacks = dirArg >= 0 ? readStacks(outdir) : synthAll(outdir);
    const stacksDir = join(outdir, "stacks");
    // checkov scans a copy (forCheckov) laid out like cdktf.out/stacks, so its file paths are the stacks' own.
    const scanDir = mkdtempSync(join(tmpdir(), "checkov-scan-"));
    cleanup.push(scanDir);
    for (const s of stacks) {
      const rel = relative(stacksDir, join(s.dir, "cdk.tf.json"));
      mkdirSync(join(scanDir, dirname(rel)), { recursive: true });
      writeFileSync(join(scanDir, rel), JSON.stringify(forCheckov(s.json as Record<string, unknown>), null, 2));
    }
    const report = evaluate(stacks.map((s) => ({ name: s.name, json: s.json as StackDoc })));
    const byName = new Map(stacks.map((s) => [s.name, s]));
    const baseline = baselineOf(report.checkovWaivers, (name) => checkovFile(stacksDir, byName.get(name)!));
    mkdirSync(join(REPO, ".tf-cache"), { recursive: true });
    writeFileSync(join(REPO, ".tf-cache", "checkov.baseline"), `${JSON.stringify(baseline, null, 2)}\n`);

    // Stacks round-robin over `jobs` checkov processes (each a few seconds of start-up), sorted by size.
    const files = stacks
      .map((s) => ({ f: relative(stacksDir, join(s.dir, "cdk.tf.json")), size: JSON.stringify(s.json).length }))
      .sort((a, b) => b.size - a.size);
    const groups: string[][] = Array.from({ length: Math.min(jobs, files.length) }, () => []);
    files.forEach((x, i) => groups[i % groups.length].push(x.f));
    const started = Date.now();
    const results = await Promise.all(groups.map((g) => runCheckov(scanDir, g, PACK_OWNED_CHECKOV_IDS)));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);

    const passedRecs = results.flatMap((r) => r.results.passed_checks ?? []);
    const failedRecs = results.flatMap((r) => r.results.failed_checks ?? []);
    const parsing = results.flatMap((r) => r.results.parsing_errors ?? []);
    const version = results[0]?.summary.checkov_version ?? "?";
    console.log(`checkov ${version} (terraform_json, ${stacks.length} stacks, ${groups.length} process(es), ${seconds}s; ids judged by the policy pack skipped: ${PACK_OWNED_CHECKOV_IDS.length})`);
    console.log(`Passed checks: ${passedRecs.length}, Failed checks: ${failedRecs.length}, Skipped checks: 0, Parsing errors: ${parsing.length}`);

    const outcome = applyWaivers({ passed: passedRecs, failed: failedRecs }, stacks, stacksDir, report.checkovWaivers);
    for (const f of [...outcome.failed].sort((a, b) => a.stack.localeCompare(b.stack) || a.check_id.localeCompare(b.check_id) || a.address.localeCompare(b.address))) {
      console.log(`FAIL ${f.check_id} ${f.stack} ${f.address} [${f.path}] ${f.check_name}${f.guideline ? ` (${f.guideline})` : ""}`);
    }
    for (const p of [...outcome.problems, ...parsing.map((p) => `parsing error: ${p}`)]) console.log(`WAIVER/INPUT PROBLEM ${p}`);
    if (outcome.failed.length) console.log("Fix the resource (secure default in the module), or waive(scope, id, reason) where the check does not apply; see docs/guardrails.md.");
    console.log(`checkov: ${outcome.passed} passed, ${outcome.failed.length} failed, ${outcome.waived} waived`);
    return outcome.failed.length || outcome.problems.length || parsing.length ? 1 : 0;
  } finally {
    for (const d of [...cleanup, ...(tmp ? [tmp] : [])]) rmSync(d, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      console.error(`checkov: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 1;
    },
  );
}

