import { PhysicalNames } from "../../foundation/contract";
import type { FunctionConfig } from "../../envs/schema";

/** `DYNAMODB_TABLE` style suffix of a resource key (`github-app` → `GITHUB_APP`). */
const envKey = (name: string) => name.toUpperCase().replace(/-/g, "_");

/**
 * Environment variables a function gets from its `access` grants, next to config `environment` and
 * `stateEnvironment`: names of what it may touch, never secret values.
 */
export function derivedEnvironment(fn: FunctionConfig, names: { prefix: string; project: string; env: string; cluster: string; eventBus: string; backupBucket?: string; queueUrl: (q: string) => string }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of fn.access.tables) out[`TABLE_${envKey(t)}`] = PhysicalNames.table(names.prefix, t);
  for (const s of fn.access.secrets) out[`SECRET_${envKey(s)}_ID`] = `${PhysicalNames.secretsPrefix(names.project, names.env)}${s}`;
  if (fn.access.services.length) out.ECS_CLUSTER = names.cluster;
  for (const s of fn.access.services) out[`ECS_SERVICE_${envKey(s)}`] = PhysicalNames.service(s);
  for (const q of fn.access.queues) out[`QUEUE_URL_${envKey(q)}`] = names.queueUrl(q);
  if (fn.access.eventBus) out.EVENT_BUS_NAME = names.eventBus;
  if (fn.access.backupBucket && names.backupBucket) out.BACKUP_BUCKET = names.backupBucket;
  return out;
}

