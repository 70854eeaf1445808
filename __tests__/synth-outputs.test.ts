/**
 * The synth step's outputs and guards (src/run.ts, src/checkout-lock.ts):
 *  - every output (cdktf.out, the deploy/ definitions of `npm run synth`) is written only after every check
 *    passed; a failing check writes none of them;
 *  - the checkout lock: a second command fails at once naming the holder; a dead holder's lock is taken over;
 *  - construct annotations (the emulator-gap warnings) are printed by a plain synth;
 *  - each stack directory links the machine's provider mirror as Terraform's implied mirror, so plain
 *    `npx cdktf diff` installs providers offline.
 * Fixture stacks only (fast); the real app's synth is covered by __tests__/integration/full-synth.test.ts.
 */
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Annotations, App, TerraformStack } from "../foundation/cdk";
import { removeInBackground, runSynth, type ExtraOutput } from "../src/run";
import { acquireCheckoutLock, CheckoutLockedError, LOCK_TOKEN_ENV } from "../src/checkout-lock";
import { ConfigError } from "../foundation/errors";

/** A stack the policy pack accepts (nothing in it), with a warning annotation. */
const goodApp = (app: App) => {
  const s = new TerraformStack(app, "fixture-good");
  new AwsProvider(s, "aws", { region: "ap-northeast-1" });
  Annotations.of(s).addWarning("CodeDeploy left out for messaging (env.emulator.gaps.codedeploy): fixture reason");
};
/** A stack the policy pack rejects: an unencrypted, unversioned, public-by-default bucket. */
const badApp = (app: App) => {
  const s = new TerraformStack(app, "fixture-bad");
  new AwsProvider(s, "aws", { region: "ap-northeast-1" });
  new S3Bucket(s, "b", { bucket: "fixture-bad-bucket" });
};

let dir: string;
let outdir: string;
let stderr: string[];
let spies: jest.SpyInstance[];
const savedToken = process.env[LOCK_TOKEN_ENV];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "synth-outputs-"));
  outdir = join(dir, "cdktf.out");
  stderr = [];
  delete process.env[LOCK_TOKEN_ENV];
  spies = [
    jest.spyOn(console, "error").mockImplementation((m: unknown) => void stderr.push(String(m))),
    jest.spyOn(console, "warn").mockImplementation((m: unknown) => void stderr.push(String(m))),
    jest.spyOn(console, "log").mockImplementation(() => undefined),
  ];
});
afterEach(() => {
  for (const s of spies) s.mockRestore();
  rmSync(dir, { recursive: true, force: true });
  if (savedToken === undefined) delete process.env[LOCK_TOKEN_ENV];
  else process.env[LOCK_TOKEN_ENV] = savedToken;
});

/** An extra output that records what happened to it. */
function recorder(fail = false): ExtraOutput & { prepared: boolean; written: boolean } {
  const r = {
    name: "deploy/",
    prepared: false,
    written: false,
    prepare() {
      r.prepared = true;
      if (fail) throw new ConfigError("dev", "E_FIXTURE", "services.backend.port: fixture failure");
      return () => {
        r.written = true;
        mkdirSync(join(dir, "deploy"), { recursive: true });
        writeFileSync(join(dir, "deploy", "x.json"), "{}");
      };
    },
  };
  return r;
}

describe("outputs are written only after every check passed", () => {
  it("a passing synth writes cdktf.out and then the extra outputs", () => {
    const extra = recorder();
    expect(runSynth({ outdir, build: goodApp, extraOutputs: [extra] })).toBe(0);
    expect(existsSync(join(outdir, "manifest.json"))).toBe(true);
    expect(extra.written).toBe(true);
    expect(existsSync(join(dir, "deploy", "x.json"))).toBe(true);
  });

  it("a policy failure writes neither cdktf.out nor the extra outputs", () => {
    const extra = recorder();
    expect(runSynth({ outdir, build: badApp, extraOutputs: [extra] })).toBe(1);
    expect(existsSync(outdir)).toBe(false);
    expect(extra.written).toBe(false);
    expect(existsSync(join(dir, "deploy"))).toBe(false);
  });

  it("a failing extra output's own check writes nothing either (cdktf.out stays absent)", () => {
    const extra = recorder(true);
    expect(runSynth({ outdir, build: goodApp, extraOutputs: [extra] })).toBe(1);
    expect(extra.prepared).toBe(true);
    expect(existsSync(outdir)).toBe(false);
    expect(stderr.join("\n")).toContain("services.backend.port: fixture failure");
  });

  it("npm run synth regenerates deploy/ through the synth step, not before it", () => {
    const scripts = (JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.synth).not.toMatch(/gen-ecspresso/);
    expect(scripts.synth).toMatch(/main\.ts --write-deploy$/);
    // cdktf's own synth (deploy/diff) must not rewrite deploy/.
    const cdktfJson = JSON.parse(readFileSync(join(__dirname, "..", "cdktf.json"), "utf8")) as { app: string };
    expect(cdktfJson.app).not.toMatch(/--write-deploy/);
  });
});

describe("checkout lock", () => {
  it("a second command fails at once naming the holder's pid, command and start time; nothing is written", () => {
    const held = acquireCheckoutLock(`${outdir}.lock`, { command: "cdktf deploy local-network", inheritedToken: "" });
    delete process.env[LOCK_TOKEN_ENV]; // the second command is not a child of the holder
    try {
      const t0 = Date.now();
      expect(runSynth({ outdir, build: goodApp })).toBe(1);
      expect(Date.now() - t0).toBeLessThan(5000);
      const msg = stderr.join("\n");
      expect(msg).toContain(`pid ${process.pid}`);
      expect(msg).toContain("`cdktf deploy local-network`");
      expect(msg).toMatch(/started \d{4}-\d\d-\d\dT\d\d:\d\d/);
      expect(existsSync(outdir)).toBe(false);
    } finally {
      held.release();
    }
    expect(existsSync(`${outdir}.lock`)).toBe(false);
  });

  it("acquire throws CheckoutLockedError without waiting", () => {
    const held = acquireCheckoutLock(`${outdir}.lock`, { inheritedToken: "" });
    try {
      expect(() => acquireCheckoutLock(`${outdir}.lock`, { inheritedToken: "someone-else" })).toThrow(CheckoutLockedError);
    } finally {
      held.release();
    }
  });

  it("a child of the holder (same token) proceeds: local:up → cdktf → main.ts", () => {
    const held = acquireCheckoutLock(`${outdir}.lock`, { command: "local:up" });
    try {
      expect(process.env[LOCK_TOKEN_ENV]).toBe(held.token);
      expect(runSynth({ outdir, build: goodApp })).toBe(0);
      expect(existsSync(`${outdir}.lock`)).toBe(true); // still the holder's
    } finally {
      held.release();
    }
  });

  it("an in-process synth into another directory hands the holder's token back (the e2e's scratch synth, then its own children)", () => {
    const held = acquireCheckoutLock(`${outdir}.lock`, { command: "npm run test:e2e" });
    try {
      expect(runSynth({ outdir: `${outdir}-scratch`, build: goodApp })).toBe(0);
      expect(process.env[LOCK_TOKEN_ENV]).toBe(held.token);
      expect(runSynth({ outdir, build: goodApp })).toBe(0); // a child of the holder again, not refused
    } finally {
      held.release();
      rmSync(`${outdir}-scratch`, { recursive: true, force: true });
    }
  });

  it("a stale lock (its process is gone) is taken over and released after the synth", () => {
    const dead = spawnSync("true").pid!;
    writeFileSync(`${outdir}.lock`, JSON.stringify({ pid: dead, command: "cdktf deploy (killed)", started: "2026-01-01T00:00:00.000Z", token: "t" }));
    expect(runSynth({ outdir, build: goodApp })).toBe(0);
    expect(stderr.join("\n")).toContain(`took over a stale checkout lock of pid ${dead}`);
    expect(existsSync(`${outdir}.lock`)).toBe(false);
  });
});

describe("the previous output is replaced, its deletion off the synth's critical path", () => {
  /** Poll (≤ 10 s) until `done()` holds: the deletion runs in a detached process. */
  const eventually = (done: () => boolean) => {
    const until = Date.now() + 10_000;
    while (!done() && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    return done();
  };

  it("a second synth replaces cdktf.out at once and the old tree is deleted in the background", () => {
    expect(runSynth({ outdir, build: goodApp })).toBe(0);
    writeFileSync(join(outdir, "stale-marker"), "from the previous synth");
    expect(runSynth({ outdir, build: goodApp })).toBe(0);
    expect(existsSync(join(outdir, "manifest.json"))).toBe(true);
    expect(existsSync(join(outdir, "stale-marker"))).toBe(false);
    expect(eventually(() => readdirSync(dir).every((f) => !f.startsWith("cdktf.out.old-")))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.startsWith("cdktf.out")).sort()).toEqual(["cdktf.out"]);
  });

  it("removeInBackground deletes a whole tree from a detached process", () => {
    const victim = join(dir, "victim");
    mkdirSync(join(victim, "a", "b"), { recursive: true });
    writeFileSync(join(victim, "a", "b", "f.json"), "{}");
    removeInBackground(victim);
    expect(eventually(() => !existsSync(victim))).toBe(true);
  });
});

describe("a plain synth prints the construct annotations (emulator-gap warnings)", () => {
  it("prints each warning with its stack", () => {
    expect(runSynth({ outdir, build: goodApp })).toBe(0);
    expect(stderr.join("\n")).toContain("[warn] fixture-good: CodeDeploy left out for messaging (env.emulator.gaps.codedeploy): fixture reason");
  });
});

describe("provider mirror for plain cdktf commands", () => {
  it("each stack directory has terraform.d/plugins → the machine's provider mirror", () => {
    const mirror = join(dir, "mirror");
    mkdirSync(join(mirror, "registry.terraform.io", "hashicorp", "aws", "5.100.0"), { recursive: true });
    const saved = process.env.TF_PROVIDER_MIRROR;
    process.env.TF_PROVIDER_MIRROR = mirror;
    try {
      expect(runSynth({ outdir, build: goodApp })).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.TF_PROVIDER_MIRROR;
      else process.env.TF_PROVIDER_MIRROR = saved;
    }
    const link = join(outdir, "stacks", "fixture-good", "terraform.d", "plugins");
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(mirror);
  });
});
