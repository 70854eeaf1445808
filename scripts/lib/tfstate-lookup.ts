/**
 * tfstate-lookup for a state document on stdin, with ecspresso's rules (scripts/lib/ecspresso-render.ts):
 *   terraform state pull | node --require tsx/cjs scripts/lib/tfstate-lookup.ts output.ecs_cluster_name
 * Prints strings as is, other values as JSON; exit 1 with "<key> is not found in tfstate" when missing.
 */
import { readFileSync } from "node:fs";
import { lookupState, RenderError, stringifyLookup, type TerraformState } from "./ecspresso-render";

/** What the CLI prints and exits with for `key` and the state text on stdin (pure; the tests call it in-process). */
export function tfstateLookup(key: string | undefined, input: string): { code: number; stdout: string; stderr: string } {
  if (!key) return { code: 2, stdout: "", stderr: "usage: tfstate-lookup.ts <key>   (state JSON on stdin)\n" };
  let state: TerraformState;
  try {
    state = JSON.parse(input) as TerraformState;
  } catch (e) {
    return { code: 1, stdout: "", stderr: `state on stdin is not JSON: ${(e as Error).message}\n` };
  }
  try {
    const value = lookupState(state, key.replace(/'/g, '"'));
    if (value === undefined || value === null) return { code: 1, stdout: "", stderr: `${key} is not found in tfstate\n` };
    return { code: 0, stdout: stringifyLookup(value) + "\n", stderr: "" };
  } catch (e) {
    if (e instanceof RenderError) return { code: 1, stdout: "", stderr: `${e.message}\n` };
    throw e;
  }
}

if (require.main === module) {
  const key = process.argv[2];
  const r = tfstateLookup(key, key ? readFileSync(0, "utf8") : "");
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  process.exitCode = r.code;
}
