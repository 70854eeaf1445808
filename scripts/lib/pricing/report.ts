/**
 * Rendering of estimates: the terminal report of `npm run cost`, its JSON summary (what CI compares between the
 * pull request's base and head) and the Markdown of the PR comment.
 */
import type { EnvConfig } from "../../../envs";
import { readFileSync, existsSync, statSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { estimateEnv, verdict, type Estimate } from "./estimate";
import { PRICES_AS_OF } from "./table";
import type { StackJson } from "../synth";

const usd = (n: number) => `$${n.toFixed(2)}`;
const qty = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(n < 1 ? 4 : 2));

/** Every environment, grouped by system in config order. */
export function estimateAll(envs: readonly EnvConfig[], stacks: ReadonlyMap<string, StackJson>): Estimate[] {
  return envs.map((e) => estimateEnv(e, stacks));
}

export function formatEstimate(e: Estimate, opts: { lines?: boolean } = {}): string {
  const out: string[] = [];
  out.push(`== ${e.system} / ${e.env} (${e.region}): ${usd(e.total)} per month; budget ${e.budget === undefined ? "none" : usd(e.budget)}`);
  if (opts.lines !== false) {
    const w = Math.max(...e.lines.map((l) => l.item.length), 10);
    for (const l of e.lines) {
      out.push(`  ${l.stack.padEnd(20)} ${l.item.padEnd(w)}  ${qty(l.quantity).padStart(9)} ${l.unit.padEnd(18)} × ${String(l.unitPrice).padEnd(12)} = ${usd(l.monthly).padStart(10)}`);
    }
    out.push(`  ${"total".padEnd(20)} ${"".padEnd(w)}  ${"".padStart(9)} ${"".padEnd(18)}   ${"".padEnd(12)}   ${usd(e.total).padStart(10)}`);
  }
  out.push(`  ${verdict(e)}`);
  if (e.levers.length) {
    out.push("  largest levers:");
    for (const l of e.levers.slice(0, 5)) out.push(`    - ${l.change}: −${usd(l.saving)} (${l.tradeOff})`);
  }
  return out.join("\n");
}

export function formatSummary(all: readonly Estimate[]): string {
  const out = [`prices as of ${PRICES_AS_OF} (scripts/lib/pricing/table.ts); usage assumptions per environment in envs/ (usage)`, ""];
  out.push(`${"system".padEnd(10)} ${"environment".padEnd(18)} ${"estimate".padStart(10)} ${"budget".padStart(10)}  status`);
  for (const e of all) {
    const status = e.emulator ? "emulator (no AWS bill)" : e.budget === undefined ? "no budget" : e.total <= e.budget ? "within budget" : `OVER by ${usd(e.total - e.budget)}`;
    out.push(`${e.system.padEnd(10)} ${e.env.padEnd(18)} ${usd(e.total).padStart(10)} ${(e.budget === undefined ? "-" : usd(e.budget)).padStart(10)}  ${status}`);
  }
  return out.join("\n");
}

/** The JSON summary CI keeps for base and head: totals, budgets and per-category sums. */
export interface CostSummary {
  readonly pricesAsOf: string;
  readonly envs: Record<string, { system: string; total: number; budget?: number; emulator: boolean; byCategory: Record<string, number> }>;
}

export function summarize(all: readonly Estimate[]): CostSummary {
  const envs: CostSummary["envs"] = {};
  for (const e of all) {
    const byCategory: Record<string, number> = {};
    for (const l of e.lines) byCategory[l.category] = Math.round(((byCategory[l.category] ?? 0) + l.monthly) * 100) / 100;
    envs[e.env] = { system: e.system, total: Math.round(e.total * 100) / 100, budget: e.budget, emulator: e.emulator, byCategory };
  }
  return { pricesAsOf: PRICES_AS_OF, envs };
}

/**
 * Markdown for the pull request comment: per environment base → head and the change, the categories that moved,
 * budget status, and the link to the environment's architecture diagram.
 */
export function costDiffMarkdown(base: CostSummary | undefined, head: CostSummary, diagramUrl: (env: string) => string): string {
  const sign = (n: number) => (n > 0.005 ? `+${usd(n)}` : n < -0.005 ? `−${usd(-n)}` : "±$0.00");
  const rows = ["| environment | base | head | change | budget | moved | diagram |", "|---|---:|---:|---:|---:|---|---|"];
  for (const [env, h] of Object.entries(head.envs)) {
    const b = base?.envs[env];
    const change = h.total - (b?.total ?? 0);
    const cats = new Set([...Object.keys(h.byCategory), ...Object.keys(b?.byCategory ?? {})]);
    const moved = !b ? "" : [...cats]
      .map((c) => [c, (h.byCategory[c] ?? 0) - (b?.byCategory[c] ?? 0)] as const)
      .filter(([, d]) => Math.abs(d) >= 0.01)
      .sort((x, y) => Math.abs(y[1]) - Math.abs(x[1]) || x[0].localeCompare(y[0]))
      .slice(0, 4)
      .map(([c, d]) => `${c} ${sign(d)}`)
      .join(", ");
    const budget = h.emulator ? "emulator" : h.budget === undefined ? "none" : `${usd(h.budget)}${h.total > h.budget ? " **over**" : ""}`;
    rows.push(`| \`${env}\` (${h.system}) | ${b ? usd(b.total) : "new"} | ${usd(h.total)} | ${b ? sign(change) : "new"} | ${budget} | ${moved || "-"} | [diagram](${diagramUrl(env)}) |`);
  }
  return [
    "<!-- cost-estimate -->",
    "### Monthly cost estimate (base → head)",
    "",
    ...rows,
    "",
    `Prices as of ${head.pricesAsOf} (scripts/lib/pricing/table.ts), usage assumptions from each environment's \`usage\`; \`npm run cost -- <env>\` prints every line and the levers. Free tiers are not subtracted.`,
    ...(base ? [] : ["", "_No estimate on the base branch (first run of the cost tool): every environment shows as new._"]),
  ].join("\n");
}

/** Newest modification time of the files that shape the synthesized stacks. */
export function newestSourceMtime(root: string): number {
  let newest = 0;
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts")) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of ["envs", "modules", "src", "foundation"]) walk(join(root, d));
  for (const f of ["main.ts", "cdktf.json", "package-lock.json"]) if (existsSync(join(root, f))) newest = Math.max(newest, statSync(join(root, f)).mtimeMs);
  return newest;
}

/**
 * Whether `outdir` holds a synth at least as new as the sources with stacks of every environment in `envNames`
 * (`local:up -- <env>` and `SYNTH_ENVS` synthesize only some environments into the same cdktf.out/; estimating
 * from that would price the others at $0).
 */
export function synthIsCurrent(root: string, outdir: string, envNames: readonly string[] = []): boolean {
  const manifest = join(outdir, "manifest.json");
  if (!existsSync(manifest)) return false;
  let stacks: string[];
  try {
    stacks = Object.keys((JSON.parse(readFileSync(manifest, "utf8")) as { stacks?: Record<string, unknown> }).stacks ?? {});
  } catch {
    return false;
  }
  if (!envNames.every((env) => stacks.some((s) => s.startsWith(`${env}-`)))) return false;
  return statSync(manifest).mtimeMs >= newestSourceMtime(root);
}
