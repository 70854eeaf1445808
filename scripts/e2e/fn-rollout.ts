/**
 * Function rollouts against the emulator: for every function of an environment's `<env>-serverless` stack, the API
 * sequence `lambroll deploy` runs (a second code package) and then `lambroll rollback`, with the AWS CLI, from the
 * generated `functions/<env>/<fn>/function.json` rendered against the stack's state — the same calls lambroll v1
 * makes (deploy.go: GetFunction → UpdateFunctionConfiguration → wait LastUpdateStatus → UpdateFunctionCode with
 * Publish → UpdateAlias current; rollback.go: GetAlias current → GetFunction of the previous versions → UpdateAlias).
 * lambroll itself is not run here: the module proxy this project installs tools from does not serve it
 * (docs/emulator-gaps.md); scripts/fn.sh runs the real binary where it is installed.
 *
 * Checked after each phase: the alias `current` points at the expected version and that version's CodeSha256 is
 * the package's. Invoking a function needs Docker in moto; the step tries one invoke and reports the gap (with
 * moto's answer) instead of skipping it.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../envs";
import { FUNCTION_FILE, FUNCTIONS_DIR } from "../../src/lambroll";
import { aws, run, type StackInfo } from "../lib/local";
import { REPO_ROOT } from "../lib/terraform";
import { stateOutputs } from "./stack-checks";

const BOOTSTRAP = join(REPO_ROOT, "lambda", "bootstrap");

/** A zip of the bootstrap handler with `app.py` replaced by `source` (python3's zipfile: deterministic enough). */
function buildPackage(dir: string, name: string, source: string): { path: string; sha256: string } {
  const path = join(dir, `${name}.zip`);
  const r = run("python3", ["-c", "import sys,zipfile\nz=zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_DEFLATED)\nz.writestr('app.py',open(sys.argv[2]).read())\nz.close()", path, source], { env: process.env });
  if (r.status !== 0) throw new Error(`cannot build ${name}.zip: ${r.stderr}`);
  return { path, sha256: createHash("sha256").update(readFileSync(path)).digest("base64") };
}

/** Render lambroll's `{{ tfstate \`output.x[.key|[i]]\` }}` against the stack's outputs. */
export function renderFunctionJson(text: string, outputs: Record<string, { value: unknown }>): Record<string, unknown> {
  const rendered = text.replace(/\{\{ tfstate `output\.([a-z0-9_]+)((?:\.[A-Z0-9_]+)|(?:\[\d+\]))?` \}\}/g, (_, name: string, sub?: string) => {
    const o = outputs[name];
    if (!o) throw new Error(`function.json reads output.${name}, which the serverless state does not have`);
    let v: unknown = o.value;
    if (sub?.startsWith(".")) v = (v as Record<string, unknown>)[sub.slice(1)];
    else if (sub) v = (v as unknown[])[Number(sub.slice(1, -1))];
    if (v === undefined || v === null) throw new Error(`output.${name}${sub ?? ""} is empty`);
    return String(v).replace(/"/g, '\\"');
  });
  if (/\{\{/.test(rendered)) throw new Error(`unrendered template left: ${/\{\{[^}]*\}\}/.exec(rendered)![0]}`);
  return JSON.parse(rendered) as Record<string, unknown>;
}

export function rolloutFunctions(envName: string, stacks: readonly StackInfo[], env: NodeJS.ProcessEnv): string[] {
  const { envs } = loadConfig();
  const cfg = envs.find((e) => e.name === envName)!;
  const fns = Object.keys(cfg.serverless?.functions ?? {});
  const stack = stacks.find((s) => s.layer === "serverless");
  if (!fns.length || !stack) return [];
  const region = ["--region", cfg.region];
  const outputs = stateOutputs(stack, env) as Record<string, { value: unknown }>;
  const dir = mkdtempSync(join(tmpdir(), "fn-rollout-"));
  const problems: string[] = [];
  let invokeChecked = false;
  try {
    const bootSrc = join(BOOTSTRAP, "app.py");
    const v2Src = join(dir, "app_v2.py");
    writeFileSync(v2Src, readFileSync(bootSrc, "utf8").replace('"statusCode": 503', '"statusCode": 200'));
    const v2 = buildPackage(dir, "v2", v2Src);
    for (const fn of fns) {
      const fail = (what: string) => problems.push(`${envName}/${fn}: ${what}`);
      try {
        const fj = renderFunctionJson(readFileSync(join(REPO_ROOT, FUNCTIONS_DIR, envName, fn, FUNCTION_FILE), "utf8"), outputs);
        const name = String(fj.FunctionName);
        const call = (args: string[]) => {
          const r = aws(["lambda", ...args, ...region], env);
          if (r.status !== 0) throw new Error(`aws lambda ${args[0]} failed: ${r.stderr.trim().split("\n").pop()}`);
          return r.json as Record<string, unknown>;
        };
        // --- lambroll deploy ------------------------------------------------------------------------------
        const before = call(["get-function", "--function-name", name]);
        const bootSha = (before.Configuration as Record<string, string>).CodeSha256;
        const aliasBefore = call(["get-alias", "--function-name", name, "--name", "current"]);
        const { FunctionName: _n, ...configuration } = fj;
        void _n;
        const cfgFile = join(dir, `${fn}.json`);
        writeFileSync(cfgFile, JSON.stringify({ FunctionName: name, ...configuration }));
        call(["update-function-configuration", "--cli-input-json", `file://${cfgFile}`]);
        // lambroll waits for LastUpdateStatus Successful before it uploads code.
        for (let i = 0; i < 30; i++) {
          const st = call(["get-function-configuration", "--function-name", name]).LastUpdateStatus;
          if (st === undefined || st === "Successful") break;
          if (st === "Failed") throw new Error("configuration update failed (LastUpdateStatus Failed)");
          run("sleep", ["1"], { env });
        }
        const published = call(["update-function-code", "--function-name", name, "--zip-file", `fileb://${v2.path}`, "--publish"]);
        const version = String(published.Version);
        call(["update-alias", "--function-name", name, "--name", "current", "--function-version", version]);
        const current = call(["get-alias", "--function-name", name, "--name", "current"]);
        const deployedSha = (call(["get-function", "--function-name", name, "--qualifier", "current"]).Configuration as Record<string, string>).CodeSha256;
        if (current.FunctionVersion !== version) fail(`after deploy the alias current is ${String(current.FunctionVersion)}, expected ${version}`);
        if (deployedSha !== v2.sha256) fail(`after deploy the alias serves CodeSha256 ${deployedSha}, expected the new package's ${v2.sha256}`);
        console.log(`  ok   ${envName}/${fn}: deploy → version ${version} (alias current was ${String(aliasBefore.FunctionVersion)})`);
        // --- lambroll rollback ----------------------------------------------------------------------------
        let prev = "";
        for (let v = Number(version) - 1; v > 0 && !prev; v--) {
          const r = aws(["lambda", "get-function", "--function-name", name, "--qualifier", String(v), ...region], env);
          if (r.status === 0) prev = String(((r.json as Record<string, unknown>).Configuration as Record<string, string>).Version);
        }
        if (!prev) {
          fail("rollback: no previous version found");
          continue;
        }
        call(["update-alias", "--function-name", name, "--name", "current", "--function-version", prev]);
        const after = call(["get-alias", "--function-name", name, "--name", "current"]);
        const rolledSha = (call(["get-function", "--function-name", name, "--qualifier", "current"]).Configuration as Record<string, string>).CodeSha256;
        if (after.FunctionVersion !== prev) fail(`after rollback the alias current is ${String(after.FunctionVersion)}, expected ${prev}`);
        if (rolledSha !== bootSha) fail(`after rollback the alias serves CodeSha256 ${rolledSha}, expected the bootstrap package's ${bootSha}`);
        console.log(`  ok   ${envName}/${fn}: rollback → version ${prev} (bootstrap package again)`);
        if (!invokeChecked) {
          invokeChecked = true;
          const out = join(dir, "invoke.json");
          const r = aws(["lambda", "invoke", "--function-name", name, "--qualifier", "current", out, ...region], env);
          const answer = (r.stderr.trim().split("\n").pop() ?? "") || (r.status === 0 ? readFileSync(out, "utf8").slice(0, 200) : "");
          console.log(`  gap  ${envName}/${fn}: invoke is not verified in the emulator (moto runs functions in Docker; docs/emulator-gaps.md): exit ${r.status}, ${answer.slice(0, 160)}`);
        }
      } catch (e) {
        fail(e instanceof Error ? e.message : String(e));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return problems;
}
