/**
 * The one place that imports the cdktf core library.
 *
 * cdktf was archived upstream on 2025-12-10; its community fork CDK Terrain (`cdktn`) is a renamed drop-in.
 * Every other file imports cdktf symbols from here, so switching is a one-file edit (plus the mechanical
 * `@cdktf/provider-*` → `@cdktn/provider-*` rename of per-resource import paths).
 */
export {
  App,
  Aspects,
  Annotations,
  Fn,
  LocalBackend,
  S3Backend,
  TerraformOutput,
  TerraformResource,
  TerraformStack,
  TerraformElement,
  TerraformIterator,
  TerraformVariable,
  Testing,
  Token,
  Lazy,
  Op,
  DataTerraformRemoteStateS3,
  TerraformAsset,
  AssetType,
} from "cdktf";
export type { IAspect, ITerraformDependable, IResolvable, TerraformMetaArguments } from "cdktf";
export { Construct } from "constructs";
export type { IConstruct } from "constructs";
