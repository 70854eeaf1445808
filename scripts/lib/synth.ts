/**
 * Synthesize the app in-process into an output directory and describe the stacks it wrote.
 */
import { App } from "../../foundation/cdk";
import { buildApp, type BuildOptions } from "../../src/app";
import { readStacks, type SynthesizedStack } from "../../src/synth-output";

export { readStacks, type StackJson, type SynthesizedStack } from "../../src/synth-output";

export function synthAll(outdir: string, opts: BuildOptions = {}): SynthesizedStack[] {
  const app = new App({ outdir, skipValidation: false });
  buildApp(app, opts);
  app.synth();
  return readStacks(outdir);
}
