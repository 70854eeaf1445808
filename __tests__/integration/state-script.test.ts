/**
 * scripts/state.sh: with a stub `terraform` on PATH, exact argument vectors and environment per command, the
 * backend-only working directory (identical to the stack's own backend block), and refusal of mutations
 * without --allow-mutation and confirmation. The same script against a real S3 backend in moto with the real
 * terraform: state-script-real.test.ts. In the integration suite: every test runs the real bash script. The
 * backend block itself (equal to every synthesized one): __tests__/state-workdir.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../helpers/net";
import { STATE_DOC } from "../helpers/state-doc";
import { StubBin, type RunResult } from "../helpers/stubs";
import { allStacks } from "../helpers/synth";
import { REPO_ROOT, TF_CACHE_DIR } from "../../scripts/lib/terraform";
import { LAYERS } from "../../foundation/contract";

const STATE = join(REPO_ROOT, "scripts", "state.sh");

let bin: StubBin;
let cache: string;
let stateFile: string;
beforeAll(() => {
  bin = new StubBin(["terraform"]);
  cache = mkdtempSync(join(tmpdir(), "state-cache-"));
  stateFile = join(cache, "state.json");
  writeFileSync(stateFile, JSON.stringify(STATE_DOC));
});
afterAll(() => {
  bin.cleanup();
  rmSync(cache, { recursive: true, force: true });
});

const state = (args: string[], env: Record<string, string> = {}) => bin.run(STATE, args, { STATE_CACHE_DIR: cache, STUB_STATE: stateFile, ...env });
const tf = (r: RunResult) => r.calls.filter((c) => c.cmd === "terraform");
const dir = (env: string, layer: string) => join(cache, `${env}-${layer}`);
const INIT = (d: string) => [`-chdir=${d}`, "init", "-input=false", "-reconfigure", "-lock=false", "-no-color"];

describe("read-only commands", () => {
  test.each([
    ["list", ["list"], ["state", "list"]],
    ["show", ["show", "aws_ecs_cluster.cluster"], ["state", "show", "-no-color", "aws_ecs_cluster.cluster"]],
    ["outputs", ["outputs"], ["output", "-json"]],
    ["outputs <name>", ["outputs", "ecs_cluster_name"], ["output", "-json", "ecs_cluster_name"]],
    ["pull", ["pull"], ["state", "pull"]],
    ["lookup", ["lookup", "output.ecs_cluster_name"], ["state", "pull"]],
  ])("%s: init on demand (read-only, no lock), then the command, with the repo's CLI config", (_n, args, want) => {
    const r = state(["dev", "platform", ...args]);
    expect({ status: r.status, stderr: r.status ? r.stderr : "" }).toEqual({ status: 0, stderr: "" });
    const calls = tf(r);
    // The stub never creates .terraform/, so every run initialises; a real run initialises once.
    expect(calls.map((c) => c.args)).toEqual([INIT(dir("dev", "platform")), [`-chdir=${dir("dev", "platform")}`, ...want]]);
    for (const c of calls) {
      expect(c.env).toMatchObject({ TF_CLI_CONFIG_FILE: join(TF_CACHE_DIR, "terraformrc"), CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" });
    }
  });

  test("lookup prints ecspresso's value for the key (strings raw, others JSON) and fails on a missing key", () => {
    expect(state(["dev", "platform", "lookup", "output.ecs_cluster_name"]).stdout).toBe("acme-dev\n");
    expect(state(["dev", "platform", "lookup", "output.private_subnet_ids"]).stdout).toBe('["subnet-a","subnet-c","subnet-d"]\n');
    expect(state(["dev", "platform", "lookup", "output.private_subnet_ids[-1]"]).stdout).toBe("subnet-d\n");
    expect(state(["dev", "platform", "lookup", "aws_ecs_cluster.cluster.name"]).stdout).toBe("acme-dev\n");
    const missing = state(["dev", "platform", "lookup", "output.nope"]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("output.nope is not found in tfstate");
  });

  test("the working directory holds exactly the stack's backend block and the AWS provider pin", () => {
    state(["dev", "network", "list"]);
    const written = JSON.parse(readFileSync(join(dir("dev", "network"), "main.tf.json"), "utf8"));
    expect(written.terraform.backend).toEqual(allStacks().get("dev-network")!.json.terraform!.backend);
    expect(written.terraform.backend.s3).toMatchObject({ bucket: "acme-tfstate-111111111111", key: "dev/network.tfstate", use_lockfile: true, encrypt: true });
    expect(written.terraform.required_providers.aws).toEqual({ source: "hashicorp/aws", version: "5.100.0" });
    expect(Object.keys(written)).toEqual(["terraform"]); // no resources, no provider block: nothing to apply
  });
});

describe("mutating commands", () => {
  test("refused without --allow-mutation; terraform never runs", () => {
    const r = state(["dev", "platform", "rm", "aws_ecs_cluster.cluster"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('"rm" changes the state of dev-platform (s3://acme-tfstate-111111111111/dev/platform.tfstate); re-run with --allow-mutation');
    expect(tf(r)).toEqual([]);
  });

  test("refused without a TTY and without --yes", () => {
    const r = state(["dev", "platform", "rm", "aws_ecs_cluster.cluster", "--allow-mutation"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("refusing to change dev-platform without confirmation: no TTY; pass --yes");
    expect(tf(r)).toEqual([]);
  });

  test.each([
    ["rm", ["rm", "aws_ecs_cluster.cluster", "aws_ecs_cluster.other"], ["state", "rm", "aws_ecs_cluster.cluster", "aws_ecs_cluster.other"]],
    ["mv", ["mv", "aws_ecs_cluster.cluster", "aws_ecs_cluster.main"], ["state", "mv", "aws_ecs_cluster.cluster", "aws_ecs_cluster.main"]],
    ["force-unlock", ["force-unlock", "6a1f…"], ["force-unlock", "-force", "6a1f…"]],
  ])("%s with --allow-mutation --yes", (_n, args, want) => {
    const r = state(["dev", "platform", ...args, "--allow-mutation", "--yes"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("confirmed by --yes");
    expect(tf(r).map((c) => c.args)).toEqual([INIT(dir("dev", "platform")), [`-chdir=${dir("dev", "platform")}`, ...want]]);
  });

  test("push passes an absolute path (terraform runs in the cache dir)", () => {
    const r = bin.run(STATE, ["dev", "platform", "push", "state.json", "--allow-mutation", "--yes"], { STATE_CACHE_DIR: cache }, cache);
    expect(r.status).toBe(0);
    expect(tf(r)[1].args).toEqual([`-chdir=${dir("dev", "platform")}`, "state", "push", stateFile]);
  });
});

describe("bad input exits non-zero naming the problem", () => {
  test.each([
    ["unknown env", ["qa", "platform", "list"], 'unknown environment "qa"'],
    ["unknown layer", ["dev", "database", "list"], `unknown stack layer "database"; known: ${LAYERS.join(", ")}`],
    ["unknown command", ["dev", "platform", "apply"], 'unknown command "apply"'],
    ["show without address", ["dev", "platform", "show"], "show takes one resource address"],
    ["lookup without key", ["dev", "platform", "lookup"], "lookup takes one key"],
    ["--yes on a read", ["dev", "platform", "list", "--yes"], "--yes only confirms a mutating command"],
    ["missing arguments", ["dev"], "expected <env> <layer> <command>"],
  ])("%s", (_n, args, message) => {
    const r = state(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(tf(r)).toEqual([]);
  });

  test("an emulator environment with no emulator running fails at once, naming the endpoint and the fix", async () => {
    const port = await freePort(); // nothing listens there
    const t0 = Date.now();
    const r = state(["local", "network", "list"], { LOCAL_AWS_ENDPOINT: `http://127.0.0.1:${port}` });
    // Fails on curl's refused connection (--max-time 3 caps a silent port), not after terraform's ~16 s of S3
    // retries: terraform is never run (asserted below). The bound covers the script's own node start
    // (state-workdir.ts through tsx), which took 8.8 s on the loaded 2-core CI machine.
    expect(Date.now() - t0).toBeLessThan(15000);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`no AWS emulator answers at http://127.0.0.1:${port} (local is an emulator environment); start it with \`npm run local:up\``);
    expect(r.stderr).not.toContain("credentials?");
    expect(tf(r)).toEqual([]);
  });

  test("no terraform: exit 127 with the install hint", () => {
    const none = new StubBin([]);
    try {
      const r = none.run(STATE, ["dev", "platform", "list"], { STATE_CACHE_DIR: cache });
      expect(r.status).toBe(127);
      expect(r.stderr).toContain("terraform not found on PATH. Install Terraform >= 1.10");
    } finally {
      none.cleanup();
    }
  });
});
