/**
 * jest's runtime (jest-runtime 30) with one change: a CommonJS module is compiled with `new vm.Script` instead of
 * `vm.compileFunction`, so V8's per-isolate compilation cache serves every module after its first load in a worker.
 *
 * Why: jest gives every test file a fresh module registry, so each file loads cdktf, constructs, zod, the provider
 * classes and this project's modules again (~250 modules per file, ~10,000 loads per worker in `npx jest`).
 * `vm.compileFunction` never hits V8's compilation cache (nodejs/node#35375, opened by jest's maintainer: "much
 * slower than new vm.Script"), so every load re-parsed its source: 6.2 s of the suite's 33 s of CPU, measured with
 * `node --cpu-prof node_modules/.bin/jest` on 2 cores. A script with the same source text and file name is a cache
 * hit in V8 in any context of the isolate (measured here: 10,442 repeat loads in one worker cost 550 ms in total,
 * 0.05 ms each).
 *
 * What stays jest's: resolution, transforms, the module registry, mocks, the module wrapper's parameters
 * (`injectedModuleParameters`), error handling. Jest's original `compile` still serves: a module whose source may
 * hold a real dynamic import (`import(`, comments allowed before the parenthesis: it needs jest's
 * `importModuleDynamically` callback), any source `vm.Script` refuses (a syntax error, reported by jest's own path),
 * and every module of a run with `--coverage --coverageProvider=v8` (jest maps V8's coverage ranges assuming no
 * wrapper before the module's text; this wrapper would shift them). The wrapper keeps the module on the wrapper's
 * first line, so line numbers in stack traces are the module's own (columns on the first line are shifted by the
 * wrapper's length) (`__tests__/jest-runtime.test.ts`).
 *
 * jest-runtime's ModuleExecutor is internal: if its shape changes, this file fails every run at once, naming itself,
 * rather than silently going slow.
 */
const Runtime = require("jest-runtime").default;
const { Script } = require("node:vm");

/** The property the wrapper object holds the module function under (jest 29's name for it). */
const KEY = "Object.<anonymous>";
const DYNAMIC_IMPORT = /\bimport\s*(?:\/\*[\s\S]*?\*\/\s*)*\(/;
/** Per file, once per worker: the same module is loaded by every test file (the scan was 0.2 s of a suite run). */
const dynamicImport = new Map();
function hasDynamicImport(source, filename) {
  const key = `${filename}\0${source.length}`;
  let found = dynamicImport.get(key);
  if (found === undefined) dynamicImport.set(key, (found = source.includes("import") && DYNAMIC_IMPORT.test(source)));
  return found;
}

class ScriptCompileRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    const executor = this.executor;
    if (!executor || typeof executor.compile !== "function" || !Array.isArray(executor.injectedModuleParameters) || typeof executor.environment?.getVmContext !== "function") {
      throw new Error(`__tests__/runtime.js: jest-runtime ${require("jest-runtime/package.json").version} has no ModuleExecutor with compile/injectedModuleParameters/environment; update or remove runtime from jest.config.js`);
    }
    // jest-runtime's constructor: (config, environment, resolver, transformer, cacheFS, coverageOptions, …).
    const coverage = args[5];
    if (coverage?.collectCoverage && coverage.coverageProvider === "v8") return;
    const jestCompile = executor.compile.bind(executor);
    const parameters = executor.injectedModuleParameters.join(", ");
    executor.compile = (source, filename) => {
      const context = executor.environment.getVmContext();
      if (context == null) return null; // the environment was torn down: jest reports 'env-disposed'
      if (hasDynamicImport(source, filename)) return jestCompile(source, filename);
      let script;
      try {
        script = new Script(`({${JSON.stringify(KEY)}: function (${parameters}) {${source}\n}});`, { filename });
      } catch {
        return jestCompile(source, filename); // jest's error for the same source (syntax error, ESM in CJS)
      }
      return script.runInContext(context, { filename })[KEY];
    };
  }
}

module.exports = ScriptCompileRuntime;
module.exports.default = ScriptCompileRuntime;
