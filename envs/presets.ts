/**
 * Service presets that reproduce the Fargate shapes of the design's sibling systems (design 000/001/003/004),
 * so an environment picks them per service instead of re-typing sizes, ports and deployment choices. Each
 * returns a fresh `ServiceInput`; spread and override what differs (`{ ...fargateBackend(), priority: 120 }`).
 *
 * Paths and priorities do not collide with `webServices()` (backend `/api/*` at 100, frontend `/*` at 200):
 * the presets sit between them, so their paths win over the frontend's catch-all.
 */
import type { ServiceInput } from "./schema";

/** A Fastify-style API on Fargate: 0.5 vCPU / 1 GiB, port 3001, `/health`, 1–10 tasks. */
export function fargateBackend(): ServiceInput {
  return {
    port: 3001,
    paths: ["/v1/*"],
    priority: 110,
    healthCheck: { path: "/health" },
    size: { cpu: 512, memory: 1024 },
    compute: { type: "fargate" },
    scaling: { min: 1, max: 10 },
  };
}

/**
 * The messaging service: Fargate 0.25 vCPU / 512 MiB, port 8080, `/health`, 1–4 tasks scaling at 70 % CPU,
 * released with CodeDeploy blue/green. `testListenerCidrs`: who may probe the replacement tasks on the
 * test listener (CI runners, VPN).
 */
export function messagingBlueGreen(testListenerCidrs: readonly string[]): ServiceInput {
  return {
    port: 8080,
    paths: ["/messaging/*"],
    priority: 120,
    healthCheck: { path: "/health" },
    size: { cpu: 256, memory: 512 },
    compute: { type: "fargate" },
    deployment: { type: "blue-green", config: "all-at-once", testListenerPort: 8080, testListenerCidrs: [...testListenerCidrs], terminationWaitMinutes: 5 },
    scaling: { min: 1, max: 4, cpuTarget: 70 },
  };
}

/**
 * The on-demand editor (code-server): Fargate Spot 1 vCPU / 2 GiB, port 8080, scaled to zero until a session
 * starts it (`scripts/app.sh <env> editor scale --tasks 1`), ECS Exec on for debugging sessions. Spot tasks
 * get SIGTERM about 2 minutes before reclaim; an editor session is disposable, so no on-demand base.
 */
export function spotEditor(): ServiceInput {
  return {
    port: 8080,
    paths: ["/editor/*"],
    priority: 130,
    healthCheck: { path: "/healthz" },
    size: { cpu: 1024, memory: 2048 },
    compute: { type: "fargate-spot", onDemandBase: 0 },
    // code-server writes its extensions and settings under the user's home directory.
    readonlyRootFilesystem: false,
    exec: true,
    scaling: { min: 0, max: 1, desired: 0 },
  };
}

/** `service` with `scaling.attach` set (per-service override of the environment's `scaling.attach`). */
export function withScalingAttach(service: ServiceInput, attach: boolean): ServiceInput {
  return { ...service, scaling: { ...service.scaling, attach } };
}
