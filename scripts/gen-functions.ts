/**
 * Generate the lambroll definitions `functions/<env>/<function>/function.json` for every environment and function.
 *   npm run functions:gen                 write (also part of `npm run synth`)
 *   npm run functions:gen -- --check      exit 1 and list the files that are stale
 */
import { EnvValidationError } from "../envs";
import { ConfigError } from "../foundation/errors";
import { expectedFunctionsTree, staleFunctionFiles, writeFunctionsTree } from "./lib/functions-tree";
import { REPO_ROOT } from "./lib/terraform";

function main(argv: string[]): number {
  const unknown = argv.filter((a) => a !== "--check");
  if (unknown.length) {
    console.error("usage: gen-functions.ts [--check]");
    return 2;
  }
  let tree: Map<string, string>;
  try {
    tree = expectedFunctionsTree();
  } catch (e) {
    if (e instanceof EnvValidationError || e instanceof ConfigError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
  if (argv.includes("--check")) {
    const stale = staleFunctionFiles(REPO_ROOT, tree);
    if (stale.length) {
      console.error(`lambroll definitions are stale; run \`npm run functions:gen\` and commit:\n  ${stale.join("\n  ")}`);
      return 1;
    }
    console.log(`lambroll definitions up to date (${tree.size} files)`);
    return 0;
  }
  writeFunctionsTree(REPO_ROOT, tree);
  console.log(`wrote ${tree.size} files under functions/`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
