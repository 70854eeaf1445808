import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct, LocalBackend, TerraformOutput, TerraformStack } from "../../foundation/cdk";
import type { Account } from "../../envs";
import type { Emulator } from "../../envs/schema";
import { ManagedKey, accountRootKeyPolicy } from "../../modules/kms";
import { SecureBucket } from "../../modules/secure-bucket";
import { waive } from "../../modules/guardrails/waive";
import { emulatorProviderConfig, requireTerraformVersion } from "./env-stack";

export interface BootstrapStackProps {
  readonly account: Account;
  /** Emulator endpoints when this account is the emulator's. */
  readonly emulator?: Emulator;
}

/** `bootstrap-<account>`: the stack id for an account's bootstrap. */
export function bootstrapStackId(account: string): string {
  return `bootstrap-${account}`;
}

/**
 * Creates an account's Terraform state bucket. This is the only stack with local state: the bucket it creates
 * is where every other stack's state lives, so it cannot keep its own state there before it exists. Its state
 * file (`.bootstrap-state/bootstrap-<account>.tfstate`, git-ignored) holds no secrets and is recreatable by
 * `terraform import` of the bucket and key. See README "Bootstrap an account".
 */
export class BootstrapStack extends TerraformStack {
  readonly bucket: SecureBucket;

  constructor(scope: Construct, props: BootstrapStackProps) {
    super(scope, bootstrapStackId(props.account.name));
    requireTerraformVersion(this);
    const { account } = props;
    new AwsProvider(this, "aws", {
      region: account.region,
      allowedAccountIds: [account.id],
      defaultTags: [{ tags: { ManagedBy: "cdktf", Purpose: "terraform-state" } }],
      ...(props.emulator ? emulatorProviderConfig(props.emulator) : {}),
    });
    // Local state outside cdktf.out (which every synth replaces): <repo>/.bootstrap-state/<stack>.tfstate.
    // The path is relative to the stack's working directory cdktf.out/stacks/<stack>/.
    new LocalBackend(this, { path: `../../../.bootstrap-state/${this.node.id}.tfstate` });

    const key = new ManagedKey(this, "state_key", {
      alias: `${account.stateBucket}`,
      description: `Encrypts Terraform state in s3://${account.stateBucket}`,
      policy: accountRootKeyPolicy(account.id),
    });
    this.bucket = new SecureBucket(this, "state", {
      bucketName: account.stateBucket,
      encryption: { type: "kms", keyArn: key.key.arn },
      versioning: true,
      noncurrentVersionDays: account.noncurrentVersionDays,
      // Losing this bucket loses every environment's state: terraform refuses to destroy it.
      preventDestroy: true,
    });
    waive(this.bucket.bucket, "CKV_AWS_144", "State is versioned with noncurrent versions kept and is rebuildable by import; cross-region replication is not required");
    waive(this.bucket.bucket, "CKV2_AWS_62", "Nothing consumes object events of the state bucket");
    waive(this.bucket.bucket, "CKV_AWS_18", "the bootstrap stack holds no log bucket to deliver to (it exists before everything else); every state write is kept as an object version");
    new TerraformOutput(this, "state_bucket", { value: this.bucket.bucket.bucket, staticId: true, description: "Terraform state bucket" });
    new TerraformOutput(this, "state_kms_key_arn", { value: key.key.arn, staticId: true, description: "KMS key encrypting state objects" });
  }
}
