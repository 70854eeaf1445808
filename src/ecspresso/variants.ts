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
import { FARGATE_CAPACITY_PROVIDERS, PhysicalNames, PlatformOut } from "../../foundation/contract";
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
  /** Fargate only. */
  readonly platformVersion?: string;
}

/** Deployment controller and rollout settings of one deployment variant. */
export interface DeploymentProfile {
  readonly deploymentController: DeploymentController;
  readonly deploymentConfiguration: DeploymentConfiguration;
  /** CODE_DEPLOY: the ecspresso.yml `codedeploy:` block (literal names; v2 cannot template the config). */
  readonly codedeploy?: { readonly application_name: string; readonly deployment_group_name: string };
  /** CODE_DEPLOY: events passed as `--rollback-events` by scripts/app.sh. */
  readonly rollbackEvents?: readonly string[];
}

export const COMPUTE: { [K in Compute["type"]]: (ctx: ServiceContext, compute: Extract<Compute, { type: K }>) => ComputeProfile } = {
  // EC2 capacity provider, bridge networking: dynamic host ports (0) registered as instance targets. No
  // networkConfiguration and no launchType (ECS rejects either with a capacity provider strategy / bridge).
  ec2: (ctx) => ({
    networkMode: "bridge",
    requiresCompatibilities: ["EC2"],
    hostPort: ctx.resolved.hostPort,
    capacityProviderStrategy: [{ capacityProvider: ctx.ref("platform", PlatformOut.capacityProviderName), weight: 1, base: 0 }],
    // Survive the loss of an AZ first, then pack tasks by memory so managed scaling can empty hosts.
    placementStrategy: [
      { type: "spread", field: "attribute:ecs.availability-zone" },
      { type: "binpack", field: "memory" },
    ],
  }),
  // Fargate on demand: awsvpc in the private subnets with the service's own security group, no public IP.
  fargate: (ctx) => fargateProfile(ctx, [{ capacityProvider: FARGATE_CAPACITY_PROVIDERS.onDemand, weight: 1, base: 0 }]),
  // Fargate Spot, optionally with `onDemandBase` tasks always on FARGATE (Spot has no fallback to on-demand).
  "fargate-spot": (ctx, c) =>
    fargateProfile(ctx, [
      ...(c.onDemandBase > 0 ? [{ capacityProvider: FARGATE_CAPACITY_PROVIDERS.onDemand, weight: 0, base: c.onDemandBase }] : []),
      { capacityProvider: FARGATE_CAPACITY_PROVIDERS.spot, weight: 1, base: 0 },
    ]),
};

/** Fargate platform version of every awsvpc service: the latest (1.4.0+: ephemeral storage, ECS Exec). */
export const FARGATE_PLATFORM_VERSION = "LATEST";

/**
 * awsvpc on Fargate: hostPort = containerPort (AWS requires it), one subnet per AZ from the platform's
 * `private_subnet_ids` output (indexed, so the definition stays a list of strings), the service's security
 * group, no public IP. No placement strategy (Fargate rejects one).
 */
function fargateProfile(ctx: ServiceContext, capacityProviderStrategy: CapacityProviderStrategyItem[]): ComputeProfile {
  return {
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    hostPort: ctx.resolved.hostPort,
    capacityProviderStrategy,
    platformVersion: FARGATE_PLATFORM_VERSION,
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: ctx.env.network.azs.map((_, i) => ctx.ref("platform", PlatformOut.privateSubnetIds, i)),
        securityGroups: [ctx.ref("platform", PlatformOut.serviceSecurityGroupId(ctx.name))],
        assignPublicIp: "DISABLED",
      },
    },
  };
}

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
  // CodeDeploy blue/green: ecspresso creates the service with this controller, then every deploy is a
  // CodeDeploy deployment (AppSpec generated from the service definition; ecspresso.yml `codedeploy:`). No
  // circuit breaker (ECS rejects it with CODE_DEPLOY); the percentages only bound tasks on draining hosts.
  "blue-green": (ctx) => ({
    deploymentController: { type: "CODE_DEPLOY" },
    deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200 },
    codedeploy: {
      application_name: PhysicalNames.codedeployApp(ctx.prefix, ctx.name),
      deployment_group_name: PhysicalNames.codedeployGroup(ctx.prefix, ctx.name),
    },
    rollbackEvents: CODEDEPLOY_ROLLBACK_EVENTS,
  }),
};

/** Events ecspresso asks CodeDeploy to roll back on (`--rollback-events`), the deployment group's own set. */
export const CODEDEPLOY_ROLLBACK_EVENTS = ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] as const;

export function computeProfile(ctx: ServiceContext): ComputeProfile {
  const c = ctx.svc.compute;
  return (COMPUTE[c.type] as (ctx: ServiceContext, c: Compute) => ComputeProfile)(ctx, c);
}

export function deploymentProfile(ctx: ServiceContext): DeploymentProfile {
  const d = ctx.svc.deployment;
  return (DEPLOYMENT[d.type] as (ctx: ServiceContext, d: Deployment) => DeploymentProfile)(ctx, d);
}
