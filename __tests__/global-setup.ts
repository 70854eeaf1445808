/**
 * jest global setup: a fresh, empty directory for the run's one shared synth of the real configuration.
 *
 * A whole-suite run (`npx jest`, no file patterns) starts that synth at once in a process of its own
 * (helpers/shared-synth-run.ts), so both workers run test files while it synthesizes instead of one worker
 * synthesizing and the other waiting for it. A run of chosen files keeps it lazy: `allStacks()` in helpers/synth.ts
 * synthesizes in whichever worker needs it first, and a run with no test that reads the real stacks pays nothing.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Config } from "@jest/types";
import { SHARED_SYNTH_ENV } from "./helpers/shared-synth";

const ROOT = join(__dirname, "..");

export default function globalSetup(globalConfig: Config.GlobalConfig): void {
  const dir = mkdtempSync(join(tmpdir(), "jest-shared-synth-"));
  process.env[SHARED_SYNTH_ENV] = dir;
  const chosen = globalConfig.testPathPatterns.isSet() || globalConfig.onlyChanged || globalConfig.findRelatedTests || globalConfig.watch || globalConfig.watchAll;
  if (chosen) return;
  // The lock a worker would take: held by the background synth, so the workers wait for its done/failed marker.
  mkdirSync(join(dir, "lock"));
  const child = spawn(process.execPath, ["--max-semi-space-size=4", "--require", join(ROOT, "scripts", "lib", "app-register.cjs"), join(__dirname, "helpers", "shared-synth-run.ts"), dir], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => void (stderr += d.toString()));
  const failed = (why: string) => {
    if (!existsSync(join(dir, "done")) && !existsSync(join(dir, "failed"))) writeFileSync(join(dir, "failed"), `${why}\n${stderr}`);
  };
  child.on("error", (e) => failed(`could not start the shared synth: ${e.message}`));
  child.on("exit", (code, signal) => failed(`the shared synth exited with ${signal ?? code}`));
  if (child.pid) writeFileSync(join(dir, "pid"), String(child.pid));
  child.unref();
}
