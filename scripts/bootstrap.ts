/**
 * Create (or update) the Terraform state bucket of an environment's account.
 *
 *   npm run bootstrap -- dev                  # plan + interactive apply of bootstrap-nonprod
 *   npm run bootstrap -- prod --auto-approve  # in CI
 *
 * Runs terraform directly in cdktf.out/stacks/bootstrap-<account> with local state in .bootstrap-state/.
 * Needs credentials for that account (the provider refuses any other account id).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { loadConfig } from "../envs";
import { runSynth } from "../src/run";
import { bootstrapStackId } from "../src/stacks/bootstrap-stack";
import { REPO_ROOT, terraformEnv, terraformVersion } from "./lib/terraform";

function main(): number {
  const [envName, ...rest] = process.argv.slice(2);
  const { envs, accounts } = loadConfig();
  const env = envs.find((e) => e.name === envName);
  if (!env) {
    console.error(`usage: npm run bootstrap -- <env> [--auto-approve]\nunknown environment "${envName ?? ""}"; known: ${envs.map((e) => e.name).join(", ")}`);
    return 2;
  }
  terraformVersion();
  const account = accounts.get(env.account)!;
  const outdir = join(REPO_ROOT, "cdktf.out");
  if (runSynth({ only: [env.name], outdir }) !== 0) return 1;
  const dir = join(outdir, "stacks", bootstrapStackId(account.name));
  const tfEnv = terraformEnv();
  const run = (args: string[]) => spawnSync("terraform", args, { cwd: dir, env: tfEnv, stdio: "inherit" }).status ?? 1;
  console.log(`bootstrapping account ${account.name} (${account.id}): state bucket s3://${account.stateBucket}`);
  if (run(["init", "-input=false"]) !== 0) return 1;
  return run(["apply", "-input=false", ...rest.filter((a) => a === "--auto-approve").map(() => "-auto-approve")]);
}

process.exitCode = main();
