/**
 * Generate the ecspresso definitions: `deploy/<env>/<service>/{ecspresso.yml,taskdef.json,servicedef.json}`
 * for every environment and service in envs/.
 *   npm run ecspresso:gen                 write (also part of `npm run synth`)
 *   npm run ecspresso:gen -- --check      exit 1 and list the files that are stale
 *   npm run ecspresso:gen -- --out <dir>  write into another root (tests, reviews)
 */
import { resolve } from "node:path";
import { ConfigError } from "../foundation/errors";
import { expectedTree, staleFiles, writeTree } from "./lib/ecspresso-tree";
import { REPO_ROOT } from "./lib/terraform";

function main(argv: string[]): number {
  const check = argv.includes("--check");
  const outIdx = argv.indexOf("--out");
  const root = outIdx >= 0 ? resolve(argv[outIdx + 1] ?? "") : REPO_ROOT;
  const unknown = argv.filter((a, i) => !["--check", "--out"].includes(a) && !(outIdx >= 0 && i === outIdx + 1));
  if (unknown.length || (outIdx >= 0 && !argv[outIdx + 1])) {
    console.error("usage: gen-ecspresso.ts [--check] [--out <dir>]");
    return 2;
  }
  let tree: Map<string, string>;
  try {
    tree = expectedTree();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
  if (check) {
    const stale = staleFiles(root, tree);
    if (stale.length) {
      console.error(`ecspresso definitions are stale; run \`npm run ecspresso:gen\` and commit:\n  ${stale.join("\n  ")}`);
      return 1;
    }
    console.log(`ecspresso definitions up to date (${tree.size} files)`);
    return 0;
  }
  writeTree(root, tree);
  console.log(`wrote ${tree.size} files under ${resolve(root, "deploy")}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
