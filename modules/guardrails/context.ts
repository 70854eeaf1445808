/**
 * Index one synthesized stack for the rules: resources and data sources by address (with their construct
 * path), a reference graph (who points at whom through `${type.name.attr}` or depends_on), providers and the
 * backend as pseudo-resources so stack-level rules use the same machinery.
 */
import type { Block, Remote, Res, StackContext } from "./types";
import { blocks, strings } from "./values";

/** The subset of a synthesized `cdk.tf.json` the pack reads. */
export interface StackDoc {
  readonly "//"?: { readonly waivers?: unknown; readonly [k: string]: unknown };
  readonly terraform?: { readonly backend?: Record<string, Block>; readonly [k: string]: unknown };
  readonly resource?: Record<string, Record<string, Block>>;
  readonly data?: Record<string, Record<string, Block>>;
  readonly provider?: Record<string, unknown>;
  readonly [k: string]: unknown;
}

/** Pseudo-resource types for stack-level rules. */
export const BACKEND_TYPE = "terraform.backend.s3";
export const PROVIDER_TYPE = "provider.aws";

const REMOTE = /^\$\{data\.terraform_remote_state\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)\}$/;

/** The stacks of one evaluation by their backend state key (`dev/platform.tfstate`), for cross-stack values. */
export type StackByStateKey = (key: string) => { readonly ctx: StackContext; readonly outputs: Record<string, Block> } | undefined;

const INTERP = /\$\{([^}]*)\}/g;
const ADDR = /\b(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)/g;

function toRes(type: string, name: string, address: string, raw: Block, fallbackPath: string): Res {
  const { "//": meta, ...attrs } = raw;
  const path = (meta as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? fallbackPath;
  return { type, name, address, path, attrs };
}

/** Every `${…}` reference target address inside a value (resources and data sources). */
export function referencedAddresses(v: unknown): Set<string> {
  const out = new Set<string>();
  const text = JSON.stringify(v) ?? "";
  for (const m of text.matchAll(INTERP)) {
    for (const a of m[1].matchAll(ADDR)) out.add(`${a[1] ?? ""}${a[2]}.${a[3]}`);
  }
  return out;
}

export function buildContext(stack: string, json: StackDoc, byStateKey: StackByStateKey = () => undefined): StackContext & { readonly all: readonly Res[] } {
  const all: Res[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, raw] of Object.entries(byName)) all.push(toRes(type, name, `${type}.${name}`, raw, `${stack}/${type}.${name}`));
  }
  for (const [type, byName] of Object.entries(json.data ?? {})) {
    for (const [name, raw] of Object.entries(byName)) all.push(toRes(`data.${type}`, name, `data.${type}.${name}`, raw, `${stack}/data.${type}.${name}`));
  }
  const providers = new Map<string, Block>();
  for (const p of blocks(json.provider?.aws)) {
    const key = typeof p.alias === "string" ? `aws.${p.alias}` : "aws";
    providers.set(key, p);
    all.push(toRes(PROVIDER_TYPE, key, `provider.${key}`, p, `${stack}/provider.${key}`));
  }
  const backend = json.terraform?.backend;
  if (backend?.s3) all.push(toRes(BACKEND_TYPE, "s3", BACKEND_TYPE, backend.s3, stack));
  // Outputs are consumers too (an SG exported for ecspresso is used), but no rule evaluates them.
  const outputs: Res[] = Object.entries((json.output ?? {}) as Record<string, Block>).map(([name, o]) => toRes("output", name, `output.${name}`, o, `${stack}/output.${name}`));

  const byAddress = new Map(all.map((r) => [r.address, r]));
  const byType = new Map<string, Res[]>();
  for (const r of all) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
  const incoming = new Map<string, Res[]>();
  for (const r of [...all, ...outputs]) {
    const targets = referencedAddresses(r.attrs);
    for (const d of strings(r.attrs.depends_on)) targets.add(d);
    for (const t of targets) {
      if (t === r.address || !byAddress.has(t)) continue;
      incoming.set(t, [...(incoming.get(t) ?? []), r]);
    }
  }

  const remote = (value: unknown): Remote | undefined => {
    const m = typeof value === "string" ? REMOTE.exec(value.trim()) : null;
    if (!m) return undefined;
    const ds = byAddress.get(`data.terraform_remote_state.${m[1]}`);
    const key = (ds?.attrs.config as Block | undefined)?.key;
    if (typeof key !== "string") return { found: false, why: `data.terraform_remote_state.${m[1]} has no literal state key` };
    const writer = byStateKey(key);
    if (!writer) return { found: false, why: `the stack writing ${key} is not part of this evaluation` };
    const out = writer.outputs[m[2]];
    if (!out) return { found: false, why: `${writer.ctx.stack} has no output "${m[2]}" (contract mismatch)` };
    return { found: true, stack: writer.ctx.stack, output: m[2], value: out.value, res: writer.ctx.deref(out.value), ctx: writer.ctx };
  };

  return {
    stack,
    all,
    remote,
    byAddress,
    backend,
    ofType: (type) => byType.get(type) ?? [],
    referrers: (address, type) => (incoming.get(address) ?? []).filter((r) => !type || r.type === type),
    deref: (value) => {
      if (typeof value !== "string") return undefined;
      const m = /^\$\{((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][\w-]*)(?:\.[\w.[\]*]+)?\}$/.exec(value.trim());
      return m ? byAddress.get(m[1]) : undefined;
    },
    provider: (key) => providers.get(key),
  };
}
