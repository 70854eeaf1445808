/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload, loaded with node --require */
// Preload of the cdktf app command (cdktf.json `app`, `npm run synth`): loads the TypeScript sources of this
// repository through a transpile cache keyed on content, so a synth runs the JavaScript the unit tests run and
// pays no transform at run time once a source is cached.
//
// Why not tsx here (the other scripts use `--require tsx/cjs`): tsx hooks every `require` — the ~600 cdktf,
// provider, constructs and zod files this app loads included — for its resolver and ESM interop, and turns Node's
// source-map support on, which parses the inline source map of every provider file. That measured ~0.55 s of
// CPU per full synth over the same app precompiled with tsc (npm run bench). This hook only handles `.ts` files
// of the repository; Node loads every `.js` file itself.
//
// Cache: node_modules/.cache/app-register/<sha256>.js, the key being the source text, the @swc/core version and the
// transform's options (scripts/lib/swc-options.cjs), so any edit, upgrade or option change is a miss. A miss
// transpiles the file with swc — the transform jest applies to the same sources, so the synth runs the JavaScript
// the tests run — and stores it atomically (temporary file + rename: concurrent synths never read half a file).
// swc, not TypeScript's transpileModule: a full synth with a cold cache (a fresh clone, the jest run's background
// synth) measured 3.2 s wall / 4.6 s CPU with transpileModule (loading TypeScript is ~0.3 s of it) and 1.9 s /
// 2.4 s with swc, against 1.7 s / 2.2 s warm; the 86 synthesized stacks are byte-identical either way.
// Type errors are `npm run typecheck`'s job, as with tsx. Synth errors are ConfigErrors naming the field path,
// not stack traces, so no source maps are emitted.
const { createHash } = require("node:crypto");
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require("node:fs");
const { join, sep } = require("node:path");
const SWC_OPTIONS = require("./swc-options.cjs");

const ROOT = join(__dirname, "..", "..");
const CACHE = join(ROOT, "node_modules", ".cache", "app-register");
const SWC_VERSION = JSON.parse(readFileSync(require.resolve("@swc/core/package.json"), "utf8")).version;
const SALT = `app-register 2\0@swc/core ${SWC_VERSION}\0${JSON.stringify(SWC_OPTIONS)}\0`;

function transpile(source, filename) {
  return require("@swc/core").transformSync(source, { ...SWC_OPTIONS, filename, module: { type: "commonjs" }, sourceMaps: false, swcrc: false }).code;
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
