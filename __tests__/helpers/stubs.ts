/**
 * Stub executables for script tests: each records its argv and selected environment variables to a log,
 * then behaves as configured through STUB_* variables. Tests assert exact argument vectors.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { LAYERS } from "../../foundation/contract";

const REPO_ROOT = join(__dirname, "..", "..");
/** The repository's node CLIs the scripts call whose answers the test process computes itself (see nodeShim). */
const CLI = {
  envFacts: join(REPO_ROOT, "scripts", "lib", "env-facts.ts"),
  fnFacts: join(REPO_ROOT, "scripts", "lib", "fn-facts.ts"),
  stateWorkdir: join(REPO_ROOT, "scripts", "lib", "state-workdir.ts"),
  tfstateLookup: join(REPO_ROOT, "scripts", "lib", "tfstate-lookup.ts"),
} as const;
/**
 * Variables that change those CLIs' answers: the config reads the first two at load (envs/web/local.ts: the
 * emulator endpoint); state-workdir.ts places its working directory under STATE_CACHE_DIR.
 */
const CONFIG_ENV = ["LOCAL_AWS_ENDPOINT", "EMULATOR_DIR"] as const;
const KEY_ENV = [...CONFIG_ENV, "STATE_CACHE_DIR"] as const;

/**
 * A `node` first on the stub PATH: `node --require tsx/cjs <repo>/scripts/lib/<cli>.ts args…` for the CLIs in
 * `CLI` is answered from what this test process computed with the same functions (env-facts, fn-facts,
 * state-workdir, tfstate-lookup; a tsx start per call costs 0.3–0.7 s of CPU, dozens of times per file). The key
 * is the CLI, its arguments, the KEY_ENV values and, for tfstate-lookup, the cksum of the state on stdin. Answers
 * in `run/` hold for one script run only (state-workdir's working directories: NEEDS_INIT depends on their
 * state); the others for the StubBin's life. Any other invocation, or one with no precomputed answer, runs the real node. Not a
 * recorded stub: the calls log lists only the tools a test configures.
 */
const nodeShim = (factsDir: string) => `#!/usr/bin/env bash
if [[ $# -ge 3 && $1 == --require && $2 == tsx/cjs ]]; then
  cli=$3
  [[ $cli == /* ]] || cli=$PWD/$cli
  case $cli in
    ${Object.values(CLI).map((c) => `"${c}"`).join(" | ")})
      input=
      if [[ $cli == "${CLI.tfstateLookup}" ]]; then
        tmp=$(mktemp)
        cat >"$tmp"
        input=$(cksum <"$tmp")
        input=\${input%% *}
        exec 0<"$tmp"
        rm -f "$tmp"
      fi
      key=$(printf '%s|' "$cli" "\${@:4}" -- ${KEY_ENV.map((v) => `"\${${v}-}"`).join(" ")} "$input" | cksum)
      key=\${key%% *}
      for f in "${factsDir}/run/$key" "${factsDir}/$key"; do
        if [[ -f $f.rc ]]; then
          # Builtins only (read -d '' keeps trailing newlines): this runs dozens of times per test file.
          IFS= read -r -d '' out <"$f.out" || true
          IFS= read -r -d '' err <"$f.err" || true
          read -r rc <"$f.rc" || true
          printf '%s' "$out"
          printf '%s' "$err" >&2
          exit "$rc"
        fi
      done
      ;;
  esac
fi
exec "${process.execPath}" "$@"
`;

/** `cksum` of the same bytes the shim hashes (POSIX CRC-32 with the length appended). */
function cksum(text: string | Buffer): string {
  const data = typeof text === "string" ? Buffer.from(text) : text;
  let crc = 0;
  const step = (byte: number) => {
    crc ^= byte << 24;
    for (let i = 0; i < 8; i++) crc = crc & 0x80000000 ? ((crc << 1) ^ 0x04c11db7) >>> 0 : (crc << 1) >>> 0;
  };
  for (const b of data) step(b);
  for (let n = data.length; n > 0; n = Math.floor(n / 256)) step(n & 0xff);
  return String(~crc >>> 0);
}

interface CliModules {
  /** Each environment's services and functions, from one loadConfig() (a full validation: tens of ms per call). */
  envs: Map<string, { services: string[]; functions: string[] }>;
  facts: typeof import("../../scripts/lib/env-facts");
  fn: typeof import("../../scripts/lib/fn-facts");
  workdir: typeof import("../../scripts/lib/state-workdir");
  lookup: typeof import("../../scripts/lib/tfstate-lookup");
}
const cliModules = new Map<string, CliModules>();
/** The CLIs' modules loaded with the given config variables (the config reads them once, at load). */
function modulesFor(vars: Record<string, string>): CliModules {
  const key = JSON.stringify(vars);
  let m = cliModules.get(key);
  if (!m) {
    const saved = CONFIG_ENV.map((v) => [v, process.env[v]] as const);
    for (const v of CONFIG_ENV) {
      if (vars[v] === undefined) delete process.env[v];
      else process.env[v] = vars[v];
    }
    try {
      /* eslint-disable @typescript-eslint/no-require-imports */
      jest.isolateModules(() => {
        const { envs } = (require("../../envs") as typeof import("../../envs")).loadConfig();
        m = {
          envs: new Map(envs.map((e) => [e.name, { services: Object.keys(e.services), functions: Object.keys(e.serverless?.functions ?? {}) }])),
          facts: require("../../scripts/lib/env-facts"),
          fn: require("../../scripts/lib/fn-facts"),
          workdir: require("../../scripts/lib/state-workdir"),
          lookup: require("../../scripts/lib/tfstate-lookup"),
        };
      });
      /* eslint-enable @typescript-eslint/no-require-imports */
    } finally {
      for (const [v, val] of saved) {
        if (val === undefined) delete process.env[v];
        else process.env[v] = val;
      }
    }
    cliModules.set(key, m!);
  }
  return m!;
}

/** Run `fn` with the listed variables set as in the script's environment (unset when absent), then restore. */
function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const saved = Object.keys(vars).map((k) => [k, process.env[k]] as const);
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return fn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Environment variables every stub records (`<unset>` when absent). */
export const RECORDED_ENV = [
  "AWS_REGION", "ECS_CLUSTER", "IMAGE", "TFSTATE_BUCKET", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3",
  "AWS_ACCESS_KEY_ID", "TF_CLI_CONFIG_FILE", "CHECKPOINT_DISABLE", "TF_IN_AUTOMATION",
];

const RECORDER = `#!/usr/bin/env bash
{
  printf 'CMD %s\\n' "\${0##*/}"
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

  /**
   * @param tools the recorded stubs to put on PATH
   * @param known what the scripts ask the CLIs besides what their arguments name: `stateLayers`, stack layers
   *   whose state.sh working directory a run may need (the edge scripts read `<env>-edge`); `lookupKeys`, the
   *   tfstate-lookup keys a run may look up (precomputed for the stub state, STUB_STATE)
   */
  constructor(
    tools: readonly string[],
    readonly known: { readonly stateLayers?: readonly string[]; readonly lookupKeys?: readonly string[] } = {},
  ) {
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
   * Precompute the CLIs' answers a run of `script args…` may ask for (nodeShim), with the run's KEY_ENV values:
   * env-facts for every environment named in `args` (and each of its services), fn-facts for each of its
   * functions, state-workdir for each of its stacks named in `args` (or in `stateLayers`), the first two
   * arguments as each CLI's (for the usage errors), tfstate-lookup of every output of the stub state
   * (STUB_STATE) and of the key after `lookup`. Each answer is the CLI's own exit code, stdout and stderr
   * (cliResult, tfstateLookup); an unexpected exception is not cached (the shim then runs the real node).
   */
  private precompute(args: readonly string[], env: Record<string, string>): void {
    const vars: Record<string, string> = {};
    for (const v of KEY_ENV) if (env[v] !== undefined) vars[v] = env[v];
    const config: Record<string, string> = {};
    for (const v of CONFIG_ENV) if (vars[v] !== undefined) config[v] = vars[v];
    const mod = modulesFor(config);
    const runDir = join(this.factsDir, "run");
    rmSync(runDir, { recursive: true, force: true });
    mkdirSync(runDir);
    /** Write the answer (unless one is there), in `run/` when `perRun` says it holds for this run only. */
    const answer = (cli: string, argv: readonly string[], input: string, out: () => { code: number; stdout: string; stderr: string }, perRun = (_code: number) => false) => {
      const name = cksum([cli, ...argv, "--", ...KEY_ENV.map((v) => vars[v] ?? ""), input].map((x) => `${x}|`).join(""));
      if (existsSync(join(this.factsDir, `${name}.rc`)) || existsSync(join(runDir, `${name}.rc`))) return;
      let r: { code: number; stdout: string; stderr: string };
      try {
        r = out();
      } catch {
        return; // not a usage error: left to the real CLI
      }
      const f = join(perRun(r.code) ? runDir : this.factsDir, name);
      writeFileSync(`${f}.out`, r.stdout);
      writeFileSync(`${f}.err`, r.stderr);
      writeFileSync(`${f}.rc`, String(r.code));
    };
    const { cliResult, formatFacts } = mod.facts;
    const layers = new Set([...(this.known.stateLayers ?? []), ...args].filter((a) => (LAYERS as readonly string[]).includes(a)));
    // The scripts take the environment first and the service, function or layer second: those two positions
    // cover the CLIs' usage errors (unknown environment, service, function, layer).
    const [first, second] = args;
    const envFactsArgv: string[][] = first === undefined ? [] : second === undefined ? [[first]] : [[first], [first, second]];
    const pairs: string[][] = first !== undefined && second !== undefined ? [[first, second]] : [];
    const fnArgv = [...pairs];
    const workdirArgv = [...pairs];
    for (const name of new Set(args)) {
      const found = mod.envs.get(name);
      if (!found) continue; // not an environment
      envFactsArgv.push([name], ...found.services.map((svc) => [name, svc]));
      fnArgv.push(...found.functions.map((fn) => [name, fn]));
      workdirArgv.push(...[...layers].map((layer) => [name, layer]));
    }
    for (const argv of envFactsArgv) answer(CLI.envFacts, argv, "", () => cliResult(() => formatFacts(mod.facts.envFacts(argv[0], argv[1]))));
    for (const argv of fnArgv) answer(CLI.fnFacts, argv, "", () => cliResult(() => formatFacts(mod.fn.fnFacts(argv[0], argv[1]))));
    // A working directory's answer holds for this run only (NEEDS_INIT depends on the directory, which stateWorkdir
    // writes as the script's own call would); a usage error (unknown environment or layer) for the StubBin's life.
    for (const argv of workdirArgv) {
      const facts = () => withEnv({ STATE_CACHE_DIR: vars.STATE_CACHE_DIR }, () => cliResult(() => formatFacts(mod.workdir.stateWorkdir(argv[0], argv[1]))));
      answer(CLI.stateWorkdir, argv, "", facts, (code) => code === 0);
    }
    const stateFile = env.STUB_STATE;
    if (stateFile && existsSync(stateFile)) {
      const state = readFileSync(stateFile);
      const keys = new Set<string>(this.known.lookupKeys);
      try {
        for (const o of Object.keys((JSON.parse(state.toString("utf8")) as { outputs?: object }).outputs ?? {})) keys.add(`output.${o}`);
      } catch {
        // not JSON: the real CLI says so
      }
      args.forEach((a, i) => {
        if (args[i - 1] === "lookup") keys.add(a);
      });
      for (const k of keys) answer(CLI.tfstateLookup, [k], cksum(state), () => mod.lookup.tfstateLookup(k, state.toString("utf8")));
    }
  }

  /** Run `script args…` with PATH = stubs + node + system dirs only, and a clean AWS environment. */
  run(script: string, args: readonly string[], env: Record<string, string> = {}, cwd?: string): RunResult {
    writeFileSync(this.log, "");
    this.precompute(args, env);
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
    h.bin = new StubBin(["aws", "terraform", "curl"], { stateLayers: ["edge"], lookupKeys: Object.keys(outputs).map((o) => `output.${o}`) });
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
