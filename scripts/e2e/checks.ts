/**
 * Pure checks of the e2e suite (no I/O), unit-tested in __tests__/e2e-checks.test.ts:
 *  - outputsProblems: a deployed stack's `terraform output -json` against the outputs contract;
 *  - parseGaps / planProblems: `terraform show -json <plan>` against the documented emulator gaps.
 * Every problem names the stack, the output / resource and the attribute.
 */
import * as contract from "../../foundation/contract";

// ---------------------------------------------------------------------------------------------------------
// Outputs contract
// ---------------------------------------------------------------------------------------------------------

/**
 * Every output name foundation/contract.ts defines for the given services: the string values of each exported
 * `<Layer>Out` object, and its per-service functions applied to every service.
 */
export function contractOutputNames(services: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const [exportName, value] of Object.entries(contract)) {
    if (!exportName.endsWith("Out") || typeof value !== "object" || value === null) continue;
    for (const v of Object.values(value as Record<string, unknown>)) {
      if (typeof v === "string") names.add(v);
      else if (typeof v === "function") for (const s of services) names.add((v as (svc: string) => string)(s));
    }
  }
  return names;
}

export type TerraformOutputs = Record<string, { value: unknown; type?: unknown; sensitive?: boolean }>;

/**
 * Problems of one stack's outputs:
 *  - an output the synthesized stack declares is missing from the state or null;
 *  - an output name that is not a contract name (emitted with an inline string instead of foundation/contract.ts);
 *  - a name read by a consumer (ecspresso definitions) is missing.
 */
export function outputsProblems(args: {
  stack: string;
  declared: readonly string[];
  actual: TerraformOutputs;
  contractNames: ReadonlySet<string>;
  readByConsumers?: readonly { name: string; reader: string }[];
}): string[] {
  const problems: string[] = [];
  for (const name of args.declared) {
    if (!(name in args.actual)) problems.push(`${args.stack}: output "${name}" is declared by the stack but missing from its state`);
    else if (args.actual[name].value === null || args.actual[name].value === undefined) problems.push(`${args.stack}: output "${name}" is null in the state`);
  }
  for (const name of Object.keys(args.actual)) {
    if (!args.contractNames.has(name)) problems.push(`${args.stack}: output "${name}" is not a contract output name (define it in foundation/contract.ts)`);
  }
  for (const { name, reader } of args.readByConsumers ?? []) {
    if (!(name in args.actual)) problems.push(`${args.stack}: output "${name}" read by ${reader} is missing from the state`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// Plan check against docs/emulator-gaps.md
// ---------------------------------------------------------------------------------------------------------

export interface Gap {
  /** A resource type (`aws_lb_listener`) or a full address; `*` in an address matches any run of characters. */
  readonly resource: string;
  /** A top-level attribute name, or `*` for the whole resource (create/replace/delete). */
  readonly attribute: string;
  readonly evidence: string;
}

const GAPS_HEADING = /^##\s+Plan differences/i;

/**
 * Rows of the table under "## Plan differences" in docs/emulator-gaps.md:
 * `| resource | attribute | evidence |`. Backquotes are stripped. A row without evidence is rejected.
 */
export function parseGaps(markdown: string): Gap[] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => GAPS_HEADING.test(l));
  if (start < 0) throw new Error('docs/emulator-gaps.md has no "## Plan differences" section');
  const gaps: Gap[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^##\s/.test(line)) break;
    if (!line.trim().startsWith("|")) continue;
    const cells = line.trim().replace(/^\||\|$/g, "").split("|").map((c) => c.trim().replace(/`/g, ""));
    if (cells.length < 3 || /^-+$/.test(cells[0]) || cells[0].toLowerCase() === "resource") continue;
    const [resource, attribute, evidence] = cells;
    if (!evidence) throw new Error(`docs/emulator-gaps.md: the gap ${resource}.${attribute} has no evidence`);
    gaps.push({ resource, attribute, evidence });
  }
  return gaps;
}

export interface PlanJson {
  resource_changes?: {
    address: string;
    type: string;
    mode?: string;
    change: { actions: string[]; before: unknown; after: unknown; after_unknown?: unknown; replace_paths?: unknown[][] };
  }[];
  output_changes?: Record<string, { actions: string[] }>;
}

export interface PlanDifference {
  readonly address: string;
  readonly type: string;
  readonly actions: readonly string[];
  /** Changed top-level attributes; `*` when the whole resource is created, replaced or deleted. */
  readonly attributes: readonly string[];
}

function asObject(v: unknown): Record<string, unknown> {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The differences a plan reports, attribute by attribute. */
export function planDifferences(plan: PlanJson): PlanDifference[] {
  const out: PlanDifference[] = [];
  for (const rc of plan.resource_changes ?? []) {
    const actions = rc.change.actions;
    if (rc.mode === "data" || actions.every((a) => a === "no-op" || a === "read")) continue;
    let attributes: string[];
    if (actions.includes("create") || actions.includes("delete")) {
      attributes = ["*"];
    } else {
      const before = asObject(rc.change.before);
      const after = asObject(rc.change.after);
      const unknown = asObject(rc.change.after_unknown);
      const keys = new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)]);
      attributes = [...keys].filter((k) => unknown[k] === true || JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
    }
    out.push({ address: rc.address, type: rc.type, actions, attributes });
  }
  for (const [name, oc] of Object.entries(plan.output_changes ?? {})) {
    if (oc.actions.every((a) => a === "no-op")) continue;
    out.push({ address: `output.${name}`, type: "output", actions: oc.actions, attributes: ["value"] });
  }
  return out;
}

function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return re.test(value);
}

function gapCovers(gap: Gap, d: PlanDifference, attribute: string): boolean {
  const resourceMatches = gap.resource === d.type || globMatch(gap.resource, d.address);
  return resourceMatches && (gap.attribute === "*" || gap.attribute === attribute);
}

/** Differences not explained by a documented gap, one message per resource and attribute. */
export function planProblems(stack: string, plan: PlanJson, gaps: readonly Gap[]): { problems: string[]; explained: string[] } {
  const problems: string[] = [];
  const explained: string[] = [];
  for (const d of planDifferences(plan)) {
    for (const attr of d.attributes.length ? d.attributes : ["*"]) {
      const gap = gaps.find((g) => gapCovers(g, d, attr));
      const what = `${stack}: ${d.address} ${attr === "*" ? `(${d.actions.join("/")})` : `attribute "${attr}" (${d.actions.join("/")})`}`;
      if (gap) explained.push(`${what} — documented emulator gap (${gap.resource} ${gap.attribute})`);
      else problems.push(`${what} differs after deploy and is not a documented emulator gap (docs/emulator-gaps.md)`);
    }
  }
  return { problems, explained };
}

// ---------------------------------------------------------------------------------------------------------
// State object encryption
// ---------------------------------------------------------------------------------------------------------

/** The fields of `aws s3api head-object` this check reads. */
export interface HeadObject {
  readonly ServerSideEncryption?: string;
  readonly SSEKMSKeyId?: string;
}

/**
 * Problems of one state or lock object's encryption: it must be SSE-KMS with the account's state CMK. `keyIds`
 * are the accepted spellings of that key (its key ARN, alias ARN); S3 reports the key ARN, an emulator may echo
 * what was sent.
 */
export function encryptionProblems(object: string, head: HeadObject, keyIds: readonly string[]): string[] {
  if (head.ServerSideEncryption !== "aws:kms") {
    return [`${object}: ServerSideEncryption is ${head.ServerSideEncryption ?? "absent"}, expected aws:kms with the state CMK (backend kms_key_id)`];
  }
  if (!head.SSEKMSKeyId || !keyIds.includes(head.SSEKMSKeyId)) {
    return [`${object}: encrypted with ${head.SSEKMSKeyId ?? "an unnamed key"}, expected the state CMK (${keyIds.join(" or ")})`];
  }
  return [];
}
