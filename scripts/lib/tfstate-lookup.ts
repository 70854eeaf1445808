/**
 * tfstate-lookup for a state document on stdin, with ecspresso's rules (scripts/lib/ecspresso-render.ts):
 *   terraform state pull | node --require tsx/cjs scripts/lib/tfstate-lookup.ts output.ecs_cluster_name
 * Prints strings as is, other values as JSON; exit 1 with "<key> is not found in tfstate" when missing.
 */
import { readFileSync } from "node:fs";
import { lookupState, RenderError, stringifyLookup, type TerraformState } from "./ecspresso-render";

function main(): number {
  const key = process.argv[2];
  if (!key) {
    console.error("usage: tfstate-lookup.ts <key>   (state JSON on stdin)");
    return 2;
  }
  let state: TerraformState;
  try {
    state = JSON.parse(readFileSync(0, "utf8")) as TerraformState;
  } catch (e) {
    console.error(`state on stdin is not JSON: ${(e as Error).message}`);
    return 1;
  }
  try {
    const value = lookupState(state, key.replace(/'/g, '"'));
    if (value === undefined || value === null) {
      console.error(`${key} is not found in tfstate`);
      return 1;
    }
    process.stdout.write(stringifyLookup(value) + "\n");
    return 0;
  } catch (e) {
    if (e instanceof RenderError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}

process.exitCode = main();
