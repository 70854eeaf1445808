/**
 * A directory zipped into the stack's output as a Terraform asset (`assets/<id>/<content hash>/archive.zip`),
 * zipped once, not once per stack and synth.
 *
 * Why: cdktf's `TerraformAsset` of type ARCHIVE has no synchronous zip, so it runs a new `node` process per asset
 * and stack (cdktf/lib/private/fs.js `archiveSync`): ~0.25 s of CPU and ~0.4 s of wall time each, six times in a
 * full synth (every serverless stack ships the same Lambda bootstrap package). Here the zip cdktf writes is kept
 * and copied:
 * - within a synth, every later asset of the same source directory and content copies the first one's zip;
 * - across synths, in `node_modules/.cache/archive-asset/<key>.zip`, the key being the cdktf version (which pins
 *   its bundled zip library) and every entry of the source directory with its relative path, size, mode and
 *   modification time — what the zip records — so any change to the directory zips again.
 * The bytes in every stack are exactly ones cdktf wrote; the asset's path and hash — what the synthesized JSON
 * references — are cdktf's own.
 *
 * It replaces `TerraformAsset`'s internal synthesis step (`_onSynthesize`, private in cdktf 0.21): the module
 * fails at load if a cdktf upgrade drops it, rather than silently zipping per stack again.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
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

const CDKTF_PACKAGE = require.resolve("cdktf/package.json");
const CDKTF_VERSION = (JSON.parse(readFileSync(CDKTF_PACKAGE, "utf8")) as { version: string }).version;
/** In the node_modules this app loads cdktf from (the repository's, from the sources and a compiled copy alike). */
const CACHE_DIR = join(dirname(dirname(CDKTF_PACKAGE)), ".cache", "archive-asset");

/** Zips written in this process: cache key → the first zip's path. */
const written = new Map<string, string>();

/** The cache key of a source directory: what the zip of it depends on (see the module comment). */
export function archiveKey(sourceDir: string, assetHash: string): string {
  const hash = createHash("sha256").update(`cdktf ${CDKTF_VERSION}\0${assetHash}\0`);
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = statSync(p);
      hash.update(`${relative(sourceDir, p)}\0${st.isDirectory() ? "dir" : st.size}\0${st.mode}\0${st.mtimeMs}\0`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk(sourceDir);
  return hash.digest("hex");
}

export class ArchiveAsset extends TerraformAsset {
  /** Absolute source directory. */
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
    const key = archiveKey(this.sourceDir, this.assetHash);
    const cached = join(CACHE_DIR, `${key}.zip`);
    const first = written.get(key) ?? (existsSync(cached) ? cached : undefined);
    if (first !== undefined && first !== target && existsSync(first)) {
      // What cdktf does before zipping: drop earlier versions of this asset (`assets/<id>/`), create the folder.
      rmSync(dirname(dirname(target)), { recursive: true, force: true });
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(first, target);
      return;
    }
    cdktfOnSynthesize.call(this, session);
    written.set(key, target);
    try {
      // Atomically (temporary file + rename): a concurrent synth never copies half a zip.
      mkdirSync(CACHE_DIR, { recursive: true });
      const tmp = `${cached}.${process.pid}.tmp`;
      copyFileSync(target, tmp);
      renameSync(tmp, cached);
    } catch {
      // A read-only node_modules: the zip is still shared within this synth.
    }
  },
});
