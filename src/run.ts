/**
 * Synth entry used by main.ts: validates config, builds the selected environments, writes the output.
 * Returns the process exit code. A configuration error prints every problem and writes nothing: the app is
 * synthesized into a scratch directory that replaces the output directory only when synth succeeded and the
 * policy pack (modules/guardrails) found no unwaived error in any stack.
 */
import { existsSync, renameSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { App } from "../foundation/cdk";
import { buildApp, type BuildOptions } from "./app";
import { ConfigError } from "../foundation/errors";
import { readStacks } from "./synth-output";
import { evaluate, formatSynthFailure, formatWarnings, passed } from "../modules/guardrails";

export function runSynth(opts: BuildOptions & { outdir?: string; build?: (app: App) => void } = {}): number {
  // cdktf-cli passes its output directory in CDKTF_OUTDIR.
  const outdir = resolve(opts.outdir ?? process.env.CDKTF_OUTDIR ?? "cdktf.out");
  const scratch = `${outdir}.partial-${process.pid}`;
  try {
    const app = new App({ outdir: scratch });
    // `build` replaces the real app in tests (fixture stacks through the same synth step).
    if (opts.build) opts.build(app);
    else buildApp(app, opts);
    app.synth();
    // Policy pack: every stack's JSON is checked before it may replace the output directory.
    const report = evaluate(readStacks(scratch));
    const warningText = formatWarnings(report);
    if (warningText && process.env.POLICY_QUIET !== "1") console.warn(warningText);
    if (!passed(report)) {
      console.error(formatSynthFailure(report));
      return 1;
    }
    if (existsSync(outdir)) rmSync(outdir, { recursive: true, force: true });
    renameSync(scratch, outdir);
    return 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 1;
    }
    const msg = e instanceof Error ? e.message : String(e);
    // Deferred construct validations (node.addValidation) surface as a plain Error from app.synth().
    if (/Validation failed/i.test(msg)) {
      console.error(msg);
      return 1;
    }
    throw e;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
