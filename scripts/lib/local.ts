/**
 * The emulator environments (every environment with `emulator` set: `local`, `<system>-local`) against the
 * emulator: the process environment every tool runs with, synth, the deploy order of each environment's
 * stacks, and small wrappers around cdktf, terraform and the AWS CLI.
 * Used by scripts/local.ts (local:up / local:down) and scripts/e2e/*.ts.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../envs";
import { LAYERS } from "../../foundation/contract";
import { REPO_ROOT, terraformEnv } from "./terraform";

/** The web system's emulator environment (design 002); the default of single-environment helpers. */
export const LOCAL_ENV = "local";

/** Every environment with `emulator` set, in envs/index.ts order: what local:up and the e2e deploy. */
export function emulatorEnvNames(): string[] {
  return loadConfig().envs.filter((e) => e.emulator).map((e) => e.name);
}

/**
 * The emulator environments a command works on: the one named (it must have `emulator`), else all of them.
 * Throws naming the known emulator environments.
 */
export function selectEmulatorEnvs(name?: string | readonly string[]): string[] {
  const all = emulatorEnvNames();
  const names = name === undefined ? [] : typeof name === "string" ? [name] : [...name];
  if (!names.length) return all;
  for (const n of names) {
    if (!all.includes(n)) throw new Error(`"${n}" is not an emulator environment (no \`emulator\` in its config); known: ${all.join(", ")}`);
  }
  return names;
}
export const EMULATOR_DIR = process.env.EMULATOR_DIR ?? join(REPO_ROOT, ".emulator");
export const OUTDIR = join(REPO_ROOT, "cdktf.out");
/** Full command logs of local:up / local:down / test:e2e (git-ignored). */
export const LOG_DIR = join(REPO_ROOT, ".emulator", "logs");
const CDKTF = join(REPO_ROOT, "node_modules", ".bin", "cdktf");

/** The running emulator's endpoint (written by scripts/emulator/start.sh), or undefined. */
export function runningEmulator(): string | undefined {
  const file = join(EMULATOR_DIR, "endpoint");
  const pidFile = join(EMULATOR_DIR, "pid");
  if (!existsSync(file) || !existsSync(pidFile)) return undefined;
  try {
    process.kill(Number(readFileSync(pidFile, "utf8").trim()), 0);
  } catch {
    return undefined;
  }
  return readFileSync(file, "utf8").trim();
}

/** Start the emulator (or reuse the running one) and return its endpoint. */
export function startEmulator(): string {
  const r = spawnSync("bash", [join(REPO_ROOT, "scripts", "emulator", "start.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (r.status !== 0) throw new Error("the emulator did not start (scripts/emulator/start.sh failed)");
  return r.stdout.trim().split("\n").pop()!;
}

export function stopEmulator(): void {
  spawnSync("bash", [join(REPO_ROOT, "scripts", "emulator", "stop.sh")], { stdio: "inherit" });
}

/**
 * Environment for synth, cdktf, terraform and the AWS CLI against the emulator. envs/web/local.ts reads
 * LOCAL_AWS_ENDPOINT; the credentials are the emulator's static test keys (it accepts any).
 * CDKTF_DISABLE_PLUGIN_CACHE_ENV keeps cdktf from overriding the plugin cache of the repo's CLI config.
 */
export function localEnv(endpoint: string, envNames: readonly string[] = emulatorEnvNames()): NodeJS.ProcessEnv {
  const env = terraformEnv({
    LOCAL_AWS_ENDPOINT: endpoint,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_REGION: "ap-northeast-1",
    AWS_DEFAULT_REGION: "ap-northeast-1",
    SYNTH_ENVS: envNames.join(","),
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1",
    // Plain, line-oriented cdktf output (no spinner redraws) so logs are readable.
    CI: "1",
    FORCE_COLOR: "0",
  });
  delete env.AWS_PROFILE;
  delete env.AWS_SESSION_TOKEN;
  return env;
}

export interface StackInfo {
  readonly name: string;
  readonly dir: string;
  readonly dependencies: readonly string[];
  /** The layer, from the stack id `<env>-<layer>`. */
  readonly layer: string;
  /** The environment, from the stack id `<env>-<layer>` (absent for stacks of no environment: bootstrap-*). */
  readonly env?: string;
}

/**
 * Synthesize the environments in SYNTH_ENVS (localEnv: the emulator ones) into cdktf.out/ (the same command cdktf
 * runs). A synth replaces cdktf.out/ and with it each stack's `.terraform` and `.terraform.lock.hcl`, which
 * `cdktf deploy` wrote; the harness runs terraform directly in those directories afterwards (outputs, plans, the
 * lock test), so each stack's initialization (same backend, same providers) is carried over into the new output.
 */
export function synthLocal(env: NodeJS.ProcessEnv): StackInfo[] {
  const kept = keepInitialization();
  try {
    const r = spawnSync(process.execPath, ["--require", "tsx/cjs", "main.ts"], { cwd: REPO_ROOT, env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`synth failed:\n${r.stderr}${r.stdout}`);
  } finally {
    restoreInitialization(kept);
  }
  return readManifest();
}

const INIT_FILES = [".terraform", ".terraform.lock.hcl"];

/** Moves every stack's terraform initialization out of cdktf.out/ into a holding folder; returns where. */
function keepInitialization(): { hold: string; dirs: string[] } | undefined {
  const manifestPath = join(OUTDIR, "manifest.json");
  if (!existsSync(manifestPath)) return undefined;
  const { stacks } = JSON.parse(readFileSync(manifestPath, "utf8")) as { stacks: Record<string, { workingDirectory: string }> };
  const hold = join(REPO_ROOT, ".tf-cache", `init-keep-${process.pid}`);
  const dirs: string[] = [];
  for (const { workingDirectory } of Object.values(stacks)) {
    for (const f of INIT_FILES) {
      const from = join(OUTDIR, workingDirectory, f);
      if (!existsSync(from)) continue;
      mkdirSync(join(hold, workingDirectory), { recursive: true });
      renameSync(from, join(hold, workingDirectory, f));
      if (!dirs.includes(workingDirectory)) dirs.push(workingDirectory);
    }
  }
  return { hold, dirs };
}

/** Puts kept initializations back into the stacks of the (new or unchanged) cdktf.out/ that still exist. */
function restoreInitialization(kept: { hold: string; dirs: string[] } | undefined): void {
  if (!kept) return;
  for (const dir of kept.dirs) {
    for (const f of INIT_FILES) {
      const from = join(kept.hold, dir, f);
      const to = join(OUTDIR, dir, f);
      if (existsSync(from) && existsSync(join(OUTDIR, dir)) && !existsSync(to)) renameSync(from, to);
    }
  }
  rmSync(kept.hold, { recursive: true, force: true });
}

export function readManifest(envNames: readonly string[] = emulatorEnvNames()): StackInfo[] {
  const manifest = JSON.parse(readFileSync(join(OUTDIR, "manifest.json"), "utf8")) as {
    stacks: Record<string, { workingDirectory: string; dependencies?: string[] }>;
  };
  // The longest matching name wins (`eldonia-local-network` belongs to `eldonia-local`, never to a `eldonia`).
  const byLength = [...envNames].sort((a, b) => b.length - a.length);
  return Object.entries(manifest.stacks).map(([name, s]) => {
    const env = byLength.find((e) => name.startsWith(`${e}-`));
    return {
      name,
      dir: join(OUTDIR, s.workingDirectory),
      dependencies: s.dependencies ?? [],
      layer: env ? name.slice(env.length + 1) : name,
      ...(env ? { env } : {}),
    };
  });
}

/**
 * The stacks of one environment (`<envName>-*`) in deploy order: cdktf's manifest dependencies first (implicit
 * cross-stack references), then the layer order of foundation/contract.ts LAYERS (network → data → platform →
 * edge → ci → security; stacks read earlier layers through remote state, which the manifest does not record),
 * then by name. A stack of an unknown layer goes last. Throws on a dependency cycle.
 */
export function deployOrder(stacks: readonly StackInfo[], envName: string = LOCAL_ENV): StackInfo[] {
  const local = stacks.filter((s) => (s.env ?? envName) === envName && s.name.startsWith(`${envName}-`));
  const byName = new Map(local.map((s) => [s.name, s]));
  const rank = (s: StackInfo) => {
    const i = (LAYERS as readonly string[]).indexOf(s.layer);
    return i < 0 ? LAYERS.length : i;
  };
  const sorted = [...local].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  const done = new Set<string>();
  const out: StackInfo[] = [];
  const visit = (s: StackInfo, path: string[]) => {
    if (done.has(s.name)) return;
    if (path.includes(s.name)) throw new Error(`stack dependency cycle: ${[...path, s.name].join(" → ")}`);
    for (const d of s.dependencies) {
      const dep = byName.get(d);
      if (dep) visit(dep, [...path, s.name]);
    }
    done.add(s.name);
    out.push(s);
  };
  for (const s of sorted) visit(s, []);
  return out;
}

export interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/** Run a command, capture its output, and keep a copy in LOG_DIR/<logName>. Never throws on exit status. */
export function run(cmd: string, args: readonly string[], opts: { cwd?: string; env: NodeJS.ProcessEnv; logName?: string; input?: string }): RunResult {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: opts.cwd ?? REPO_ROOT, env: opts.env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, input: opts.input });
  const res = { status: r.status ?? 1, stdout: r.stdout ?? "", stderr: (r.stderr ?? "") + (r.error ? String(r.error) : ""), seconds: (Date.now() - t0) / 1000 };
  if (opts.logName) {
    mkdirSync(LOG_DIR, { recursive: true });
    writeFileSync(join(LOG_DIR, opts.logName), `$ ${cmd} ${args.join(" ")}\n${res.stdout}\n--- stderr\n${res.stderr}`);
  }
  return res;
}

/**
 * Start a command in the background with its stdin open (a pipe); `done` resolves when it exits.
 * `detached` gives it its own process group, so `process.kill(-pid)` ends it and its children.
 */
export function runAsync(cmd: string, args: readonly string[], opts: { cwd: string; env: NodeJS.ProcessEnv; detached?: boolean }) {
  const t0 = Date.now();
  const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, detached: opts.detached ?? false, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<RunResult>((resolveRun) => {
    child.on("error", (e) => resolveRun({ status: 127, stdout, stderr: stderr + String(e), seconds: (Date.now() - t0) / 1000 }));
    child.on("close", (code) => resolveRun({ status: code ?? 1, stdout, stderr, seconds: (Date.now() - t0) / 1000 }));
  });
  return { child, done, output: () => stdout + stderr };
}

/** `cdktf <verb> <stack>` on the already synthesized output, non-interactive, with the emulator env. */
export function cdktf(verb: "deploy" | "destroy", stack: string, env: NodeJS.ProcessEnv): RunResult {
  return run(CDKTF, cdktfArgs(verb, stack), { env, logName: `${stack}-${verb}.log` });
}

function cdktfArgs(verb: "deploy" | "destroy", stack: string): string[] {
  return [verb, stack, "--auto-approve", "--skip-provider-lock", "--skip-synth", "--no-color", "--output", OUTDIR];
}

/** `cdktf()` without blocking the event loop, so two environments deploy at the same time. */
export async function cdktfAsync(verb: "deploy" | "destroy", stack: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  const { child, done } = runAsync(CDKTF, cdktfArgs(verb, stack), { cwd: REPO_ROOT, env });
  child.stdin.end();
  const r = await done;
  mkdirSync(LOG_DIR, { recursive: true });
  writeFileSync(join(LOG_DIR, `${stack}-${verb}.log`), `$ cdktf ${cdktfArgs(verb, stack).join(" ")}\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return r;
}

/**
 * Run `fn` over `items` with at most `limit` running at once; results in input order. Used to deploy
 * independent environments side by side (each environment's own stacks stay sequential).
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The AWS CLI against the emulator; returns parsed JSON output (or the raw text when not JSON). */
export function aws(args: readonly string[], env: NodeJS.ProcessEnv): { status: number; json: unknown; text: string; stderr: string } {
  const r = run("aws", [...args, "--endpoint-url", env.LOCAL_AWS_ENDPOINT!, "--output", "json"], { env });
  let json: unknown = undefined;
  try {
    json = r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
  } catch {
    json = undefined;
  }
  return { status: r.status, json, text: r.stdout, stderr: r.stderr };
}

/** Last "Apply complete!/Destroy complete!" style summary line of a terraform run, if any. */
export function summaryLine(output: string): string {
  const lines = output.split("\n").map((l) => l.replace(/^\S+\s{2,}/, "").trim());
  return [...lines].reverse().find((l) => /(Apply|Destroy) complete!|No changes\./.test(l)) ?? "";
}
