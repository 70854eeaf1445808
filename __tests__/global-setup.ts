/**
 * jest global setup: a fresh, empty directory for the run's one shared synth of the real configuration
 * (`allStacks()` in helpers/synth.ts fills it lazily, in whichever worker needs it first). A run with no test
 * that reads the real stacks pays nothing.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SHARED_SYNTH_ENV } from "./helpers/shared-synth";

export default function globalSetup(): void {
  process.env[SHARED_SYNTH_ENV] = mkdtempSync(join(tmpdir(), "jest-shared-synth-"));
}
