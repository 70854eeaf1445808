/**
 * Stub executables for script tests: each records its argv and selected environment variables to a log,
 * then behaves as configured through STUB_* variables. Tests assert exact argument vectors.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const REPO_ROOT = join(__dirname, "..", "..");
const ENV_FACTS = join(REPO_ROOT, "scripts", "lib", "env-facts.ts");
/** Variables the environment config reads at load time (envs/web/local.ts: the emulator endpoint). */
const CONFIG_ENV = ["LOCAL_AWS_ENDPOINT", "EMULATOR_DIR"] as const;

/**
 * A `node` first on the stub PATH: `node --require tsx/cjs <repo>/scripts/lib/env-facts.ts <env> [service]` is
 * answered from facts this test process computed with the same envFacts()/runCli() (a tsx start per script run
 * costs ~0.3 s of CPU, dozens of times per file); any other invocation, or one with no precomputed answer, runs
 * the real node. Not a recorded stub: the calls log lists only the tools a test configures.
 */
const nodeShim = (factsDir: string) => `#!/usr/bin/env bash
if [[ $# -ge 4 && $# -le 5 && $1 == --require && $2 == tsx/cjs && $3 == "${ENV_FACTS}" ]]; then
  key=$(printf '%s|' "\${@:4}" -- ${CONFIG_ENV.map((v) => `"\${${v}-}"`).join(" ")} | cksum | cut -d' ' -f1)
  f="${factsDir}/$key"
  if [[ -f $f.rc ]]; then cat "$f.out"; cat "$f.err" >&2; exit "$(cat "$f.rc")"; fi
fi
exec "${process.execPath}" "$@"
`;

/** `cksum` of the same string the shim hashes (POSIX CRC-32 with the length appended). */
function cksum(text: string): string {
  const data = Buffer.from(text);
  let crc = 0;
  const step = (byte: number) => {
    crc ^= byte << 24;
    for (let i = 0; i < 8; i++) crc = crc & 0x80000000 ? ((crc << 1) ^ 0x04c11db7) >>> 0 : (crc << 1) >>> 0;
  };
  for (const b of data) step(b);
  for (let n = data.length; n > 0; n = Math.floor(n / 256)) step(n & 0xff);
  return String(~crc >>> 0);
}

type FactsModule = typeof import("../../scripts/lib/env-facts");
const factsModules = new Map<string, FactsModule>();
/** scripts/lib/env-facts loaded with the given config variables (the config reads them once, at load). */
function factsModule(vars: Record<string, string>): FactsModule {
  const key = JSON.stringify(vars);
  let m = factsModules.get(key);
  if (!m) {
    const saved = CONFIG_ENV.map((v) => [v, process.env[v]] as const);
    for (const v of CONFIG_ENV) {
      if (vars[v] === undefined) delete process.env[v];
      else process.env[v] = vars[v];
    }
    try {
      jest.isolateModules(() => {
        m = require("../../scripts/lib/env-facts") as FactsModule; // eslint-disable-line @typescript-eslint/no-require-imports
      });
    } finally {
      for (const [v, val] of saved) {
        if (val === undefined) delete process.env[v];
        else process.env[v] = val;
      }
    }
    factsModules.set(key, m!);
  }
  return m!;
}

/** Environment variables every stub records (`<unset>` when absent). */
export const RECORDED_ENV = [
  "AWS_REGION", "ECS_CLUSTER", "IMAGE", "TFSTATE_BUCKET", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3",
  "AWS_ACCESS_KEY_ID", "TF_CLI_CONFIG_FILE", "CHECKPOINT_DISABLE", "TF_IN_AUTOMATION",
];

const RECORDER = `#!/usr/bin/env bash
{
  printf 'CMD %s\\n' "$(basename "$0")"
  for a in "$@"; do printf 'ARG %s\\n' "$a"; done
  for v in ${RECORDED_ENV.join(" ")}; do printf 'ENV %s=%s\\n' "$v" "\${!v-<unset>}"; done
  printf 'END\\n'
} >>"$STUB_LOG"
`;

/** Behaviour after recording, per tool. */
const BEHAVIOUR: Record<string, string> = {
  ecspresso: `exit "\${STUB_ECSPRESSO_EXIT:-0}"\n`,
  aws: `case "$1 $2" in
  "sts get-caller-identity")
    if [[ -n \${STUB_AWS_FAIL:-} ]]; then echo "Unable to locate credentials. You can configure credentials by running \\"aws configure\\"." >&2; exit 253; fi
    echo "\${STUB_ACCOUNT:-111111111111}" ;;
  "ecs describe-services")
    # The deployments / task sets query (scripts/app.sh deploy and rollback --unless-running) or the ACTIVE check.
    if [[ "$*" == *"].deployments[]"* || "$*" == *"].taskSets[]"* ]]; then printf '%s' "\${STUB_DEPLOYMENTS:-None}"
    else echo "\${STUB_EXISTING:-}"; fi ;;
  "cloudfront create-invalidation") echo "\${STUB_INVALIDATION_ID:-I2J3K4L5M6N7O8}" ;;
esac
`,
  terraform: `for a in "$@"; do
  case $a in
    pull) cat "\${STUB_STATE:-/dev/null}"; exit 0 ;;
  esac
done
exit "\${STUB_TERRAFORM_EXIT:-0}"
`,
};

export interface Call {
  readonly cmd: string;
  readonly args: string[];
  readonly env: Record<string, string>;
}

export interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly calls: Call[];
}

export class StubBin {
  readonly dir = mkdtempSync(join(tmpdir(), "stub-bin-"));
  readonly log = join(this.dir, "calls.log");

  readonly factsDir = join(this.dir, "facts");

  constructor(tools: readonly string[]) {
    for (const t of tools) {
      const p = join(this.dir, t);
      writeFileSync(p, RECORDER + (BEHAVIOUR[t] ?? "exit 0\n"));
      chmodSync(p, 0o755);
    }
    mkdirSync(this.factsDir);
    writeFileSync(join(this.dir, "node"), nodeShim(this.factsDir));
    chmodSync(join(this.dir, "node"), 0o755);
  }

  /**
   * Precompute env-facts answers for every environment named in `args` (and each of its services) under the
   * run's config variables. An environment not named, or a service that does not exist, falls back to real node.
   */
  private precomputeFacts(args: readonly string[], env: Record<string, string>): void {
    const vars: Record<string, string> = {};
    for (const v of CONFIG_ENV) if (env[v] !== undefined) vars[v] = env[v];
    const mod = factsModule(vars);
    for (const name of new Set(args.filter((a) => /^[a-z0-9-]+$/.test(a)))) {
      let services: string[];
      try {
        services = Object.keys(mod.resolveEnv(name).env.services);
      } catch {
        continue; // not an environment
      }
      for (const argv of [[name], ...services.map((svc) => [name, svc])]) {
        const f = join(this.factsDir, cksum([...argv, "--", ...CONFIG_ENV.map((v) => vars[v] ?? "")].map((x) => `${x}|`).join("")));
        if (existsSync(`${f}.rc`)) continue;
        // Only successful answers; every error path is the real CLI's.
        writeFileSync(`${f}.out`, mod.formatFacts(mod.envFacts(argv[0], argv[1])));
        writeFileSync(`${f}.err`, "");
        writeFileSync(`${f}.rc`, "0");
      }
    }
  }

  /** Run `script args…` with PATH = stubs + node + system dirs only, and a clean AWS environment. */
  run(script: string, args: readonly string[], env: Record<string, string> = {}, cwd?: string): RunResult {
    writeFileSync(this.log, "");
    this.precomputeFacts(args, env);
    const base: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (v !== undefined && !/^(AWS_|TF_|ECS_|IMAGE$|LOCAL_AWS_ENDPOINT$|STATE_CACHE_DIR$)/.test(k)) base[k] = v;
    }
    const r = spawnSync("bash", [script, ...args], {
      // APP_TOOLS_BIN: scripts/app.sh puts the project's .tools/bin first on PATH; the stubs must win there too.
      env: { ...base, PATH: `${this.dir}:${dirname(process.execPath)}:/usr/bin:/bin`, STUB_LOG: this.log, APP_TOOLS_BIN: this.dir, ...env },
      encoding: "utf8",
      input: "",
      cwd,
    });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, calls: this.calls() };
  }

  calls(): Call[] {
    if (!existsSync(this.log)) return [];
    const out: Call[] = [];
    let cur: Call | undefined;
    for (const line of readFileSync(this.log, "utf8").split("\n")) {
      if (line.startsWith("CMD ")) cur = { cmd: line.slice(4), args: [], env: {} };
      else if (line.startsWith("ARG ") && cur) cur.args.push(line.slice(4));
      else if (line.startsWith("ENV ") && cur) {
        const [k, ...v] = line.slice(4).split("=");
        cur.env[k] = v.join("=");
      } else if (line === "END" && cur) {
        out.push(cur);
        cur = undefined;
      }
    }
    return out;
  }

  remove(tool: string): void {
    rmSync(join(this.dir, tool), { force: true });
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Harness for the scripts that read one output of an environment's edge state (scripts/invalidate.sh,
 * scripts/upload-static.sh): stub `aws` and `terraform` on PATH, a state cache dir and a stub state file holding
 * `outputs`, created before the file's tests and removed after. Call at module level.
 */
export function edgeScriptHarness(script: string, tmpPrefix: string, outputs: Record<string, { value: unknown; type: string }>) {
  const h = {
    bin: undefined as unknown as StubBin,
    cache: "",
    stateFile: "",
    /** Run the script with the stub state and a profile set (override any variable with `env`). */
    run: (args: string[], env: Record<string, string> = {}) =>
      h.bin.run(script, args, { STATE_CACHE_DIR: h.cache, STUB_STATE: h.stateFile, AWS_PROFILE: "acme", ...env }),
    /** The argument vectors of the `aws` calls of a run. */
    aws: (r: RunResult) => r.calls.filter((c) => c.cmd === "aws").map((c) => c.args),
  };
  beforeAll(() => {
    // curl: state.sh probes an emulator environment's endpoint; the stub answers as a running emulator would.
    h.bin = new StubBin(["aws", "terraform", "curl"]);
    h.cache = mkdtempSync(join(tmpdir(), tmpPrefix));
    h.stateFile = join(h.cache, "edge.json");
    writeFileSync(h.stateFile, JSON.stringify({ version: 4, terraform_version: "1.11.4", serial: 1, lineage: "edge-test", outputs, resources: [] }));
  });
  afterAll(() => {
    h.bin.cleanup();
    rmSync(h.cache, { recursive: true, force: true });
  });
  return h;
}
