/**
 * Helpers for the platform tests: synthesize one environment built from a (modified) config.
 */
import { synthStacks, type StackJson } from "./synth";
import type { EnvInput } from "../../envs";

export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** Synthesize only `input`'s environment and return its `<env>-platform` JSON. */
export function platformOf(input: EnvInput): StackJson {
  const stacks = synthStacks({ envs: [input], only: [input.name] });
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
