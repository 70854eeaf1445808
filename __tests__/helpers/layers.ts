/**
 * The layering rule as code: every import in the repository, parsed with the TypeScript compiler's own import
 * scanner (`ts.preProcessFile`: import/export-from, `import()`, `require()`), checked against the layer order
 *
 *   foundation → envs → modules → src/stacks → src (app, run, ecspresso) → scripts (and main.ts)
 *
 * A file may import its own layer and lower ones; tests may import anything. foundation/cdk.ts is the only
 * importer of cdktf and constructs.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, posix, relative } from "node:path";
import ts from "typescript";

export const LAYERS = ["foundation", "envs", "modules", "src/stacks", "src", "scripts"] as const;
export type LayerName = (typeof LAYERS)[number];

/** The layer of a repository path, or undefined for files outside the rule (tests, configs). */
export function layerOf(path: string): LayerName | undefined {
  if (path.startsWith("__tests__/")) return undefined;
  if (path === "main.ts") return "scripts";
  for (const l of [...LAYERS].sort((a, b) => b.length - a.length)) if (path.startsWith(`${l}/`)) return l;
  return undefined;
}

export interface SourceFile {
  /** Repository-relative, `/`-separated. */
  readonly path: string;
  readonly text: string;
}

/** Module specifiers a file imports (static, dynamic, require), in order. */
export function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** Only foundation/cdk.ts may import these packages (the cdktf re-export). */
const CDK_PACKAGES = ["cdktf", "constructs"];

/** Every import that points up the layer order, as `file → target (layer → layer)`. */
export function layerViolations(files: readonly SourceFile[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    const from = layerOf(f.path);
    if (!from) continue;
    for (const spec of importsOf(f.text)) {
      if (!spec.startsWith(".")) {
        if (CDK_PACKAGES.includes(spec) && f.path !== "foundation/cdk.ts") out.push(`${f.path} → ${spec} (only foundation/cdk.ts imports cdktf/constructs)`);
        continue;
      }
      const target = posix.normalize(posix.join(posix.dirname(f.path), spec));
      const to = layerOf(target) ?? layerOf(`${target}/`);
      if (!to) {
        if (target.startsWith("__tests__")) out.push(`${f.path} → ${target} (application code imports a test file)`);
        continue;
      }
      if (LAYERS.indexOf(to) > LAYERS.indexOf(from)) out.push(`${f.path} → ${target} (${from} imports ${to})`);
    }
  }
  return out;
}

const SKIP = new Set(["node_modules", ".git", ".tools", "cdktf.out", "deploy", ".tf-cache", ".gen", "coverage", ".emulator", ".bench"]);

/** Every .ts/.mts/.mjs/.cjs/.js source file of the repository at `root`. */
export function repositorySources(root: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (SKIP.has(name) || name.startsWith(".partial")) continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|mts|mjs|cjs|js)$/.test(name) && !name.endsWith(".d.ts")) out.push({ path: relative(root, p).split("\\").join("/"), text: readFileSync(p, "utf8") });
    }
  };
  walk(root);
  return out;
}

export const REPO = join(dirname(__filename), "..", "..");
