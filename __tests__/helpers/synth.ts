/**
 * Test helpers: synthesize the real app (every environment, or a subset) and index the JSON by stack.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthAll, type StackJson, type SynthesizedStack } from "../../scripts/lib/synth";
import type { BuildOptions } from "../../src/app";

export type { StackJson };

/** Synthesize into a temp dir, read every stack, clean up. */
export function synthStacks(opts: BuildOptions = {}): Map<string, SynthesizedStack> {
  const dir = mkdtempSync(join(tmpdir(), "synth-test-"));
  try {
    return new Map(synthAll(dir, opts).map((s) => [s.name, s]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let cache: Map<string, SynthesizedStack> | undefined;
/** Every stack of the real configuration, synthesized once per test file. */
export function allStacks(): Map<string, SynthesizedStack> {
  return (cache ??= synthStacks());
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
