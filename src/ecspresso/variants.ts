/**
 * The per-variant parts of the definitions, one entry per member of the `compute` and `deployment` unions in
 * envs/schema.ts. Adding a variant (Fargate, Fargate Spot, CodeDeploy blue/green) is one entry here: the
 * mapped types make a missing entry a compile error, and the task/service builders stay unchanged.
 */
import type {
  CapacityProviderStrategyItem,
  Compatibility,
  DeploymentConfiguration,
  DeploymentController,
  NetworkConfiguration,
  NetworkMode,
  PlacementStrategy,
} from "@aws-sdk/client-ecs";
import type { ServiceConfig } from "../../envs";
import { PlatformOut } from "../contract";
import { ConfigError } from "../errors";
import type { ServiceContext } from "./context";

type Compute = ServiceConfig["compute"];
type Deployment = ServiceConfig["deployment"];

/** How and where the tasks of one compute variant run. */
export interface ComputeProfile {
  readonly networkMode: NetworkMode;
  readonly requiresCompatibilities: Compatibility[];
  /** `hostPort` of the container's port mapping. */
  readonly hostPort: number;
  readonly capacityProviderStrategy: CapacityProviderStrategyItem[];
  readonly placementStrategy?: PlacementStrategy[];
  /** awsvpc only; bridge services must not send it (ECS rejects it). */
  readonly networkConfiguration?: NetworkConfiguration;
}

/** Deployment controller and rollout settings of one deployment variant. */
export interface DeploymentProfile {
  readonly deploymentController: DeploymentController;
  readonly deploymentConfiguration: DeploymentConfiguration;
}

function notYet(ctx: ServiceContext, field: string, value: string): never {
  throw new ConfigError(
    `${ctx.env.name}.services.${ctx.name}`,
    "E_ECSPRESSO_VARIANT",
    `${field} "${value}" has no ecspresso definition generator yet; add it in src/ecspresso/variants.ts`,
  );
}

export const COMPUTE: { [K in Compute["type"]]: (ctx: ServiceContext, compute: Extract<Compute, { type: K }>) => ComputeProfile } = {
  // EC2 capacity provider, bridge networking: dynamic host ports (0) registered as instance targets. No
  // networkConfiguration and no launchType (ECS rejects either with a capacity provider strategy / bridge).
  ec2: (ctx) => ({
    networkMode: "bridge",
    requiresCompatibilities: ["EC2"],
    hostPort: ctx.svc.hostPort,
    capacityProviderStrategy: [{ capacityProvider: ctx.ref("platform", PlatformOut.capacityProviderName), weight: 1, base: 0 }],
    // Survive the loss of an AZ first, then pack tasks by memory so managed scaling can empty hosts.
    placementStrategy: [
      { type: "spread", field: "attribute:ecs.availability-zone" },
      { type: "binpack", field: "memory" },
    ],
  }),
  fargate: (ctx, c) => notYet(ctx, "compute.type", c.type),
  "fargate-spot": (ctx, c) => notYet(ctx, "compute.type", c.type),
};

export const DEPLOYMENT: {
  [K in Deployment["type"]]: (ctx: ServiceContext, deployment: Extract<Deployment, { type: K }>) => DeploymentProfile;
} = {
  // ECS rolling update; the circuit breaker rolls a failing deployment back (ecspresso then exits 1).
  rolling: (_ctx, d) => ({
    deploymentController: { type: "ECS" },
    deploymentConfiguration: {
      minimumHealthyPercent: d.minimumHealthyPercent,
      maximumPercent: d.maximumPercent,
      deploymentCircuitBreaker: { enable: true, rollback: true },
    },
  }),
  "blue-green": (ctx, d) => notYet(ctx, "deployment.type", d.type),
};

export function computeProfile(ctx: ServiceContext): ComputeProfile {
  const c = ctx.svc.compute;
  return (COMPUTE[c.type] as (ctx: ServiceContext, c: Compute) => ComputeProfile)(ctx, c);
}

export function deploymentProfile(ctx: ServiceContext): DeploymentProfile {
  const d = ctx.svc.deployment;
  return (DEPLOYMENT[d.type] as (ctx: ServiceContext, d: Deployment) => DeploymentProfile)(ctx, d);
}
