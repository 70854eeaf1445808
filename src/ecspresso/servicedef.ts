/**
 * The service definition ecspresso creates and reconciles, typed against the ECS `CreateService` input. The
 * type omits `desiredCount` (Application Auto Scaling owns the count; ecspresso would reset it on every
 * deploy — initial count via `--tasks` on create), `launchType` (a capacity provider strategy is used) and the
 * fields ecspresso fills from its config (`cluster`, `serviceName`, `taskDefinition`).
 */
import type { CreateServiceRequest } from "@aws-sdk/client-ecs";
import { PlatformOut } from "../../foundation/contract";
import type { ServiceContext } from "./context";
import { computeProfile, deploymentProfile } from "./variants";

export type ServiceDefinition = Omit<
  CreateServiceRequest,
  "cluster" | "serviceName" | "taskDefinition" | "desiredCount" | "launchType" | "clientToken" | "role"
>;

export function serviceDefinition(ctx: ServiceContext): ServiceDefinition {
  const compute = computeProfile(ctx);
  const deployment = deploymentProfile(ctx);
  return {
    capacityProviderStrategy: compute.capacityProviderStrategy,
    deploymentController: deployment.deploymentController,
    deploymentConfiguration: deployment.deploymentConfiguration,
    // CODE_DEPLOY: the first (blue) group; ecspresso hands it to CodeDeploy's AppSpec, which alternates.
    loadBalancers: [
      {
        targetGroupArn: ctx.ref("platform", PlatformOut.targetGroupArn(ctx.name)),
        containerName: ctx.name,
        containerPort: ctx.svc.port,
      },
    ],
    ...(compute.networkConfiguration ? { networkConfiguration: compute.networkConfiguration } : {}),
    ...(compute.platformVersion ? { platformVersion: compute.platformVersion } : {}),
    healthCheckGracePeriodSeconds: ctx.svc.healthCheck.gracePeriodSeconds,
    // ecspresso always sends these two (absent = false), so they are explicit.
    enableExecuteCommand: ctx.svc.exec,
    enableECSManagedTags: true,
    propagateTags: "SERVICE",
    ...(compute.placementStrategy ? { placementStrategy: compute.placementStrategy } : {}),
    tags: ctx.tags(),
  };
}
