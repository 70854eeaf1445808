/**
 * Field-name (and value-kind) check of rendered definitions against the ECS API model. The model is the
 * Smithy schema that @aws-sdk/client-ecs ships (`<Shape>$` exports, generated from the AWS service model) read
 * through @smithy/core's `NormalizedSchema` — never a hand-written list, so a field AWS renames or a typo in a
 * generator is caught, and a field AWS adds is accepted after an SDK upgrade.
 *
 * ecspresso upper-cases first letters before decoding, so a key matches a member case-insensitively in its
 * first letter only; the check reports anything else (e.g. `healthcheck`, `launch_type`).
 */
import { CreateServiceRequest$, RegisterTaskDefinitionRequest$, UpdateServiceRequest$ } from "@aws-sdk/client-ecs";
import { NormalizedSchema } from "@smithy/core/schema";

export const API_SHAPES = {
  RegisterTaskDefinitionRequest: RegisterTaskDefinitionRequest$,
  CreateServiceRequest: CreateServiceRequest$,
  UpdateServiceRequest: UpdateServiceRequest$,
} as const;
export type ApiShape = keyof typeof API_SHAPES;

/** Member names of a top-level input shape, as the API model spells them. */
export function apiMembers(shape: ApiShape): string[] {
  return [...NormalizedSchema.of(API_SHAPES[shape]).structIterator()].map(([name]) => name);
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function kindOf(v: unknown): string {
  return Array.isArray(v) ? "array" : v === null ? "null" : typeof v;
}

function walk(value: unknown, schema: NormalizedSchema, path: string, out: string[]): void {
  if (value === null || value === undefined || schema.isDocumentSchema()) return;
  const fail = (want: string) => out.push(`${path || "(root)"}: expected ${want} for ${schema.getName() ?? "value"}, got ${kindOf(value)}`);
  if (schema.isStructSchema()) {
    if (kindOf(value) !== "object") return void fail("an object");
    const members = new Map<string, NormalizedSchema>();
    for (const [name, member] of schema.structIterator()) members.set(lowerFirst(name), member);
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const member = members.get(lowerFirst(k));
      const p = path ? `${path}.${k}` : k;
      if (!member) {
        out.push(`${p}: not a member of ${schema.getName()} (members: ${[...members.keys()].sort().join(", ")})`);
        continue;
      }
      walk(v, member, p, out);
    }
  } else if (schema.isListSchema()) {
    if (!Array.isArray(value)) return void fail("a list");
    value.forEach((v, i) => walk(v, schema.getValueSchema(), `${path}[${i}]`, out));
  } else if (schema.isMapSchema()) {
    if (kindOf(value) !== "object") return void fail("a map");
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, schema.getValueSchema(), `${path}.${k}`, out);
  } else if (schema.isBooleanSchema()) {
    if (typeof value !== "boolean") fail("a boolean");
  } else if (schema.isNumericSchema() || schema.isBigIntegerSchema() || schema.isBigDecimalSchema()) {
    if (typeof value !== "number") fail("a number");
  } else if (schema.isStringSchema()) {
    if (typeof value !== "string") fail("a string");
  }
}

/** Every key of `value` that is not a member of `shape` (recursively), and every value of the wrong kind. */
export function apiFieldProblems(value: unknown, shape: ApiShape): string[] {
  const out: string[] = [];
  walk(value, NormalizedSchema.of(API_SHAPES[shape]), "", out);
  return out;
}
