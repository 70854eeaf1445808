/**
 * Guardrails: a policy pack over the synthesized Terraform JSON of every stack (checkov/cdk-nag equivalent,
 * checkov's rule ids where checkov has the check), reasoned waivers and reports. See docs/guardrails.md.
 */
export { waive, waiversOn, WAIVER_METADATA, type Waiver } from "./waive";
export { recordWaivers } from "./record";
export { evaluate, envOf, covers, passed, unwaivedErrors, warnings, CHECKOV_ID, type CheckovWaiver, type Report, type StackInput, type WaiverUse } from "./evaluate";
export { formatReport, formatSynthFailure, formatWaiversDoc, formatWarnings, summaries, summaryLine, findingLine } from "./report";
export { RULES, RULES_BY_ID, NON_WAIVABLE } from "./registry";
export { readTaskdefs, taskdefStacks, type TaskdefFile } from "./taskdefs";
export type { Finding, Rule, Level, Outcome, Res } from "./types";
