/**
 * Proving harness: synthesize every environment, then `terraform init -backend=false` and `terraform validate`
 * every stack whose providers are all available here (the AWS provider from the machine's mirror). Stacks are
 * discovered from cdktf's manifest, so a new stack is validated without editing this file.
 *
 *   npm run validate                # all stacks
 *   npm run validate -- dev-network # only the named stacks
 *
 * Exit code: 0 when every validated stack is valid, 1 otherwise (and when terraform is missing).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthAll, type SynthesizedStack } from "./lib/synth";
import { terraformEnv, terraformVersion, tfAsync, findProviderMirror, toolsMirrorProviders, toolsMirrorVersions } from "./lib/terraform";

/**
 * Providers whose binaries this harness can install: hashicorp/aws from the machine's mirror or the registry, and
 * what scripts/tools.sh built into the checkout's tools mirror (integrations/github, for the `github` stack).
 */
const VALIDATABLE = new Set(["aws", ...toolsMirrorProviders().map((p) => p.split("/")[1])]);

// Terraform's plugin cache is not safe for concurrency: two inits racing to link the same provider fail with
// "file exists", and an init that re-links a cache entry while another stack validates makes that validate fail
// with "no package … cached in .terraform/providers". So every init runs first, one at a time (`initAll`), and
// only then do the validates run in parallel.
async function initAll(stacks: readonly SynthesizedStack[], env: NodeJS.ProcessEnv): Promise<Map<SynthesizedStack, string>> {
  const failed = new Map<SynthesizedStack, string>();
  for (const stack of stacks) {
    const init = await tfAsync(["init", "-backend=false", "-input=false", "-no-color"], stack.dir, env);
    if (init.status !== 0) failed.set(stack, `terraform init failed:\n${init.stderr || init.stdout}`);
  }
  return failed;
}

/**
 * A provider the bindings pin at a version the tools mirror does not have (@cdktf/provider-github 15.3.1 pins
 * integrations/github 6.9.0; the newest release the Go module proxy serves is 6.6.0): validate against the
 * mirror's newest version through a Terraform override file (`*_override.tf.json` merges over the stack's
 * `required_providers`), and say so. Returns the notes to print.
 */
function pinToolsMirrorVersions(stack: SynthesizedStack): string[] {
  const notes: string[] = [];
  const override: Record<string, { source: string; version: string }> = {};
  for (const [name, p] of Object.entries(stack.json.terraform?.required_providers ?? {}) as [string, { source?: string; version?: string }][]) {
    const versions = p.source ? toolsMirrorVersions(p.source) : [];
    if (!versions.length || (p.version && versions.includes(p.version))) continue;
    override[name] = { source: p.source!, version: versions[0] };
    notes.push(`${stack.name}: ${p.source} ${p.version ?? "(any)"} is not obtainable here; validated against ${versions[0]} (scripts/tools.sh)`);
  }
  if (notes.length) writeFileSync(join(stack.dir, "tools_override.tf.json"), JSON.stringify({ terraform: { required_providers: override } }, null, 2));
  return notes;
}

async function validate(stack: SynthesizedStack, env: NodeJS.ProcessEnv): Promise<{ ok: boolean; detail: string }> {
  const v = await tfAsync(["validate", "-json", "-no-color"], stack.dir, env);
  let parsed: { valid: boolean; error_count: number; warning_count: number; diagnostics: { severity: string; summary: string; detail?: string; address?: string }[] };
  try {
    parsed = JSON.parse(v.stdout);
  } catch {
    return { ok: false, detail: `terraform validate printed no JSON:\n${v.stderr}${v.stdout}` };
  }
  const diags = parsed.diagnostics
    .map((d) => `    ${d.severity}: ${d.summary}${d.address ? ` (${d.address})` : ""}${d.detail ? ` — ${d.detail.split("\n")[0]}` : ""}`)
    .join("\n");
  return { ok: parsed.valid && v.status === 0, detail: `${parsed.error_count} errors, ${parsed.warning_count} warnings${diags ? `\n${diags}` : ""}` };
}

async function main() {
  const version = terraformVersion();
  const mirror = findProviderMirror();
  console.log(`terraform ${version}; providers from ${mirror ? `filesystem mirror ${mirror}` : "the public registry"}`);
  const wanted = process.argv.slice(2);
  const outdir = mkdtempSync(join(tmpdir(), "validate-"));
  try {
    const stacks = synthAll(outdir).filter((s) => wanted.length === 0 || wanted.includes(s.name));
    if (wanted.length && stacks.length !== wanted.length) {
      throw new Error(`unknown stack(s): ${wanted.filter((w) => !stacks.some((s) => s.name === w)).join(", ")}`);
    }
    // The github provider's app_auth block takes id, installation_id and pem_file from GITHUB_APP_ID,
    // GITHUB_APP_INSTALLATION_ID and GITHUB_APP_PEM_FILE (CI sets them at plan time; the stack never holds them).
    // Its schema marks them required unless those variables are set, and validate contacts nothing: placeholders.
    const env = terraformEnv({
      GITHUB_APP_ID: process.env.GITHUB_APP_ID ?? "1",
      GITHUB_APP_INSTALLATION_ID: process.env.GITHUB_APP_INSTALLATION_ID ?? "1",
      GITHUB_APP_PEM_FILE: process.env.GITHUB_APP_PEM_FILE ?? "placeholder: terraform validate reads no key",
    });
    const todo = stacks.filter((s) => s.providers.every((p) => VALIDATABLE.has(p)));
    const skipped = stacks.filter((s) => !todo.includes(s));
    // Two at a time: the provider schema load is CPU-bound and these machines have 2 cores.
    const results: { stack: SynthesizedStack; ok: boolean; detail: string }[] = [];
    for (const s of todo) for (const note of pinToolsMirrorVersions(s)) console.log(`note: ${note}`);
    const initFailures = await initAll(todo, env);
    for (const [s, detail] of initFailures) {
      results.push({ stack: s, ok: false, detail });
      console.log(`INVALID ${s.name} (terraform init failed)\n${detail}`);
    }
    const queue = todo.filter((s) => !initFailures.has(s));
    await Promise.all(
      [0, 1].map(async () => {
        for (let s = queue.shift(); s; s = queue.shift()) {
          const r = await validate(s, env);
          results.push({ stack: s, ...r });
          console.log(`${r.ok ? "valid  " : "INVALID"} ${s.name} (${r.detail.split("\n")[0]})`);
          if (!r.ok) console.log(r.detail);
        }
      }),
    );
    for (const s of skipped) {
      console.log(`skipped ${s.name}: provider(s) ${s.providers.filter((p) => !VALIDATABLE.has(p)).join(", ")} not installable here (synthesized and unit-tested only; npm run tools builds integrations/github)`);
    }
    const bad = results.filter((r) => !r.ok);
    console.log(`terraform validate: ${results.length - bad.length} of ${results.length} stacks valid, ${skipped.length} skipped`);
    if (bad.length) {
      console.error(`invalid stacks: ${bad.map((b) => b.stack.name).join(", ")}`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
