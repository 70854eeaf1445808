import { AwsProvider, type AwsProviderEndpoints } from "@cdktf/provider-aws/lib/provider";
import { Construct, LocalBackend, S3Backend, TerraformOutput, TerraformStack } from "../../foundation/cdk";
import type { Account, EnvConfig } from "../../envs";
import type { Emulator } from "../../envs/schema";
import { stackId, stateKey, type Layer } from "../../foundation/contract";
import { resolveEnv, type ResolvedEnv } from "../../envs/resolve";

/** AWS services this project calls; each gets the emulator endpoint in `local`. */
const EMULATED_SERVICES = [
  "acm", "apigateway", "applicationautoscaling", "autoscaling", "cloudfront", "cloudtrail", "cloudwatch", "cloudwatchlogs",
  "codedeploy", "cognitoidp", "configservice", "dynamodb", "ec2", "ecr", "ecs", "elasticache", "elbv2", "events", "guardduty", "iam", "kms", "lambda",
  "rds", "route53", "s3", "s3control", "scheduler", "secretsmanager", "sns", "sqs", "ssm", "sts", "wafv2",
] as const;

/** Provider settings that point the AWS provider at an emulator. Used only when the env config has `emulator`. */
export function emulatorProviderConfig(emulator: Emulator) {
  const endpoints: Record<string, string> = {};
  for (const s of EMULATED_SERVICES) endpoints[s] = emulator.endpoint;
  return {
    accessKey: emulator.accessKey,
    secretKey: emulator.secretKey,
    s3UsePathStyle: true,
    skipCredentialsValidation: true,
    skipMetadataApiCheck: "true",
    skipRequestingAccountId: false,
    endpoints: [endpoints as AwsProviderEndpoints],
  };
}

export interface EnvStackProps {
  readonly env: EnvConfig;
  readonly account: Account;
  readonly layer: Layer;
  /**
   * Keep state in a local file instead of S3 (unit tests only, never for a real environment).
   * @default false
   */
  readonly localState?: boolean;
}

/**
 * The Terraform CLI every stack needs: native S3 state locking (`use_lockfile`) exists from 1.10 on. Declared in
 * each stack's `terraform.required_version` so an older CLI stops at init instead of ignoring the lock setting
 * (tflint's terraform_required_version asks for it on every stack).
 */
export const TERRAFORM_REQUIRED_VERSION = ">= 1.10";

/** Declare TERRAFORM_REQUIRED_VERSION on a stack (every stack class calls this once). */
export function requireTerraformVersion(stack: TerraformStack): void {
  stack.addOverride("terraform.required_version", TERRAFORM_REQUIRED_VERSION);
}

/**
 * Base of every environment stack: the AWS provider (region, account guard, default tags, emulator endpoints
 * when configured), the S3 backend with native S3 locking, and a stable stack id `<env>-<layer>`.
 */
export abstract class EnvStack extends TerraformStack {
  readonly env: EnvConfig;
  readonly account: Account;
  readonly layer: Layer;
  readonly provider: AwsProvider;
  /** The environment with every derived value and default resolved (envs/resolve.ts). */
  readonly resolved: ResolvedEnv;

  constructor(scope: Construct, props: EnvStackProps) {
    super(scope, stackId(props.env.name, props.layer));
    requireTerraformVersion(this);
    const { env, account, layer } = props;
    this.env = env;
    this.account = account;
    this.layer = layer;
    this.resolved = resolveEnv(env);
    this.provider = new AwsProvider(this, "aws", awsProviderConfig(env, account, env.region));
    if (props.localState) {
      new LocalBackend(this, { path: `${this.node.id}.tfstate` });
    } else {
      configureS3Backend(this, account, stateKey(env.name, layer), env.emulator);
    }
  }

  /** Emit a contract output: the output name is exactly `name` (staticId), never a hashed id. */
  protected output(name: string, value: unknown, description: string, sensitive = false): TerraformOutput {
    return new TerraformOutput(this, name, { value, description, staticId: true, sensitive });
  }

  /** The physical-name prefix `<project>-<env>`. */
  get prefix(): string {
    return this.resolved.prefix;
  }
}

/** Provider configuration shared by every stack of an environment (also used for aliased providers). */
export function awsProviderConfig(env: EnvConfig, account: Account, region: string, alias?: string) {
  return {
    region,
    alias,
    allowedAccountIds: [account.id],
    defaultTags: [{ tags: { Project: env.project, Environment: env.name, ManagedBy: "cdktf", ...env.tags } }],
    ...(env.emulator ? emulatorProviderConfig(env.emulator) : {}),
  };
}

/**
 * The KMS key state and lock objects are encrypted with: the alias ARN of the account's state CMK, which the
 * bootstrap stack (src/stacks/bootstrap-stack.ts) names `alias/<state bucket>`. Without `kms_key_id`, Terraform's
 * S3 backend sends `encrypt = true` as SSE-S3 (AES256) on every PutObject, overriding the bucket's SSE-KMS
 * default, and the CI roles' key-scoped access (modules/ci/policies.ts: kms:Decrypt/GenerateDataKey on this key
 * only) would protect nothing. The alias ARN pins the account (a bare `alias/…` resolves in the caller's
 * account) and is known at synth, so the backend block needs no lookup.
 */
export function stateKmsKeyId(account: Account): string {
  return `arn:aws:kms:${account.region}:${account.id}:alias/${account.stateBucket}`;
}

/**
 * Settings that locate a state object in the account's bucket: shared by the S3 backend of every stack and by
 * `remoteState()` readers, so a reader always looks exactly where the writer wrote (including the emulator's
 * endpoints in `local`).
 */
export function s3StateLocation(account: Account, key: string, emulator?: Emulator) {
  return {
    bucket: account.stateBucket,
    key,
    region: account.region,
    encrypt: true,
    kmsKeyId: stateKmsKeyId(account),
    ...(emulator
      ? {
          accessKey: emulator.accessKey,
          secretKey: emulator.secretKey,
          endpoints: { s3: emulator.endpoint, sts: emulator.endpoint, iam: emulator.endpoint },
          usePathStyle: true,
          skipCredentialsValidation: true,
          skipRegionValidation: true,
          skipMetadataApiCheck: true,
          skipRequestingAccountId: true,
        }
      : {}),
  };
}

/**
 * The S3 backend: one bucket per account, key `<env>/<layer>.tfstate`, encrypted with the account's state CMK
 * (`stateKmsKeyId`; the lock object too), locked with a lock file in
 * the bucket (`use_lockfile`, Terraform ≥ 1.10). cdktf 0.21's S3Backend has no typed `useLockfile`, so it is
 * set with an override; __tests__/state.test.ts asserts it on every stack.
 */
export function configureS3Backend(stack: TerraformStack, account: Account, key: string, emulator?: Emulator): S3Backend {
  const backend = new S3Backend(stack, s3StateLocation(account, key, emulator));
  stack.addOverride("terraform.backend.s3.use_lockfile", true);
  return backend;
}
