/**
 * Generate the ecspresso definitions: `deploy/<env>/<service>/{ecspresso.yml,taskdef.json,servicedef.json}`
 * for every environment and service in envs/.
 *   npm run ecspresso:gen                 write (also part of `npm run synth`)
 *   npm run ecspresso:gen -- --check      exit 1 and list the files that are stale
 *   npm run ecspresso:gen -- --out <dir>  write into another root (tests, reviews)
 */
import { DEPLOY_DIR } from "../src/ecspresso";
import { expectedTree } from "./lib/ecspresso-tree";
import { generatorMain } from "./lib/generated-tree";

process.exitCode = generatorMain(process.argv.slice(2), {
  script: "gen-ecspresso.ts",
  what: "ecspresso definitions",
  command: "npm run ecspresso:gen",
  dir: DEPLOY_DIR,
  build: expectedTree,
});
