import type { UsesConfig } from "./schema";

/** Whether a service uses any data store or generated secret (then the platform reads `<env>-data`). */
export function usesData(u: UsesConfig): boolean {
  return Boolean(u.database || u.cache || u.tables.length || u.buckets.length || Object.keys(u.secrets).length);
}
