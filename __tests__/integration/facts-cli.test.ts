/**
 * The node CLIs the shell scripts call (scripts/lib/env-facts.ts, fn-facts.ts, state-workdir.ts,
 * tfstate-lookup.ts), run for real through tsx, print and exit exactly what their in-process functions return.
 * The unit suite's StubBin (__tests__/helpers/stubs.ts) answers the scripts' calls to these CLIs from those
 * functions instead of starting node each time; this file is what makes that substitution honest.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cliResult, envFacts, formatFacts } from "../../scripts/lib/env-facts";
import { fnFacts } from "../../scripts/lib/fn-facts";
import { stateWorkdir } from "../../scripts/lib/state-workdir";
import { tfstateLookup } from "../../scripts/lib/tfstate-lookup";
import { REPO_ROOT } from "../../scripts/lib/terraform";
import { STATE_DOC } from "../helpers/state-doc";

const cli = (name: string, args: string[], env: Record<string, string> = {}, input = "") => {
  const r = spawnSync(process.execPath, ["--require", "tsx/cjs", join(REPO_ROOT, "scripts", "lib", name), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
    input,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

let cache: string;
beforeAll(() => {
  cache = mkdtempSync(join(tmpdir(), "facts-cli-"));
});
afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe("each CLI equals its function, for an answer and for a usage error", () => {
  test.each([
    ["dev", "backend"],
    ["dev", undefined],
    ["nope", undefined],
    ["dev", "payments"],
  ])("env-facts.ts %s %s", (env, svc) => {
    const args = svc === undefined ? [env] : [env, svc];
    expect(cli("env-facts.ts", args)).toEqual(cliResult(() => formatFacts(envFacts(env, svc))));
  });

  test.each([
    ["devflow-dev", "cleanup"],
    ["devflow-dev", "nope"],
    ["dev", "cleanup"],
  ])("fn-facts.ts %s %s", (env, fn) => {
    expect(cli("fn-facts.ts", [env, fn])).toEqual(cliResult(() => formatFacts(fnFacts(env, fn))));
  });

  test.each([
    ["dev", "platform"],
    ["qa", "platform"],
    ["dev", "database"],
  ])("state-workdir.ts %s %s (the same working directory and NEEDS_INIT)", (env, layer) => {
    const real = cli("state-workdir.ts", [env, layer], { STATE_CACHE_DIR: join(cache, "real") });
    const saved = process.env.STATE_CACHE_DIR;
    process.env.STATE_CACHE_DIR = join(cache, "fn");
    try {
      const fn = cliResult(() => formatFacts(stateWorkdir(env, layer)));
      expect(real).toEqual({ ...fn, stdout: fn.stdout.replaceAll(join(cache, "fn"), join(cache, "real")) });
      if (fn.code === 0) {
        expect(real.stdout).toContain("NEEDS_INIT=1");
        expect(readFileSync(join(cache, "real", `${env}-${layer}`, "main.tf.json"), "utf8")).toBe(readFileSync(join(cache, "fn", `${env}-${layer}`, "main.tf.json"), "utf8"));
      }
    } finally {
      if (saved === undefined) delete process.env.STATE_CACHE_DIR;
      else process.env.STATE_CACHE_DIR = saved;
    }
  });

  test.each([["output.ecs_cluster_name"], ["output.private_subnet_ids"], ["output.nope"], [""]])("tfstate-lookup.ts %s", (key) => {
    const input = JSON.stringify(STATE_DOC);
    expect(cli("tfstate-lookup.ts", key ? [key] : [], {}, input)).toEqual(tfstateLookup(key || undefined, input));
  });

  test("tfstate-lookup.ts with a state that is not JSON", () => {
    expect(cli("tfstate-lookup.ts", ["output.x"], {}, "not json")).toEqual(tfstateLookup("output.x", "not json"));
  });
});
