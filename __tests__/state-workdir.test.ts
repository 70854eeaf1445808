/**
 * scripts/lib/state-workdir.ts, the working directory scripts/state.sh reads a stack's state through: its S3 backend
 * block equals the synthesized backend of every environment stack, and the emulator environment's carries the
 * emulator endpoints. state.sh itself (stub terraform, argument vectors, refusals):
 * __tests__/integration/state-script.test.ts; against moto with the real terraform: state-script-real.test.ts.
 */
import { allStacks, loadConfig } from "./helpers/synth";
import { backendConfig, s3Backend } from "../scripts/lib/state-workdir";
import type { Layer } from "../foundation/contract";

describe("the state working directory's backend", () => {
  test("the backend block equals the synthesized backend of every environment stack", () => {
    const { envs, accounts } = loadConfig();
    let n = 0;
    for (const [name, st] of allStacks()) {
      const m = /^([a-z0-9-]+)-(network|platform|edge|ci|security)$/.exec(name);
      const env = m && envs.find((e) => e.name === m[1]);
      if (!env) continue;
      expect(s3Backend(env, accounts.get(env.account)!, m[2] as Layer)).toEqual(st.json.terraform!.backend!.s3);
      n++;
    }
    expect(n).toBeGreaterThanOrEqual(envs.length * 2);
  });

  test("the emulator environment's backend carries the emulator endpoints", () => {
    const { envs, accounts } = loadConfig();
    const local = envs.find((e) => e.name === "local")!;
    const cfg = backendConfig(local, accounts.get(local.account)!, "platform") as { terraform: { backend: { s3: Record<string, unknown> } } };
    expect(cfg.terraform.backend.s3).toMatchObject({
      bucket: "acme-tfstate-local",
      key: "local/platform.tfstate",
      endpoints: { s3: local.emulator!.endpoint },
      use_path_style: true,
    });
  });
});
