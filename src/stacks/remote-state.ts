import { DataTerraformRemoteStateS3 } from "../../foundation/cdk";
import { stateKey, type Layer } from "../../foundation/contract";
import { s3StateLocation, type EnvStack } from "./env-stack";

/**
 * Read another layer's contract outputs of the same environment from its S3 state (same bucket, key scheme
 * and emulator endpoints as the writer's backend). Consumers read only names from `foundation/contract.ts`:
 *
 *   const net = remoteState(this, "network");
 *   net.getList(NetworkOut.privateSubnetIds)
 *
 * One data source per layer per stack (construct id `remote_<layer>`), so calling it twice is an error.
 */
export function remoteState(stack: EnvStack, layer: Layer): DataTerraformRemoteStateS3 {
  if (layer === stack.layer) throw new Error(`${stack.node.id} cannot read its own state`);
  return new DataTerraformRemoteStateS3(stack, `remote_${layer}`, s3StateLocation(stack.account, stateKey(stack.env.name, layer), stack.env.emulator));
}
