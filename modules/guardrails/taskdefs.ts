/**
 * ecspresso task definitions as policy input. Terraform does not own the task definitions (ecspresso registers
 * them from `deploy/<env>/<service>/taskdef.json`), so checkov never sees them: the pack's container rules
 * (privileged, host namespaces, user, logs, secrets in environment, read-only root, EFS transit encryption) run on
 * every generated definition as `ecspresso.taskdef` pseudo-resources, one pseudo-stack `<env>-ecspresso` per
 * environment. ecspresso's `{{ … }}` template values are kept as text (only known at deploy).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { StackInput } from "./evaluate";
import type { Block } from "./types";
import { ECSPRESSO_TASKDEF } from "./rules/ecs";

export const ECSPRESSO_STACK_SUFFIX = "ecspresso";

export interface TaskdefFile {
  readonly env: string;
  readonly service: string;
  /** Repository-relative path (`deploy/dev/backend/taskdef.json`). */
  readonly path: string;
  readonly json: Block;
}

/** One pseudo-stack per environment holding its task definitions. */
export function taskdefStacks(files: readonly TaskdefFile[]): StackInput[] {
  const byEnv = new Map<string, Record<string, Block>>();
  for (const f of files) {
    const defs = byEnv.get(f.env) ?? {};
    // The construct path is the service's construct in the platform stack (src/stacks/platform-stack.ts names it
    // svc_<service>), so waive(serviceConstruct, id, reason) covers the definition ecspresso deploys for it.
    const id = f.service.replace(/-/g, "_");
    defs[id] = { "//": { metadata: { path: `${f.env}-platform/svc_${id}/taskdef`, file: f.path } }, ...f.json };
    byEnv.set(f.env, defs);
  }
  return [...byEnv.entries()].map(([env, defs]) => ({ name: `${env}-${ECSPRESSO_STACK_SUFFIX}`, json: { resource: { [ECSPRESSO_TASKDEF]: defs } } }));
}

/** Every `deploy/<env>/<service>/taskdef.json` under `deployDir` (a missing directory yields none). */
export function readTaskdefs(deployDir: string, relativeTo = "deploy"): TaskdefFile[] {
  if (!existsSync(deployDir)) return [];
  const out: TaskdefFile[] = [];
  for (const env of readdirSync(deployDir).sort()) {
    const envDir = join(deployDir, env);
    if (!statSync(envDir).isDirectory()) continue;
    for (const service of readdirSync(envDir).sort()) {
      const file = join(envDir, service, "taskdef.json");
      if (!existsSync(file)) continue;
      out.push({ env, service, path: `${relativeTo}/${env}/${service}/taskdef.json`, json: JSON.parse(readFileSync(file, "utf8")) as Block });
    }
  }
  return out;
}
