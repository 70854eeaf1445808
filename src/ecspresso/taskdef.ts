/**
 * The task definition ecspresso registers on every deploy, typed as the ECS `RegisterTaskDefinition` input so
 * a misspelt or misplaced field is a compile error. Numbers come from envs/ (task size, port, health check,
 * deregistration delay); ARNs and names of platform resources come from `<env>-platform` contract outputs.
 */
import type { ContainerDefinition, HealthCheck, KeyValuePair, RegisterTaskDefinitionRequest, Secret } from "@aws-sdk/client-ecs";
import { DataOut, PhysicalNames, PlatformOut } from "../../foundation/contract";
import type { ServiceContext } from "./context";
import { computeProfile } from "./variants";
import { mustEnv, secretsmanagerArn } from "./templates";

/** The writable scratch volume mounted at /tmp when the root filesystem is read-only. */
const TMP_VOLUME = "tmp";
/** ECS caps a container's `stopTimeout` (SIGTERM → SIGKILL) at 120 s. */
export const MAX_STOP_TIMEOUT = 120;
/** Container health check timeout, seconds (the ALB's default target timeout). */
const HEALTH_CHECK_TIMEOUT = 5;
/** ECS caps a container health check's startPeriod at 300 s. */
const MAX_START_PERIOD = 300;

/**
 * Seconds between SIGTERM and SIGKILL. ECS sends SIGTERM only after the target finished draining, so the
 * app's own shutdown must fit the same budget as the drain: equal to the deregistration delay, at least 2 s
 * (time to close listeners) and at most ECS's 120 s.
 */
export function stopTimeoutFor(deregistrationDelaySeconds: number): number {
  return Math.min(Math.max(deregistrationDelaySeconds, 2), MAX_STOP_TIMEOUT);
}

/** `CMD-SHELL` check on the container's own port and health path unless the config names a command. */
export function containerHealthCheck(ctx: ServiceContext): HealthCheck {
  const hc = ctx.svc.healthCheck;
  const command = hc.command?.length
    ? ["CMD", "CMD-SHELL", "NONE"].includes(hc.command[0])
      ? [...hc.command]
      : ["CMD-SHELL", hc.command.join(" ")]
    : ["CMD-SHELL", `curl -fsS -o /dev/null http://localhost:${ctx.svc.port}${hc.path} || exit 1`];
  return {
    command,
    interval: hc.intervalSeconds,
    timeout: HEALTH_CHECK_TIMEOUT,
    retries: hc.unhealthyThreshold,
    startPeriod: Math.min(hc.gracePeriodSeconds, MAX_START_PERIOD),
  };
}

function sortedPairs(rec: Readonly<Record<string, string>>): KeyValuePair[] {
  return Object.keys(rec)
    .sort()
    .map((name) => ({ name, value: rec[name] }));
}

/** Secrets by env var name; the ARN (random suffix included) is resolved by ecspresso at deploy time. */
function secrets(ctx: ServiceContext): Secret[] {
  const prefix = PhysicalNames.secretsPrefix(ctx.env.project, ctx.env.name);
  return Object.keys(ctx.svc.secrets)
    .sort()
    .map((name) => ({ name, valueFrom: secretsmanagerArn(`${prefix}${ctx.svc.secrets[name]}`) }));
}

/** `DYNAMODB_TABLE_<NAME>` / `S3_BUCKET_<NAME>`: a store name as an environment variable suffix. */
export const envSuffix = (name: string) => name.toUpperCase().replace(/-/g, "_");

/**
 * Connection settings and secrets of the stores the service `uses`, resolved from `<env>-data` outputs at
 * deploy time (never from config): DB_HOST, DB_READER_HOST, DB_PORT, DB_NAME and the RDS-managed secret's
 * `username`/`password` JSON keys as DB_USER/DB_PASSWORD; REDIS_URL (`rediss://`, TLS) and REDIS_AUTH_TOKEN;
 * DYNAMODB_TABLE_<NAME>; S3_BUCKET_<NAME>; each generated secret under its configured variable.
 */
export function dataBindings(ctx: ServiceContext): { environment: Record<string, string>; secrets: Secret[] } {
  const u = ctx.svc.uses;
  const environment: Record<string, string> = {};
  const secrets: Secret[] = [];
  const d = (output: string) => ctx.ref("data", output);
  if (u.database) {
    environment.DB_HOST = d(DataOut.dbHost(u.database));
    environment.DB_READER_HOST = d(DataOut.dbReaderHost(u.database));
    environment.DB_PORT = d(DataOut.dbPort(u.database));
    environment.DB_NAME = d(DataOut.dbName(u.database));
    // ECS reads one JSON key of a secret with `<arn>:<json-key>:<version-stage>:<version-id>` (empty = current).
    const arn = d(DataOut.dbSecretArn(u.database));
    secrets.push({ name: "DB_USER", valueFrom: `${arn}:username::` }, { name: "DB_PASSWORD", valueFrom: `${arn}:password::` });
  }
  if (u.cache) {
    environment.REDIS_URL = `rediss://${d(DataOut.cacheHost(u.cache))}:${d(DataOut.cachePort(u.cache))}`;
    secrets.push({ name: "REDIS_AUTH_TOKEN", valueFrom: d(DataOut.cacheAuthSecretArn(u.cache)) });
  }
  for (const t of u.tables) environment[`DYNAMODB_TABLE_${envSuffix(t)}`] = d(DataOut.tableName(t));
  for (const b of u.buckets) environment[`S3_BUCKET_${envSuffix(b)}`] = d(DataOut.bucketName(b));
  for (const [envVar, secret] of Object.entries(u.secrets)) secrets.push({ name: envVar, valueFrom: d(DataOut.secretArn(secret)) });
  return { environment, secrets };
}

/**
 * `AWS_REGION` and `AWS_DEFAULT_REGION` for the AWS SDKs and CLI in the container. On EC2 hosts IMDSv2 has hop
 * limit 1, so a bridge-mode container cannot ask the instance metadata for its region and an SDK without these
 * fails with "region is missing"; on Fargate ECS sets AWS_REGION but not AWS_DEFAULT_REGION (read by the AWS CLI
 * and older SDKs). Both are set from the environment's region unless the service's `environment` names one:
 * then the other follows it, so the two never disagree.
 */
export function regionEnvironment(ctx: ServiceContext): Record<string, string> {
  const own = ctx.svc.environment;
  const region = own.AWS_REGION ?? own.AWS_DEFAULT_REGION ?? ctx.env.region;
  return { AWS_REGION: region, AWS_DEFAULT_REGION: region };
}

export function containerDefinition(ctx: ServiceContext): ContainerDefinition {
  const { svc, name } = ctx;
  const compute = computeProfile(ctx);
  const readonlyRoot = svc.readonlyRootFilesystem;
  const data = dataBindings(ctx);
  const allSecrets = [...(Object.keys(svc.secrets).length ? secrets(ctx) : []), ...data.secrets].sort((a, b) => a.name!.localeCompare(b.name!));
  return {
    name,
    image: mustEnv("IMAGE"),
    essential: true,
    portMappings: [{ containerPort: svc.port, hostPort: compute.hostPort, protocol: "tcp" }],
    // PORT tells the app where to listen (Next.js and Fastify read it); the config may override it.
    environment: sortedPairs({ PORT: String(svc.port), ...regionEnvironment(ctx), ...svc.environment, ...data.environment }),
    ...(allSecrets.length ? { secrets: allSecrets } : {}),
    logConfiguration: {
      logDriver: "awslogs",
      options: {
        "awslogs-group": ctx.ref("platform", PlatformOut.logGroupName(name)),
        "awslogs-region": ctx.env.region,
        "awslogs-stream-prefix": name,
        // A slow log pipe must never block the app's stdout.
        mode: "non-blocking",
        "max-buffer-size": "25m",
      },
    },
    healthCheck: containerHealthCheck(ctx),
    stopTimeout: stopTimeoutFor(ctx.deregistrationDelaySeconds),
    readonlyRootFilesystem: readonlyRoot,
    ...(readonlyRoot ? { mountPoints: [{ sourceVolume: TMP_VOLUME, containerPath: "/tmp", readOnly: false }] } : {}),
    // An init process reaps zombies and forwards SIGTERM (ECS Exec sessions spawn children too).
    linuxParameters: { initProcessEnabled: true },
  };
}

export function taskDefinition(ctx: ServiceContext): RegisterTaskDefinitionRequest {
  const compute = computeProfile(ctx);
  const size = ctx.size;
  return {
    family: PhysicalNames.taskFamily(ctx.prefix, ctx.name),
    taskRoleArn: ctx.ref("platform", PlatformOut.taskRoleArn(ctx.name)),
    executionRoleArn: ctx.ref("platform", PlatformOut.executionRoleArn),
    networkMode: compute.networkMode,
    requiresCompatibilities: compute.requiresCompatibilities,
    cpu: String(size.cpu),
    memory: String(size.memory),
    containerDefinitions: [containerDefinition(ctx)],
    // A task-scoped Docker volume (no host path): empty on start, removed with the task.
    ...(ctx.svc.readonlyRootFilesystem ? { volumes: [{ name: TMP_VOLUME }] } : {}),
    tags: ctx.tags(),
  };
}
