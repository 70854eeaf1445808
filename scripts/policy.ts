/**
 * `npm run policy`: synthesize every environment in-process, evaluate the policy pack (modules/guardrails) on
 * every stack and print, per environment, a table of rule, resource and result with a summary line.
 *
 *   npm run policy                    failures, unevaluable values and waivers per env
 *   npm run policy -- --verbose       also every passing rule/resource pair
 *   npm run policy -- --write-docs    regenerate docs/waivers.md and docs/guardrails.md
 *   npm run policy -- --dir cdktf.out evaluate an existing synth output instead
 *
 * Input: every synthesized stack plus every generated ecspresso task definition (deploy/<env>/<svc>/taskdef.json,
 * as the `<env>-ecspresso` pseudo-stack). Rules of checkov ids that checkov judges run in `npm run checkov`.
 *
 * Exit code 1 when any environment has an unwaived error or a waiver problem.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readStacks, synthAll } from "./lib/synth";
import { evaluate, formatReport, formatWaiversDoc, passed, readTaskdefs, taskdefStacks } from "../modules/guardrails";
import { formatRulesDoc } from "../modules/guardrails/docs";

const REPO = resolve(__dirname, "..");

function main(): number {
  const args = process.argv.slice(2);
  const dirArg = args.indexOf("--dir");
  let tmp: string | undefined;
  try {
    const stacks = dirArg >= 0 ? readStacks(resolve(args[dirArg + 1])) : synthAll((tmp = mkdtempSync(join(tmpdir(), "policy-"))));
    // The ecspresso task definitions (deploy/<env>/<service>/taskdef.json) are policy input too: Terraform does not
    // own them, so only the pack's container rules see them.
    const report = evaluate([...stacks, ...taskdefStacks(readTaskdefs(join(REPO, "deploy")))]);
    console.log(formatReport(report, args.includes("--verbose")));
    if (report.waivers.length) {
      console.log(`\nWaivers (${report.waivers.length}):`);
      for (const w of report.waivers) console.log(`  ${w.ruleId} ${w.env} ${w.scope}: ${w.reason}`);
    }
    if (args.includes("--write-docs") && !passed(report)) {
      // Docs describe a passing policy run; a failing one writes nothing (fix the errors first).
      console.log("\ndocs/waivers.md and docs/guardrails.md not written: the policy pack failed");
    } else if (args.includes("--write-docs")) {
      writeFileSync(join(REPO, "docs", "waivers.md"), formatWaiversDoc(report));
      writeFileSync(join(REPO, "docs", "guardrails.md"), formatRulesDoc());
      console.log("\nwrote docs/waivers.md and docs/guardrails.md");
    }
    return passed(report) ? 0 : 1;
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

process.exitCode = main();
