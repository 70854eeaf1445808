/**
 * The cdktf app: wiring only (stacks per environment are declared in src/app.ts).
 *   npm run synth                     every environment into cdktf.out/, then the ecspresso definitions in
 *                                     deploy/ and the lambroll definitions in functions/ (`--write-deploy`) —
 *                                     all only after every check passed
 *   SYNTH_ENVS=dev npm run synth      only dev's stacks (every environment is still validated; deploy/ is
 *                                     generated for every environment)
 *   cdktf.json runs it without `--write-deploy`: `cdktf deploy|diff` never rewrites deploy/.
 */
import { runSynth, type ExtraOutput } from "./src/run";
import { expectedTree, writeTree } from "./scripts/lib/ecspresso-tree";
import { expectedFunctionsTree, writeFunctionsTree } from "./scripts/lib/functions-tree";
import { REPO_ROOT } from "./scripts/lib/terraform";

const only = process.env.SYNTH_ENVS?.split(",").map((s) => s.trim()).filter(Boolean);
const deployDefinitions: ExtraOutput = {
  name: "deploy/",
  prepare: () => {
    const tree = expectedTree();
    return () => {
      writeTree(REPO_ROOT, tree);
      console.log(`wrote ${tree.size} ecspresso files under deploy/`);
    };
  },
};
/** The lambroll definitions in functions/ (same config, same gate as deploy/). */
const functionDefinitions: ExtraOutput = {
  name: "functions/",
  prepare: () => {
    const tree = expectedFunctionsTree();
    return () => {
      writeFunctionsTree(REPO_ROOT, tree);
      console.log(`wrote ${tree.size} lambroll files under functions/`);
    };
  },
};
process.exitCode = runSynth({
  only: only?.length ? only : undefined,
  extraOutputs: process.argv.includes("--write-deploy") ? [deployDefinitions, functionDefinitions] : [],
});
