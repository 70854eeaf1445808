/**
 * Test helpers: synthesize the real app (every environment, or a subset) and index the JSON by stack.
 *
 * The fast path — use it: `allStacks()` / `stack(name)` read the real configuration's stacks from ONE synth per
 * jest run, shared by every test file and worker (see `sharedSynthDir` below and `__tests__/global-setup.ts`).
 * A full synth costs seconds; a test file that synthesizes on its own multiplies that by every file.
 * Synthesize yourself (`synthStacks(opts)`, `Testing.synth`) only for a configuration the real one does not have,
 * and then as little as the test needs (`only: ["dev"]`, one stack, one construct).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BuildOptions } from "../../src/app";
import { readStacks, type StackJson, type SynthesizedStack } from "../../src/synth-output";
import { SHARED_SYNTH_ENV } from "./shared-synth";

export type { StackJson };

/**
 * scripts/lib/synth's synthAll, loaded on first use: the app (cdktf, every provider class, every module) costs
 * about a second of CPU per test file, and a file that only reads the shared synth's JSON never needs it.
 */
function synthAll(outdir: string, opts: BuildOptions = {}): SynthesizedStack[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("../../scripts/lib/synth") as typeof import("../../scripts/lib/synth")).synthAll(outdir, opts);
}

/** Synthesize into a temp dir, read every stack, clean up. */
export function synthStacks(opts: BuildOptions = {}): Map<string, SynthesizedStack> {
  const dir = mkdtempSync(join(tmpdir(), "synth-test-"));
  try {
    return new Map(synthAll(dir, opts).map((s) => [s.name, s]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}


const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * The real configuration synthesized once per jest run into the shared directory: the first caller (in any
 * worker) takes the lock (an atomic mkdir) and synthesizes; the others wait for its `done` or `failed` marker.
 * Undefined outside a jest run that has the global setup (then each file synthesizes for itself).
 */
function sharedSynth(): SynthesizedStack[] | undefined {
  const dir = process.env[SHARED_SYNTH_ENV];
  if (!dir || !existsSync(dir)) return undefined;
  const out = join(dir, "out");
  const done = join(dir, "done");
  const failed = join(dir, "failed");
  let owner = false;
  try {
    mkdirSync(join(dir, "lock"));
    owner = true;
  } catch {
    // another worker synthesizes (or did)
  }
  if (owner) {
    try {
      const stacks = synthAll(out);
      writeFileSync(done, "");
      return stacks;
    } catch (e) {
      writeFileSync(failed, e instanceof Error ? (e.stack ?? e.message) : String(e));
      throw e;
    }
  }
  for (const deadline = Date.now() + 180_000; Date.now() < deadline; sleep(50)) {
    if (existsSync(done)) return readStacks(out);
    if (existsSync(failed)) throw new Error(`the shared synth failed in another worker:\n${readFileSync(failed, "utf8")}`);
  }
  throw new Error(`timed out waiting for the shared synth in ${dir}`);
}

let cache: Map<string, SynthesizedStack> | undefined;
/** Every stack of the real configuration: one synth per jest run, shared by all test files (read-only: do not mutate). */
export function allStacks(): Map<string, SynthesizedStack> {
  if (!cache) {
    const shared = sharedSynth();
    cache = shared ? new Map(shared.map((s) => [s.name, s])) : synthStacks();
  }
  return cache;
}

export function stack(name: string): StackJson {
  const s = allStacks().get(name);
  if (!s) throw new Error(`no stack ${name}; have ${[...allStacks().keys()].join(", ")}`);
  return s.json;
}

/** All resources of a type in a stack, keyed by logical id. */
export function resources<T = Record<string, unknown>>(json: StackJson, type: string): Record<string, T> {
  return (json.resource?.[type] ?? {}) as Record<string, T>;
}

/** The single resource of a type whose logical id contains `idPart` (fails when none or several match). */
export function resource<T = Record<string, unknown>>(json: StackJson, type: string, idPart = ""): T {
  const all = Object.entries(resources<T>(json, type)).filter(([id]) => id.includes(idPart));
  if (all.length !== 1) throw new Error(`expected one ${type} matching "${idPart}", found ${all.map(([id]) => id).join(", ") || "none"}`);
  return all[0][1];
}

/** Parse a JSON policy string from synthesized JSON. */
export function policy(doc: unknown): { Statement: Record<string, unknown>[] } {
  if (typeof doc !== "string") throw new Error(`policy is not a string: ${JSON.stringify(doc)}`);
  return JSON.parse(doc);
}

/** The real environment configs, parsed. */
export { loadConfig } from "../../envs";
