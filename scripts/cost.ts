/**
 * Monthly cost estimate per environment from the synthesized stacks and config (docs/cost.md).
 *   npm run cost                        every environment of every system: lines, total, budget, levers, summary
 *   npm run cost -- dev prod            only these environments
 *   npm run cost -- --summary           only the summary table
 *   npm run cost -- --json <file>       also write the JSON summary (CI compares base and head)
 *   npm run cost -- --synth             synthesize first even when cdktf.out/ is current
 * Reads cdktf.out/ and synthesizes it first (`npm run synth`'s runSynth) when it is missing or older than the
 * sources. Exit 1 for invalid config, a failed synth or a resource type without a price (named); 2 for usage.
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadConfig } from "../envs";
import { ConfigError } from "../foundation/errors";
import { runSynth } from "../src/run";
import { readStacks, type StackJson } from "./lib/synth";
import { REPO_ROOT } from "./lib/terraform";
import { PricingError, UnpricedTypesError } from "./lib/pricing/estimate";
import { estimateAll, formatEstimate, formatSummary, summarize, synthIsCurrent } from "./lib/pricing/report";

function usage(problem: string): number {
  console.error(`usage: cost.ts [<env>...] [--summary] [--json <file>] [--synth]\n${problem}`);
  return 2;
}

/** The synthesized stacks of cdktf.out/, synthesizing first when missing or stale (or when forced). */
export function loadStacks(force = false): Map<string, StackJson> {
  const outdir = join(REPO_ROOT, "cdktf.out");
  if (force || !synthIsCurrent(REPO_ROOT, outdir, loadConfig().envs.map((e) => e.name))) {
    console.error("cost: synthesizing every environment into cdktf.out/ (npm run synth) ...");
    process.env.POLICY_QUIET ??= "1";
    const rc = runSynth({ outdir });
    if (rc !== 0) throw new ConfigError("synth", "E_SYNTH", "synth failed (see above); no estimate");
  }
  return new Map(readStacks(outdir).map((s) => [s.name, s.json]));
}

function main(argv: string[]): number {
  const flags = new Set<string>();
  const names: string[] = [];
  let jsonFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") {
      jsonFile = argv[++i];
      if (!jsonFile) return usage("--json needs a file");
    } else if (a === "--summary" || a === "--synth") flags.add(a);
    else if (a.startsWith("-")) return usage(`unknown option ${a}`);
    else names.push(a);
  }
  try {
    const { envs } = loadConfig();
    const unknown = names.filter((n) => !envs.some((e) => e.name === n));
    if (unknown.length) {
      console.error(`unknown environment(s) ${unknown.join(", ")}; known: ${envs.map((e) => e.name).join(", ")}`);
      return 2;
    }
    const selected = names.length ? envs.filter((e) => names.includes(e.name)) : [...envs];
    // Group by system (config order of systems, then environments).
    const systems = [...new Set(selected.map((e) => e.system))];
    const ordered = systems.flatMap((s) => selected.filter((e) => e.system === s));
    const all = estimateAll(ordered, loadStacks(flags.has("--synth")));
    if (!flags.has("--summary")) for (const e of all) console.log(`${formatEstimate(e)}\n`);
    console.log(formatSummary(all));
    if (jsonFile) writeFileSync(resolve(jsonFile), JSON.stringify(summarize(all), null, 2) + "\n");
    return 0;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof UnpricedTypesError || e instanceof PricingError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
