/**
 * A generated directory committed to the repository (`deploy/` for ecspresso, `functions/` for lambroll): the
 * files its generator owns (relative path → content), compared with a checkout and written into one, and the
 * generator's command line. scripts/lib/ecspresso-tree.ts and functions-tree.ts say what goes in.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { ConfigError } from "../../foundation/errors";
import { REPO_ROOT } from "./terraform";

/** The tree with its README added, sorted by path (the order files are listed and written in). */
export function withReadme(tree: Map<string, string>, readmePath: string, readme: string): Map<string, string> {
  tree.set(readmePath, readme);
  return new Map([...tree.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

function listFiles(root: string, dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listFiles(root, p) : [relative(root, p)];
  });
}

/** Differences between `tree` and the files under `<repo>/<dir>` (paths relative to the repo). */
export function staleTreeFiles(repo: string, dir: string, tree: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [rel, content] of tree) {
    const p = join(repo, rel);
    if (!existsSync(p)) out.push(`missing: ${rel}`);
    else if (readFileSync(p, "utf8") !== content) out.push(`differs: ${rel}`);
  }
  for (const f of listFiles(repo, join(repo, dir))) if (!tree.has(f)) out.push(`not generated (remove it): ${f}`);
  return out;
}

/**
 * Write the tree under `repo`, removing files in `<repo>/<dir>` the generator no longer produces and the folders
 * that leaves empty; unchanged files are not touched.
 */
export function writeGeneratedTree(repo: string, dir: string, tree: Map<string, string>): void {
  for (const f of listFiles(repo, join(repo, dir))) if (!tree.has(f)) rmSync(join(repo, f));
  for (const [rel, content] of tree) {
    const p = join(repo, rel);
    mkdirSync(dirname(p), { recursive: true });
    if (!existsSync(p) || readFileSync(p, "utf8") !== content) writeFileSync(p, content);
  }
  pruneEmpty(join(repo, dir));
}

function pruneEmpty(dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      pruneEmpty(p);
      if (readdirSync(p).length === 0) rmSync(p, { recursive: true });
    }
  }
}

export interface Generator {
  /** The script's file name, for the usage line. */
  readonly script: string;
  /** What the files are, e.g. "ecspresso definitions". */
  readonly what: string;
  /** The npm command that regenerates them. */
  readonly command: string;
  /** The generated directory, relative to the repository. */
  readonly dir: string;
  /** Every file the generator owns, for the real configuration (throws ConfigError on invalid config). */
  readonly build: () => Map<string, string>;
}

/**
 * A generator's command line: write the tree (default), `--check` (exit 1 listing stale files), `--out <dir>`
 * (another root: tests, reviews). Exit 2 on unknown arguments, 1 on invalid config with its message.
 */
export function generatorMain(argv: string[], g: Generator): number {
  const check = argv.includes("--check");
  const outIdx = argv.indexOf("--out");
  const root = outIdx >= 0 ? resolve(argv[outIdx + 1] ?? "") : REPO_ROOT;
  const unknown = argv.filter((a, i) => !["--check", "--out"].includes(a) && !(outIdx >= 0 && i === outIdx + 1));
  if (unknown.length || (outIdx >= 0 && !argv[outIdx + 1])) {
    console.error(`usage: ${g.script} [--check] [--out <dir>]`);
    return 2;
  }
  let tree: Map<string, string>;
  try {
    tree = g.build();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
  if (check) {
    const stale = staleTreeFiles(root, g.dir, tree);
    if (stale.length) {
      console.error(`${g.what} are stale; run \`${g.command}\` and commit:\n  ${stale.join("\n  ")}`);
      return 1;
    }
    console.log(`${g.what} up to date (${tree.size} files)`);
    return 0;
  }
  writeGeneratedTree(root, g.dir, tree);
  console.log(`wrote ${tree.size} files under ${resolve(root, g.dir)}`);
  return 0;
}
