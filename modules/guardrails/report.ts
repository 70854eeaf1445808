/** Text renderings of a policy report: the per-env table, the synth failure message and docs/waivers.md. */
import type { Finding } from "./types";
import { envOf, unwaivedErrors, warnings, type Report } from "./evaluate";

function describe(f: Finding): string {
  if (f.result === "waived") return `waived: ${f.waiver?.reason ?? ""}`;
  if (f.result === "pass") return "";
  const actual = f.actual !== undefined ? ` (is ${f.actual})` : "";
  return `${f.attribute ?? ""}: expected ${f.expected ?? ""}${actual}${f.result === "unknown" ? " — unevaluable at synth" : ""}`;
}

/** One line per finding: `ERROR CKV_AWS_79 dev-platform aws_launch_template.x metadata_options…: expected … Fix: …`. */
export function findingLine(f: Finding, withFix = true): string {
  const tag = f.result === "fail" ? (f.level === "error" ? "ERROR" : "WARN ") : f.result === "unknown" ? "UNKN " : f.result.toUpperCase().padEnd(5);
  return `${tag} ${f.ruleId} ${f.stack} ${f.address} [${f.path}] ${describe(f)}${withFix && (f.result === "fail" || f.result === "unknown") ? ` Fix: ${f.fix ?? ""}` : ""}`;
}

export interface EnvSummary {
  readonly env: string;
  readonly passed: number;
  readonly failed: number;
  readonly waived: number;
  readonly unknown: number;
  readonly errors: number;
  readonly warnings: number;
}

export function summaries(report: Report): EnvSummary[] {
  const envs = [...new Set([...report.findings.map((f) => f.env), ...report.waivers.map((w) => w.env)])].sort();
  return envs.map((env) => {
    const fs = report.findings.filter((f) => f.env === env);
    const failed = fs.filter((f) => f.result === "fail");
    return {
      env,
      passed: fs.filter((f) => f.result === "pass").length,
      failed: failed.length,
      waived: fs.filter((f) => f.result === "waived").length,
      unknown: fs.filter((f) => f.result === "unknown").length,
      errors: failed.filter((f) => f.level === "error").length,
      warnings: failed.filter((f) => f.level === "warning").length,
    };
  });
}

export function summaryLine(s: EnvSummary): string {
  return `${s.passed} passed, ${s.failed} failed, ${s.waived} waived (${s.errors} unwaived errors, ${s.warnings} warnings, ${s.unknown} unevaluable)`;
}

function pad(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd());
}

/** The `npm run policy` table, per env. `verbose` adds passing rows. */
export function formatReport(report: Report, verbose = false): string {
  const out: string[] = [];
  for (const s of summaries(report)) {
    const rows = report.findings
      .filter((f) => f.env === s.env && (verbose || f.result !== "pass"))
      .sort((a, b) => a.stack.localeCompare(b.stack) || a.ruleId.localeCompare(b.ruleId) || a.address.localeCompare(b.address))
      .map((f) => [f.ruleId, `${f.stack}:${f.address}`, f.result === "fail" ? `FAIL (${f.level})` : f.result === "unknown" ? "UNEVALUABLE" : f.result.toUpperCase(), describe(f)]);
    out.push(`\n== ${s.env}`);
    if (rows.length) out.push(...pad([["RULE", "RESOURCE", "RESULT", "DETAIL"], ...rows]));
    out.push(`${s.env}: ${summaryLine(s)}`);
  }
  if (report.problems.length) out.push("", "Waiver problems (each fails synth):", ...report.problems.map((p) => `  - ${p}`));
  return out.join("\n");
}

/** The synth-step message: every unwaived error and waiver problem with the fix, then the warnings. */
export function formatSynthFailure(report: Report): string {
  const errors = unwaivedErrors(report);
  const lines = [`Policy check failed: ${errors.length} unwaived error(s), ${report.problems.length} waiver problem(s); nothing was written.`];
  for (const f of errors) lines.push(`  - ${findingLine(f)}`);
  for (const p of report.problems) lines.push(`  - ${p}`);
  lines.push("Fix the resource, or waive(scope, ruleId, reason) from modules/guardrails/waive.ts when the rule does not apply (see docs/guardrails.md).");
  return lines.join("\n");
}

export function formatWarnings(report: Report): string {
  const w = warnings(report);
  if (!w.length) return "";
  const byEnv = new Map<string, number>();
  for (const f of w) byEnv.set(f.env, (byEnv.get(f.env) ?? 0) + 1);
  return [`Policy warnings (${w.length}; \`npm run policy\` for the table):`, ...w.map((f) => `  ${findingLine(f, false)}`)].join("\n");
}

/**
 * docs/waivers.md: every waiver with its rule, who judges it (the pack or checkov), environment, scope, the resources
 * it covers (pack: the findings it waived; checkov: the resources under its scope, applied by `npm run checkov`) and
 * the reason.
 */
export function formatWaiversDoc(report: Report): string {
  const rows = [
    ...report.waivers.map((w) => ({ ...w, by: "pack", resources: w.matched })),
    ...report.checkovWaivers.map((w) => ({ ...w, by: "checkov", resources: w.covers.map((c) => c.address).filter((a) => !a.startsWith("data.")) })),
  ].sort((a, b) => a.env.localeCompare(b.env) || a.ruleId.localeCompare(b.ruleId) || a.scope.localeCompare(b.scope));
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  return [
    "# Policy waivers",
    "",
    "Generated by `npm run policy -- --write-docs` from the `waive()` calls in the code; do not edit by hand.",
    "`__tests__/guardrails-project.test.ts` fails when this file is stale. How waivers work: [guardrails.md](guardrails.md).",
    "",
    `${rows.length} waiver(s).`,
    "",
    "| Rule | Judged by | Env | Scope (construct path) | Resources | Reason |",
    "|---|---|---|---|---|---|",
    ...rows.map((w) => `| ${w.ruleId} | ${w.by} | ${w.env} | \`${w.scope}\` | ${w.resources.map((m) => `\`${m}\``).join(", ") || "—"} | ${esc(w.reason)} |`),
    "",
  ].join("\n");
}

export { envOf };
