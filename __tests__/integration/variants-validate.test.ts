/**
 * `terraform validate` (the real CLI) of the Fargate / blue-green variants the real environments do not deploy
 * yet. The synthesized JSON of each variant is checked property by property in __tests__/fargate.test.ts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EnvInput } from "../../envs";
import { staging } from "../../envs/web/staging";
import { fargateBackend, messagingBlueGreen, spotEditor } from "../../envs/presets";
import { terraformEnv, tf } from "../../scripts/lib/terraform";
import { synthAll } from "../../scripts/lib/synth";
import { clone, envsWith } from "../helpers/platform";

type R = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const mutate = (base: EnvInput, f: (e: R) => void): EnvInput => {
  const e = clone(base) as R;
  f(e);
  return e as EnvInput;
};

describe("terraform validate of the variants the real environments do not deploy yet", () => {
  // Staging (HTTPS, real AWS) with every preset and the services existing: Fargate, Fargate Spot with an
  // on-demand base and exec, and blue/green with its deployment group and an HTTPS test listener.
  const input = mutate(staging, (e) => {
    e.scaling = { ...e.scaling, attach: true };
    e.services.api = fargateBackend();
    e.services.messaging = { ...messagingBlueGreen(["203.0.113.0/24"]), deployment: { type: "blue-green", config: "linear-10-1m", testListenerCidrs: ["203.0.113.0/24"] } };
    e.services.editor = { ...spotEditor(), compute: { type: "fargate-spot", onDemandBase: 1 } };
  });

  test("staging-platform with api, messaging (deployment group) and editor is valid", () => {
    const dir = mkdtempSync(join(tmpdir(), "fargate-validate-"));
    try {
      const [platform] = synthAll(dir, { envs: envsWith(input), only: ["staging"] }).filter((s) => s.name === "staging-platform");
      expect(Object.keys(platform.json.resource?.aws_codedeploy_deployment_group ?? {})).toHaveLength(1);
      const env = terraformEnv();
      const init = tf(["init", "-backend=false", "-input=false", "-no-color"], platform.dir, env);
      expect(init.status === 0 ? "" : init.stderr).toBe("");
      const v = tf(["validate", "-json", "-no-color"], platform.dir, env);
      const parsed = JSON.parse(v.stdout) as { valid: boolean; diagnostics: { severity: string; summary: string }[] };
      expect(parsed.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(parsed.valid).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
