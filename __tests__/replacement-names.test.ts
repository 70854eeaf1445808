/**
 * Resources replaced create-before-destroy must not keep their physical name: AWS refuses the new one while
 * the old one exists (DuplicateTargetGroupName). Names are computed at synth, so two synthesized configs
 * prove it without AWS: a change of any replacement-forcing attribute changes the name, within AWS's
 * 32-character limit, while the Terraform address stays the same.
 */
import { local } from "../envs/web/local";
import type { EnvInput } from "../envs";
import { PhysicalNames, PlatformOut, TARGET_GROUP_NAME_MAX, type TargetGroupIdentity } from "../foundation/contract";
import { loadConfig } from "../envs";
import { buildBundle } from "../src/ecspresso";
import { allResources, clone, platformOf } from "./helpers/platform";
import { allStacks, type StackJson } from "./helpers/synth";

type Tg = { name: string; port: number; target_type: string; lifecycle?: { create_before_destroy?: boolean } };
const targetGroups = (platform: StackJson): Map<string, Tg> =>
  new Map(allResources(platform).filter(([t]) => t === "aws_lb_target_group").map(([, id, body]) => [id, body as Tg]));

/**
 * Resource types the project names and replaces create-before-destroy, each with a name keyed by what forces
 * its replacement, and AWS's name length limit: target groups (PhysicalNames.targetGroup hashes port,
 * protocol, protocol version, target type, IP address type, VPC); RDS/Aurora parameter groups (name, family and
 * description force replacement: the name carries the identifier, which the description is built from, and the
 * engine major, which is the family).
 */
const KEYED_NAME_TYPES = new Map<string, number>([
  ["aws_lb_target_group", TARGET_GROUP_NAME_MAX],
  ["aws_rds_cluster_parameter_group", 255],
  ["aws_db_parameter_group", 255],
  // API Gateway REST API names need not be unique in an account and region: a replacement cannot collide.
  ["aws_api_gateway_rest_api", 1024],
]);

describe("backend port 3001 → 3002 (a create-before-destroy replacement of its target group)", () => {
  // local as configured: the run's shared synth.
  const before = targetGroups(allStacks().get("local-platform")!.json);
  const moved = clone(local) as EnvInput & { services: Record<string, { port: number }> };
  moved.services.backend.port = 3002;
  const movedPlatform = platformOf(moved);
  const after = targetGroups(movedPlatform);
  const backendId = [...before.keys()].find((id) => id.startsWith("svc_backend_"))!;

  it("keeps the address and replaces create-before-destroy", () => {
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    expect(before.get(backendId)!.port).toBe(3001);
    expect(after.get(backendId)!.port).toBe(3002);
    expect(after.get(backendId)!.lifecycle).toEqual({ create_before_destroy: true });
  });

  it("gives the new target group a different name, within 32 characters", () => {
    const [a, b] = [before.get(backendId)!.name, after.get(backendId)!.name];
    expect(a).toMatch(/^acme-local-backend-[0-9a-f]{6}$/);
    expect(b).toMatch(/^acme-local-backend-[0-9a-f]{6}$/);
    expect(b).not.toBe(a);
  });

  it("ecspresso learns the new ARN: the service definition reads the contract output, which is the group's arn", () => {
    const platform = movedPlatform;
    expect(platform.output![PlatformOut.targetGroupArn("backend")].value).toBe(`\${aws_lb_target_group.${backendId}.arn}`);
    const local_ = loadConfig().envs.find((e) => e.name === "local")!;
    const bundle = buildBundle(local_, loadConfig().accounts.get(local_.account)!, "backend");
    expect(bundle.servicedef.loadBalancers![0].targetGroupArn).toBe(`{{ platform_tfstate \`output.${PlatformOut.targetGroupArn("backend")}\` }}`);
  });

  it("leaves the other services' names alone", () => {
    for (const [id, tg] of before) if (id !== backendId) expect([id, after.get(id)!.name]).toEqual([id, tg.name]);
  });
});

describe("PhysicalNames.targetGroup", () => {
  const base: TargetGroupIdentity = { targetType: "instance", port: 3001, protocol: "HTTP", protocolVersion: "HTTP1", ipAddressType: "ipv4", vpc: "10.90.0.0/16" };
  const variants: [string, Partial<TargetGroupIdentity>][] = [
    ["port", { port: 3002 }],
    ["target type (compute ec2 → fargate)", { targetType: "ip" }],
    ["protocol", { protocol: "HTTPS" }],
    ["protocol version", { protocolVersion: "HTTP2" }],
    ["IP address type", { ipAddressType: "dualstack" }],
    ["VPC", { vpc: "10.91.0.0/16" }],
  ];

  it.each(variants)("changes with the %s", (_what, change) => {
    const name = PhysicalNames.targetGroup("acme-dev", "backend", base);
    expect(PhysicalNames.targetGroup("acme-dev", "backend", { ...base, ...change })).not.toBe(name);
  });

  it("is stable for the same attributes and distinct per blue/green slot", () => {
    expect(PhysicalNames.targetGroup("acme-dev", "backend", base)).toBe(PhysicalNames.targetGroup("acme-dev", "backend", { ...base }));
    const names = [undefined, "blue", "green"].map((s) => PhysicalNames.targetGroup("acme-dev", "backend", base, s as "blue" | "green" | undefined));
    expect(new Set(names).size).toBe(3);
    expect(names[1]).toMatch(/b$/);
    expect(names[2]).toMatch(/g$/);
  });

  it("fits 32 characters for long environment and service names, and cut names stay distinct", () => {
    const a = PhysicalNames.targetGroup("acme-vitascope-local", "notification-worker", base, "green");
    const b = PhysicalNames.targetGroup("acme-vitascope-local", "notification-writer", base, "green");
    for (const n of [a, b]) {
      expect(n.length).toBeLessThanOrEqual(TARGET_GROUP_NAME_MAX);
      expect(n).toMatch(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/);
    }
    expect(a).not.toBe(b);
  });
});

describe("every named create-before-destroy resource of every stack has a replacement-keyed name", () => {
  it("only the keyed types are named and create-before-destroy, and each name fits its AWS limit", () => {
    const found: string[] = [];
    for (const s of allStacks().values()) {
      for (const [type, byId] of Object.entries(s.json.resource ?? {})) {
        for (const [id, body] of Object.entries(byId)) {
          const cbd = (body.lifecycle as { create_before_destroy?: boolean } | undefined)?.create_before_destroy === true;
          if (!cbd || body.name === undefined) continue;
          // A new type here needs a name that changes with its replacement-forcing attributes (or name_prefix).
          expect([s.name, type, id, KEYED_NAME_TYPES.has(type)]).toEqual([s.name, type, id, true]);
          expect((body.name as string).length).toBeLessThanOrEqual(KEYED_NAME_TYPES.get(type)!);
          found.push(`${s.name}:${id}`);
        }
      }
    }
    expect(found.length).toBeGreaterThan(0);
  });
});
