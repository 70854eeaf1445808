/**
 * The data tier (issue 12) on the real eldonia and messaging environments and on modified copies: the
 * security-critical attributes of every store (encryption, managed password, TLS, isolated subnets, deletion
 * protection in production, readers, cache TLS/auth, table PITR/TTL), the isolated subnet tier, the derived
 * wiring of `uses` (security group paths, IAM resources, task definition secrets), and a failing case for
 * every bad input the issue lists.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ACCOUNTS, loadConfig, type EnvInput } from "../envs";
import { eldoniaLocal } from "../envs/eldonia/local";
import { messagingDev } from "../envs/messaging/dev";
import { dev } from "../envs/web/dev";
import { buildBundle } from "../src/ecspresso";
import { runSynth } from "../src/run";
import { clone, envsWith, ref, validationProblems } from "./helpers/platform";
import { allStacks, policy, resource, resources, synthStacks, type StackJson } from "./helpers/synth";

type R = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** TLS only; DDL and slow-query logging (never row data). */
const PG_PARAMS = [
  { name: "rds.force_ssl", value: "1", apply_method: "immediate" },
  { name: "log_statement", value: "ddl", apply_method: "immediate" },
  { name: "log_min_duration_statement", value: "1000", apply_method: "immediate" },
];
const REAL = ["eldonia-prod", "eldonia-local", "messaging-dev", "messaging-prod"];
const data = (name: string) => `\${data.terraform_remote_state.remote_data.outputs.${name}}`;

/** eldonia-local plus a DynamoDB table the backend uses (no real environment has one yet). */
function withTable(): R {
  const e = clone(eldoniaLocal) as R;
  e.name = "eldonia-tbl";
  e.network.vpcCidr = "10.99.0.0/16";
  e.network.azs = e.network.azs.map((a: R, i: number) => ({ ...a, publicCidr: `10.99.${i + 1}.0/24`, privateCidr: `10.99.${10 * (i + 1)}.0/24`, isolatedCidr: `10.99.${100 * (i + 1)}.0/24` }));
  e.data.tables = { sessions: { partitionKey: "id", sortKey: "kind", ttlAttribute: "expiresAt" } };
  e.services.backend.uses = { ...e.services.backend.uses, tables: ["sessions"] };
  return e;
}

/** Web's dev (EC2 bridge services) with isolated subnets and a database both services use. */
function bridgeWithDb(): R {
  const e = clone(dev) as R;
  e.name = "web-db";
  e.account = "eldonia-nonprod"; // another account: dev's /16 may repeat
  delete e.ci;
  e.network.azs = e.network.azs.map((a: R, i: number) => ({ ...a, isolatedCidr: `10.10.${200 + i}.0/24` }));
  e.data = { databases: { main: { engine: "postgres", version: "16.4", instanceClass: "db.t4g.small", performanceInsightsDays: false } } };
  for (const svc of Object.values(e.services) as R[]) svc.uses = { database: "main" };
  return e;
}

let stacks: Map<string, { json: StackJson }>;
/** A real environment's stack from the run's shared synth; a variant's (eldonia-tbl, web-db) from this file's own. */
const json = (name: string) => {
  const s = (REAL.some((env) => name.startsWith(`${env}-`)) ? allStacks() : stacks).get(name);
  if (!s) throw new Error(`no stack ${name}`);
  return s.json as R;
};

beforeAll(() => {
  const tbl = withTable() as EnvInput;
  const web = bridgeWithDb() as EnvInput;
  stacks = synthStacks({ envs: [...envsWith(tbl), web], only: [tbl.name, web.name] });
});

describe("isolated subnets (messaging-dev: design 003's three tiers)", () => {
  it("one isolated /24 per AZ, no public IPs, all on one route table without any route", () => {
    const net = json("messaging-dev-network");
    const subnets = Object.entries(resources<R>(net, "aws_subnet")).filter(([id]) => id.includes("isolated"));
    expect(subnets.map(([, s]) => [s.cidr_block, s.availability_zone, s.map_public_ip_on_launch])).toEqual([
      ["10.0.4.0/24", "ap-northeast-1a", false],
      ["10.0.5.0/24", "ap-northeast-1c", false],
    ]);
    const rtId = Object.keys(resources(net, "aws_route_table")).find((id) => id.includes("isolated_rt"))!;
    const routes = Object.values(resources<R>(net, "aws_route")).filter((r) => String(r.route_table_id).includes(rtId));
    expect(routes).toEqual([]);
    const assoc = Object.values(resources<R>(net, "aws_route_table_association")).filter((a) => String(a.route_table_id).includes(rtId));
    expect(assoc).toHaveLength(2);
    // No endpoint routes either: the S3 gateway endpoint is on the private route tables only.
    for (const ep of Object.values(resources<R>(net, "aws_vpc_endpoint"))) expect(JSON.stringify(ep.route_table_ids ?? [])).not.toContain(rtId);
    expect(net.output.isolated_subnet_ids).toBeDefined();
  });

  it("environments without isolated subnets keep their network unchanged (no isolated output)", () => {
    // The web environments are pinned by the addresses fixture; here: the output is only emitted with the tier.
    const { envs } = loadConfig();
    expect(envs.find((e) => e.name === "dev")!.network.azs.every((a) => !a.isolatedCidr)).toBe(true);
  });
});

describe("RDS PostgreSQL (messaging)", () => {
  const dev = () => resource<R>(json("messaging-dev-data"), "aws_db_instance");
  const prod = () => resource<R>(json("messaging-prod-data"), "aws_db_instance");

  it("dev: PostgreSQL 16.4 on db.t3.micro, 20 GB gp3 autoscaling to 100, single-AZ, no protection", () => {
    expect(dev()).toMatchObject({
      engine: "postgres", engine_version: "16.4", instance_class: "db.t3.micro",
      storage_type: "gp3", allocated_storage: 20, max_allocated_storage: 100,
      multi_az: false, deletion_protection: false, skip_final_snapshot: true,
    });
  });

  it("encrypted with the data CMK; master password managed by RDS in Secrets Manager, never in config", () => {
    const db = dev();
    const key = ref("aws_kms_key", Object.keys(resources(json("messaging-dev-data"), "aws_kms_key"))[0], "arn");
    expect(db).toMatchObject({ storage_encrypted: true, kms_key_id: key, manage_master_user_password: true, master_user_secret_kms_key_id: key });
    expect(db.password).toBeUndefined();
    expect(db.password_wo).toBeUndefined();
  });

  it("in the isolated subnets, not public, IAM auth, TLS forced by the parameter group", () => {
    const j = json("messaging-dev-data");
    const db = dev();
    expect(db.publicly_accessible).toBe(false);
    expect(db.iam_database_authentication_enabled).toBe(true);
    expect(resource<R>(j, "aws_db_subnet_group").subnet_ids).toBe("${data.terraform_remote_state.remote_network.outputs.isolated_subnet_ids}");
    const pg = resource<R>(j, "aws_db_parameter_group");
    expect(pg.family).toBe("postgres16");
    expect(pg.parameter).toEqual(PG_PARAMS);
    expect(db.parameter_group_name).toContain("aws_db_parameter_group");
  });

  it("backups, minor upgrades, log exports to CMK log groups created first", () => {
    const j = json("messaging-dev-data");
    const db = dev();
    expect(db).toMatchObject({ backup_retention_period: 7, copy_tags_to_snapshot: true, auto_minor_version_upgrade: true, allow_major_version_upgrade: false });
    expect(db.enabled_cloudwatch_logs_exports).toEqual(["postgresql", "upgrade"]);
    const groups = Object.values(resources<R>(j, "aws_cloudwatch_log_group")).map((g) => g.name).sort();
    expect(groups).toEqual(["/aws/rds/instance/acme-messaging-dev-main/postgresql", "/aws/rds/instance/acme-messaging-dev-main/upgrade"]);
    expect(db.depends_on).toHaveLength(2);
  });

  it("prod: Multi-AZ, deletion protection and a final snapshot", () => {
    expect(prod()).toMatchObject({ multi_az: true, deletion_protection: true, skip_final_snapshot: false, final_snapshot_identifier: "acme-messaging-prod-main-final", backup_retention_period: 14 });
  });

  it("its security group has no rules of its own", () => {
    const sg = resource<R>(json("messaging-dev-data"), "aws_security_group");
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
    expect(resources(json("messaging-dev-data"), "aws_vpc_security_group_ingress_rule")).toEqual({});
  });
});

describe("Aurora PostgreSQL (eldonia-prod)", () => {
  const j = () => json("eldonia-prod-data");

  it("cluster: encrypted, RDS-managed master secret, deletion protection, final snapshot, 7 days of backups", () => {
    expect(resource<R>(j(), "aws_rds_cluster")).toMatchObject({
      engine: "aurora-postgresql", engine_version: "16.4", storage_encrypted: true, manage_master_user_password: true,
      deletion_protection: true, skip_final_snapshot: false, backup_retention_period: 7, iam_database_authentication_enabled: true,
    });
    expect(resource<R>(j(), "aws_rds_cluster").master_password).toBeUndefined();
    expect(resource<R>(j(), "aws_rds_cluster_parameter_group").parameter).toEqual(PG_PARAMS);
  });

  it("writer plus two readers on db.r6g.xlarge, spread over both AZs", () => {
    const instances = Object.values(resources<R>(j(), "aws_rds_cluster_instance"));
    expect(instances.map((i) => [i.identifier, i.instance_class, i.availability_zone, i.publicly_accessible])).toEqual([
      ["acme-eldonia-prod-main-1", "db.r6g.xlarge", "ap-northeast-1a", false],
      ["acme-eldonia-prod-main-2", "db.r6g.xlarge", "ap-northeast-1c", false],
      ["acme-eldonia-prod-main-3", "db.r6g.xlarge", "ap-northeast-1a", false],
    ]);
    expect(instances.every((i) => i.performance_insights_enabled === true && i.performance_insights_retention_period === 731)).toBe(true);
  });

  it("reader autoscaling 2–5 on RDSReaderAverageCPUUtilization", () => {
    expect(resource<R>(j(), "aws_appautoscaling_target")).toMatchObject({
      service_namespace: "rds", scalable_dimension: "rds:cluster:ReadReplicaCount", resource_id: "cluster:acme-eldonia-prod-main", min_capacity: 2, max_capacity: 5,
    });
    expect(resource<R>(j(), "aws_appautoscaling_policy").target_tracking_scaling_policy_configuration).toMatchObject({
      predefined_metric_specification: { predefined_metric_type: "RDSReaderAverageCPUUtilization" }, target_value: 70,
    });
  });

  it("eldonia-dev has the writer only and no deletion protection", () => {
    const e = loadConfig().envs.find((x) => x.name === "eldonia-dev")!;
    const db = e.data.databases.main;
    expect(db.engine === "aurora-postgresql" && db.readers.count).toBe(0);
    expect(e.deletionProtection).toBe(false);
  });
});

describe("ElastiCache (eldonia-prod sessions)", () => {
  const j = () => json("eldonia-prod-data");

  it("TLS in transit, CMK at rest, AUTH token read from its generated secret", () => {
    const g = resource<R>(j(), "aws_elasticache_replication_group");
    expect(g).toMatchObject({ transit_encryption_enabled: true, at_rest_encryption_enabled: "true", engine: "redis", engine_version: "7.1", node_type: "cache.r6g.large", port: 6379 });
    expect(g.kms_key_id).toMatch(/^\$\{aws_kms_key\..*\.arn\}$/);
    expect(g.auth_token).toMatch(/^\$\{data\.aws_secretsmanager_secret_version\..*\.secret_string\}$/);
  });

  it("cluster mode with 2 shards × 1 replica, Multi-AZ automatic failover, 14 days of snapshots", () => {
    expect(resource<R>(j(), "aws_elasticache_replication_group")).toMatchObject({
      cluster_mode: "enabled", num_node_groups: 2, replicas_per_node_group: 1, automatic_failover_enabled: true, multi_az_enabled: true,
      snapshot_retention_limit: 14, parameter_group_name: "default.redis7.cluster.on",
    });
  });

  it("isolated subnet group", () => {
    expect(resource<R>(j(), "aws_elasticache_subnet_group").subnet_ids).toBe("${data.terraform_remote_state.remote_network.outputs.isolated_subnet_ids}");
  });
});

describe("generated secrets: value generated at apply time, never in config, JSON or state", () => {
  it("the secret version writes an ephemeral random password through the write-only attribute", () => {
    const j = json("eldonia-prod-data");
    const versions = Object.values(resources<R>(j, "aws_secretsmanager_secret_version"));
    expect(versions).toHaveLength(2); // jwt-secret and the cache's AUTH token
    for (const v of versions) {
      expect(v.secret_string).toBeUndefined();
      expect(v.secret_string_wo).toMatch(/^\$\{ephemeral\.aws_secretsmanager_random_password\.[\w]+\.random_password\}$/);
      expect(v.secret_string_wo_version).toBe(1);
      const name = /ephemeral\.aws_secretsmanager_random_password\.([\w]+)\./.exec(v.secret_string_wo)![1];
      expect(j.ephemeral.aws_secretsmanager_random_password[name]).toEqual({ password_length: 64, exclude_punctuation: true, include_space: false });
    }
    const secrets = Object.values(resources<R>(j, "aws_secretsmanager_secret")).map((s) => [s.name, s.kms_key_id !== undefined]);
    expect(secrets).toEqual(expect.arrayContaining([["acme/eldonia-prod/app/jwt-secret", true], ["acme/eldonia-prod/cache/sessions/auth-token", true]]));
  });
});

describe("media bucket (eldonia)", () => {
  it("versioned, private, SSE-S3 per design 001, IA at 90 days and Glacier at 365", () => {
    const j = json("eldonia-prod-data");
    expect(resource<R>(j, "aws_s3_bucket").bucket).toBe("acme-eldonia-prod-media-333333333302");
    expect(resource<R>(j, "aws_s3_bucket_public_access_block")).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(resource<R>(j, "aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
    expect(resource<R>(j, "aws_s3_bucket_server_side_encryption_configuration").rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe("AES256");
    const rules = resource<R>(j, "aws_s3_bucket_lifecycle_configuration").rule as R[];
    expect(rules.find((r) => r.id === "storage-tiers")!.transition).toEqual([{ days: 90, storage_class: "STANDARD_IA" }, { days: 365, storage_class: "GLACIER" }]);
  });
});

describe("DynamoDB table (modified eldonia-local with a sessions table)", () => {
  it("on demand, CMK, PITR, TTL, deletion protection off where the env has none", () => {
    const t = resource<R>(json("eldonia-tbl-data"), "aws_dynamodb_table");
    expect(t).toMatchObject({
      name: "acme-eldonia-tbl-sessions", billing_mode: "PAY_PER_REQUEST", hash_key: "id", range_key: "kind",
      point_in_time_recovery: { enabled: true }, ttl: { attribute_name: "expiresAt", enabled: true }, deletion_protection_enabled: false,
    });
    expect(t.server_side_encryption.enabled).toBe(true);
    expect(t.server_side_encryption.kms_key_arn).toMatch(/^\$\{aws_kms_key\./);
  });

  it("the using service's task role may touch items of exactly that table (and its indexes) and the CMK through DynamoDB", () => {
    const p = json("eldonia-tbl-platform");
    const pol = Object.values(resources<R>(p, "aws_iam_role_policy")).find((x) => x.name === "data-access")!;
    const st = policy(pol.policy).Statement as R[];
    expect(st.find((s) => s.Sid === "TableItems")!.Resource).toEqual([data("table_sessions_arn"), `${data("table_sessions_arn")}/index/*`]);
    expect(st.find((s) => s.Sid === "DataKeyViaServices")).toMatchObject({
      Resource: data("data_kms_key_arn"), Condition: { StringEquals: { "kms:ViaService": ["dynamodb.ap-northeast-1.amazonaws.com", "s3.ap-northeast-1.amazonaws.com"] } },
    });
  });
});

describe("services use data by name (eldonia-local backend: database, cache, media bucket, JWT secret)", () => {
  const p = () => json("eldonia-local-platform");
  const taskSg = () => ref("aws_security_group", Object.keys(resources(p(), "aws_security_group")).find((id) => id.includes("backend"))!);

  it("one ingress rule per store, from the service's task group only, on the store's port only", () => {
    const ingress = Object.entries(resources<R>(p(), "aws_vpc_security_group_ingress_rule")).filter(([id]) => id.startsWith("data_"));
    expect(ingress.map(([, r]) => [r.security_group_id, r.referenced_security_group_id, r.from_port, r.to_port, r.cidr_ipv4]).sort((a, b) => a[2] - b[2])).toEqual([
      [data("db_main_security_group_id"), taskSg(), 5432, 5432, undefined],
      [data("cache_sessions_security_group_id"), taskSg(), 6379, 6379, undefined],
    ]);
    const egress = Object.entries(resources<R>(p(), "aws_vpc_security_group_egress_rule")).filter(([id]) => id.startsWith("data_"));
    expect(egress.map(([, r]) => [r.security_group_id, r.referenced_security_group_id, r.from_port]).sort((a, b) => a[2] - b[2])).toEqual([
      [taskSg(), data("db_main_security_group_id"), 5432],
      [taskSg(), data("cache_sessions_security_group_id"), 6379],
    ]);
  });

  it("the execution role may read exactly the used secrets, decrypting only through Secrets Manager", () => {
    const exec = Object.values(resources<R>(p(), "aws_iam_role_policy")).find((x) => x.name === "task-execution")!;
    const st = policy(exec.policy).Statement as R[];
    expect(st.find((s) => s.Sid === "DataSecrets")!.Resource).toEqual([data("cache_sessions_auth_secret_arn"), data("db_main_secret_arn"), data("secret_jwt_secret_arn")]);
    expect(st.find((s) => s.Sid === "DecryptDataSecretsViaService")).toMatchObject({ Action: "kms:Decrypt", Resource: data("data_kms_key_arn") });
  });

  it("the task role gets the media bucket's objects only (no table, no database IAM)", () => {
    const pol = Object.values(resources<R>(p(), "aws_iam_role_policy")).find((x) => x.name === "data-access")!;
    const st = policy(pol.policy).Statement as R[];
    expect(st.map((s) => s.Sid)).toEqual(["BucketList", "BucketObjects", "DataKeyViaServices"]);
    expect(st[1].Resource).toEqual([`${data("bucket_media_arn")}/*`]);
  });

  it("the task definition takes DB_* and REDIS_URL from the data state and the secrets by ARN (JSON key for the RDS secret)", () => {
    const { envs, accounts } = loadConfig();
    const env = envs.find((e) => e.name === "eldonia-local")!;
    const td = buildBundle(env, accounts.get(env.account)!, "backend").taskdef;
    const c = td.containerDefinitions![0];
    const envVars = Object.fromEntries(c.environment!.map((e) => [e.name, e.value]));
    expect(envVars).toMatchObject({
      DB_HOST: "{{ data_tfstate `output.db_main_host` }}",
      DB_PORT: "{{ data_tfstate `output.db_main_port` }}",
      DB_NAME: "{{ data_tfstate `output.db_main_name` }}",
      REDIS_URL: "rediss://{{ data_tfstate `output.cache_sessions_host` }}:{{ data_tfstate `output.cache_sessions_port` }}",
      S3_BUCKET_MEDIA: "{{ data_tfstate `output.bucket_media_name` }}",
    });
    expect(c.secrets).toEqual([
      { name: "DB_PASSWORD", valueFrom: "{{ data_tfstate `output.db_main_secret_arn` }}:password::" },
      { name: "DB_USER", valueFrom: "{{ data_tfstate `output.db_main_secret_arn` }}:username::" },
      { name: "JWT_SECRET", valueFrom: "{{ data_tfstate `output.secret_jwt_secret_arn` }}" },
      { name: "REDIS_AUTH_TOKEN", valueFrom: "{{ data_tfstate `output.cache_sessions_auth_secret_arn` }}" },
    ]);
  });

  it("bridge (EC2) services connect from the container instances' group: one rule pair per store, whoever uses it", () => {
    const p = json("web-db-platform");
    const instanceSg = ref("aws_security_group", Object.keys(resources(p, "aws_security_group")).find((id) => id.startsWith("capacity_"))!);
    const ingress = Object.entries(resources<R>(p, "aws_vpc_security_group_ingress_rule")).filter(([id]) => id.startsWith("data_"));
    expect(ingress.map(([id, r]) => [id.replace(/_[0-9A-F]{8}$/, ""), r.security_group_id, r.referenced_security_group_id, r.from_port, r.to_port])).toEqual([
      ["data_db_main_from_instances_ingress", data("db_main_security_group_id"), instanceSg, 5432, 5432],
    ]);
    // Both services' task definitions read the same secret; the execution role lists it once.
    const exec = Object.values(resources<R>(p, "aws_iam_role_policy")).find((x) => x.name === "task-execution")!;
    expect((policy(exec.policy).Statement as R[]).find((s) => s.Sid === "DataSecrets")!.Resource).toEqual([data("db_main_secret_arn")]);
  });

  it("a Fargate-only system has no EC2 capacity (messaging-dev)", () => {
    expect(resources(json("messaging-dev-platform"), "aws_launch_template")).toEqual({});
  });
});

describe("bad input fails synth naming the field and the fix, writing nothing", () => {
  const mutate = (base: EnvInput, f: (e: R) => void): EnvInput[] => {
    const e = clone(base) as R;
    f(e);
    return envsWith(e as EnvInput);
  };
  const msg = (base: EnvInput, f: (e: R) => void) => validationProblems(mutate(base, f));

  it("a database in a VPC without isolated subnets", () => {
    expect(msg(messagingDev, (e) => e.network.azs.forEach((a: R) => delete a.isolatedCidr))).toMatch(
      /messaging-dev: data\.databases\.main = "main": a data store needs isolated subnets, and this VPC has none; add network\.azs\[\]\.isolatedCidr/,
    );
  });

  it("Multi-AZ with isolated subnets in one AZ only", () => {
    expect(msg(messagingDev, (e) => {
      delete e.network.azs[1].isolatedCidr;
      e.data.databases.main.multiAz = true;
    })).toMatch(/messaging-dev: data\.databases\.main\.multiAz = true: Multi-AZ needs isolated subnets in two AZs, but only AZ a has one/);
  });

  it("Aurora readers above the autoscaling maximum", () => {
    expect(msg(eldoniaLocal, (e) => (e.data.databases.main.readers = { count: 3, autoscaling: { min: 1, max: 2 } }))).toMatch(
      /eldonia-local: data\.databases\.main\.readers\.count = 3: more readers than readers\.autoscaling\.max \(2\); lower count or raise max/,
    );
  });

  it("an unknown store name, a store of the wrong kind, a secret path of another environment", () => {
    const m = msg(eldoniaLocal, (e) => {
      e.services.backend.uses = { database: "mian", cache: "main", secrets: { JWT_SECRET: "acme/eldonia-prod/app/jwt-secret" } };
    });
    expect(m).toMatch(/services\.backend\.uses\.database = "mian": no database "mian" in data; declared under data\.databases: main/);
    expect(m).toMatch(/services\.backend\.uses\.cache = "main": "main" is a database, not a cache; use uses\.database for it/);
    expect(m).toMatch(/services\.backend\.uses\.secrets\.JWT_SECRET = "acme\/eldonia-prod\/app\/jwt-secret": .*another environment's secrets are never readable/);
  });

  it("an engine version outside the supported list and a cache node type typo", () => {
    const m = msg(eldoniaLocal, (e) => {
      e.data.databases.main.version = "15.2";
      e.data.caches.sessions.nodeType = "cache.r6g.larg";
    });
    expect(m).toMatch(/data\.databases\.main\.version = "15\.2": .*accepted: "16\.4", "16\.6"/);
    expect(m).toMatch(/data\.caches\.sessions\.nodeType = "cache\.r6g\.larg": .*accepted: .*"cache\.r6g\.large"/);
  });

  it("AOF asked of ElastiCache names the durable option instead", () => {
    expect(msg(eldoniaLocal, (e) => (e.data.caches.sessions.durability = "aof"))).toMatch(
      /data\.caches\.sessions\.durability = "aof": ElastiCache offers no AOF .* set durability: "snapshots-and-replicas"/,
    );
  });

  it("a maintenance window touching the backup window (RDS refuses it)", () => {
    expect(msg(messagingDev, (e) => {
      e.data.databases.main.backupWindow = "17:00-18:00";
      e.data.databases.main.maintenanceWindow = "sun:18:00-sun:19:00";
    })).toMatch(/data\.databases\.main\.maintenanceWindow = "sun:18:00-sun:19:00": overlaps or touches the daily backup window 17:00-18:00/);
  });

  it("Performance Insights on a class without it", () => {
    expect(msg(messagingDev, (e) => (e.data.databases.main.performanceInsightsDays = 7))).toMatch(
      /data\.databases\.main\.performanceInsightsDays = 7: db\.t3\.micro does not support Performance Insights/,
    );
  });

  it("synth exits 1 and leaves no output directory", () => {
    const dir = mkdtempSync(join(tmpdir(), "data-bad-"));
    const out = join(dir, "out");
    const err = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const code = runSynth({ envs: mutate(eldoniaLocal, (e) => (e.data.caches.sessions.nodeType = "cache.r6g.larg")), accounts: ACCOUNTS, only: ["eldonia-local"], outdir: out });
      expect(code).toBe(1);
      expect(existsSync(out)).toBe(false);
      expect(err.mock.calls.flat().join("\n")).toContain("data.caches.sessions.nodeType");
    } finally {
      err.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
