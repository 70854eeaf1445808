/**
 * The linters npm test runs, driven through their real CLIs: the workflow linter (npm run lint:workflows) and
 * shellcheck (npm run lint:shell) pass the tree and reject deliberately broken files. The workflow contents
 * themselves are checked in __tests__/lint-ci.test.ts.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const FIXTURES = join(__dirname, "..", "fixtures");

function lintWorkflows(files: string[] = []) {
  const r = spawnSync(process.execPath, ["--import", "./scripts/register-json-hook.mjs", "scripts/lint-workflows.mjs", ...files], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function lintShell(files: string[] = []) {
  const r = spawnSync("bash", ["scripts/lint-shell.sh", ...files], { cwd: ROOT, encoding: "utf8" });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function withWorkflow(text: string, fn: (file: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), "wf-"));
  try {
    const file = join(dir, "probe.yml");
    writeFileSync(file, text);
    fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CHECKOUT = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1";
const GOOD = `name: probe
on: [push]
permissions:
  contents: read
concurrency:
  group: probe
  cancel-in-progress: false
jobs:
  a:
    runs-on: ubuntu-24.04
    timeout-minutes: 5
    env:
      REGION: \${{ vars.AWS_REGION }}
    steps:
      - uses: ${CHECKOUT}
      - run: echo "$REGION"
`;

describe("workflow linter (npm run lint:workflows)", () => {
  it("passes every workflow of the repository", () => {
    const r = lintWorkflows();
    expect(r.out).toMatch(/workflow lint: \d+ file\(s\), 0 problem\(s\)/);
    expect(r.status).toBe(0);
  });

  it("rejects the deliberately broken fixture, each finding from the tool that owns it", () => {
    const r = lintWorkflows([join(FIXTURES, "workflows", "broken.yml")]);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/broken\.yml:8: Unexpected value 'timeout-minute' \(workflow-parser\)/);
    expect(r.out).toMatch(/broken\.yml:10: .*"writ" is invalid for permission of scope "id-token".*\(actionlint\)/);
    expect(r.out).toMatch(/broken\.yml:13: "github\.event\.pull_request\.title" is potentially untrusted.*\(actionlint\)/);
    expect(r.out).toMatch(/broken\.yml:14: property "nope" is not defined.*\(actionlint\)/);
    expect(r.out).toMatch(/"actions\/checkout@v4" must be pinned by a full 40-character commit SHA \(project\)/);
    expect(r.out).toMatch(/declare a top-level `permissions` block/);
  });

  it("drops only actionlint's three stale findings (ubuntu-24.04, vars, concurrency.queue)", () => {
    withWorkflow(GOOD.replace("cancel-in-progress: false", "cancel-in-progress: false\n  queue: max"), (f) => {
      const r = lintWorkflows([f]);
      expect(r.out).toMatch(/0 problem\(s\)/);
      expect(r.status).toBe(0);
    });
    // A real expression error next to a vars reference is still reported.
    withWorkflow(GOOD.replace('echo "$REGION"', 'echo "${{ steps.missing.outputs.x }}"'), (f) => {
      expect(lintWorkflows([f]).out).toMatch(/property "missing" is not defined/);
    });
  });

  it.each([
    ["a missing version comment", (t: string) => t.replace(" # v7.0.1", ""), /needs a "# vX\.Y\.Z" version comment/],
    ["id-token: write for the whole workflow", (t: string) => t.replace("contents: read", "contents: read\n  id-token: write"), /belongs on the jobs that use OIDC/],
    [
      "setup-terraform with its wrapper",
      (t: string) => t.replace(`      - run: echo "$REGION"`, `      - uses: hashicorp/setup-terraform@dfe3c3f87815947d99a8997f908cb6525fc44e9e # v4.0.1\n      - run: echo "$REGION"`),
      /terraform_wrapper: false/,
    ],
    [
      "OIDC credentials without id-token: write",
      (t: string) =>
        t.replace(`      - run: echo "$REGION"`, `      - uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3\n        with:\n          aws-region: x\n      - run: echo "$REGION"`),
      /uses OIDC credentials without permissions id-token: write/,
    ],
  ])("project rule: rejects %s", (_name, mutate, message) => {
    withWorkflow(mutate(GOOD), (f) => {
      const r = lintWorkflows([f]);
      expect(r.status).toBe(1);
      expect(r.out).toMatch(message);
    });
  });
});

describe("shellcheck (npm run lint:shell)", () => {
  it("passes every script under scripts/ and .ci/run", () => {
    const r = lintShell();
    expect(r.out).toMatch(/shellcheck: \d+ file\(s\) clean/);
    expect(r.status).toBe(0);
  });

  it("rejects the deliberately broken script", () => {
    const r = lintShell([join(FIXTURES, "shell", "broken.sh")]);
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/SC2086/);
    expect(r.out).toMatch(/SC2035/);
  });
});
