/**
 * A directory zipped into the stack's output as a Terraform asset (`assets/<id>/<content hash>/archive.zip`),
 * built once per process however many stacks ship it.
 *
 * Why: cdktf's `TerraformAsset` of type ARCHIVE has no synchronous zip, so it runs a new `node` process per asset
 * and stack (cdktf/lib/private/fs.js `archiveSync`): ~0.25 s of CPU and ~0.4 s of wall time each, six times in a
 * full synth (every serverless stack ships the same Lambda bootstrap package). Here the first asset of a source
 * directory is zipped by cdktf as before; every later asset with the same source and content hash copies that
 * zip, so the bytes in every stack are exactly the ones cdktf wrote. The asset's path and hash — what the
 * synthesized JSON references — are cdktf's own.
 *
 * It replaces `TerraformAsset`'s internal synthesis step (`_onSynthesize`, private in cdktf 0.21): the module
 * fails at load if a cdktf upgrade drops it, rather than silently zipping per stack again.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { AssetType, TerraformAsset, TerraformStack, type Construct } from "../../foundation/cdk";

export interface ArchiveAssetProps {
  /** Directory to zip (absolute, or relative to cdktf.json as cdktf resolves it). */
  readonly path: string;
}

/** The part of cdktf's synthesis session this step reads (cdktf/lib/synthesize/types.d.ts, manifest.d.ts). */
interface Session {
  readonly manifest: {
    readonly outdir: string;
    forStack(stack: TerraformStack): { readonly synthesizedStackPath: string };
  };
}
type OnSynthesize = (this: TerraformAsset, session: Session) => void;

const cdktfOnSynthesize = (TerraformAsset.prototype as unknown as { _onSynthesize?: OnSynthesize })._onSynthesize;
if (typeof cdktfOnSynthesize !== "function") {
  throw new Error("modules/archive-asset: cdktf's TerraformAsset has no _onSynthesize any more; update ArchiveAsset for this cdktf version");
}

/** Zips written in this process: `<source dir>\0<content hash>` → the first zip's path. */
const written = new Map<string, string>();

export class ArchiveAsset extends TerraformAsset {
  /** Absolute source directory (the key of the zip shared across stacks, with the content hash). */
  readonly sourceDir: string;

  constructor(scope: Construct, id: string, props: ArchiveAssetProps) {
    super(scope, id, { path: props.path, type: AssetType.ARCHIVE });
    this.sourceDir = resolve(props.path);
  }
}

// Installed on the prototype (cdktf declares the member private): TerraformAsset's constructor registers
// `this._onSynthesize` as the construct's synthesis step, so ArchiveAsset instances run this one.
Object.defineProperty(ArchiveAsset.prototype, "_onSynthesize", {
  value: function onSynthesize(this: ArchiveAsset, session: Session): void {
    const stackDir = dirname(join(session.manifest.outdir, session.manifest.forStack(TerraformStack.of(this)).synthesizedStackPath));
    const target = join(stackDir, this.path);
    const key = `${this.sourceDir}\0${this.assetHash}`;
    const first = written.get(key);
    if (first === undefined || first === target || !existsSync(first)) {
      cdktfOnSynthesize.call(this, session);
      written.set(key, target);
      return;
    }
    // What cdktf does before zipping: drop earlier versions of this asset (`assets/<id>/`), create the folder.
    rmSync(dirname(dirname(target)), { recursive: true, force: true });
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(first, target);
  },
});
