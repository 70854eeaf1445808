/**
 * A small renderer for the ecspresso files this repository generates, following ecspresso v2's template and
 * tfstate-lookup rules (listed below; docs/ecspresso.md), so tests and the emulator harness can see exactly what
 * ecspresso would send without the ecspresso binary:
 *
 * - Go `text/template` actions over the raw file text: `{{ FUNC ARG… }}`, string arguments in backquotes or
 *   double quotes, parenthesised sub-calls, `|` pipes, `{{- … -}}` trimming, `{{ "{{" }}` literals. No
 *   control structures (the generated files use none); an unsupported action is an error, never skipped.
 * - Functions: `env` (first non-empty variable, else the last argument literally), `must_env` (unset → error;
 *   ecspresso panics with exit 2), `json_escape`, `secretsmanager_arn`, and `<prefix>tfstate` /
 *   `<prefix>tfstatef` for every tfstate plugin.
 * - tfstate lookups follow fujiwara/tfstate-lookup (`lookupState`): strings are returned as is, numbers as
 *   their decimal text, anything else as JSON text; a missing value is "<key> is not found in tfstate".
 *
 * `normalize` mirrors `ecspresso render` (first letters lower-cased, keys sorted, nulls and empty arrays
 * dropped) for comparisons with the real tool's output.
 */
import { parse as parseYaml } from "yaml";

export interface RenderFunctions {
  /** Process environment lookup (`undefined` = unset). Used by `env` and `must_env`. */
  readonly env: (name: string) => string | undefined;
  /**
   * `<prefix>tfstate` lookup: `prefix` is the plugin's func_prefix (`platform_`), `key` the address with `'`
   * already replaced by `"`. Return the raw value, or `undefined` when it is not in the state.
   */
  readonly tfstate?: (prefix: string, key: string) => unknown;
  /** `secretsmanager_arn NAME`: the secret's full ARN. */
  readonly secretsmanagerArn?: (name: string) => string;
}

export class RenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RenderError";
  }
}

// ---------------------------------------------------------------------------------------------------------
// Template evaluation
// ---------------------------------------------------------------------------------------------------------

type Token = { kind: "ident"; value: string } | { kind: "string"; value: string } | { kind: "open" | "close" | "pipe" };

function tokenize(src: string, action: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(" || c === ")") {
      out.push({ kind: c === "(" ? "open" : "close" });
      i++;
    } else if (c === "|") {
      out.push({ kind: "pipe" });
      i++;
    } else if (c === "`") {
      const end = src.indexOf("`", i + 1);
      if (end < 0) throw new RenderError(`unterminated raw string in {{${action}}}`);
      out.push({ kind: "string", value: src.slice(i + 1, end) });
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === "\\" ? 2 : 1;
      if (j >= src.length) throw new RenderError(`unterminated quoted string in {{${action}}}`);
      out.push({ kind: "string", value: JSON.parse(src.slice(i, j + 1)) as string });
      i = j + 1;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
      if (!m) throw new RenderError(`unsupported syntax at "${src.slice(i)}" in {{${action}}}`);
      out.push({ kind: "ident", value: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

/** ecspresso's tfstate function result: strings as is, numbers as text, other values as JSON. */
export function stringifyLookup(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return JSON.stringify(value);
}

/** Go's fmt.Sprintf for the `%s`/`%d`/`%v`/`%%` verbs tfstatef is used with. */
function sprintf(format: string, args: string[]): string {
  let n = 0;
  return format.replace(/%[sdv%]/g, (v) => (v === "%%" ? "%" : String(args[n++] ?? "%!v(MISSING)")));
}

class Evaluator {
  constructor(
    private readonly fns: RenderFunctions,
    private readonly action: string,
  ) {}

  call(name: string, args: string[]): string {
    const fns = this.fns;
    const need = (n: number) => {
      if (args.length !== n) throw new RenderError(`wrong number of args for ${name}: want ${n} got ${args.length} in {{${this.action}}}`);
    };
    switch (name) {
      case "env": {
        if (args.length === 0) throw new RenderError(`env needs at least one argument in {{${this.action}}}`);
        for (const k of args) {
          const v = fns.env(k);
          if (v) return v;
        }
        return args[args.length - 1];
      }
      case "must_env": {
        need(1);
        const v = fns.env(args[0]);
        if (v === undefined) throw new RenderError(`environment variable ${args[0]} is not defined`);
        return v;
      }
      case "json_escape":
        need(1);
        return JSON.stringify(args[0]).slice(1, -1);
      case "secretsmanager_arn":
        need(1);
        if (!fns.secretsmanagerArn) throw new RenderError(`function "secretsmanager_arn" not defined (no resolver given)`);
        return fns.secretsmanagerArn(args[0]);
    }
    const m = /^(.*)tfstate(f?)$/.exec(name);
    if (m && fns.tfstate) {
      const [, prefix, f] = m;
      if (!f) need(1);
      const key = (f ? sprintf(args[0], args.slice(1)) : args[0]).replace(/'/g, '"');
      const value = fns.tfstate(prefix, key);
      if (value === undefined || value === null) throw new RenderError(`${key} is not found in tfstate`);
      return stringifyLookup(value);
    }
    throw new RenderError(`function "${name}" not defined in {{${this.action}}}`);
  }

  /** pipeline := command ('|' command)* ; command := operand | ident operand* */
  pipeline(tokens: Token[], pos: number, stopAtClose: boolean): [string, number] {
    let value: string | undefined;
    let p = pos;
    for (;;) {
      const [v, next] = this.command(tokens, p, value);
      value = v;
      p = next;
      if (p < tokens.length && tokens[p].kind === "pipe") {
        p++;
        continue;
      }
      break;
    }
    if (!stopAtClose && p !== tokens.length) throw new RenderError(`unexpected token in {{${this.action}}}`);
    return [value, p];
  }

  private operand(tokens: Token[], p: number): [string, number] {
    const t = tokens[p];
    if (t?.kind === "string") return [t.value, p + 1];
    if (t?.kind === "open") {
      const [v, next] = this.pipeline(tokens, p + 1, true);
      if (tokens[next]?.kind !== "close") throw new RenderError(`missing ) in {{${this.action}}}`);
      return [v, next + 1];
    }
    throw new RenderError(`expected an argument in {{${this.action}}}`);
  }

  private command(tokens: Token[], p: number, piped: string | undefined): [string, number] {
    const t = tokens[p];
    if (!t) throw new RenderError(`empty command in {{${this.action}}}`);
    if (t.kind !== "ident") {
      if (piped !== undefined) throw new RenderError(`cannot pipe into a literal in {{${this.action}}}`);
      return this.operand(tokens, p);
    }
    const args: string[] = [];
    let q = p + 1;
    while (q < tokens.length && (tokens[q].kind === "string" || tokens[q].kind === "open")) {
      const [v, next] = this.operand(tokens, q);
      args.push(v);
      q = next;
    }
    if (piped !== undefined) args.push(piped);
    return [this.call(t.value, args), q];
  }
}

/** Evaluate every `{{ … }}` action of `text`. */
export function renderTemplate(text: string, fns: RenderFunctions): string {
  let out = "";
  let i = 0;
  for (;;) {
    const start = text.indexOf("{{", i);
    if (start < 0) return out + text.slice(i);
    const end = findActionEnd(text, start + 2);
    let body = text.slice(start + 2, end);
    let before = text.slice(i, start);
    let next = end + 2;
    if (body.startsWith("- ")) {
      before = before.trimEnd();
      body = body.slice(1);
    }
    if (body.endsWith(" -")) {
      body = body.slice(0, -1);
      while (next < text.length && /\s/.test(text[next])) next++;
    }
    if (/^\s*\/\*/.test(body)) {
      out += before; // {{/* comment */}}
    } else {
      const ev = new Evaluator(fns, body);
      out += before + ev.pipeline(tokenize(body, body), 0, false)[0];
    }
    i = next;
  }
}

/** End of an action, skipping `}}` inside string literals. */
function findActionEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === "`") {
      const e = text.indexOf("`", i + 1);
      if (e < 0) break;
      i = e + 1;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      i++;
    } else if (text.startsWith("}}", i)) {
      return i;
    } else i++;
  }
  throw new RenderError(`unclosed action starting at "${text.slice(from - 2, from + 40)}"`);
}

/** A JSON definition (task or service), templated then parsed. */
export function renderDefinition(text: string, fns: RenderFunctions): Record<string, unknown> {
  const rendered = renderTemplate(text, fns);
  try {
    return JSON.parse(rendered) as Record<string, unknown>;
  } catch (e) {
    throw new RenderError(`rendered definition is not valid JSON: ${(e as Error).message}`);
  }
}

/** The YAML config (ecspresso.yml), templated then parsed. Plugin functions are not available there (v2). */
export function renderConfig(text: string, env: RenderFunctions["env"]): Record<string, unknown> {
  return parseYaml(renderTemplate(text, { env })) as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------------------
// tfstate lookups (fujiwara/tfstate-lookup semantics on a Terraform state v4 document)
// ---------------------------------------------------------------------------------------------------------

export interface TerraformState {
  readonly outputs?: Record<string, { value: unknown; type?: unknown; sensitive?: boolean }>;
  readonly resources?: readonly {
    module?: string;
    mode: "managed" | "data";
    type: string;
    name: string;
    each?: "list" | "map";
    instances: readonly { index_key?: string | number; attributes?: Record<string, unknown> }[];
  }[];
}

/** Split on dots outside brackets and quotes: `a["x.y"].b[0]` → [`a["x.y"]`, `b[0]`]. */
function splitAddress(key: string): string[] {
  const parts: string[] = [];
  let cur = "";
  let depth = 0;
  let quote = false;
  for (let i = 0; i < key.length; i++) {
    const c = key[i];
    if (quote) {
      cur += c;
      if (c === "\\") cur += key[++i] ?? "";
      else if (c === '"') quote = false;
    } else if (c === '"') {
      quote = true;
      cur += c;
    } else if (c === "[") {
      depth++;
      cur += c;
    } else if (c === "]") {
      depth--;
      cur += c;
    } else if (c === "." && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

type Step = { key: string } | { index: number | string };

/** `name[0]["k"]` → [{key:"name"}, {index:0}, {index:"k"}] */
function parseSegment(seg: string, whole: string): Step[] {
  const m = /^([^[\]]*)((?:\[[^\]]*\])*)$/.exec(seg);
  if (!m) throw new RenderError(`invalid address: ${whole}`);
  const steps: Step[] = m[1] ? [{ key: m[1] }] : [];
  for (const [, idx] of m[2].matchAll(/\[([^\]]*)\]/g)) {
    if (/^-?\d+$/.test(idx)) steps.push({ index: Number(idx) });
    else if (/^".*"$/.test(idx)) steps.push({ index: JSON.parse(idx) as string });
    else throw new RenderError(`invalid index [${idx}] in ${whole}`);
  }
  return steps;
}

function applyPath(value: unknown, steps: readonly Step[]): unknown {
  let v = value;
  for (const s of steps) {
    if (v === null || v === undefined) return undefined;
    if ("key" in s) {
      v = typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>)[s.key] : undefined;
    } else if (typeof s.index === "number") {
      if (!Array.isArray(v)) return undefined;
      v = v[s.index < 0 ? v.length + s.index : s.index];
    } else {
      v = typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>)[s.index] : undefined;
    }
  }
  return v;
}

/**
 * Look `key` up in a state document: `output.NAME[.path]`, or
 * `[module.M[idx].…][data.]TYPE.NAME[idx][.attr path]` (without an index on a counted/for_each resource: the
 * list or map of its instances). Returns `undefined` when nothing matches.
 */
export function lookupState(state: TerraformState, key: string): unknown {
  const parts = splitAddress(key);
  if (parts[0] === "output") {
    if (parts.length < 2) throw new RenderError(`invalid address: ${key}`);
    const [first, ...rest] = parseSegment(parts[1], key);
    const out = "key" in first ? state.outputs?.[first.key] : undefined;
    if (!out) return undefined;
    return applyPath(out.value, [...rest, ...parts.slice(2).flatMap((p) => parseSegment(p, key))]);
  }
  let i = 0;
  const modules: string[] = [];
  while (parts[i] === "module") {
    if (!parts[i + 1]) throw new RenderError(`invalid address: ${key}`);
    modules.push(`module.${parts[i + 1]}`);
    i += 2;
  }
  const mode = parts[i] === "data" ? "data" : "managed";
  if (mode === "data") i++;
  const type = parts[i];
  const nameSeg = parts[i + 1];
  if (!type || !nameSeg) throw new RenderError(`invalid address: ${key}`);
  const [nameStep, ...idx] = parseSegment(nameSeg, key);
  if (!nameStep || !("key" in nameStep)) throw new RenderError(`invalid address: ${key}`);
  const modulePath = modules.join(".");
  const res = state.resources?.find(
    (r) => (r.module ?? "") === modulePath && r.mode === mode && r.type === type && r.name === nameStep.key,
  );
  if (!res) return undefined;
  let attrs: unknown;
  if (idx.length) {
    const want = (idx[0] as { index: number | string }).index;
    attrs = res.instances.find((inst) => inst.index_key === want)?.attributes;
  } else if (!res.each) {
    attrs = res.instances[0]?.attributes;
  } else if (res.each === "list") {
    attrs = res.instances.map((inst) => inst.attributes);
  } else {
    attrs = Object.fromEntries(res.instances.map((inst) => [String(inst.index_key), inst.attributes]));
  }
  let rest = parts.slice(i + 2).flatMap((p) => parseSegment(p, key));
  // terraform_remote_state keeps its outputs as {value, type}; tfstate-lookup reads through the wrapper.
  if (type === "terraform_remote_state" && rest[0] && "key" in rest[0] && rest[0].key === "outputs") {
    const o = applyPath(attrs, [rest[0]]) as { value?: unknown; type?: unknown } | undefined;
    if (o && typeof o === "object" && "value" in o && "type" in o) {
      attrs = { outputs: o.value };
    }
  }
  rest = idx.slice(1).concat(rest);
  return applyPath(attrs, rest);
}

/** A `tfstate` resolver for `RenderFunctions`: func_prefix → state document. */
export function stateResolver(states: Readonly<Record<string, TerraformState>>): NonNullable<RenderFunctions["tfstate"]> {
  return (prefix, key) => {
    const state = states[prefix];
    if (!state) throw new RenderError(`function "${prefix}tfstate" not defined (no tfstate plugin with func_prefix "${prefix}")`);
    return lookupState(state, key);
  };
}

// ---------------------------------------------------------------------------------------------------------
// `ecspresso render` normalisation
// ---------------------------------------------------------------------------------------------------------

/** String maps whose keys ecspresso keeps verbatim. */
const VERBATIM_MAPS = new Set(["dockerLabels", "options"]);

/** First letters lower-cased, keys sorted, nulls and empty arrays removed (as `ecspresso render` prints). */
export function normalize(value: unknown, verbatim = false): unknown {
  if (Array.isArray(value)) return value.map((v) => normalize(v));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[k];
    if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    const key = verbatim ? k : k.charAt(0).toLowerCase() + k.slice(1);
    out[key] = normalize(v, VERBATIM_MAPS.has(key));
  }
  return out;
}
