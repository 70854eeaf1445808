/**
 * App wiring: which stacks exist for which environment. `main.ts` calls `buildApp`; tests call it on a
 * `Testing.app()`. Config is validated before any construct is created, so a bad value writes nothing.
 */
import { Aspects, type App } from "../foundation/cdk";
import { loadConfig, type EnvInput, type AccountInput } from "../envs";
import { github as githubRepo, loadGithub, type GithubInput } from "../envs/github";
import { PermissionsBoundaryAspect } from "../modules/ci/boundary";
import { PhysicalNames } from "../foundation/contract";
import { envPrefix } from "../foundation/names";
import { BootstrapStack } from "./stacks/bootstrap-stack";
import { CiStack } from "./stacks/ci-stack";
import { GithubStack } from "./stacks/github-stack";
import { NetworkStack } from "./stacks/network-stack";
import { DataStack, hasData } from "./stacks/data-stack";
import { PlatformStack } from "./stacks/platform-stack";
import { SecurityStack } from "./stacks/security-stack";
import { EdgeStack } from "./stacks/edge-stack";
import { IdentityStack } from "./stacks/identity-stack";
import { ServerlessStack } from "./stacks/serverless-stack";
import type { EnvStack } from "./stacks/env-stack";
import { ConfigError } from "../foundation/errors";
import { recordWaivers } from "../modules/guardrails/record";

export interface BuildOptions {
  /** Environments to build. @default every environment in envs/ */
  readonly envs?: readonly EnvInput[];
  readonly accounts?: readonly AccountInput[];
  /** The GitHub repository settings. @default envs/github.ts */
  readonly github?: GithubInput;
  /** Only build these environment names (others are still validated). @default all */
  readonly only?: readonly string[];
}

export interface BuiltEnv {
  readonly network: NetworkStack;
  /** `<env>-data`, when the environment declares data stores. */
  readonly data?: DataStack;
  readonly platform: PlatformStack;
  readonly edge?: EdgeStack;
  readonly identity?: IdentityStack;
  readonly serverless?: ServerlessStack;
  readonly stacks: EnvStack[];
}

export function buildApp(app: App, opts: BuildOptions = {}) {
  const { envs, accounts } = loadConfig(opts.envs, opts.accounts);
  const github = loadGithub(opts.github ?? githubRepo, envs, accounts);
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
    // Apply order network → data → platform → edge: each reads only earlier layers (remote state).
    const data = hasData(env) ? new DataStack(app, { env, account }) : undefined;
    const platform = new PlatformStack(app, { env, account });
    const edge = env.edge.enabled ? new EdgeStack(app, { env, account }) : undefined;
    const stacks: EnvStack[] = [network, ...(data ? [data] : []), platform, ...(edge ? [edge] : [])];
    // Identity (Cognito) before the platform; the serverless tier after it (foundation/contract.ts LAYERS).
    const identity = env.identity ? new IdentityStack(app, { env, account }) : undefined;
    const serverless = env.serverless ? new ServerlessStack(app, { env, account }) : undefined;
    if (identity) stacks.push(identity);
    if (serverless) stacks.push(serverless);
    // The account security baseline, only where config asks for it (one env per account and region).
    if (env.security.baseline) stacks.push(new SecurityStack(app, { env, account }));
    built.set(env.name, { network, data, platform, edge, identity, serverless, stacks });
  }

  // CI access per environment. Every other stack of a CI-enabled environment is applied by its deploy role,
  // which creates roles only under the permissions boundary: put it on each of their roles.
  for (const env of selected.filter((e) => e.ci.enabled)) {
    const account = accounts.get(env.account)!;
    const b = built.get(env.name)!;
    const boundaryArn = `arn:aws:iam::${account.id}:policy/${PhysicalNames.ciBoundaryPolicy(envPrefix(env))}`;
    for (const s of b.stacks) Aspects.of(s).add(new PermissionsBoundaryAspect(boundaryArn));
    b.stacks.push(new CiStack(app, { env, account, github }));
  }
  // Repository settings read every CI-enabled environment's state: only when no environment filter is set.
  const githubStack = opts.only ? undefined : new GithubStack(app, { github, envs: envs.filter((e) => e.ci.enabled), accounts });
  // Last: copy every waive() into its stack's JSON for the policy pack (modules/guardrails).
  recordWaivers(app);
  return { envs: selected, accounts, bootstraps, built, github: githubStack };
}
