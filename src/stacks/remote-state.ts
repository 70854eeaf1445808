import { DataTerraformRemoteStateS3 } from "../cdk";
import type { Construct } from "../cdk";
import type { Account } from "../../envs";
import type { Emulator } from "../../envs/schema";
import { stateKey, type Layer } from "../contract";

/**
 * Read another layer's contract outputs from its S3 state (`<env>/<layer>.tfstate`) with exactly the backend
 * settings `configureS3Backend` writes, including the emulator endpoints in `local`. Explicit remote state keeps
 * the deploy order visible (the reading stack fails on plan when the other layer was never applied) instead of
 * cdktf's implicit cross-stack outputs.
 */
export function remoteLayerState(scope: Construct, id: string, props: { env: string; layer: Layer; account: Account; emulator?: Emulator }): DataTerraformRemoteStateS3 {
  const { emulator } = props;
  return new DataTerraformRemoteStateS3(scope, id, {
    bucket: props.account.stateBucket,
    key: stateKey(props.env, props.layer),
    region: props.account.region,
    encrypt: true,
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
  });
}
