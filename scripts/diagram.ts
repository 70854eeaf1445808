/**
 * Architecture diagrams: `docs/architecture/<env>.md` (Mermaid, rendered by GitHub) for every environment of every
 * system, plus the index `docs/architecture/README.md`, from envs/ and the synthesized stacks (scripts/lib/diagram.ts).
 *   npm run diagram              write, then parse every diagram with mermaid (scripts/lib/mermaid-check.mjs)
 *   npm run diagram -- --check   exit 1 listing the files that are stale (a config change without regenerating)
 * Reads cdktf.out/ and synthesizes first when it is missing or older than the sources (like `npm run cost`).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadConfig, type EnvConfig } from "../envs";
import { ConfigError } from "../foundation/errors";
import { diagramMarkdown, indexMarkdown } from "./lib/diagram";
import { REPO_ROOT } from "./lib/terraform";
import type { StackJson } from "./lib/synth";

export const DIAGRAM_DIR = "docs/architecture";

/** Every file `npm run diagram` writes, by path relative to the repository root. */
export function expectedDiagrams(envs: readonly EnvConfig[], stacks: ReadonlyMap<string, StackJson>): Map<string, string> {
  const out = new Map<string, string>();
  for (const env of envs) out.set(`${DIAGRAM_DIR}/${env.name}.md`, diagramMarkdown({ env, stacks }));
  out.set(`${DIAGRAM_DIR}/README.md`, indexMarkdown(envs));
  return out;
}

/** Files that differ from `expected`, are missing, or are left over in the diagram directory. */
export function staleDiagrams(root: string, expected: ReadonlyMap<string, string>): string[] {
  const stale = [...expected].filter(([p, text]) => !existsSync(join(root, p)) || readFileSync(join(root, p), "utf8") !== text).map(([p]) => p);
  const dir = join(root, DIAGRAM_DIR);
  const extra = existsSync(dir) ? readdirSync(dir).map((f) => `${DIAGRAM_DIR}/${f}`).filter((p) => !expected.has(p)) : [];
  return [...stale, ...extra.map((p) => `${p} (no such environment)`)].sort();
}

function main(argv: string[]): number {
  const check = argv.includes("--check");
  const unknown = argv.filter((a) => a !== "--check");
  if (unknown.length) {
    console.error(`usage: diagram.ts [--check]\nunknown argument(s): ${unknown.join(" ")}`);
    return 2;
  }
  try {
    const { envs } = loadConfig();
    // Loaded lazily: the synth path pulls in every stack class.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { loadStacks } = require("./cost") as typeof import("./cost");
    const expected = expectedDiagrams(envs, loadStacks());
    if (check) {
      const stale = staleDiagrams(REPO_ROOT, expected);
      if (stale.length) {
        console.error(`architecture diagrams are stale; run \`npm run diagram\` and commit:\n  ${stale.join("\n  ")}`);
        return 1;
      }
      console.log(`architecture diagrams up to date (${expected.size} files)`);
      return 0;
    }
    const dir = join(REPO_ROOT, DIAGRAM_DIR);
    for (const f of existsSync(dir) ? readdirSync(dir) : []) if (!expected.has(`${DIAGRAM_DIR}/${f}`)) rmSync(join(dir, f));
    for (const [p, text] of expected) {
      mkdirSync(dirname(join(REPO_ROOT, p)), { recursive: true });
      writeFileSync(join(REPO_ROOT, p), text);
    }
    console.log(`wrote ${expected.size} files under ${DIAGRAM_DIR}/`);
    execFileSync(process.execPath, [join(REPO_ROOT, "scripts/lib/mermaid-check.mjs"), ...[...expected.keys()].filter((p) => !p.endsWith("README.md")).map((p) => join(REPO_ROOT, p))], { stdio: "inherit" });
    return 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
