/**
 * Generate the lambroll definitions `functions/<env>/<function>/function.json` for every environment and function.
 *   npm run functions:gen                 write (also part of `npm run synth`)
 *   npm run functions:gen -- --check      exit 1 and list the files that are stale
 *   npm run functions:gen -- --out <dir>  write into another root (tests, reviews)
 */
import { FUNCTIONS_DIR } from "../src/lambroll";
import { expectedFunctionsTree } from "./lib/functions-tree";
import { generatorMain } from "./lib/generated-tree";

process.exitCode = generatorMain(process.argv.slice(2), {
  script: "gen-functions.ts",
  what: "lambroll definitions",
  command: "npm run functions:gen",
  dir: FUNCTIONS_DIR,
  build: expectedFunctionsTree,
});
