/**
 * Template actions written into the generated ecspresso files. Every dynamic value in a definition is one of
 * these few regular forms, so scripts/lib/ecspresso-render.ts (tests, the emulator harness) can evaluate them exactly
 * like ecspresso does. In JSON definitions the arguments use backquotes (the template runs on JSON text, so a
 * double quote would end the JSON string); in the YAML config they use double quotes inside a single-quoted
 * scalar, which keeps the file valid YAML before templating (ecspresso v3 requires that).
 */
import type { Layer } from "../../foundation/contract";

/** ecspresso `func_prefix` of the tfstate plugin that reads `<env>/<layer>.tfstate`. */
export function funcPrefix(layer: Layer): string {
  return `${layer}_`;
}

/** `{{ <layer>_tfstate `output.NAME` }}`: a contract output of another stack. Only `output.<name>` is read. */
export function tfstateOutput(layer: Layer, output: string): string {
  return `{{ ${funcPrefix(layer)}tfstate \`output.${output}\` }}`;
}

/** `{{ must_env `NAME` }}` in a JSON definition (ecspresso panics, exit 2, when NAME is unset). */
export function mustEnv(name: string): string {
  return `{{ must_env \`${name}\` }}`;
}

/** `'{{ must_env "NAME" }}'` as a YAML scalar of the config file. */
export function mustEnvYaml(name: string): string {
  return `'{{ must_env "${name}" }}'`;
}

/** `{{ secretsmanager_arn `NAME` }}`: the full ARN (with the random suffix) of a Secrets Manager secret. */
export function secretsmanagerArn(name: string): string {
  return `{{ secretsmanager_arn \`${name}\` }}`;
}
