/**
 * The resolution step: validated config (`EnvConfig`) → fully resolved values. Every rule that derives one value
 * from others (network mode from compute, target type from network mode, the container's host port) and every
 * service-over-environment default (task size, deregistration delay, scaling targets, `attach`) lives here, in
 * exactly one function, and is consumed by validation (envs/validate.ts), the constructs (src/stacks →
 * modules) and the ecspresso generator (src/ecspresso) alike. Physical names come from foundation/names.ts.
 */
import { envPrefix, type TargetGroupIdentity } from "../foundation/names";
import type { EnvConfig, ServiceConfig } from "./schema";

export type NetworkMode = "bridge" | "awsvpc";
export type TargetType = "instance" | "ip";

/**
 * The port range the ECS agent assigns dynamic host ports from: the Linux ephemeral range 32768–60999 plus the
 * agent's fallback 49153–65535 (ECS agent `ECS_RESERVED_PORTS`/dynamic port documentation). Bridge services
 * register on these ports, so the ALB must reach exactly this range on the container instances, and a fixed host
 * port must stay outside it.
 */
export const DYNAMIC_HOST_PORTS = { from: 32768, to: 65535 } as const;

/** EC2 capacity runs bridge networking (dynamic host ports); Fargate is always awsvpc. */
export function networkModeOf(compute: ServiceConfig["compute"]): NetworkMode {
  return compute.type === "ec2" ? "bridge" : "awsvpc";
}

/** Bridge tasks register as instance:port targets; awsvpc tasks register their ENI's IP. */
export function targetTypeOf(mode: NetworkMode): TargetType {
  return mode === "bridge" ? "instance" : "ip";
}

/**
 * The `hostPort` of the container's port mapping: bridge uses the configured one (0 = dynamic); awsvpc requires
 * hostPort = containerPort (AWS rejects anything else).
 */
export function hostPortOf(mode: NetworkMode, svc: Pick<ServiceConfig, "hostPort" | "port">): number {
  return mode === "bridge" ? svc.hostPort : svc.port;
}

/** What is wrong with a rule's input: a stable code, the message and what is accepted. */
export interface RuleViolation {
  readonly code: string;
  readonly message: string;
  readonly accepted: string;
}

/**
 * The host port rule, the one place it is checked (config validation and the constructs both call it): a fixed
 * bridge host port must lie below the dynamic range; an awsvpc host port, when set, must equal the container port.
 */
export function hostPortViolation(mode: NetworkMode, hostPort: number, containerPort: number): RuleViolation | undefined {
  if (mode === "bridge" && hostPort >= DYNAMIC_HOST_PORTS.from && hostPort <= DYNAMIC_HOST_PORTS.to) {
    return {
      code: "E_BRIDGE_HOSTPORT_EPHEMERAL",
      message: `a fixed host port inside the ephemeral range ${DYNAMIC_HOST_PORTS.from}-${DYNAMIC_HOST_PORTS.to} collides with dynamic ports`,
      accepted: `use 0 (dynamic) or a port below ${DYNAMIC_HOST_PORTS.from}`,
    };
  }
  if (mode === "awsvpc" && hostPort !== 0 && hostPort !== containerPort) {
    return { code: "E_AWSVPC_HOSTPORT", message: `awsvpc tasks use hostPort = containerPort (${containerPort})`, accepted: "remove hostPort" };
  }
  return undefined;
}

/** The optional `targetType` of a service may only confirm the derived one. */
export function targetTypeViolation(mode: NetworkMode, configured: TargetType | undefined): RuleViolation | undefined {
  const derived = targetTypeOf(mode);
  if (!configured || configured === derived) return undefined;
  return {
    code: "E_TARGET_TYPE_MISMATCH",
    message: `${mode} networking registers targets of type "${derived}"`,
    accepted: "remove targetType or change compute",
  };
}

/** Task size: the service's own, else the environment's `taskSize`. */
export function taskSizeOf(env: Pick<EnvConfig, "taskSize">, svc: Pick<ServiceConfig, "size">): { cpu: number; memory: number } {
  return svc.size ?? env.taskSize;
}

/** Target group deregistration delay, seconds: the service's own, else the environment's default. */
export function deregistrationDelayOf(env: Pick<EnvConfig, "deregistrationDelaySeconds">, svc: Pick<ServiceConfig, "deregistrationDelaySeconds">): number {
  return svc.deregistrationDelaySeconds ?? env.deregistrationDelaySeconds;
}

/** A service's Application Auto Scaling settings with the environment's defaults applied. */
export interface ResolvedScaling {
  readonly min: number;
  readonly max: number;
  /** Initial task count on first create (ecspresso `--tasks`); autoscaling owns it afterwards. */
  readonly desired: number;
  readonly cpuTarget: number;
  readonly memoryTarget: number;
  /** Create the scalable target, policies and schedules (and a blue/green service's deployment group). */
  readonly attach: boolean;
  readonly scaleOutCooldownSeconds: number;
  readonly scaleInCooldownSeconds: number;
  /** Nightly scale-down schedule of the environment; absent = none. */
  readonly nightly?: EnvConfig["scaling"]["nightly"];
}

/** Service scaling over environment scaling: targets and `attach` default to the environment's. */
export function scalingOf(env: Pick<EnvConfig, "scaling">, svc: Pick<ServiceConfig, "scaling">): ResolvedScaling {
  const e = env.scaling;
  const s = svc.scaling;
  return {
    min: s.min,
    max: s.max,
    desired: s.desired ?? s.min,
    cpuTarget: s.cpuTarget ?? e.cpuTarget,
    memoryTarget: s.memoryTarget ?? e.memoryTarget,
    attach: s.attach ?? e.attach,
    scaleOutCooldownSeconds: e.scaleOutCooldownSeconds,
    scaleInCooldownSeconds: e.scaleInCooldownSeconds,
    ...(e.nightly ? { nightly: e.nightly } : {}),
  };
}

/** One service with every derived value and default resolved. */
export interface ResolvedService {
  /** The key in `services`: part of addresses, physical names and output names. */
  readonly name: string;
  /** The validated service config (values that need no resolution: port, paths, health check, …). */
  readonly config: ServiceConfig;
  readonly networkMode: NetworkMode;
  readonly targetType: TargetType;
  /** `hostPort` of the container's port mapping. */
  readonly hostPort: number;
  readonly size: { readonly cpu: number; readonly memory: number };
  readonly deregistrationDelaySeconds: number;
  readonly scaling: ResolvedScaling;
  readonly blueGreen: boolean;
}

export function resolveService(env: EnvConfig, name: string): ResolvedService {
  const config = env.services[name];
  if (!config) throw new Error(`environment ${env.name} has no service "${name}"; known: ${Object.keys(env.services).join(", ")}`);
  const networkMode = networkModeOf(config.compute);
  return {
    name,
    config,
    networkMode,
    targetType: targetTypeOf(networkMode),
    hostPort: hostPortOf(networkMode, config),
    size: taskSizeOf(env, config),
    deregistrationDelaySeconds: deregistrationDelayOf(env, config),
    scaling: scalingOf(env, config),
    blueGreen: config.deployment.type === "blue-green",
  };
}

/**
 * Every attribute of a service's target groups that forces their replacement (foundation/names.ts hashes it
 * into the name). `vpc` identifies the VPC by what replaces it: the network's CIDR.
 */
export function targetGroupIdentityOf(r: Pick<ResolvedService, "targetType" | "config">, vpc: string): TargetGroupIdentity {
  return { targetType: r.targetType, port: r.config.port, protocol: "HTTP", protocolVersion: "HTTP1", ipAddressType: "ipv4", vpc };
}

/** The target group slots of a service: one for rolling deployments, blue + green for CodeDeploy blue/green. */
export function targetGroupSlotsOf(r: Pick<ResolvedService, "blueGreen">): readonly ("blue" | "green" | undefined)[] {
  return r.blueGreen ? ["blue", "green"] : [undefined];
}

/** An environment with its physical-name prefix and every service resolved. */
export interface ResolvedEnv {
  readonly config: EnvConfig;
  /** `<project>-<env>`: the prefix of every physical name of the environment. */
  readonly prefix: string;
  /** Services in config order. */
  readonly services: readonly ResolvedService[];
}

export function resolveEnv(env: EnvConfig): ResolvedEnv {
  return {
    config: env,
    prefix: envPrefix(env),
    services: Object.keys(env.services).map((name) => resolveService(env, name)),
  };
}
