/**
 * __tests__/runtime.js: modules compile through `vm.Script` (the compilation cache V8 shares across test files) and
 * still behave as jest's own compile made them: the wrapper's parameters, the module's own line numbers in stack
 * traces, jest's error for a syntax error.
 */
import { join } from "node:path";

const FIXTURES = join(__dirname, "fixtures", "jest-runtime");

describe("the jest runtime (runtime.js)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require("./fixtures/jest-runtime/module.js") as { wrapperName: string; globals: Record<string, string>; fail: () => never };

  it("is the configured runtime and compiled the module with vm.Script (jest's compileFunction gives the wrapper no name)", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require("../jest.config").runtime).toBe("<rootDir>/__tests__/runtime.js");
    expect(mod.wrapperName).toBe("Object.<anonymous>");
  });

  it("passes the module wrapper's parameters", () => {
    expect(mod.globals).toEqual({ module: "object", exports: "object", require: "function", dirname: FIXTURES, filename: join(FIXTURES, "module.js"), jest: "object" });
  });

  it("keeps the module's own line numbers in stack traces", () => {
    let stack = "";
    try {
      mod.fail();
    } catch (e) {
      stack = (e as Error).stack ?? "";
    }
    expect(stack).toMatch(/fixtures\/jest-runtime\/module\.js:6:\d+\)/);
  });

  it("leaves a module with a real dynamic import to jest's compile (its import callback answers, not V8's 'no callback')", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { load } = require("./fixtures/jest-runtime/dynamic-import.js") as { load: () => Promise<unknown> };
    const outcome = await load().then(() => "loaded", (e: Error) => e.message);
    expect(outcome).not.toMatch(/dynamic import callback was not specified/);
  });

  it("reports a syntax error through jest's own path", () => {
    // By name: under --coverage the instrumenter throws the host realm's SyntaxError, not this sandbox's.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(() => require("./fixtures/jest-runtime/syntax-error.js")).toThrow(expect.objectContaining({ name: "SyntaxError" }));
  });
});
