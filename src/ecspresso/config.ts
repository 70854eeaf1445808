/**
 * ecspresso.yml. v2 cannot call `tfstate` in the config (kayac/ecspresso#852), so region and cluster come from
 * the environment the wrapper exports (`AWS_REGION`, `ECS_CLUSTER`); one tfstate plugin per stack whose outputs
 * the definitions read, pointed at that stack's exact S3 backend key.
 */
import type { Layer } from "../../foundation/contract";
import { stateUrl } from "../../foundation/contract";
import type { ServiceContext } from "./context";
import { funcPrefix, mustEnvYaml } from "./templates";
import { deploymentProfile } from "./variants";

export const REQUIRED_VERSION = ">= 2.8.0, < 3";
/** Above health-check grace + deregistration delay + stop timeout of a rollout (asserted in tests). */
export const TIMEOUT = "10m";
export const TASK_DEFINITION_FILE = "taskdef.json";
export const SERVICE_DEFINITION_FILE = "servicedef.json";

export interface EcspressoConfig {
  required_version: string;
  region: string;
  cluster: string;
  service: string;
  task_definition: string;
  service_definition: string;
  timeout: string;
  /** CODE_DEPLOY services only: which application/deployment group ecspresso deploys through. */
  codedeploy?: { application_name: string; deployment_group_name: string };
  plugins: { name: "tfstate"; config: { url: string }; func_prefix: string }[];
}

/** The config as data (template actions as strings), in file order. */
export function ecspressoConfig(ctx: ServiceContext, reads: Iterable<Layer>): EcspressoConfig {
  const { codedeploy } = deploymentProfile(ctx);
  return {
    required_version: REQUIRED_VERSION,
    region: '{{ must_env "AWS_REGION" }}',
    cluster: '{{ must_env "ECS_CLUSTER" }}',
    service: ctx.name,
    task_definition: TASK_DEFINITION_FILE,
    service_definition: SERVICE_DEFINITION_FILE,
    timeout: TIMEOUT,
    ...(codedeploy ? { codedeploy: { ...codedeploy } } : {}),
    plugins: [...reads].map((layer) => ({
      name: "tfstate" as const,
      config: { url: stateUrl(ctx.account.stateBucket, ctx.env.name, layer) },
      func_prefix: funcPrefix(layer),
    })),
  };
}

/**
 * YAML text. Written by hand (not by a YAML library) so quoting is fixed: every template action is a quoted
 * scalar, valid YAML before templating. Tests parse it back and compare with `ecspressoConfig`.
 */
export function configYaml(cfg: EcspressoConfig, header: string): string {
  const lines = [
    ...header.split("\n").map((l) => `# ${l}`.trimEnd()),
    `required_version: "${cfg.required_version}"`,
    `region: ${mustEnvYaml("AWS_REGION")}`,
    `cluster: ${mustEnvYaml("ECS_CLUSTER")}`,
    `service: ${cfg.service}`,
    `task_definition: ${cfg.task_definition}`,
    `service_definition: ${cfg.service_definition}`,
    `timeout: "${cfg.timeout}"`,
    ...(cfg.codedeploy
      ? ["codedeploy:", `  application_name: ${cfg.codedeploy.application_name}`, `  deployment_group_name: ${cfg.codedeploy.deployment_group_name}`]
      : []),
    "plugins:",
    ...cfg.plugins.flatMap((p) => [
      `  - name: ${p.name}`,
      "    config:",
      `      url: ${p.config.url}`,
      `    func_prefix: ${p.func_prefix}`,
    ]),
  ];
  return lines.join("\n") + "\n";
}
