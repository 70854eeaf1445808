/**
 * Environment config: the real values follow the design, and bad values stop synth with the environment,
 * the field path, the value and what is accepted — writing nothing.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ACCOUNTS, ENVIRONMENTS, loadConfig, type EnvInput } from "../envs";
import { dev } from "../envs/web/dev";
import { runSynth } from "../src/run";
import { validationProblems as problemsOf } from "./helpers/platform";

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));


describe("the real environments", () => {
  const { envs } = loadConfig();
  const byName = Object.fromEntries(envs.map((e) => [e.name, e]));

  it("declares web's dev, staging, prod and local, then <system>-dev/-prod/-local per other system", () => {
    const others = ["eldonia", "messaging", "devflow", "vitascope"].flatMap((s) => [`${s}-dev`, `${s}-prod`, `${s}-local`]);
    expect(envs.map((e) => e.name)).toEqual(["dev", "staging", "prod", "local", ...others]);
    for (const e of envs.filter((x) => x.system !== "web")) expect(e.name.startsWith(`${e.system}-`)).toBe(true);
  });

  it.each([
    ["dev", "10.10"],
    ["staging", "10.20"],
    ["prod", "10.30"],
    ["local", "10.90"],
  ])("%s uses VPC %s.0.0/16 with the design's subnet plan in AZs a/c/d", (name, p) => {
    const e = byName[name];
    expect(e.region).toBe("ap-northeast-1");
    expect(e.network.vpcCidr).toBe(`${p}.0.0/16`);
    expect(e.network.azs).toEqual([
      { suffix: "a", publicCidr: `${p}.0.0/24`, privateCidr: `${p}.128.0/24` },
      { suffix: "c", publicCidr: `${p}.1.0/24`, privateCidr: `${p}.129.0/24` },
      { suffix: "d", publicCidr: `${p}.2.0/24`, privateCidr: `${p}.130.0/24` },
    ]);
  });

  it.each([
    ["dev", "single", "t3.small", [0, 1, 3], [256, 512], 30, false, false],
    ["staging", "single", "t3.medium", [1, 2, 5], [512, 1024], 30, true, false],
    ["prod", "per-az", "t3.large", [2, 3, 10], [1024, 2048], 60, true, true],
  ] as const)("%s: NAT %s, %s hosts, capacity %j, tasks %j, dereg %ds, flow logs %s, deletion protection %s",
    (name, nat, type, [min, desired, max], [cpu, memory], dereg, flow, protect) => {
      const e = byName[name];
      expect(e.network.natGateways).toBe(nat);
      expect(e.cluster!.instanceType).toBe(type);
      expect(e.cluster!.capacity).toEqual({ min, desired, max });
      expect(e.taskSize).toEqual({ cpu, memory });
      expect(e.deregistrationDelaySeconds).toBe(dereg);
      expect(e.network.flowLogs.enabled).toBe(flow);
      expect(e.deletionProtection).toBe(protect);
    });

  it("only the emulator environments (one per system, in the local account) have emulator endpoints, on loopback", () => {
    expect(envs.filter((e) => e.emulator).map((e) => e.name)).toEqual(["local", "eldonia-local", "messaging-local", "devflow-local", "vitascope-local"]);
    for (const e of envs.filter((x) => x.emulator)) {
      expect(e.emulator!.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(e.account).toBe("local");
    }
  });
});

describe("validation failures name the environment, field, value and the fix", () => {
  it("rejects a private subnet outside its VPC", () => {
    const bad = clone(dev) as EnvInput & { network: { azs: { privateCidr: string }[] } };
    bad.network.azs[0].privateCidr = "10.99.128.0/24";
    expect(problemsOf([bad])).toMatch(/dev: network\.azs\[0\]\.privateCidr = "10\.99\.128\.0\/24": subnet is outside the VPC 10\.10\.0\.0\/16/);
  });

  it("rejects min > max", () => {
    const bad = clone(dev) as EnvInput & { cluster: { capacity: { min: number; max: number; desired: number } } };
    bad.cluster.capacity = { min: 5, desired: 5, max: 3 };
    const msg = problemsOf([bad]);
    expect(msg).toMatch(/dev: cluster\.capacity\.min = 5: min must be ≤ max \(3\)/);
    expect(msg).toMatch(/cluster\.capacity\.desired = 5: desired must be between min \(5\) and max \(3\)/);
  });

  it("rejects an ALB name longer than 32 characters", () => {
    const bad = { ...clone(dev), alb: { name: "a-very-long-load-balancer-name-x" } } as EnvInput;
    expect(problemsOf([bad])).toMatch(/dev: alb\.name = "a-very-long-load-balancer-name-x": the ALB name "acme-dev-a-very-long-load-balancer-name-x" is 41 characters; AWS allows 32/);
  });

  it("rejects malformed CIDRs, host bits, overlapping subnets and duplicate AZs", () => {
    const bad = clone(dev) as EnvInput & { network: { vpcCidr: string; azs: { suffix: string; publicCidr: string; privateCidr: string }[] } };
    bad.network.azs[1].publicCidr = "10.10.0.0/23";
    bad.network.azs[2].suffix = "a";
    const msg = problemsOf([bad]);
    expect(msg).toMatch(/network\.azs\[1\]\.publicCidr = "10\.10\.0\.0\/23": overlaps network\.azs\[0\]\.publicCidr/);
    expect(msg).toMatch(/network\.azs\[2\]\.suffix = "a": one subnet pair per AZ/);
    const bad2 = clone(dev) as EnvInput & { network: { vpcCidr: string } };
    bad2.network.vpcCidr = "10.10.0.1/16";
    expect(problemsOf([bad2])).toMatch(/network\.vpcCidr = "10\.10\.0\.1\/16": .*has host bits set; the network address is 10\.10\.0\.0\/16/);
    bad2.network.vpcCidr = "10.10.0.0/33";
    expect(problemsOf([bad2])).toMatch(/is not an IPv4 CIDR block/);
  });

  it("rejects overlapping VPCs across environments", () => {
    const other = { ...clone(dev), name: "dev2" } as EnvInput;
    expect(problemsOf([dev, other])).toMatch(/dev2: network\.vpcCidr = "10\.10\.0\.0\/16": overlaps the VPC of environment "dev"/);
  });

  it("rejects unknown instance types, bad regions, bad account ids and unknown keys", () => {
    const bad = { ...clone(dev), region: "tokyo", cluster: { ...clone(dev.cluster), instanceType: "t3.smal" }, colour: "blue" } as unknown as EnvInput;
    const msg = problemsOf([bad]);
    expect(msg).toMatch(/region = "tokyo": an AWS region looks like ap-northeast-1/);
    expect(msg).toMatch(/cluster\.instanceType = "t3\.smal": .*accepted: .*"t3\.small"/);
    expect(msg).toMatch(/colour/);
    expect(() => loadConfig([dev], [{ ...ACCOUNTS[0], id: "1234" }])).toThrow(/account nonprod: id = "1234": an AWS account id is exactly 12 digits/);
  });

  it("rejects an account that does not exist and desired outside min..max for services", () => {
    const bad = clone(dev) as EnvInput & { account: string; services: Record<string, { scaling: { min: number; max: number } }> };
    bad.account = "nope";
    bad.services.backend.scaling = { min: 4, max: 2 };
    const msg = problemsOf([bad]);
    expect(msg).toMatch(/dev: account = "nope": no such account; accepted: nonprod, prod, .*\blocal\b/);
    expect(msg).toMatch(/services\.backend\.scaling\.min = 4: min must be ≤ max \(2\)/);
  });
});

describe("a bad configuration writes no stack output", () => {
  const cases: [string, (e: Record<string, any>) => void, RegExp][] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
    ["private subnet outside VPC", (e) => (e.network.azs[0].privateCidr = "10.99.128.0/24"), /network\.azs\[0\]\.privateCidr/],
    ["min > max", (e) => (e.cluster!.capacity = { min: 4, desired: 4, max: 3 }), /cluster\.capacity\.min/],
    ["40-character ALB name", (e) => (e.alb = { name: "x".repeat(40 - "acme-dev-".length) }), /alb\.name = "x+": the ALB name "acme-dev-x+" is 40 characters/],
  ];

  it.each(cases)("%s: runSynth returns 1 and the output directory stays absent", (_n, mutate, field) => {
    const bad = clone(dev) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    mutate(bad);
    const outdir = join(mkdtempSync(join(tmpdir(), "bad-synth-")), "cdktf.out");
    const errors: string[] = [];
    const spy = jest.spyOn(console, "error").mockImplementation((m: string) => void errors.push(m));
    try {
      expect(runSynth({ envs: [...ENVIRONMENTS.filter((e) => e.name !== "dev"), bad as EnvInput], outdir })).toBe(1);
    } finally {
      spy.mockRestore();
    }
    expect(errors.join("\n")).toMatch(field);
    expect(errors.join("\n")).toMatch(/^Invalid environment configuration .* nothing was synthesized/);
    expect(existsSync(outdir)).toBe(false);
    expect(readdirSync(join(outdir, ".."))).toEqual([]);
  });
});

describe("services.<svc>.staticAssets", () => {
  it("the frontend declares its Next.js static directory; the backend has none", () => {
    const e = loadConfig().envs.find((x) => x.name === "dev")!;
    expect(e.services.frontend.staticAssets).toEqual({ path: "/app/.next/static" });
    expect(e.services.backend.staticAssets).toBeUndefined();
  });

  it.each([
    ["a relative path", ".next/static"],
    ["a trailing slash", "/app/.next/static/"],
    ["a .. segment", "/app/../etc"],
    ["a space", "/app/my static"],
  ])("rejects %s naming the field", (_n, path) => {
    const bad = clone(dev) as unknown as { services: Record<string, Record<string, unknown>> };
    bad.services.frontend.staticAssets = { path };
    expect(problemsOf([bad as unknown as EnvInput])).toMatch(/dev: services\.frontend\.staticAssets\.path/);
  });
});

describe("zod as the schemas use it (envs/zod.ts)", () => {
  it("parses without compiling per-schema parsers (jitless), and every source takes z from envs/zod.ts", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { z } = require("../envs/zod") as typeof import("../envs/zod");
    expect(z.config().jitless).toBe(true);
    const root = join(__dirname, "..");
    const sources = ["envs", "foundation", "src", "modules", "scripts"].flatMap((d) => (readdirSync(join(root, d), { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).map((f) => join(d, f)));
    expect(sources.length).toBeGreaterThan(50);
    const direct = [...sources, "main.ts"].filter((f) => f !== join("envs", "zod.ts") && /from "zod"|require\("zod"\)/.test(readFileSync(join(root, f), "utf8")));
    expect(direct).toEqual([]);
  });
});
