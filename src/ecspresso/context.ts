/**
 * What every ecspresso builder receives: the parsed environment, its account, one service, and a record of
 * which stacks' states the generated definitions read (each becomes one `tfstate` plugin in ecspresso.yml).
 */
import type { Account, EnvConfig, ServiceConfig } from "../../envs";
import { envPrefix } from "../../foundation/names";
import { resolveService, type ResolvedService } from "../../envs/resolve";
import type { Layer } from "../../foundation/contract";
import { tfstateOutput } from "./templates";

export class ServiceContext {
  /** Layers whose state the definitions read, in first-use order. */
  readonly reads = new Set<Layer>();
  /** `output.<name>` keys read per layer (the contract test checks each against the synthesized stack). */
  readonly outputs = new Map<Layer, Set<string>>();
  /** The service with every derived value and default resolved (envs/resolve.ts). */
  readonly resolved: ResolvedService;

  constructor(
    readonly env: EnvConfig,
    readonly account: Account,
    readonly name: string,
    readonly svc: ServiceConfig,
  ) {
    this.resolved = resolveService(env, name);
  }

  /** The physical-name prefix `<project>-<env>`. */
  get prefix(): string {
    return envPrefix(this.env);
  }

  /** Task size: the service's own, else the environment's default. */
  get size(): { cpu: number; memory: number } {
    return this.resolved.size;
  }

  /** Target group deregistration delay: the service's own, else the environment's default. */
  get deregistrationDelaySeconds(): number {
    return this.resolved.deregistrationDelaySeconds;
  }

  /**
   * A template action reading contract output `output` of `<env>-<layer>` (element `index` of a list output);
   * records the read (the output name, without the index).
   */
  ref(layer: Layer, output: string, index?: number): string {
    this.reads.add(layer);
    let set = this.outputs.get(layer);
    if (!set) this.outputs.set(layer, (set = new Set()));
    set.add(output);
    return tfstateOutput(layer, index === undefined ? output : `${output}[${index}]`);
  }

  /** Tags on the task definition and the service (sorted, so generated files are stable). */
  tags(): { key: string; value: string }[] {
    const all: Record<string, string> = {
      ...this.env.tags,
      Project: this.env.project,
      Environment: this.env.name,
      Service: this.name,
      ManagedBy: "ecspresso",
    };
    return Object.keys(all)
      .sort()
      .map((key) => ({ key, value: all[key] }));
  }
}
