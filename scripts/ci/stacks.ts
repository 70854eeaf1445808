/**
 * Which stacks the workflows plan and deploy, as GitHub Actions step outputs (`name=value` lines):
 *   plan=<matrix JSON>   every stack of every CI-enabled environment, with the repository variables holding the
 *                        env's plan role and region (infra.yml diff, drift.yml)
 *   <env>=<stack ids>    the stacks `cdktf deploy` applies for the env, in layer order; `<env>-ci` is left out
 *                        (applied by an administrator: the deploy role cannot change CI identities)
 *
 *   node --require tsx/cjs scripts/ci/stacks.ts >> "$GITHUB_OUTPUT"
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthAll } from "../lib/synth";
import { loadConfig } from "../../envs";
import { GithubVars, LAYERS, stackId } from "../../foundation/contract";

export interface PlanEntry {
  readonly stack: string;
  readonly env: string;
  readonly planRoleVar: string;
  readonly regionVar: string;
}

export function ciStacks(existing: ReadonlySet<string>): { plan: PlanEntry[]; deploy: Record<string, string[]> } {
  const { envs } = loadConfig();
  const plan: PlanEntry[] = [];
  const deploy: Record<string, string[]> = {};
  for (const env of envs.filter((e) => e.ci.enabled)) {
    const stacks = LAYERS.map((l) => stackId(env.name, l)).filter((s) => existing.has(s));
    for (const stack of stacks) {
      plan.push({ stack, env: env.name, planRoleVar: GithubVars.planRoleArn(env.name), regionVar: GithubVars.regionOf(env.name) });
    }
    deploy[env.name] = stacks.filter((s) => s !== stackId(env.name, "ci"));
  }
  return { plan, deploy };
}

function main() {
  const dir = mkdtempSync(join(tmpdir(), "ci-stacks-"));
  try {
    const existing = new Set(synthAll(dir).map((s) => s.name));
    const { plan, deploy } = ciStacks(existing);
    console.log(`plan=${JSON.stringify({ include: plan })}`);
    for (const [env, stacks] of Object.entries(deploy)) console.log(`${env}=${stacks.join(" ")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main();
