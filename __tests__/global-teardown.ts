import { rmSync } from "node:fs";
import { SHARED_SYNTH_ENV } from "./helpers/shared-synth";

export default function globalTeardown(): void {
  const dir = process.env[SHARED_SYNTH_ENV];
  if (dir) rmSync(dir, { recursive: true, force: true });
}
