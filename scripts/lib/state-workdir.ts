/**
 * A read-only Terraform working directory for one stack's state, used by scripts/state.sh:
 *   node --require tsx/cjs scripts/lib/state-workdir.ts <env> <layer>
 * writes `.tf-cache/state/<env>-<layer>/main.tf.json` — the stack's S3 backend block, identical to what
 * `configureS3Backend` synthesizes (bucket, key, encryption, use_lockfile, emulator endpoints), plus the
 * AWS provider requirement so `terraform state show` has the provider schema — and the repo's Terraform CLI
 * config (`terraformEnv`: the provider mirror, plugin cache). `STATE_CACHE_DIR` moves the working directories. Prints `KEY=value` lines: TF_DIR,
 * TF_CLI_CONFIG_FILE, NEEDS_INIT (1 when the backend changed or was never initialised), STATE_URL, and for an
 * emulator environment EMULATOR_ENDPOINT, EMULATOR_HOST, EMULATOR_PORT.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LAYERS, stateKey, stateUrl, type Layer } from "../../foundation/contract";
import type { Account, EnvConfig } from "../../envs";
import { formatFacts, resolveEnv, runCli, UsageError } from "./env-facts";
import { TF_CACHE_DIR, terraformEnv } from "./terraform";
import { stateKmsKeyId } from "../../src/stacks/env-stack";

/** The AWS provider version the stacks are generated for (@cdktf/provider-aws's pinned provider). */
export function awsProviderVersion(): string {
  const pkg = JSON.parse(readFileSync(require.resolve("@cdktf/provider-aws/package.json"), "utf8")) as {
    cdktf: { provider: { version: string } };
  };
  return pkg.cdktf.provider.version;
}

/**
 * The S3 backend block of `<env>/<layer>.tfstate` as the stacks synthesize it (`configureS3Backend` in
 * src/stacks/env-stack.ts). Written out here rather than synthesized, to keep cdktf out of every state.sh call;
 * __tests__/state-workdir.test.ts asserts it equals the synthesized block of every environment's stacks.
 */
export function s3Backend(env: EnvConfig, account: Account, layer: Layer): Record<string, unknown> {
  const e = env.emulator;
  return {
    bucket: account.stateBucket,
    key: stateKey(env.name, layer),
    region: account.region,
    encrypt: true,
    kms_key_id: stateKmsKeyId(account),
    ...(e
      ? {
          access_key: e.accessKey,
          secret_key: e.secretKey,
          endpoints: { s3: e.endpoint, sts: e.endpoint, iam: e.endpoint },
          use_path_style: true,
          skip_credentials_validation: true,
          skip_region_validation: true,
          skip_metadata_api_check: true,
          skip_requesting_account_id: true,
        }
      : {}),
    use_lockfile: true,
  };
}

/** `terraform { backend "s3" {...}; required_providers }`: nothing to plan or apply, only the state to read. */
export function backendConfig(env: EnvConfig, account: Account, layer: Layer): Record<string, unknown> {
  return {
    terraform: {
      backend: { s3: s3Backend(env, account, layer) },
      required_providers: { aws: { source: "hashicorp/aws", version: awsProviderVersion() } },
    },
  };
}

/** EMULATOR_ENDPOINT / EMULATOR_HOST / EMULATOR_PORT of an emulator endpoint URL. */
export function emulatorAddress(endpoint: string): Record<string, string> {
  const u = new URL(endpoint);
  return { EMULATOR_ENDPOINT: endpoint, EMULATOR_HOST: u.hostname, EMULATOR_PORT: u.port || (u.protocol === "https:" ? "443" : "80") };
}

export function stateWorkdir(envName: string | undefined, layer: string | undefined): Record<string, string> {
  const { env, account } = resolveEnv(envName);
  if (!layer || !(LAYERS as readonly string[]).includes(layer)) {
    throw new UsageError(`unknown stack layer "${layer ?? ""}"; known: ${LAYERS.join(", ")}`);
  }
  // STATE_CACHE_DIR relocates the working directories (tests); default .tf-cache/state.
  const dir = join(process.env.STATE_CACHE_DIR || join(TF_CACHE_DIR, "state"), `${env.name}-${layer}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "main.tf.json");
  const body = JSON.stringify(backendConfig(env, account, layer as Layer), null, 2) + "\n";
  const changed = !existsSync(file) || readFileSync(file, "utf8") !== body;
  if (changed) writeFileSync(file, body);
  const tfEnv = terraformEnv();
  return {
    TF_DIR: dir,
    TF_CLI_CONFIG_FILE: tfEnv.TF_CLI_CONFIG_FILE!,
    NEEDS_INIT: changed || !existsSync(join(dir, ".terraform", "terraform.tfstate")) ? "1" : "0",
    STATE_URL: stateUrl(account.stateBucket, env.name, layer as Layer),
    // An emulator environment: state.sh checks that something answers there before terraform retries for
    // ~16 s against a closed port.
    ...(env.emulator ? emulatorAddress(env.emulator.endpoint) : {}),
  };
}

if (require.main === module) {
  const [envName, layer] = process.argv.slice(2);
  runCli(() => formatFacts(stateWorkdir(envName, layer)));
}
