/**
 * Config is strict at every level and reports only real problems (issue 15 items 7 and 8).
 */
import { ACCOUNTS, ENVIRONMENTS, loadConfig, type EnvInput } from "../envs";
import { ConfigError, type Problem } from "../foundation/errors";
import { closestKey } from "../envs/validate";
import { clone } from "./helpers/platform";

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function problemsOf(envs: readonly EnvInput[], accounts = ACCOUNTS): Problem[] {
  try {
    loadConfig(envs, accounts);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  return [];
}

/** Every environment, `name`'s modified by `f`. */
function withEnv(name: string, f: (e: Any) => void): EnvInput[] {
  return ENVIRONMENTS.map((e) => {
    if (e.name !== name) return e;
    const c = clone(e) as Any;
    f(c);
    return c as EnvInput;
  });
}

describe("unknown keys at every level: full path, the key's own value, the closest known key", () => {
  test.each([
    ["top level", (e: Any) => (e.deletionProtecton = false), "deletionProtecton", false, "deletionProtection"],
    ["cluster", (e: Any) => (e.cluster.instanceTyp = "t3.small"), "cluster.instanceTyp", "t3.small", "instanceType"],
    ["cluster.capacityProvider", (e: Any) => (e.cluster.capacityProvider = { managedScalng: true }), "cluster.capacityProvider.managedScalng", true, "managedScaling"],
    ["network.azs[]", (e: Any) => (e.network.azs[0].privateCdr = "10.10.128.0/24"), "network.azs[0].privateCdr", "10.10.128.0/24", "privateCidr"],
    ["a service (record value)", (e: Any) => (e.services.backend.healthcheck = { path: "/" }), "services.backend.healthcheck", { path: "/" }, "healthCheck"],
    ["a service's scaling", (e: Any) => (e.services.backend.scaling.atach = true), "services.backend.scaling.atach", true, "attach"],
    ["a service's health check", (e: Any) => (e.services.backend.healthCheck.pth = "/x"), "services.backend.healthCheck.pth", "/x", "path"],
    ["a union member (compute)", (e: Any) => (e.services.backend.compute = { type: "fargate-spot", onDemandBse: 1 }), "services.backend.compute.onDemandBse", 1, "onDemandBase"],
    ["a union member (deployment)", (e: Any) => (e.services.backend.deployment = { type: "rolling", maximumPrecent: 150 }), "services.backend.deployment.maximumPrecent", 150, "maximumPercent"],
    ["security", (e: Any) => (e.security = { baselin: true }), "security.baselin", true, "baseline"],
    ["scaling defaults", (e: Any) => (e.scaling.cpuTargt = 50), "scaling.cpuTargt", 50, "cpuTarget"],
    ["alarms", (e: Any) => (e.alarms = { emals: [] }), "alarms.emals", [], "emails"],
  ])("%s", (_label, f, path, value, suggestion) => {
    const problems = problemsOf(withEnv("dev", f));
    expect(problems).toEqual([
      { code: "E_SCHEMA_UNKNOWN_KEY", where: "dev", path, value, message: `unknown key "${path.split(".").pop()!.replace(/^.*\]\./, "")}"`, accepted: `did you mean "${suggestion}"?` },
    ]);
  });

  test("a key like nothing known lists the known keys instead of guessing", () => {
    const [p] = problemsOf(withEnv("dev", (e) => (e.cluster.zzzzzzzz = 1)));
    expect(p).toMatchObject({ path: "cluster.zzzzzzzz", accepted: expect.stringMatching(/^known keys: amiId, capacity, capacityProvider, /) });
  });

  test("the top-level message names the key and does not dump the object", () => {
    const message = (() => {
      try {
        loadConfig(withEnv("dev", (e) => (e.servics = e.services)), ACCOUNTS);
      } catch (e) {
        return (e as Error).message;
      }
      return "";
    })();
    expect(message).toContain('dev: servics = {"backend":');
    expect(message).toContain('unknown key "servics"; did you mean "services"? [E_SCHEMA_UNKNOWN_KEY]');
    expect(message.length).toBeLessThan(400);
  });

  test("closestKey: within a third of the key's length, else none", () => {
    expect(closestKey("instanceTyp", ["instanceType", "amiId"])).toBe("instanceType");
    expect(closestKey("atach", ["attach", "min", "max"])).toBe("attach");
    expect(closestKey("foo", ["attach"])).toBeUndefined();
    expect(closestKey("allowDefaultCert", ["allowDefaultCertificate", "enabled"])).toBe("allowDefaultCertificate");
  });
});

describe("only real problems", () => {
  test("a schema error in one environment adds no cross-environment error about another", () => {
    // dev creates the OIDC provider of account nonprod; with dev invalid, staging must not be blamed for it.
    const problems = problemsOf(withEnv("dev", (e) => (e.services.backend.port = 0)));
    expect(problems.map((p) => `${p.where} ${p.code}`)).toEqual(["dev E_SCHEMA_TOO_SMALL"]);
  });

  test("a cross-field error in one environment adds no cross-environment error either", () => {
    const problems = problemsOf(withEnv("dev", (e) => (e.cluster.capacity = { min: 3, desired: 1, max: 2 })));
    expect(problems.every((p) => p.where === "dev")).toBe(true);
    expect(problems.map((p) => p.code)).toEqual(["E_CAPACITY_MIN_MAX", "E_CAPACITY_DESIRED"]);
  });

  test("cross-environment rules still run for the valid environments", () => {
    const problems = problemsOf(
      ENVIRONMENTS.map((e) => (e.name === "staging" ? ({ ...clone(e), network: { ...clone(e).network, vpcCidr: "10.10.0.0/16", azs: clone(ENVIRONMENTS.find((x) => x.name === "dev")!).network.azs } } as EnvInput) : e)),
    );
    expect(problems).toContainEqual(expect.objectContaining({ code: "E_VPC_OVERLAP", where: "staging" }));
  });

  test("a bad account id is reported once, without 'no such account' on its environments", () => {
    const accounts = ACCOUNTS.map((a) => (a.name === "nonprod" ? { ...a, id: "1234" } : a));
    const problems = problemsOf(ENVIRONMENTS, accounts);
    expect(problems).toEqual([expect.objectContaining({ code: "E_SCHEMA_INVALID_FORMAT", where: "account nonprod", path: "id", value: "1234" })]);
  });

  test("an environment naming an account that does not exist still gets 'no such account'", () => {
    const problems = problemsOf(withEnv("dev", (e) => (e.account = "nope")));
    expect(problems).toContainEqual(expect.objectContaining({ code: "E_ACCOUNT_UNKNOWN", where: "dev", path: "account", value: "nope" }));
  });
});

describe("every object of the schemas is strict", () => {
  type Def = { type: string; catchall?: { _zod: { def: { type: string } } }; [k: string]: unknown };
  const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

  /** Paths of every non-strict object schema reachable from `schema`. */
  function looseObjects(schema: unknown, path: string, seen = new Set<unknown>()): string[] {
    if (seen.has(schema)) return [];
    seen.add(schema);
    const d = defOf(schema);
    const children: [string, unknown][] = [];
    if (d.type === "object") {
      if (d.catchall?._zod.def.type !== "never") return [path || "(root)"];
      for (const [k, v] of Object.entries(d.shape as Record<string, unknown>)) children.push([`${path}.${k}`, v]);
    }
    for (const key of ["innerType", "in", "out", "valueType", "element"]) if (d[key]) children.push([key === "valueType" || key === "element" ? `${path}[]` : path, d[key]]);
    for (const o of (d.options as unknown[] | undefined) ?? []) children.push([path, o]);
    return children.flatMap(([p, s]) => looseObjects(s, p, seen));
  }

  test("environment, account and GitHub schemas", async () => {
    const { EnvSchema, AccountSchema } = await import("../envs/schema");
    const { GithubSchema } = await import("../envs/github");
    expect(looseObjects(EnvSchema, "")).toEqual([]);
    expect(looseObjects(AccountSchema, "")).toEqual([]);
    expect(looseObjects(GithubSchema, "")).toEqual([]);
  });

  test("the checker finds a loose object (so the test above can fail)", async () => {
    const { z } = await import("zod");
    expect(looseObjects(z.strictObject({ a: z.object({ b: z.string() }).optional() }), "")).toEqual([".a"]);
  });
});
