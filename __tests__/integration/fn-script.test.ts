/**
 * scripts/fn.sh with stub `lambroll` and `aws` on PATH (the real bash script, so in the integration suite): verbs
 * map to exact lambroll argument vectors, and bad input is refused before lambroll runs. The serverless config
 * contract itself: __tests__/serverless-config.test.ts.
 */
import { join } from "node:path";
import { StubBin, type RunResult } from "../helpers/stubs";
import { REPO_ROOT } from "../../scripts/lib/terraform";

describe("scripts/fn.sh", () => {
  const FN = join(REPO_ROOT, "scripts", "fn.sh");
  let bin: StubBin;
  beforeAll(() => (bin = new StubBin(["lambroll", "aws"])));
  afterAll(() => bin.cleanup());
  const run = (args: string[]) => bin.run(FN, args, { STUB_ACCOUNT: "555555555501" });
  const lambroll = (r: RunResult) => r.calls.filter((c) => c.cmd === "lambroll").map((c) => c.args);
  const file = join(REPO_ROOT, "functions", "devflow-dev", "cleanup", "function.json");
  const head = ["--function", file, "--tfstate", "s3://acme-tfstate-555555555501/devflow-dev/serverless.tfstate", "--region", "us-east-1"];

  it.each([
    ["deploy", ["deploy", "--src", "lambda/bootstrap"], ["deploy", ...head, "--src", "lambda/bootstrap", "--alias", "current"]],
    ["rollback", ["rollback"], ["rollback", ...head]],
    ["rollback --delete-version --dry-run", ["rollback", "--delete-version", "--dry-run"], ["rollback", ...head, "--dry-run", "--delete-version"]],
    ["status", ["status"], ["status", ...head]],
  ])("%s", (_, args, expected) => {
    const r = run(["devflow-dev", "cleanup", ...args]);
    expect({ status: r.status, stderr: r.status ? r.stderr : "" }).toEqual({ status: 0, stderr: "" });
    expect(lambroll(r)).toEqual([expected]);
  });

  it.each([
    ["unknown env", ["nope", "cleanup", "status"], /unknown environment "nope"/],
    ["env without functions", ["dev", "cleanup", "status"], /environment dev has no functions/],
    ["unknown function", ["devflow-dev", "nope", "status"], /unknown function "nope" in environment devflow-dev; known: archive, cleanup/],
    ["unknown verb", ["devflow-dev", "cleanup", "invoke"], /unknown verb "invoke"/],
    ["deploy without --src", ["devflow-dev", "cleanup", "deploy"], /deploy needs --src <dir>/],
    ["--src not a directory", ["devflow-dev", "cleanup", "deploy", "--src", "/no/such/dir"], /is not a directory/],
    ["--src on rollback", ["devflow-dev", "cleanup", "rollback", "--src", "lambda/bootstrap"], /--src applies to deploy and diff/],
    ["--dry-run on status", ["devflow-dev", "cleanup", "status", "--dry-run"], /--dry-run applies to deploy and rollback/],
    ["unknown option", ["devflow-dev", "cleanup", "status", "--force"], /unknown option "--force"/],
  ])("refuses %s with exit 2", (_, args, message) => {
    const r = run(args);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 2, stderr: expect.stringMatching(message) });
    expect(lambroll(r)).toEqual([]);
  });

  it("refuses credentials of another account with exit 3", () => {
    const r = bin.run(FN, ["devflow-dev", "cleanup", "status"], { STUB_ACCOUNT: "111111111111" });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 3, stderr: expect.stringMatching(/account 111111111111, but devflow-dev lives in account 555555555501/) });
  });
});
