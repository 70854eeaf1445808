/**
 * The one error type: every problem has a stable E_* code, where, field path, value and what is accepted; schema
 * issues, cross-field rules, constructs and scripts all raise `ConfigError`.
 */
import { ConfigError, formatProblem, formatValue } from "../foundation/errors";
import { ACCOUNTS, ENVIRONMENTS, loadConfig, type EnvInput } from "../envs";
import { clone } from "./helpers/platform";

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("ConfigError", () => {
  test("a single problem from a construct: code, where, one line with the code last", () => {
    const e = new ConfigError("dev-platform/alb", "E_EXAMPLE_RULE", "what is wrong", { path: "alb.name", value: "x", accepted: "use y" });
    expect(e.code).toBe("E_EXAMPLE_RULE");
    expect(e.where).toBe("dev-platform/alb");
    expect(e.problems).toEqual([{ code: "E_EXAMPLE_RULE", where: "dev-platform/alb", path: "alb.name", value: "x", message: "what is wrong", accepted: "use y" }]);
    expect(e.message).toBe('Invalid environment configuration (1 problem); nothing was synthesized:\n  - dev-platform/alb: alb.name = "x": what is wrong; use y [E_EXAMPLE_RULE]');
  });

  test("without a field path the line has no `path = value`", () => {
    expect(formatProblem({ code: "E_X", where: "github", path: "", message: "m" })).toBe("github: m [E_X]");
  });

  test("codes must be E_UPPER_CASE and at least one problem is required", () => {
    expect(() => new ConfigError("x", "BAD", "m")).toThrow(/not E_UPPER_CASE/);
    expect(() => new ConfigError("x", "E_lower", "m")).toThrow(/not E_UPPER_CASE/);
    expect(() => new ConfigError([])).toThrow(/at least one problem/);
  });

  test("values are JSON, cut at 80 characters; missing is (missing)", () => {
    expect(formatValue(undefined)).toBe("(missing)");
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
    const long = formatValue("x".repeat(200));
    expect(long).toHaveLength(80);
    expect(long.endsWith("...")).toBe(true);
  });
});

describe("every validation layer raises the same coded problem", () => {
  const dev = () => clone(ENVIRONMENTS.find((e) => e.name === "dev")!) as EnvInput & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  test("schema issue → E_SCHEMA_<zod code> with the full path and value", () => {
    const env = dev();
    env.services.backend.port = 0;
    const e = errorOf(() => loadConfig([env, ...ENVIRONMENTS.filter((x) => x.name !== "dev")], ACCOUNTS));
    expect(e.problems).toEqual([expect.objectContaining({ code: "E_SCHEMA_TOO_SMALL", where: "dev", path: "services.backend.port", value: 0 })]);
  });

  test("cross-field rule → its own code, the accepted values separately", () => {
    const env = dev();
    env.services.backend.compute = { type: "fargate" };
    env.services.backend.size = { cpu: 300, memory: 512 };
    const e = errorOf(() => loadConfig([env, ...ENVIRONMENTS.filter((x) => x.name !== "dev")], ACCOUNTS));
    expect(e.problems).toContainEqual(
      expect.objectContaining({ code: "E_FARGATE_CPU", where: "dev", path: "services.backend.size.cpu", value: 300, accepted: expect.stringMatching(/^accepted: 256, 512/) }),
    );
  });
});
