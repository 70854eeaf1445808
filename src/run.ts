/**
 * Synth entry used by main.ts: validates config, builds the selected environments, writes the output.
 * Returns the process exit code.
 *
 * Nothing is written unless every check passed: the app is synthesized into a scratch directory; the policy
 * pack (modules/guardrails) evaluates every stack; every extra output (the ecspresso definitions in deploy/
 * with `npm run synth`) is computed — and its own checks run — before anything is written. Only then does the
 * scratch directory replace the output directory and the extra outputs get written. A configuration error
 * prints every problem and writes nothing.
 *
 * The output directory is guarded by the checkout lock (src/checkout-lock.ts): a second command that would
 * write it while another runs fails at once, naming the holder.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { App } from "../foundation/cdk";
import { buildApp, type BuildOptions } from "./app";
import { ConfigError } from "../foundation/errors";
import { readStacks } from "./synth-output";
import { findProviderMirror } from "./provider-mirror";
import { evaluate, formatSynthFailure, formatWarnings, passed } from "../modules/guardrails";
import { acquireCheckoutLock, cdktfCliAncestor, CheckoutLockedError, type HeldLock } from "./checkout-lock";

/**
 * An output written next to cdktf.out only when everything passed. `prepare` runs its checks and computes
 * the content (throwing ConfigError on bad input) and returns the function that writes it.
 */
export interface ExtraOutput {
  readonly name: string;
  prepare(): () => void;
}

export interface SynthOptions extends BuildOptions {
  readonly outdir?: string;
  /** Replaces the real app (tests: fixture stacks through the same synth step). */
  readonly build?: (app: App) => void;
  readonly extraOutputs?: readonly ExtraOutput[];
}

/** cdktf-cli runs the app with its output directory in CDKTF_OUTDIR. */
function underCdktfCli(): boolean {
  return process.env.CDKTF_OUTDIR !== undefined;
}

export function runSynth(opts: SynthOptions = {}): number {
  const outdir = resolve(opts.outdir ?? process.env.CDKTF_OUTDIR ?? "cdktf.out");
  let lock: HeldLock;
  // Under `cdktf deploy|diff|destroy` the lock must outlive this process: terraform runs from the output
  // afterwards in the same cdktf CLI process, so the CLI is recorded as the holder.
  const cli = underCdktfCli() ? cdktfCliAncestor() : undefined;
  try {
    lock = acquireCheckoutLock(`${outdir}.lock`, cli ? { pid: cli.pid, command: cli.command } : {});
  } catch (e) {
    if (e instanceof CheckoutLockedError) {
      console.error(`synth refused: ${e.message}`);
      return 1;
    }
    throw e;
  }
  if (lock.tookOverFrom) {
    console.warn(`note: took over a stale checkout lock of pid ${lock.tookOverFrom.pid} (\`${lock.tookOverFrom.command}\`, started ${lock.tookOverFrom.started}), which is no longer running`);
  }
  const scratch = `${outdir}.partial-${process.pid}`;
  try {
    const app = new App({ outdir: scratch });
    if (opts.build) opts.build(app);
    else buildApp(app, opts);
    app.synth();
    // Policy pack: every stack's JSON is checked before it may replace the output directory.
    const stacks = readStacks(scratch);
    const report = evaluate(stacks);
    const warningText = formatWarnings(report);
    if (warningText && process.env.POLICY_QUIET !== "1") console.warn(warningText);
    // cdktf-cli prints the construct annotations itself; a plain `node main.ts` (npm run synth) must too.
    if (!underCdktfCli()) {
      const annotations = formatAnnotations(scratch);
      if (annotations) console.warn(annotations);
    }
    if (!passed(report)) {
      console.error(formatSynthFailure(report));
      return 1;
    }
    const writers = (opts.extraOutputs ?? []).map((o) => ({ name: o.name, write: o.prepare() }));
    linkProviderMirror(stacks.map((s) => s.dir));
    // The previous output is moved aside (one rename) and deleted by a detached process: deleting its ~400
    // files and directories took 0.4–0.8 s of wall time (disk metadata writes, ~40 ms of CPU) that nothing
    // after the synth waits for.
    const previous = existsSync(outdir) ? `${outdir}.old-${process.pid}` : undefined;
    if (previous) renameSync(outdir, previous);
    renameSync(scratch, outdir);
    if (previous) removeInBackground(previous);
    for (const w of writers) w.write();
    return 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 1;
    }
    const msg = e instanceof Error ? e.message : String(e);
    // Deferred construct validations (node.addValidation) surface as a plain Error from app.synth().
    if (/Validation failed/i.test(msg)) {
      console.error(msg);
      return 1;
    }
    throw e;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    if (!cli) lock.release();
  }
}

/**
 * Delete `dir` from a detached process (it outlives this one; Node's own fs.rmSync, so it works wherever the app
 * does). Should the process not start, the directory is deleted here instead. A deletion cut short (machine
 * shutdown) leaves `<outdir>.old-<pid>`, git-ignored like the scratch directories.
 */
export function removeInBackground(dir: string): void {
  const removeHere = () => rmSync(dir, { recursive: true, force: true });
  try {
    const child = spawn(process.execPath, ["-e", "require('node:fs').rmSync(process.argv[1], { recursive: true, force: true })", dir], {
      detached: true,
      stdio: "ignore",
    });
    child.on("error", removeHere);
    child.unref();
  } catch {
    removeHere();
  }
}

interface ManifestAnnotation {
  readonly constructPath: string;
  readonly level: string;
  readonly message: string;
}

/** Warnings and infos the constructs recorded (Annotations.of(x).addWarning …), one line each, or "". */
export function formatAnnotations(outdir: string): string {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { annotations?: ManifestAnnotation[] }>;
  };
  const lines: string[] = [];
  for (const [name, s] of Object.entries(manifest.stacks)) {
    for (const a of s.annotations ?? []) {
      if (a.level === "@cdktf/error") continue; // errors fail synth (Validation failed) and are printed there
      const level = a.level.replace(/^@cdktf\//, "");
      lines.push(`  [${level}] ${name}: ${a.message}`);
    }
  }
  return lines.length ? `Synth annotations (${lines.length}):\n${lines.join("\n")}` : "";
}

/**
 * Terraform's implied local mirror: `terraform.d/plugins` in the working directory is searched for providers
 * when the CLI configuration has no `provider_installation` block. Linking the machine's filesystem mirror
 * there lets plain `npx cdktf deploy|diff` (whose terraform runs in these directories with the user's own,
 * possibly missing, CLI config) install the AWS provider offline, exactly as the scripts' `.tf-cache/terraformrc`
 * does. The scripts' CLI config names the mirror explicitly, which disables the implied one: no conflict.
 */
export function linkProviderMirror(stackDirs: readonly string[], mirror = findProviderMirror()): void {
  if (!mirror) return;
  for (const dir of stackDirs) {
    const parent = join(dir, "terraform.d");
    mkdirSync(parent, { recursive: true });
    const link = join(parent, "plugins");
    if (!existsSync(link)) symlinkSync(resolve(mirror), link, "dir");
  }
}
