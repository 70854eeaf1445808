/**
 * Validation of `data` (the stores of the `<env>-data` stack) and of `services.<svc>.uses`, reported like every
 * other rule: `<env>: <field.path> = <value>: <what is wrong>; <the fix>`. Facts from AWS documentation are
 * named where they are used.
 */
import { CACHE_VERSIONS, NO_PERFORMANCE_INSIGHTS, type EnvConfig } from "./schema";
import { EDGE_PATHS, PhysicalNames } from "../foundation/contract";
import type { Problem } from "../foundation/errors";


/** AWS identifier limits: RDS DB instance / cluster identifier 63, ElastiCache replication group id 40, S3 bucket 63. */
const LIMITS = { database: 63, cache: 40, bucket: 63 } as const;

/** Minutes since midnight of `hh:mm`. */
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether the daily `hh:mm-hh:mm` window and the time of day of the weekly `ddd:hh:mm-ddd:hh:mm` window overlap or touch. */
export function windowsTouch(daily: string, weekly: string): boolean {
  const [d1, d2] = daily.split("-").map(minutes);
  const [w1, w2] = weekly.split("-").map((p) => minutes(p.slice(4)));
  const span = (a: number, b: number): [number, number][] => (a <= b ? [[a, b]] : [[a, 1440], [0, b]]);
  return span(d1, d2).some(([a, b]) => span(w1, w2).some(([c, e]) => a <= e && c <= b));
}

export function dataProblems(env: EnvConfig): Problem[] {
  const out: Problem[] = [];
  const add = (code: string, path: string, value: unknown, message: string) => out.push({ code, where: env.name, path, value, message });
  const prefix = `${env.project}-${env.name}`;
  const data = env.data;
  const isolatedAzs = env.network.azs.filter((a) => a.isolatedCidr).map((a) => a.suffix);
  const isolatedHint = "add network.azs[].isolatedCidr (a block inside the VPC, e.g. 10.x.4.0/24) to at least two AZs";

  /** Every store needs a subnet group in ≥ 2 AZs (RDS and ElastiCache refuse fewer, even for one node). */
  const placement = (path: string, name: string, multiAz: boolean) => {
    if (isolatedAzs.length === 0) {
      add("E_DATA_NO_ISOLATED_SUBNETS", path, name, `a data store needs isolated subnets, and this VPC has none; ${isolatedHint}`);
    } else if (multiAz && isolatedAzs.length < 2) {
      add("E_DATA_MULTI_AZ_ONE_AZ", `${path}.multiAz`, true, `Multi-AZ needs isolated subnets in two AZs, but only AZ ${isolatedAzs.join(", ")} has one; ${isolatedHint} or set multiAz: false`);
    } else if (isolatedAzs.length < 2) {
      add("E_DATA_SUBNET_GROUP_ONE_AZ", path, name, `a DB/cache subnet group needs subnets in at least two AZs (even for one instance), but only AZ ${isolatedAzs.join(", ")} has an isolated subnet; ${isolatedHint}`);
    }
  };

  for (const [name, db] of Object.entries(data.databases)) {
    const p = `data.databases.${name}`;
    if (windowsTouch(db.backupWindow, db.maintenanceWindow)) {
      add("E_DB_WINDOWS_OVERLAP", `${p}.maintenanceWindow`, db.maintenanceWindow, `overlaps or touches the daily backup window ${db.backupWindow} (RDS: "The backup window and maintenance window must not overlap"); leave at least a minute between them`);
    }
    placement(p, name, db.multiAz);
    const id = PhysicalNames.database(prefix, name);
    if (id.length > LIMITS.database) add("E_DB_IDENTIFIER_LENGTH", p, name, `the identifier "${id}" is ${id.length} characters; RDS allows ${LIMITS.database}. Use a shorter name`);
    if (db.performanceInsightsDays !== false && (NO_PERFORMANCE_INSIGHTS as readonly string[]).includes(db.instanceClass)) {
      add("E_DB_NO_PERFORMANCE_INSIGHTS", `${p}.performanceInsightsDays`, db.performanceInsightsDays, `${db.instanceClass} does not support Performance Insights (RDS User Guide, Performance Insights support by instance class); set performanceInsightsDays: false or a larger class`);
    }
    if (db.engine === "postgres") {
      if (db.storage.maxAllocatedGb <= db.storage.allocatedGb) {
        add("E_DB_STORAGE_CEILING", `${p}.storage.maxAllocatedGb`, db.storage.maxAllocatedGb, `the storage autoscaling ceiling must be above allocatedGb (${db.storage.allocatedGb})`);
      }
    } else {
      const r = db.readers;
      const a = r.autoscaling;
      if (a) {
        if (a.min > a.max) add("E_DB_READERS_MIN_MAX", `${p}.readers.autoscaling.min`, a.min, `min must be ≤ max (${a.max})`);
        if (r.count > a.max) add("E_DB_READERS_ABOVE_MAX", `${p}.readers.count`, r.count, `more readers than readers.autoscaling.max (${a.max}); lower count or raise max`);
        if (r.count < a.min) add("E_DB_READERS_BELOW_MIN", `${p}.readers.count`, r.count, `fewer readers than readers.autoscaling.min (${a.min}); autoscaling would add them outside Terraform. Raise count to ${a.min}`);
      }
      if (db.multiAz && r.count === 0) {
        add("E_DB_AURORA_MULTI_AZ_READERS", `${p}.multiAz`, true, "Aurora is Multi-AZ through readers in other AZs; set readers.count ≥ 1 or multiAz: false");
      }
    }
  }

  for (const [name, c] of Object.entries(data.caches)) {
    const p = `data.caches.${name}`;
    placement(p, name, c.multiAz);
    const id = PhysicalNames.cache(prefix, name);
    if (id.length > LIMITS.cache) add("E_CACHE_ID_LENGTH", p, name, `the replication group id "${id}" is ${id.length} characters; ElastiCache allows ${LIMITS.cache}. Use a shorter name`);
    const versions = CACHE_VERSIONS[c.engine] as readonly string[];
    if (!versions.includes(c.version)) add("E_CACHE_VERSION", `${p}.version`, c.version, `not a supported ${c.engine} version; accepted: ${versions.join(", ")}`);
    if (c.shards > 1 && !c.clusterMode) add("E_CACHE_SHARDS_CLUSTER_MODE", `${p}.shards`, c.shards, "more than one shard needs clusterMode: true");
    if (c.multiAz && c.replicasPerShard === 0) add("E_CACHE_MULTI_AZ_REPLICAS", `${p}.multiAz`, true, "Multi-AZ automatic failover needs a replica; set replicasPerShard ≥ 1 or multiAz: false");
    if (c.durability === "aof") {
      add("E_CACHE_NO_AOF", `${p}.durability`, "aof", 'ElastiCache offers no AOF on current engines (Redis OSS 7, Valkey); the closest durable option is Multi-AZ replicas plus snapshots: set durability: "snapshots-and-replicas" (docs/data.md), or use MemoryDB for a durable Redis-compatible store');
    }
  }

  for (const [name, b] of Object.entries(data.buckets)) {
    if (b.lifecycle === "tiers" && b.glacierDays < b.iaDays + 30) {
      add("E_BUCKET_GLACIER_DAYS", `data.buckets.${name}.glacierDays`, b.glacierDays, `objects stay at least 30 days in Standard-IA before a Glacier transition (S3 lifecycle rules); use ≥ ${b.iaDays + 30}`);
    }
    // The account id is 12 digits.
    const bucket = PhysicalNames.mediaBucket(prefix, name, "000000000000");
    if (bucket.length > LIMITS.bucket) add("E_BUCKET_NAME_LENGTH", `data.buckets.${name}`, name, `the bucket name "${bucket}" is ${bucket.length} characters; S3 allows ${LIMITS.bucket}. Use a shorter name`);
  }
  // Buckets served through the distribution (data.buckets.<name>.edge): the edge stack adds the origin and policy.
  const served: { name: string; pathPattern: string }[] = [];
  for (const [name, b] of Object.entries(data.buckets)) {
    if (!b.edge) continue;
    const { pathPattern } = b.edge;
    const p = `data.buckets.${name}.edge`;
    if (!env.edge.enabled) {
      add("E_BUCKET_EDGE_DISABLED", p, { pathPattern }, "this environment has no edge stack (edge.enabled: false), so nothing would serve the bucket; set edge.enabled: true or remove the bucket's edge");
    }
    if (b.encryption === "kms") {
      add("E_BUCKET_EDGE_KMS", `data.buckets.${name}.encryption`, "kms", 'CloudFront OAC reads SSE-KMS objects only when the key policy lets the distribution decrypt, and the data CMK is created before the distribution (edge stack) exists, so its policy cannot name it; set encryption: "s3" (docs/data.md) or remove the bucket\'s edge');
    }
    // Patterns are literal prefixes ending in "/*": two overlap when one prefix starts with the other.
    const prefix = (pattern: string) => pattern.slice(0, -1);
    const taken = [
      ...Object.entries(EDGE_PATHS).map(([k, v]) => ({ what: `the edge's own ${k} behaviour`, pattern: v })),
      ...served.map((o) => ({ what: `data.buckets.${o.name}.edge.pathPattern`, pattern: o.pathPattern })),
    ];
    const clash = taken.find((t) => prefix(t.pattern).startsWith(prefix(pathPattern)) || prefix(pathPattern).startsWith(prefix(t.pattern)));
    if (clash) {
      add("E_BUCKET_EDGE_PATH", `${p}.pathPattern`, pathPattern, `overlaps ${clash.pattern} (${clash.what}); CloudFront uses the first matching behaviour, so one would hide the other. Choose a prefix of its own, e.g. /${name}/*`);
    }
    served.push({ name, pathPattern });
  }

  // What services use, by name and kind.
  const kinds = {
    database: data.databases,
    cache: data.caches,
    table: data.tables,
    bucket: data.buckets,
    secret: data.secrets,
  } as const;
  const field = { database: "uses.database", cache: "uses.cache", table: "uses.tables", bucket: "uses.buckets", secret: "uses.secrets" } as const;
  const kindOf = (n: string) => (Object.keys(kinds) as (keyof typeof kinds)[]).filter((k) => n in kinds[k]);
  const check = (path: string, want: keyof typeof kinds, n: string) => {
    if (n in kinds[want]) return;
    const other = kindOf(n);
    const declared = Object.keys(kinds[want]);
    const section = { database: "databases", cache: "caches", table: "tables", bucket: "buckets", secret: "secrets" }[want];
    const known = declared.length ? `declared under data.${section}: ${declared.join(", ")}` : `none is declared under data.${section}`;
    if (other.length) add("E_USES_WRONG_KIND", path, n, `"${n}" is a ${other.join("/")}, not a ${want}; use ${other.map((k) => field[k]).join(" or ")} for it (${known})`);
    else if (want === "secret" && n.includes("/")) {
      add("E_USES_SECRET_PATH", path, n, `a service reads only this environment's generated secrets by name; "${n}" looks like a secret path (another environment's secrets are never readable). Declare it under data.secrets and use its name`);
    } else add("E_USES_UNKNOWN_STORE", path, n, `no ${want} "${n}" in data; ${known}`);
  };
  for (const [svcName, svc] of Object.entries(env.services)) {
    const p = (f: string) => `services.${svcName}.${f}`;
    const u = svc.uses;
    if (u.database) check(p("uses.database"), "database", u.database);
    if (u.cache) check(p("uses.cache"), "cache", u.cache);
    u.tables.forEach((t, i) => check(p(`uses.tables[${i}]`), "table", t));
    u.buckets.forEach((b, i) => check(p(`uses.buckets[${i}]`), "bucket", b));
    // Variables the platform derives from `uses` (src/ecspresso/taskdef.ts dataBindings) must not be set twice.
    const derived = [
      ...(u.database ? ["DB_HOST", "DB_READER_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD"] : []),
      ...(u.cache ? ["REDIS_URL", "REDIS_AUTH_TOKEN"] : []),
      ...u.tables.map((t) => `DYNAMODB_TABLE_${t.toUpperCase().replace(/-/g, "_")}`),
      ...u.buckets.map((b) => `S3_BUCKET_${b.toUpperCase().replace(/-/g, "_")}`),
    ];
    for (const v of derived) {
      if (v in svc.environment || v in svc.secrets || v in u.secrets) {
        add("E_USES_DERIVED_VARIABLE", p(v in u.secrets ? `uses.secrets.${v}` : v in svc.secrets ? `secrets.${v}` : `environment.${v}`), v, `${v} is set by the platform from uses (the store's state outputs); remove it here`);
      }
    }
    for (const [envVar, secret] of Object.entries(u.secrets)) {
      check(p(`uses.secrets.${envVar}`), "secret", secret);
      if (envVar in svc.secrets || envVar in svc.environment) {
        add("E_USES_VARIABLE_TWICE", p(`uses.secrets.${envVar}`), secret, `${envVar} is also set in services.${svcName}.${envVar in svc.secrets ? "secrets" : "environment"}; one source per variable`);
      }
    }
  }
  return out;
}
