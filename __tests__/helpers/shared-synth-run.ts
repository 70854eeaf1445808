/**
 * The run's shared synth in a process of its own, started by __tests__/global-setup.ts for a whole-suite run:
 *   node --require ./scripts/lib/app-register.cjs __tests__/helpers/shared-synth-run.ts <shared dir>
 * synthesizes the real configuration into `<dir>/out` (as `npm run synth` loads the app: tsx) and writes `<dir>/done`,
 * or `<dir>/failed` with the error. The workers read it through `allStacks()` (helpers/synth.ts).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { synthAll } from "../../scripts/lib/synth";

const dir = process.argv[2];
if (!dir) throw new Error("usage: shared-synth-run.ts <shared synth dir>");
try {
  synthAll(join(dir, "out"));
  writeFileSync(join(dir, "done"), "");
} catch (e) {
  writeFileSync(join(dir, "failed"), e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
}
