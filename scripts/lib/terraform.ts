/**
 * Terraform CLI environment shared by every script that runs terraform: a repo-written CLI config that uses
 * the machine's provider filesystem mirror when one exists (the public registry otherwise), a shared plugin
 * cache, and CHECKPOINT_DISABLE. The machine's own TF_CLI_CONFIG_FILE is ignored on purpose: on these machines
 * it points at a file that does not exist.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const REPO_ROOT = resolve(__dirname, "..", "..");
export const TF_CACHE_DIR = join(REPO_ROOT, ".tf-cache");

export { findProviderMirror } from "../../src/provider-mirror";
import { findProviderMirror } from "../../src/provider-mirror";

export function terraformVersion(): string {
  try {
    const out = execFileSync("terraform", ["version", "-json"], { env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" } }).toString();
    return (JSON.parse(out) as { terraform_version: string }).terraform_version;
  } catch {
    throw new Error(
      "terraform is not on PATH. Install Terraform >= 1.10 (native S3 locking needs it): https://developer.hashicorp.com/terraform/install",
    );
  }
}

/**
 * The checkout's own filesystem mirror (`.tools/tf-mirror`, unpacked layout): providers scripts/tools.sh builds
 * from source because no machine mirror has them (integrations/github).
 */
export const TOOLS_MIRROR = join(REPO_ROOT, ".tools", "tf-mirror");

/** Provider source addresses (`integrations/github`) the tools mirror holds at least one version of. */
export function toolsMirrorProviders(): string[] {
  const host = join(TOOLS_MIRROR, "registry.terraform.io");
  if (!existsSync(host)) return [];
  return readdirSync(host).flatMap((ns) =>
    readdirSync(join(host, ns))
      .filter((type) => readdirSync(join(host, ns, type)).length > 0)
      .map((type) => `${ns}/${type}`),
  );
}

/** Versions of `<namespace>/<type>` in the tools mirror, newest first. */
export function toolsMirrorVersions(source: string): string[] {
  const dir = join(TOOLS_MIRROR, "registry.terraform.io", source);
  if (!existsSync(dir)) return [];
  const num = (v: string) => v.split(".").map(Number);
  return readdirSync(dir).sort((a, b) => {
    const [x, y] = [num(a), num(b)];
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return y[i] - x[i];
    return 0;
  });
}

/**
 * Write `.tf-cache/terraformrc` and return the environment terraform should run with.
 * With a mirror: hashicorp/* providers come from the mirror only (offline); providers in the checkout's tools
 * mirror come from there only; anything else goes direct.
 */
export function terraformEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  mkdirSync(join(TF_CACHE_DIR, "plugins"), { recursive: true });
  const mirror = findProviderMirror();
  const tools = toolsMirrorProviders().map((p) => `registry.terraform.io/${p}`);
  const rc = join(TF_CACHE_DIR, "terraformrc");
  const blocks: string[] = [];
  const excluded: string[] = [];
  if (mirror) {
    blocks.push(`  filesystem_mirror {\n    path    = "${mirror}"\n    include = ["registry.terraform.io/hashicorp/*"]\n  }`);
    excluded.push("registry.terraform.io/hashicorp/*");
  }
  if (tools.length) {
    blocks.push(`  filesystem_mirror {\n    path    = "${TOOLS_MIRROR}"\n    include = ${JSON.stringify(tools)}\n  }`);
    excluded.push(...tools);
  }
  const body = blocks.length
    ? `# Written by scripts/lib/terraform.ts: providers from ${mirror ? "the machine's filesystem mirror" : ""}${mirror && tools.length ? " and " : ""}${tools.length ? "the checkout's tools mirror (scripts/tools.sh)" : ""}.
provider_installation {
${blocks.join("\n")}
  direct {
    exclude = ${JSON.stringify(excluded)}
  }
}
plugin_cache_dir = "${join(TF_CACHE_DIR, "plugins")}"
`
    : `# Written by scripts/lib/terraform.ts: no filesystem mirror found; providers come from the public registry.
plugin_cache_dir = "${join(TF_CACHE_DIR, "plugins")}"
`;
  writeFileSync(rc, body);
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: rc,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    ...extra,
  };
}

export interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run terraform synchronously in `cwd`; never throws on a non-zero exit. */
export function tf(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): RunResult {
  const r = spawnSync("terraform", args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? 1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/** Run terraform asynchronously (lets callers run several stacks at once); never rejects on a non-zero exit. */
export function tfAsync(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolveRun) => {
    const child = spawn("terraform", args, { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (e) => resolveRun({ status: 127, stdout, stderr: stderr + String(e) }));
    child.on("close", (code) => resolveRun({ status: code ?? 1, stdout, stderr }));
  });
}
