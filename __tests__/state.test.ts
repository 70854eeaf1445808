/**
 * State: every environment stack keeps state in its account's S3 bucket with native locking; the bootstrap
 * stacks (local state) create those buckets hardened.
 */
import { allStacks, policy, resource, stack } from "./helpers/synth";
import { evaluate, RULES_BY_ID } from "../modules/guardrails";
import { loadConfig } from "../envs";

const { envs, accounts } = loadConfig();
/** Accounts that host at least one environment: only those get a bootstrap stack. */
const hosting = [...accounts.values()].filter((a) => envs.some((e) => e.account === a.name));

describe("S3 backend on every environment stack", () => {
  // The `github` stack is not an environment stack (its backend is checked in __tests__/github.test.ts).
  const envStacks = [...allStacks().values()].filter((s) => !s.name.startsWith("bootstrap-") && s.name !== "github");

  it("covers every environment", () => {
    for (const e of envs) expect(envStacks.map((s) => s.name)).toContain(`${e.name}-network`);
  });

  it.each(envStacks.map((s) => [s.name, s] as const))("%s: bucket, key <env>/<layer>.tfstate, encrypt with the state CMK, use_lockfile", (name, s) => {
    // Environment names may contain hyphens (`eldonia-dev`): the longest environment name that prefixes the id.
    const env = envs.filter((e) => name.startsWith(`${e.name}-`)).sort((a, b) => b.name.length - a.name.length)[0]!;
    const envName = env.name;
    const layer = [name.slice(envName.length + 1)];
    const b = s.json.terraform!.backend!.s3 as Record<string, unknown>;
    expect(Object.keys(s.json.terraform!.backend!)).toEqual(["s3"]);
    expect(b.bucket).toBe(accounts.get(env.account)!.stateBucket);
    expect(b.key).toBe(`${envName}/${layer.join("-")}.tfstate`);
    expect(b.encrypt).toBe(true);
    // The state CMK the bootstrap stack creates (alias/<bucket>), as an alias ARN in the bucket's account:
    // without it Terraform writes state and lock objects as SSE-S3 (AES256).
    const account = accounts.get(env.account)!;
    expect(b.kms_key_id).toBe(`arn:aws:kms:${account.region}:${account.id}:alias/${account.stateBucket}`);
    expect(b.use_lockfile).toBe(true);
    expect(b.dynamodb_table).toBeUndefined();
    // Endpoint overrides exist only where the env config names an emulator.
    expect(b.endpoints !== undefined).toBe(env.emulator !== undefined);
  });

  it("points local's backend at the emulator with path-style addressing", () => {
    const b = stack("local-network").terraform!.backend!.s3 as Record<string, unknown>;
    expect(b.endpoints).toEqual({ s3: envs.find((e) => e.name === "local")!.emulator!.endpoint, sts: expect.any(String), iam: expect.any(String) });
    expect(b.use_path_style).toBe(true);
  });
});

describe("PRJ_BACKEND: a backend without the state CMK is an error", () => {
  const local = stack("local-network");
  const without = { ...local, terraform: { ...local.terraform, backend: { s3: { ...(local.terraform!.backend!.s3 as object), kms_key_id: undefined } } } };
  const findings = (json: typeof local) =>
    evaluate([{ name: "local-network", json: json as never }], [RULES_BY_ID.get("PRJ_BACKEND")!]).findings.filter((f) => f.attribute === "kms_key_id" || f.result !== "pass");

  it("passes every synthesized backend (the emulator's included)", () => {
    expect(findings(local).filter((f) => f.result !== "pass")).toEqual([]);
  });

  it("fails (not warns) when kms_key_id is missing, also for the emulator backend", () => {
    expect(findings(without).map((f) => [f.result, f.attribute])).toEqual([["fail", "kms_key_id"]]);
  });

  it("the bootstrap stack's key alias is the one the backends name", () => {
    for (const account of hosting) {
      const alias = resource<{ name: string }>(stack(`bootstrap-${account.name}`), "aws_kms_alias");
      expect(`arn:aws:kms:${account.region}:${account.id}:${alias.name}`).toBe(`arn:aws:kms:${account.region}:${account.id}:alias/${account.stateBucket}`);
    }
  });
});

describe("bootstrap stacks", () => {
  it("one per account, with local state", () => {
    const names = [...allStacks().keys()].filter((n) => n.startsWith("bootstrap-")).sort();
    expect(names).toEqual(hosting.map((a) => `bootstrap-${a.name}`).sort());
    for (const n of names) expect(Object.keys(stack(n).terraform!.backend!)).toEqual(["local"]);
  });

  it.each(hosting.map((a) => [a.name, a] as const))("bootstrap-%s hardens the state bucket", (name, account) => {
    const json = stack(`bootstrap-${name}`);
    const bucket = resource<Record<string, any>>(json, "aws_s3_bucket"); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(bucket.bucket).toBe(account.stateBucket);
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(bucket.force_destroy).toBe(false);
    expect(resource(json, "aws_s3_bucket_versioning")).toMatchObject({ versioning_configuration: { status: "Enabled" } });
    expect(resource(json, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
    });
    const enc = resource<{ rule: { apply_server_side_encryption_by_default: { sse_algorithm: string; kms_master_key_id: string } }[] }>(json, "aws_s3_bucket_server_side_encryption_configuration");
    expect(enc.rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe("aws:kms");
    expect(enc.rule[0].apply_server_side_encryption_by_default.kms_master_key_id).toMatch(/^\$\{aws_kms_key\..*\.arn\}$/);
    expect(resource(json, "aws_kms_key")).toMatchObject({ enable_key_rotation: true });
    const lc = resource<{ rule: { id: string; noncurrent_version_expiration?: { noncurrent_days: number }[] }[] }>(json, "aws_s3_bucket_lifecycle_configuration");
    expect(lc.rule.find((r) => r.id === "expire-noncurrent-versions")!.noncurrent_version_expiration).toEqual([{ noncurrent_days: account.noncurrentVersionDays }]);
    const p = policy(resource<{ policy: string }>(json, "aws_s3_bucket_policy").policy);
    expect(p.Statement).toContainEqual(expect.objectContaining({
      Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } },
    }));
    expect(json.provider!.aws).toEqual([expect.objectContaining({ allowed_account_ids: [account.id], region: account.region })]);
  });
});
