import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { Construct, TerraformStack } from "../../foundation/cdk";
import { waive } from "../guardrails/waive";

export interface GeneratedSecretProps {
  /** Secrets Manager name, e.g. `acme/eldonia-dev/app/jwt-secret`. */
  readonly name: string;
  readonly description: string;
  /** CMK encrypting the secret. */
  readonly kmsKeyArn: string;
  /** Characters generated (letters and digits only: safe in URLs, headers and Redis AUTH). Min 16, max 4096. */
  readonly length: number;
  /**
   * Bump to generate a new value on the next apply (the value is write-only: Terraform sends it once per
   * version and never stores it). @default 1
   */
  readonly version?: number;
  /** Days a deleted secret can be restored; 0 = delete at once (emulator/throwaway environments). @default 7 */
  readonly recoveryWindowDays?: number;
}

/**
 * A secret whose value is generated at apply time and never appears in config, synthesized JSON or Terraform
 * state: an ephemeral `aws_secretsmanager_random_password` (Secrets Manager GetRandomPassword, evaluated only
 * during the run, Terraform ≥ 1.10) feeds the write-only `secret_string_wo` of the secret version (hashicorp/aws
 * ≥ 5.90, Terraform ≥ 1.11). cdktf 0.21 has no ephemeral construct, so the block is written with an override
 * on the stack.
 */
export class GeneratedSecret extends Construct {
  readonly secret: SecretsmanagerSecret;
  readonly version: SecretsmanagerSecretVersion;

  constructor(scope: Construct, id: string, props: GeneratedSecretProps) {
    super(scope, id);
    if (props.length < 16 || props.length > 4096) throw new Error(`${this.node.path}: length ${props.length} is outside 16..4096`);
    this.secret = new SecretsmanagerSecret(this, "secret", {
      name: props.name,
      description: props.description,
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays: props.recoveryWindowDays ?? 7,
    });
    waive(this.secret, "CKV2_AWS_57", "generated application secret: rotated by bumping its version (a new value on the next apply, then a service deploy); no rotation Lambda");
    // One ephemeral generator per secret, named after this construct's unique address.
    const ephemeralName = `${this.node.path.split("/").slice(1).join("_").replace(/[^A-Za-z0-9_]/g, "_")}_value`;
    TerraformStack.of(this).addOverride(`ephemeral.aws_secretsmanager_random_password.${ephemeralName}`, {
      password_length: props.length,
      exclude_punctuation: true,
      include_space: false,
    });
    this.version = new SecretsmanagerSecretVersion(this, "value", {
      secretId: this.secret.id,
      secretStringWo: `\${ephemeral.aws_secretsmanager_random_password.${ephemeralName}.random_password}`,
      secretStringWoVersion: props.version ?? 1,
    });
  }
}
