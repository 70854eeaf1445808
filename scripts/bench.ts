/**
 * Benchmark: full synth of every environment as cdktf runs the app (cdktf.json `app`, the synth step of
 * `npm run synth`: node --max-semi-space-size=4 --require tsx/cjs main.ts, policy pack included) side by side
 * with the floor (the same app compiled to JavaScript by tsc and run with plain node), interleaved in one run.
 * Prints median wall time, peak RSS and the ratio to the floor. Targets: ratio ≤ 2.0, peak ≤ 200 MiB.
 *
 *   npm run bench              # 5 runs each
 *   npm run bench -- --runs 9
 *
 * It reports; it does not fail on a target (performance is measured, not asserted in tests).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "./lib/terraform";

interface Sample {
  wall_s: number;
  max_rss_kib: number;
  status: number;
  stderr: string;
}

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const JS_OUT = join(REPO_ROOT, ".bench", "js");

function measure(cmd: string[], outdir: string): Sample {
  const out = execFileSync("python3", [join(REPO_ROOT, "scripts", "lib", "measure.py"), "--", ...cmd], {
    cwd: REPO_ROOT,
    env: { ...process.env, CDKTF_OUTDIR: outdir },
  }).toString();
  const s = JSON.parse(out) as Sample;
  if (s.status !== 0) throw new Error(`${cmd.join(" ")} failed:\n${s.stderr}`);
  return s;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function main() {
  console.log(`compiling the floor with tsc → ${JS_OUT}`);
  rmSync(JS_OUT, { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", JS_OUT], { cwd: REPO_ROOT, stdio: "inherit" });

  const variants: Record<string, string[]> = {
    // Exactly the app command of cdktf.json (tsx's CommonJS hook in-process; the tsx CLI would add a child process).
    // --max-semi-space-size=4: a smaller young generation for this short batch process; measured peak RSS 204 →
    // 176 MiB at the same wall time (2026-11-23, all environments).
    "tsx (cdktf app / npm run synth)": [process.execPath, "--max-semi-space-size=4", "--require", "tsx/cjs", "main.ts"],
    "node (tsc-compiled floor)": [process.execPath, join(JS_OUT, "main.js")],
  };
  const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  const outdir = mkdtempSync(join(tmpdir(), "bench-"));
  try {
    // One warm-up each (file cache), then interleave so machine noise hits both alike.
    for (const cmd of Object.values(variants)) measure(cmd, join(outdir, "out"));
    for (let i = 0; i < RUNS; i++) {
      for (const [name, cmd] of Object.entries(variants)) samples[name].push(measure(cmd, join(outdir, "out")));
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }

  const rows = Object.entries(samples).map(([name, s]) => ({
    name,
    wall: median(s.map((x) => x.wall_s)),
    rss: Math.max(...s.map((x) => x.max_rss_kib)) / 1024,
  }));
  console.log(`\nfull synth of every environment, ${RUNS} runs each (median wall, peak RSS):`);
  for (const r of rows) console.log(`  ${r.name.padEnd(30)} ${r.wall.toFixed(2)} s   ${r.rss.toFixed(0)} MiB`);
  const [subject, floor] = rows;
  const ratio = subject.wall / floor.wall;
  console.log(`\nratio to floor: ${ratio.toFixed(2)}x (target ≤ 2.0x) ${ratio <= 2 ? "OK" : "OVER"}`);
  console.log(`peak memory:    ${subject.rss.toFixed(0)} MiB (target ≤ 200 MiB) ${subject.rss <= 200 ? "OK" : "OVER"}`);
}

main();
