import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { SHARED_SYNTH_ENV } from "./helpers/shared-synth";

export default function globalTeardown(): void {
  const dir = process.env[SHARED_SYNTH_ENV];
  if (!dir) return;
  // The background synth of a whole-suite run (global-setup.ts), when the run ended before it did.
  const pid = join(dir, "pid");
  if (existsSync(pid) && !existsSync(join(dir, "done")) && !existsSync(join(dir, "failed"))) {
    try {
      process.kill(Number(readFileSync(pid, "utf8")));
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
}
