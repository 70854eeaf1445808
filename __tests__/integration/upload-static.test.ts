/**
 * scripts/upload-static.sh: with stub `aws` and `terraform` on PATH (the real scripts/state.sh reads the edge state
 * through the stub), the exact `aws s3 sync` argument vector (never --delete), the emulator endpoint for `local`,
 * and clear failures for bad input, missing credentials and a missing bucket output.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { StubBin, edgeScriptHarness } from "../helpers/stubs";
import { REPO_ROOT } from "../../scripts/lib/terraform";
import { loadConfig } from "../helpers/synth";

const SCRIPT = join(REPO_ROOT, "scripts", "upload-static.sh");
const BUCKET = "acme-dev-static-111111111111";
const CACHE_CONTROL = "public,max-age=31536000,immutable";

const h = edgeScriptHarness(SCRIPT, "upload-static-", { static_bucket_name: { value: BUCKET, type: "string" } });
const { run, aws } = h;
let cache: string;
let stateFile: string;
let assets: string;
let empty: string;
beforeAll(() => {
  ({ cache, stateFile } = h);
  assets = join(cache, "static");
  mkdirSync(join(assets, "chunks"), { recursive: true });
  writeFileSync(join(assets, "chunks", "main-0a1b2c.js"), "console.log(1)");
  empty = join(cache, "empty");
  mkdirSync(join(empty, "chunks"), { recursive: true });
});

describe("upload", () => {
  it("dev: checks the account, reads the bucket from dev-edge state, syncs without --delete", () => {
    const r = run(["dev", assets]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({
      status: 0,
      stderr: `upload-static.sh: dev: syncing ${assets} to s3://${BUCKET}/_next/static/ (no --delete)\n`,
    });
    expect(aws(r)).toEqual([
      ["sts", "get-caller-identity", "--region", "ap-northeast-1", "--query", "Account", "--output", "text"],
      ["s3", "sync", assets, `s3://${BUCKET}/_next/static/`, "--cache-control", CACHE_CONTROL, "--region", "ap-northeast-1", "--no-progress"],
    ]);
    const tf = r.calls.filter((c) => c.cmd === "terraform").map((c) => c.args);
    expect(tf).toContainEqual([`-chdir=${join(cache, "dev-edge")}`, "state", "pull"]);
  });

  it("local: every call goes to the emulator endpoint with its test credentials", () => {
    const endpoint = loadConfig().envs.find((e) => e.name === "local")!.emulator!.endpoint;
    const r = run(["local", assets], { STUB_ACCOUNT: "123456789012" });
    expect(r.status).toBe(0);
    expect(aws(r)[1]).toEqual([
      "s3", "sync", assets, `s3://${BUCKET}/_next/static/`, "--cache-control", CACHE_CONTROL, "--region", "ap-northeast-1", "--no-progress",
      "--endpoint-url", endpoint,
    ]);
    expect(r.calls.find((c) => c.cmd === "aws")!.env.AWS_ACCESS_KEY_ID).toBe("test");
  });
});

describe("failures", () => {
  it.each([
    ["unknown environment", 2, () => ["nope", assets], /unknown environment "nope"; known: dev, staging, prod, local/],
    ["no arguments", 2, () => [], /expected <env> <dir>; got 0 argument\(s\)/],
    ["no directory", 2, () => ["dev"], /expected <env> <dir>; got 1 argument\(s\)/],
    ["too many arguments", 2, () => ["dev", assets, assets], /expected <env> <dir>; got 3 argument\(s\)/],
    ["a missing directory", 2, () => ["dev", join(cache, "nope")], /nope" is not a directory/],
    ["a directory without files", 2, () => ["dev", empty], /empty" contains no files/],
    ["an unknown option", 2, () => ["--delete", "dev", assets], /unknown option "--delete"/],
  ])("%s → exit %i, no AWS call", (_n, code, args, msg) => {
    const r = run(args());
    expect(r.status).toBe(code);
    expect(r.stderr).toMatch(msg);
    expect(aws(r)).toEqual([]);
  });

  it("missing credentials → exit 3 before any S3 call", () => {
    const r = run(["dev", assets], { STUB_AWS_FAIL: "1" });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/no usable AWS credentials for dev .*Unable to locate credentials/);
    expect(aws(r).map((a) => a[0])).toEqual(["sts"]);
  });

  it("credentials of another account → exit 3", () => {
    const r = run(["prod", assets], { STUB_ACCOUNT: "111111111111" });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/credentials are for account 111111111111, but prod lives in account 222222222222/);
  });

  it("no bucket in the state → exit 1 naming the stack, no sync", () => {
    const none = join(cache, "no-bucket.json");
    writeFileSync(none, JSON.stringify({ ...JSON.parse(readFileSync(stateFile, "utf8")), outputs: {} }));
    const r = run(["staging", assets], { STUB_STATE: none });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("upload-static.sh: could not read static_bucket_name from the staging-edge state");
    expect(aws(r).map((a) => a[0])).toEqual(["sts"]);
  });

  const systemAws = [dirname(process.execPath), "/usr/bin", "/bin"].some((d) => existsSync(join(d, "aws")));
  (systemAws ? it.skip : it)("aws missing → exit 127", () => {
    const b = new StubBin(["terraform"]);
    try {
      const r = b.run(SCRIPT, ["dev", assets], { STATE_CACHE_DIR: cache, STUB_STATE: stateFile });
      expect(r.status).toBe(127);
      expect(r.stderr).toMatch(/aws \(AWS CLI\) not found/);
    } finally {
      b.cleanup();
    }
  });
});
