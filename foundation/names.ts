import { ConfigError } from "./errors";

/** AWS name limits this project checks at synth. */
export const NAME_LIMITS = {
  /** Application/Network Load Balancer names. */
  alb: 32,
  /** Target group names. */
  targetGroup: 32,
  /** IAM role names. */
  iamRole: 64,
  /** S3 bucket names. */
  s3Bucket: 63,
  /** ECS cluster / service names. */
  ecs: 255,
  /** Generic default. */
  default: 64,
} as const;

/**
 * `<project>-<env>`: the prefix of every physical name of an environment (the one place it is built).
 */
export function envPrefix(env: { readonly project: string; readonly name: string }): string {
  return `${env.project}-${env.name}`;
}

const NAME_RE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/**
 * The single naming function: `<project>-<env>-<part>`, lower-case alphanumerics and hyphens,
 * checked against the AWS limit for the resource kind. Physical names are API (scripts and
 * dashboards read them), so they are derived in one place and never hand-written in modules.
 */
export function physicalName(project: string, env: string, part: string, max: number = NAME_LIMITS.default): string {
  const n = part ? `${project}-${env}-${part}` : `${project}-${env}`;
  if (!NAME_RE.test(n)) {
    throw new ConfigError(env, "E_NAME_CHARS", `name "${n}" must be lower-case letters, digits and inner hyphens.`);
  }
  if (n.length > max) {
    throw new ConfigError(env, "E_NAME_LEN", `name "${n}" is ${n.length} characters; the AWS limit is ${max}. Shorten the project, environment or "${part}".`);
  }
  return n;
}
