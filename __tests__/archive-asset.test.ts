/**
 * modules/archive-asset: the zip of a directory is built once (cdktf spawns a node process per ARCHIVE asset),
 * every stack gets the same bytes at cdktf's own asset path, and any change to the directory zips again.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformOutput, TerraformStack } from "../foundation/cdk";
import { ArchiveAsset, archiveKey } from "../modules/archive-asset";

// The module object itself (an `import * as` namespace is a copy): cdktf calls `child_process.execSync` on it.
const childProcess = jest.requireActual<typeof import("node:child_process")>("node:child_process");
const work = mkdtempSync(join(tmpdir(), "archive-asset-"));
const src = join(work, "pkg");
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Synthesize `stacks` stacks that each ship `src`; returns each stack's asset path and zip bytes. */
function synth(outdir: string, stacks: string[]) {
  const app = new App({ outdir });
  const assets = stacks.map((name) => {
    const stack = new TerraformStack(app, name);
    const asset = new ArchiveAsset(stack, "bootstrap", { path: src });
    new TerraformOutput(stack, "zip", { value: asset.path });
    return { name, asset };
  });
  app.synth();
  return assets.map(({ name, asset }) => {
    const json = JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8")) as { output: { zip: { value: string } } };
    return { path: json.output.zip.value, hash: asset.assetHash, zip: readFileSync(join(outdir, "stacks", name, asset.path)) };
  });
}

describe("ArchiveAsset", () => {
  const spawns = jest.spyOn(childProcess, "execSync");
  beforeAll(() => {
    mkdirSync(src);
    writeFileSync(join(src, "app.py"), "def handler(event, context):\n    return {}\n");
  });
  afterEach(() => spawns.mockClear());

  test("one zip for every stack of a synth, at cdktf's asset path, then none for a later synth of the same directory", () => {
    const first = synth(join(work, "out1"), ["a", "b", "c"]);
    expect(spawns).toHaveBeenCalledTimes(1); // cdktf's archiveSync ran once, not once per stack
    for (const s of first) {
      expect(s.path).toBe(`assets/bootstrap/${s.hash}/archive.zip`);
      expect(s.zip.subarray(0, 4)).toEqual(Buffer.from("PK\x03\x04", "latin1"));
      expect(s.zip.equals(first[0].zip)).toBe(true);
    }
    spawns.mockClear();
    const again = synth(join(work, "out2"), ["a"]);
    expect(spawns).not.toHaveBeenCalled(); // from node_modules/.cache/archive-asset
    expect(again[0].zip.equals(first[0].zip)).toBe(true);
    expect(again[0].path).toBe(first[0].path);
  });

  test("the cache key follows content, modification time and new entries", () => {
    const hash = synth(join(work, "out3"), ["a"])[0].hash;
    const key = archiveKey(src, hash);
    expect(archiveKey(src, hash)).toBe(key);
    utimesSync(join(src, "app.py"), new Date(2020, 0, 1), new Date(2020, 0, 1));
    const touched = archiveKey(src, hash);
    expect(touched).not.toBe(key);
    writeFileSync(join(src, "extra.txt"), "x");
    expect(archiveKey(src, hash)).not.toBe(touched);
    expect(archiveKey(src, "0".repeat(32))).not.toBe(archiveKey(src, hash));
  });

  test("a changed directory is zipped again, not served from the cache", () => {
    writeFileSync(join(src, "app.py"), "def handler(event, context):\n    return {'changed': True}\n");
    const [s] = synth(join(work, "out4"), ["a"]);
    expect(spawns).toHaveBeenCalledTimes(1);
    expect(existsSync(join(work, "out4", "stacks", "a", s.path))).toBe(true);
  });
});
