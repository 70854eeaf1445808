/**
 * Reading what `app.synth()` wrote: the manifest and every stack's JSON. Used by the synth entry (src/run.ts,
 * policy pack before the output is published) and by scripts (scripts/lib/synth.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface SynthesizedStack {
  readonly name: string;
  readonly dir: string;
  readonly json: StackJson;
  /** Provider local names required by the stack (`aws`, `github`, …). */
  readonly providers: string[];
}

export interface StackJson {
  terraform?: { backend?: Record<string, Record<string, unknown>>; required_providers?: Record<string, { source?: string }> };
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown; description?: string; sensitive?: boolean }>;
  provider?: Record<string, unknown[]>;
  [k: string]: unknown;
}

export function readStacks(outdir: string): SynthesizedStack[] {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { synthesizedStackPath: string; workingDirectory: string }>;
  };
  return Object.entries(manifest.stacks).map(([name, s]) => {
    const json = JSON.parse(readFileSync(join(outdir, s.synthesizedStackPath), "utf8")) as StackJson;
    return { name, dir: join(outdir, s.workingDirectory), json, providers: Object.keys(json.terraform?.required_providers ?? {}) };
  });
}
