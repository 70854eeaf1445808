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

/**
 * Token creation stacks, off unless `CDKTF_TOKEN_STACKS=1`.
 *
 * cdktf records the complete JavaScript stack (Error.stackTraceLimit raised to the maximum, then formatted) at
 * the creation of every token — every attribute reference, and again for every element on every resolve — only
 * to print it should that token later fail to resolve. In a full synth that was ~0.5 s of CPU (~15 %) and
 * ~20 MiB of retained strings (npm run bench, docs/performance.md). Nothing synthesized contains it. With the
 * stacks off, such an error still fails synth with its cause (the failing token's message); set `CDKTF_TOKEN_STACKS=1` to get cdktf's
 * "Object creation stack" back while debugging one. The hook is cdktf's internal module
 * (lib/tokens/private/stack-trace, read at each call by every token class), checked at load.
 */
type CaptureStackTrace = (below?: (...args: never[]) => unknown) => string[];
// The module object itself: an `import * as` namespace is a read-only copy under tsx (esbuild's interop).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdktfStackTrace = require("cdktf/lib/tokens/private/stack-trace") as { captureStackTrace: CaptureStackTrace };
const cdktfCapture = cdktfStackTrace.captureStackTrace;
if (typeof cdktfCapture !== "function") throw new Error("foundation/cdk.ts: cdktf has no lib/tokens/private/stack-trace captureStackTrace; update the token-stack hook");
const captureTokenStack: CaptureStackTrace = (below) => (process.env.CDKTF_TOKEN_STACKS === "1" ? cdktfCapture(below ?? captureTokenStack) : []);
cdktfStackTrace.captureStackTrace = captureTokenStack;
