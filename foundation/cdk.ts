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
import { TerraformStack as TerraformStackClass } from "cdktf";
export { Construct } from "constructs";
export type { IConstruct } from "constructs";
import type { IConstruct } from "constructs";

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

/**
 * No "preparing" resolve pass; a direct cross-stack reference is an error instead.
 *
 * cdktf's `App.synth()` first calls `prepareStack()` on every stack: it resolves every element once in a
 * "preparing" mode whose only effect is to find direct cross-stack references (`Reference.resolve` calls
 * `app.crossStackReference`, which adds an output to the producing stack and a remote state to the consuming one),
 * then the synthesizer resolves every element again for real. This project never lets one stack read another's
 * resource attributes directly: every value crosses stacks through an output of the contract
 * (foundation/contract.ts) read with remote state (src/stacks/remote-state.ts), so its state keys and output
 * names stay stable. The preparing pass was ~0.38 s of a full synth's ~2 s of CPU (`node --cpu-prof main.ts`) for
 * no output: all 86 `cdk.tf.json` files and `manifest.json` are byte-identical without it.
 *
 * So `prepareStack` keeps its other duty (a default backend) and skips the resolve pass, and a `Reference` resolved
 * in a stack other than its own — which cdktf would have turned into generated outputs and remote state — throws,
 * naming both stacks and the expression. `__tests__/token-stacks.test.ts` shows both, and that an environment
 * synthesized with cdktf's own pass (`withCdktfPreparePass`) is byte-identical. Checked at load: if cdktf's
 * internals change shape, every synth fails here, naming this file.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdktfExpression = require("cdktf/lib/tfExpression") as { ref: (identifier: string, stack?: unknown) => object };
type CdktfStack = { ensureBackendExists(): void; prepareStack(): void; toString(): string };
type CdktfReference = { identifier: string; originStack?: CdktfStack; crossStackIdentifier: Record<string, string>; resolve(context: { scope: unknown; preparing?: boolean }): unknown };
const referenceProto = Object.getPrototypeOf(cdktfExpression.ref("x")) as CdktfReference;
const stackProto = TerraformStackClass.prototype as unknown as CdktfStack;
if (typeof referenceProto.resolve !== "function" || typeof stackProto.prepareStack !== "function" || typeof stackProto.ensureBackendExists !== "function") {
  throw new Error("foundation/cdk.ts: cdktf's Reference.resolve or TerraformStack.prepareStack/ensureBackendExists is missing; update the cross-stack hook");
}
const cdktfPrepareStack = stackProto.prepareStack;
let preparePass = false;
stackProto.prepareStack = function prepareStack(this: CdktfStack) {
  if (preparePass) return cdktfPrepareStack.call(this);
  this.ensureBackendExists();
};
/** Run `fn` with cdktf's own preparing pass (and cross-stack references allowed): the equivalence test only. */
export function withCdktfPreparePass<T>(fn: () => T): T {
  const outer = preparePass;
  preparePass = true;
  try {
    return fn();
  } finally {
    preparePass = outer;
  }
}
const cdktfResolveReference = referenceProto.resolve;
referenceProto.resolve = function resolve(this: CdktfReference, context) {
  if (this.originStack && !preparePass) {
    const here = TerraformStackClass.of(context.scope as IConstruct) as unknown as CdktfStack;
    if (here !== this.originStack && !this.crossStackIdentifier[here.toString()]) {
      throw new Error(`direct cross-stack reference: ${here.toString()} uses \${${this.identifier}} of ${this.originStack.toString()}; export it as a contract output (foundation/contract.ts) and read it with remoteState() (src/stacks/remote-state.ts)`);
    }
  }
  return cdktfResolveReference.call(this, context);
};
