/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload, loaded with node --require */
// Preload of the cdktf app command (cdktf.json `app`, `npm run synth`): loads the TypeScript sources of this
// repository through a transpile cache keyed on content, so a synth runs the same JavaScript `tsc` emits and
// pays no transform at run time once a source is cached.
//
// Why not tsx here (the other scripts use `--require tsx/cjs`): tsx hooks every `require` — the ~600 cdktf,
// provider, constructs and zod files this app loads included — for its resolver and ESM interop, and turns Node's
// source-map support on, which parses the inline source map of every provider file. That measured ~0.55 s of
// CPU per full synth over the same app precompiled with tsc (npm run bench). This hook only handles `.ts` files
// of the repository; Node loads every `.js` file itself.
//
// Cache: node_modules/.cache/app-register/<sha256>.js, the key being the source text, the TypeScript version and
// tsconfig.json (the compiler options), so any edit, upgrade or option change is a miss. A miss transpiles the
// file with TypeScript's own `transpileModule` (per-file emit with the options of tsconfig.json: what the floor's
// `tsc` emits) and stores it atomically (temporary file + rename: concurrent synths never read half a file).
// Type errors are `npm run typecheck`'s job, as with tsx. Synth errors are ConfigErrors naming the field path,
// not stack traces, so no source maps are emitted.
const { createHash } = require("node:crypto");
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require("node:fs");
const { join, sep } = require("node:path");

const ROOT = join(__dirname, "..", "..");
const CACHE = join(ROOT, "node_modules", ".cache", "app-register");
const TSCONFIG = readFileSync(join(ROOT, "tsconfig.json"), "utf8");
const TS_VERSION = JSON.parse(readFileSync(require.resolve("typescript/package.json"), "utf8")).version;
const SALT = `app-register 1\0typescript ${TS_VERSION}\0${TSCONFIG}\0`;

let compilerOptions; // parsed from tsconfig.json on the first miss (loading typescript costs ~0.3 s)
function transpile(source, filename) {
  const ts = require("typescript");
  if (!compilerOptions) {
    const parsed = ts.convertCompilerOptionsFromJson(JSON.parse(TSCONFIG).compilerOptions, ROOT);
    if (parsed.errors.length) throw new Error(`tsconfig.json: ${ts.flattenDiagnosticMessageText(parsed.errors[0].messageText, "\n")}`);
    compilerOptions = { ...parsed.options, sourceMap: false, inlineSourceMap: false, declaration: false };
  }
  return ts.transpileModule(source, { compilerOptions, fileName: filename }).outputText;
}

const nodeModules = `${sep}node_modules${sep}`;
require.extensions[".ts"] = function loadTypeScript(module, filename) {
  if (filename.includes(nodeModules)) throw new Error(`app-register: refusing to transpile a dependency's TypeScript source ${filename}`);
  const source = readFileSync(filename, "utf8");
  const file = join(CACHE, `${createHash("sha256").update(SALT).update(source).digest("hex")}.js`);
  let js;
  try {
    js = readFileSync(file, "utf8");
  } catch {
    js = transpile(source, filename);
    mkdirSync(CACHE, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, js);
    renameSync(tmp, file);
  }
  module._compile(js, filename);
};
