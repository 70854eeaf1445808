import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The emulator's endpoint for every emulator environment (`local`, `<system>-local`): LOCAL_AWS_ENDPOINT when
 * set (the harness sets it), else the endpoint file of the running emulator (scripts/emulator/start.sh writes
 * .emulator/endpoint), so `npm run state -- eldonia-local …` works in a new shell after `npm run local:up`. The
 * fallback port only keeps synth working with no emulator. Real environments never read an endpoint.
 */
export function emulatorEndpoint(): string {
  if (process.env.LOCAL_AWS_ENDPOINT) return process.env.LOCAL_AWS_ENDPOINT;
  const file = join(process.env.EMULATOR_DIR ?? join(__dirname, "..", ".emulator"), "endpoint");
  return existsSync(file) ? readFileSync(file, "utf8").trim() : "http://127.0.0.1:4566";
}

/** Why the emulator's CodeDeploy cannot serve blue/green services (evidence: docs/emulator-gaps.md). */
export const CODEDEPLOY_GAP =
  "moto 5.2 returns CodeDeploy createTime as a string (the AWS SDKs expect epoch seconds), has no Update/Delete " +
  "for applications and deployment groups and runs no ECS deployments: docs/emulator-gaps.md";
