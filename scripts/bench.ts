/**
 * Benchmark: full synth of every environment, three ways side by side, interleaved in one run so machine noise
 * hits them alike:
 *   - ours:     the app command of cdktf.json (the synth step of `npm run synth`, policy pack included);
 *   - template: the same app run the cdktf template way — the app command of `cdktf init --template typescript`'s
 *               cdktf.json (`npx ts-node main.ts`: type-checking) with that template's tsconfig.json (target and
 *               lib raised to ES2022, see TEMPLATE_TSCONFIG) and every provider class imported from the package
 *               root (namespace imports), a copy generated in .bench/template/;
 *   - floor:    the same app compiled once by tsc and run with plain node (no transform at run time).
 * Prints median wall time, median CPU time (user + system: steadier than wall on a shared machine) and peak RSS
 * per way, then the ratios on both: template ÷ ours (target ≥ 10×) and ours ÷ floor (target ≤ 1.5×), and ours'
 * peak memory (target ≤ 200 MiB).
 *
 *   npm run bench              # 3 runs each (+1 warm-up)
 *   npm run bench -- --runs 5
 *   npm run bench -- --no-template   # ours vs floor only (the template way takes tens of seconds a run)
 *
 * It reports; it does not fail on a target (performance is measured, not asserted in tests).
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { REPO_ROOT } from "./lib/terraform";

interface Sample {
  wall_s: number;
  cpu_s: number;
  max_rss_kib: number;
  status: number;
  stderr: string;
}

const arg = (name: string) => process.argv.indexOf(name);
const RUNS = arg("--runs") > 0 ? Number(process.argv[arg("--runs") + 1]) : 3;
const WITH_TEMPLATE = arg("--no-template") < 0;
const BENCH = join(REPO_ROOT, ".bench");
const JS_OUT = join(BENCH, "js");
const TEMPLATE = join(BENCH, "template");

function measure(cmd: string[], cwd: string, outdir: string): Sample {
  const out = execFileSync("python3", [join(REPO_ROOT, "scripts", "lib", "measure.py"), "--", ...cmd], {
    cwd,
    env: { ...process.env, CDKTF_OUTDIR: outdir },
    maxBuffer: 16 * 1024 * 1024,
  }).toString();
  const s = JSON.parse(out) as Sample;
  if (s.status !== 0) throw new Error(`${cmd.join(" ")} failed:\n${s.stderr}`);
  return s;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The app command of cdktf.json, split into argv (it is a plain `node …` command line). */
function appCommand(): string[] {
  const app = (JSON.parse(readFileSync(join(REPO_ROOT, "cdktf.json"), "utf8")) as { app: string }).app.split(/\s+/);
  if (app[0] !== "node") throw new Error(`cdktf.json app does not start with node: ${app.join(" ")}`);
  return [process.execPath, ...app.slice(1)];
}

/** `export * as <ns> from './<path>'` lines of a provider package's root index: lib path → namespace name. */
function rootNamespaces(pkg: string): Map<string, string> {
  const index = readFileSync(join(REPO_ROOT, "node_modules", pkg, "lib", "index.d.ts"), "utf8");
  return new Map([...index.matchAll(/export \* as (\w+) from '\.\/([^']+)'/g)].map((m) => [m[2], m[1]]));
}

const SOURCES = ["main.ts", "foundation", "src", "modules", "envs", "scripts", "deploy"];
const tsFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith(".ts") ? [p] : [];
  });

/**
 * `cdktf init --template typescript`'s tsconfig.json (cdktf 0.21, packages/@cdktf/cli-core/templates/typescript), with
 * one change: `target` and `lib` ES2018 → ES2022, the language level this app is written for (it uses ES2019–2022
 * library calls such as Object.fromEntries, Array#flatMap and Array#at, which do not type-check under ES2018).
 */
const TEMPLATE_TSCONFIG = {
  compilerOptions: {
    alwaysStrict: true,
    declaration: true,
    experimentalDecorators: true,
    inlineSourceMap: true,
    inlineSources: true,
    lib: ["es2022"],
    module: "CommonJS",
    noEmitOnError: true,
    noFallthroughCasesInSwitch: true,
    noImplicitAny: true,
    noImplicitReturns: true,
    noImplicitThis: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    resolveJsonModule: true,
    strict: true,
    strictNullChecks: true,
    strictPropertyInitialization: true,
    stripInternal: true,
    target: "ES2022",
    incremental: true,
    skipLibCheck: true,
  },
  include: ["**/*.ts"],
  exclude: ["node_modules", "cdktf.out"],
};

/**
 * Copy the app into .bench/template/ (inside the repo, so node_modules resolves) with every
 * `import { A, B as C } from "@cdktf/provider-x/lib/<path>"` rewritten to the package root:
 * `import { <ns> as __x_<ns> } from "@cdktf/provider-x"; import A = __x_<ns>.A; import C = __x_<ns>.B;`
 * (TypeScript import aliases keep both the values and the types). Returns the number of rewritten imports.
 */
function generateTemplateApp(): number {
  rmSync(TEMPLATE, { recursive: true, force: true });
  mkdirSync(TEMPLATE, { recursive: true });
  for (const s of SOURCES) cpSync(join(REPO_ROOT, s), join(TEMPLATE, s), { recursive: true });
  writeFileSync(join(TEMPLATE, "tsconfig.json"), JSON.stringify(TEMPLATE_TSCONFIG, null, 2));
  const ns = { aws: rootNamespaces("@cdktf/provider-aws"), github: rootNamespaces("@cdktf/provider-github") };
  let rewritten = 0;
  const re = /^import (type )?\{([^}]+)\} from "@cdktf\/provider-(aws|github)\/lib\/([^"]+)";$/gm;
  for (const file of tsFiles(TEMPLATE)) {
    const text = readFileSync(file, "utf8");
    const out = text.replace(re, (_m, _type: string | undefined, names: string, pkg: "aws" | "github", path: string) => {
      const n = ns[pkg].get(path.replace(/\/index$/, ""));
      if (!n) throw new Error(`${relative(REPO_ROOT, file)}: no root namespace for @cdktf/provider-${pkg}/lib/${path}`);
      rewritten++;
      const local = `__${pkg}_${n}`;
      const aliases = names
        .split(",")
        .map((x) => x.trim().replace(/^type\s+/, ""))
        .filter(Boolean)
        .map((x) => {
          const [from, as] = x.split(/\s+as\s+/);
          return `import ${as ?? from} = ${local}.${from};`;
        });
      return [`import { ${n} as ${local} } from "@cdktf/provider-${pkg}";`, ...aliases].join("\n");
    });
    if (out !== text) writeFileSync(file, out);
  }
  return rewritten;
}

function main() {
  console.log(`compiling the floor with tsc → ${relative(REPO_ROOT, JS_OUT)}`);
  rmSync(JS_OUT, { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", JS_OUT], { cwd: REPO_ROOT, stdio: "inherit" });

  const variants: Record<string, { cmd: string[]; cwd: string }> = {
    // Exactly the app command of cdktf.json (what `cdktf synth` and `npm run synth` run).
    "ours (cdktf.json app)": { cmd: appCommand(), cwd: REPO_ROOT },
    "floor (tsc-compiled, node)": { cmd: [process.execPath, join(JS_OUT, "main.js")], cwd: REPO_ROOT },
  };
  if (WITH_TEMPLATE) {
    const n = generateTemplateApp();
    console.log(`template way: ${n} provider imports rewritten to the package roots in ${relative(REPO_ROOT, TEMPLATE)}/`);
    // The template's cdktf.json app command, verbatim (`npx ts-node main.ts`), as ours is our cdktf.json's.
    variants["template (ts-node, package root)"] = { cmd: ["npx", "ts-node", "main.ts"], cwd: TEMPLATE };
  }
  const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  const outdir = mkdtempSync(join(tmpdir(), "bench-"));
  try {
    // One warm-up each (file cache, ts-node has no cache of its own), then interleave.
    for (const v of Object.values(variants)) measure(v.cmd, v.cwd, join(outdir, "out"));
    for (let i = 0; i < RUNS; i++) {
      for (const [name, v] of Object.entries(variants)) samples[name].push(measure(v.cmd, v.cwd, join(outdir, "out")));
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
    // The template copy imports provider classes from the package roots on purpose (the slow baseline); it is
    // regenerated on every run, so it never stays in the checkout where it could be mistaken for project code.
    rmSync(TEMPLATE, { recursive: true, force: true });
  }

  const rows = Object.fromEntries(
    Object.entries(samples).map(([name, s]) => [
      name,
      { wall: median(s.map((x) => x.wall_s)), cpu: median(s.map((x) => x.cpu_s)), rss: Math.max(...s.map((x) => x.max_rss_kib)) / 1024 },
    ]),
  );
  console.log(`\nfull synth of every environment, ${RUNS} runs each (median wall, median CPU, peak RSS):`);
  for (const [name, r] of Object.entries(rows)) {
    console.log(`  ${name.padEnd(34)} ${r.wall.toFixed(2).padStart(7)} s wall  ${r.cpu.toFixed(2).padStart(7)} s CPU  ${r.rss.toFixed(0).padStart(5)} MiB`);
  }
  const ours = rows["ours (cdktf.json app)"];
  const floor = rows["floor (tsc-compiled, node)"];
  const template = rows["template (ts-node, package root)"];
  console.log("");
  if (template) {
    const [w, c] = [template.wall / ours.wall, template.cpu / ours.cpu];
    console.log(`template ÷ ours: ${w.toFixed(1)}x wall, ${c.toFixed(1)}x CPU (target ≥ 10x) ${w >= 10 ? "OK" : "UNDER"}; template peak ${template.rss.toFixed(0)} MiB`);
  }
  const [w, c] = [ours.wall / floor.wall, ours.cpu / floor.cpu];
  console.log(`ours ÷ floor:    ${w.toFixed(2)}x wall, ${c.toFixed(2)}x CPU (target ≤ 1.5x) ${w <= 1.5 ? "OK" : "OVER"}`);
  console.log(`peak memory:     ${ours.rss.toFixed(0)} MiB (target ≤ 200 MiB) ${ours.rss <= 200 ? "OK" : "OVER"}`);
}

main();
