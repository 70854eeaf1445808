/**
 * Whole-app runs: the synth CLI (`main.ts` through tsx), the real project's synth with the policy step, and the
 * secret scan over a full cdktf.out. Each costs a full synth of every environment, so they run in npm test's
 * integration step; the unit suite reads one shared synth (__tests__/helpers/synth.ts).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runSynth } from "../../src/run";
import { synthAll } from "../../scripts/lib/synth";
import { scanForSecrets } from "../../scripts/ci/scan-secrets";

const ROOT = join(__dirname, "..", "..");

describe("the synth CLI", () => {
  it("the CLI exits non-zero for an unknown environment and keeps the previous output", () => {
    const cwd = mkdtempSync(join(tmpdir(), "cli-synth-"));
    const r = spawnSync(process.execPath, [require.resolve("tsx/cli"), join(ROOT, "main.ts")], {
      cwd,
      env: { ...process.env, SYNTH_ENVS: "nope" },
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/SYNTH_ENVS: unknown environment\(s\) nope; known: dev, staging, prod, local, .*\[E_UNKNOWN_ENV\]/);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe("the synth step of the real project", () => {
  it("the real project synthesizes (exit 0) with the policy step on", () => {
    const dir = mkdtempSync(join(tmpdir(), "policy-real-"));
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      expect(runSynth({ outdir: join(dir, "out") })).toBe(0);
      expect(existsSync(join(dir, "out", "manifest.json"))).toBe(true);
    } finally {
      warn.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("no secret material in cdktf.out", () => {
  const FAKE_PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAtest\n-----END RSA PRIVATE KEY-----";
  const FAKE_TOKEN = "ghs_" + "a".repeat(36);
  const FAKE_AWS = "AKIA" + "ABCDEFGHIJKLMNOP";

  it("synthesizes every stack with App credentials in the environment and finds none of them in any file", () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      GITHUB_APP_ID: "123456",
      GITHUB_APP_INSTALLATION_ID: "654321",
      GITHUB_APP_PEM_FILE: FAKE_PEM,
      GITHUB_TOKEN: FAKE_TOKEN,
      AWS_ACCESS_KEY_ID: FAKE_AWS,
    });
    const dir = mkdtempSync(join(tmpdir(), "secrets-"));
    try {
      const stacks = synthAll(dir);
      expect(scanForSecrets(dir)).toEqual([]);
      const all = JSON.stringify(stacks.find((s) => s.name === "github")!.json);
      expect(all).not.toContain("123456");
      expect(all).not.toContain("654321");
    } finally {
      process.env = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
