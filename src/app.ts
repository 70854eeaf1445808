/**
 * App wiring: which stacks exist for which environment. `main.ts` calls `buildApp`; tests call it on a
 * `Testing.app()`. Config is validated before any construct is created, so a bad value writes nothing.
 */
import type { App } from "./cdk";
import { loadConfig, type EnvInput, type AccountInput } from "../envs";
import { BootstrapStack } from "./stacks/bootstrap-stack";
import { NetworkStack } from "./stacks/network-stack";
import { PlatformStack } from "./stacks/platform-stack";
import { EdgeStack } from "./stacks/edge-stack";
import type { EnvStack } from "./stacks/env-stack";
import { ConfigError } from "./errors";

export interface BuildOptions {
  /** Environments to build. @default every environment in envs/ */
  readonly envs?: readonly EnvInput[];
  readonly accounts?: readonly AccountInput[];
  /** Only build these environment names (others are still validated). @default all */
  readonly only?: readonly string[];
}

export interface BuiltEnv {
  readonly network: NetworkStack;
  readonly platform: PlatformStack;
  readonly edge?: EdgeStack;
  readonly stacks: EnvStack[];
}

export function buildApp(app: App, opts: BuildOptions = {}) {
  const { envs, accounts } = loadConfig(opts.envs, opts.accounts);
  const selected = opts.only ? envs.filter((e) => opts.only!.includes(e.name)) : envs;
  if (opts.only) {
    const unknown = opts.only.filter((n) => !envs.some((e) => e.name === n));
    if (unknown.length) {
      throw new ConfigError("SYNTH_ENVS", "E_UNKNOWN_ENV", `unknown environment(s) ${unknown.join(", ")}; known: ${envs.map((e) => e.name).join(", ")}`);
    }
  }

  // One bootstrap stack per account that hosts a selected environment.
  const bootstraps = new Map<string, BootstrapStack>();
  for (const env of selected) {
    const account = accounts.get(env.account)!;
    if (!bootstraps.has(account.name)) {
      bootstraps.set(account.name, new BootstrapStack(app, { account, emulator: env.emulator }));
    }
  }

  const built = new Map<string, BuiltEnv>();
  for (const env of selected) {
    const account = accounts.get(env.account)!;
    const network = new NetworkStack(app, { env, account });
    const platform = new PlatformStack(app, { env, account });
    const edge = env.edge.enabled ? new EdgeStack(app, { env, account }) : undefined;
    built.set(env.name, { network, platform, edge, stacks: edge ? [network, platform, edge] : [network, platform] });
  }
  return { envs: selected, accounts, bootstraps, built };
}
