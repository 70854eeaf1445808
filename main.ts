/**
 * The cdktf app: wiring only (stacks per environment are declared in src/app.ts).
 *   npm run synth                     every environment into cdktf.out/
 *   SYNTH_ENVS=dev npm run synth      only dev (every environment is still validated)
 */
import { runSynth } from "./src/run";

const only = process.env.SYNTH_ENVS?.split(",").map((s) => s.trim()).filter(Boolean);
process.exitCode = runSynth({ only: only?.length ? only : undefined });
