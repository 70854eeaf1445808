import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "../../src/cdk";

export interface ManagedKeyProps {
  /** Alias without the `alias/` prefix, e.g. `acme-dev-logs`. */
  readonly alias: string;
  readonly description: string;
  /** Key policy JSON. @default the account-root default policy (IAM policies grant use) */
  readonly policy?: string;
  /** Days before a scheduled deletion completes. @default 30 */
  readonly deletionWindowInDays?: number;
}

/** A customer-managed KMS key with yearly rotation on, and an alias. */
export class ManagedKey extends Construct {
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: ManagedKeyProps) {
    super(scope, id);
    this.key = new KmsKey(this, "key", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: props.policy,
    });
    new KmsAlias(this, "alias", { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
  }
}
