/**
 * scripts/invalidate.sh: with stub `aws` and `terraform` on PATH (the real scripts/state.sh reads the edge state
 * through the stub), the exact argument vectors, the emulator endpoint for `local`, and clear failures for an
 * unknown environment, missing or malformed paths and missing credentials.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { StubBin, edgeScriptHarness } from "../helpers/stubs";
import { REPO_ROOT } from "../../scripts/lib/terraform";
import { loadConfig } from "../helpers/synth";

const SCRIPT = join(REPO_ROOT, "scripts", "invalidate.sh");
const DIST_ID = "E2ABCDEFGHIJKL";
const h = edgeScriptHarness(SCRIPT, "invalidate-", { cloudfront_distribution_id: { value: DIST_ID, type: "string" } });
const { run, aws } = h;
let cache: string;
let stateFile: string;
beforeAll(() => ({ cache, stateFile } = h));

describe("invalidation", () => {
  it("dev: checks the credentials' account, reads the id from dev-edge state, invalidates the paths in us-east-1", () => {
    const r = run(["dev", "/*", "/about"]);
    expect(r.stderr).toContain(`invalidating /* /about on distribution ${DIST_ID}`);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("I2J3K4L5M6N7O8\n");
    expect(aws(r)).toEqual([
      ["sts", "get-caller-identity", "--region", "ap-northeast-1", "--query", "Account", "--output", "text"],
      ["cloudfront", "create-invalidation", "--region", "us-east-1", "--distribution-id", DIST_ID, "--paths", "/*", "/about", "--query", "Invalidation.Id", "--output", "text"],
    ]);
    const tf = r.calls.filter((c) => c.cmd === "terraform").map((c) => c.args);
    expect(tf).toContainEqual([`-chdir=${join(cache, "dev-edge")}`, "state", "pull"]);
  });

  it("--wait waits for Completed on the created invalidation", () => {
    const r = run(["--wait", "prod", "/*"], { STUB_ACCOUNT: "222222222222", STUB_INVALIDATION_ID: "IABC" });
    expect(r.status).toBe(0);
    expect(aws(r)[2]).toEqual(["cloudfront", "wait", "invalidation-completed", "--region", "us-east-1", "--distribution-id", DIST_ID, "--id", "IABC"]);
  });

  it("local: every call goes to the emulator endpoint with its test credentials", () => {
    const endpoint = loadConfig().envs.find((e) => e.name === "local")!.emulator!.endpoint;
    const r = run(["local", "/*"], { STUB_ACCOUNT: "123456789012" });
    expect(r.status).toBe(0);
    expect(aws(r)[0]).toEqual(["sts", "get-caller-identity", "--endpoint-url", endpoint, "--region", "ap-northeast-1", "--query", "Account", "--output", "text"]);
    expect(aws(r)[1].slice(0, 4)).toEqual(["cloudfront", "create-invalidation", "--endpoint-url", endpoint]);
    expect(r.calls.find((c) => c.cmd === "aws")!.env.AWS_ACCESS_KEY_ID).toBe("test");
  });
});

describe("failures", () => {
  it.each([
    ["unknown environment", ["nope", "/*"], 2, /unknown environment "nope"; known: dev, staging, prod, local/],
    ["no environment", [], 2, /expected <env> <path>/],
    ["no paths", ["dev"], 2, /no paths to invalidate for dev; name at least one, e.g. '\/\*'/],
    ["a relative path", ["dev", "about"], 2, /path "about" must start with \//],
    ["a wildcard inside a path", ["dev", "/a*/b"], 2, /\* is only allowed as the last character/],
    ["an unknown option", ["--all", "dev", "/*"], 2, /unknown option "--all"/],
  ])("%s → exit %s, no AWS call", (_n, args, code, msg) => {
    const r = run(args as string[]);
    expect(r.status).toBe(code);
    expect(r.stderr).toMatch(msg as RegExp);
    expect(aws(r)).toEqual([]);
  });

  it("missing credentials → exit 3 before any CloudFront call", () => {
    const r = run(["dev", "/*"], { STUB_AWS_FAIL: "1" });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/no usable AWS credentials for dev .*Unable to locate credentials/);
    expect(aws(r).map((a) => a[0])).toEqual(["sts"]);
  });

  it("credentials of another account → exit 3", () => {
    const r = run(["prod", "/*"], { STUB_ACCOUNT: "111111111111" });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/credentials are for account 111111111111, but prod lives in account 222222222222/);
  });

  it("no distribution id in the state → exit 1 naming the stack", () => {
    const empty = join(cache, "empty.json");
    writeFileSync(empty, JSON.stringify({ ...JSON.parse(readFileSync(stateFile, "utf8")), outputs: {} }));
    const r = run(["staging", "/*"], { STUB_STATE: empty });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/staging-edge/);
    expect(aws(r).map((a) => a[0])).toEqual(["sts"]);
  });

  // The stub PATH also holds node's directory and /usr/bin, /bin: only meaningful where no real aws lives there.
  const systemAws = [dirname(process.execPath), "/usr/bin", "/bin"].some((d) => existsSync(join(d, "aws")));
  (systemAws ? it.skip : it)("aws missing → exit 127", () => {
    const b = new StubBin(["terraform"]);
    try {
      const r = b.run(SCRIPT, ["dev", "/*"], { STATE_CACHE_DIR: cache, STUB_STATE: stateFile });
      expect(r.status).toBe(127);
      expect(r.stderr).toMatch(/aws \(AWS CLI\) not found/);
    } finally {
      b.cleanup();
    }
  });
});
