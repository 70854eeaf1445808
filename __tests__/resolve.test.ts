/**
 * The resolution step (envs/resolve.ts): each derived value and service-over-environment default in one function,
 * each with a test. Validation, constructs and the ecspresso generator all read these.
 */
import { ACCOUNTS, ENVIRONMENTS, loadConfig } from "../envs";
import {
  DYNAMIC_HOST_PORTS, deregistrationDelayOf, hostPortOf, hostPortViolation, networkModeOf, resolveEnv, resolveService, scalingOf, targetTypeOf,
  targetTypeViolation, taskSizeOf,
} from "../envs/resolve";
import { envPrefix } from "../foundation/names";

const { envs } = loadConfig(ENVIRONMENTS, ACCOUNTS);
const local = envs.find((e) => e.name === "local")!;
const dev = envs.find((e) => e.name === "dev")!;

describe("derived values", () => {
  test("network mode: ec2 → bridge, fargate and fargate-spot → awsvpc", () => {
    expect(networkModeOf({ type: "ec2" })).toBe("bridge");
    expect(networkModeOf({ type: "fargate" })).toBe("awsvpc");
    expect(networkModeOf({ type: "fargate-spot", onDemandBase: 0 })).toBe("awsvpc");
  });

  test("target type: bridge → instance, awsvpc → ip", () => {
    expect(targetTypeOf("bridge")).toBe("instance");
    expect(targetTypeOf("awsvpc")).toBe("ip");
  });

  test("host port: bridge keeps the configured one (0 = dynamic), awsvpc is the container port", () => {
    expect(hostPortOf("bridge", { hostPort: 0, port: 3000 })).toBe(0);
    expect(hostPortOf("bridge", { hostPort: 8080, port: 3000 })).toBe(8080);
    expect(hostPortOf("awsvpc", { hostPort: 0, port: 3000 })).toBe(3000);
  });

  test("the prefix of physical names is <project>-<env>", () => {
    expect(envPrefix({ project: "acme", name: "eldonia-dev" })).toBe("acme-eldonia-dev");
    expect(resolveEnv(dev).prefix).toBe("acme-dev");
  });
});

describe("rules", () => {
  test("host port: a bridge port inside the dynamic range is rejected at both edges, below it is accepted", () => {
    expect(hostPortViolation("bridge", DYNAMIC_HOST_PORTS.from, 3000)?.code).toBe("E_BRIDGE_HOSTPORT_EPHEMERAL");
    expect(hostPortViolation("bridge", DYNAMIC_HOST_PORTS.to, 3000)?.code).toBe("E_BRIDGE_HOSTPORT_EPHEMERAL");
    expect(hostPortViolation("bridge", DYNAMIC_HOST_PORTS.from - 1, 3000)).toBeUndefined();
    expect(hostPortViolation("bridge", 0, 3000)).toBeUndefined();
  });

  test("host port: awsvpc accepts 0 or the container port only", () => {
    expect(hostPortViolation("awsvpc", 0, 3001)).toBeUndefined();
    expect(hostPortViolation("awsvpc", 3001, 3001)).toBeUndefined();
    expect(hostPortViolation("awsvpc", 8081, 3001)).toEqual(expect.objectContaining({ code: "E_AWSVPC_HOSTPORT", accepted: "remove hostPort" }));
  });

  test("target type may only confirm the derived one", () => {
    expect(targetTypeViolation("bridge", undefined)).toBeUndefined();
    expect(targetTypeViolation("bridge", "instance")).toBeUndefined();
    expect(targetTypeViolation("bridge", "ip")?.code).toBe("E_TARGET_TYPE_MISMATCH");
    expect(targetTypeViolation("awsvpc", "instance")?.message).toBe('awsvpc networking registers targets of type "ip"');
  });
});

describe("service over environment defaults", () => {
  const env = { taskSize: { cpu: 256, memory: 512 }, deregistrationDelaySeconds: 30 };

  test("task size", () => {
    expect(taskSizeOf(env, {})).toEqual({ cpu: 256, memory: 512 });
    expect(taskSizeOf(env, { size: { cpu: 1024, memory: 2048 } })).toEqual({ cpu: 1024, memory: 2048 });
  });

  test("deregistration delay (0 is a value, not a missing one)", () => {
    expect(deregistrationDelayOf(env, {})).toBe(30);
    expect(deregistrationDelayOf(env, { deregistrationDelaySeconds: 0 })).toBe(0);
  });

  test("scaling: targets, attach and desired fall back; cooldowns and nightly come from the environment", () => {
    const e = { scaling: { cpuTarget: 70, memoryTarget: 75, scaleOutCooldownSeconds: 60, scaleInCooldownSeconds: 300, attach: true } };
    expect(scalingOf(e, { scaling: { min: 1, max: 3 } })).toEqual({
      min: 1, max: 3, desired: 1, cpuTarget: 70, memoryTarget: 75, attach: true, scaleOutCooldownSeconds: 60, scaleInCooldownSeconds: 300,
    });
    const own = scalingOf(e, { scaling: { min: 0, max: 1, desired: 0, cpuTarget: 50, memoryTarget: 60, attach: false } });
    expect(own).toMatchObject({ desired: 0, cpuTarget: 50, memoryTarget: 60, attach: false });
    const nightly = { downCron: "cron(0 22 ? * MON-FRI *)", upCron: "cron(0 8 ? * MON-FRI *)", timezone: "Asia/Tokyo" };
    expect(scalingOf({ scaling: { ...e.scaling, nightly } }, { scaling: { min: 1, max: 2 } }).nightly).toEqual(nightly);
  });
});

describe("resolveService / resolveEnv", () => {
  test("a Fargate preset and an EC2 service of the local environment", () => {
    expect(resolveService(local, "api")).toMatchObject({ networkMode: "awsvpc", targetType: "ip", hostPort: 3001, size: { cpu: 512, memory: 1024 }, blueGreen: false });
    expect(resolveService(local, "messaging")).toMatchObject({ blueGreen: true, scaling: { cpuTarget: 70 } });
    expect(resolveService(local, "frontend")).toMatchObject({ networkMode: "bridge", targetType: "instance", hostPort: 0, size: local.taskSize });
  });

  test("every service in config order; an unknown service names the known ones", () => {
    expect(resolveEnv(local).services.map((s) => s.name)).toEqual(Object.keys(local.services));
    expect(() => resolveService(local, "nope")).toThrow(/no service "nope"; known: backend, frontend/);
  });
});
