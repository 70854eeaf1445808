/**
 * Helpers for the platform tests: synthesize one environment built from a (modified) config.
 */
import { synthStacks, type StackJson } from "./synth";
import { ACCOUNTS, ENVIRONMENTS, ConfigError, loadConfig, type EnvInput } from "../../envs";

export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** Every environment with `input` in place of its namesake (or added). */
export function envsWith(input: EnvInput): EnvInput[] {
  return ENVIRONMENTS.some((e) => e.name === input.name) ? ENVIRONMENTS.map((e) => (e.name === input.name ? input : e)) : [...ENVIRONMENTS, input];
}

/** Synthesize only `input`'s environment and return its `<env>-platform` JSON. */
export function platformOf(input: EnvInput): StackJson {
  // Every environment, with `input` in place of its namesake: cross-environment rules (VPC overlap, one OIDC
  // provider per account, …) still see the whole set, and only `input`'s stacks are built.
  const stacks = synthStacks({ envs: envsWith(input), only: [input.name] });
  return stacks.get(`${input.name}-platform`)!.json;
}

/** Every resource of the stack as [type, id, body]. */
export function allResources(json: StackJson): [string, string, Record<string, any>][] { // eslint-disable-line @typescript-eslint/no-explicit-any
  return Object.entries(json.resource ?? {}).flatMap(([type, byId]) => Object.entries(byId).map(([id, body]) => [type, id, body] as [string, string, Record<string, any>])); // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** `${aws_x.id.attr}` → the id, for asserting references. */
export function ref(type: string, id: string, attr = "id"): string {
  return `\${${type}.${id}.${attr}}`;
}

/** The validation message for `envs`, or "" when they are valid (so a toMatch/toContain on it fails then). */
export function validationProblems(envs: EnvInput | EnvInput[]): string {
  try {
    loadConfig(Array.isArray(envs) ? envs : [envs], ACCOUNTS);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  return "";
}
