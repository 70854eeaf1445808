/**
 * The cost part of the infra workflow's pull request comment: base → head monthly estimate per environment, the
 * categories that moved, budget status and a link to each environment's architecture diagram at the head commit.
 *   node --require tsx/cjs scripts/ci/cost-comment.ts <base.json> <head.json> > comment.md
 * The JSON files are `npm run cost -- --summary --json <file>` of the base and head checkouts; a missing or empty
 * base file (the base branch predates the cost tool, or its estimate failed) shows every environment as new.
 * Diagram links use GITHUB_SERVER_URL, GITHUB_REPOSITORY and HEAD_SHA (relative links without them).
 */
import { existsSync, readFileSync } from "node:fs";
import { costDiffMarkdown, type CostSummary } from "../lib/pricing/report";
import { DIAGRAM_DIR } from "../diagram";

function read(file: string | undefined): CostSummary | undefined {
  if (!file || !existsSync(file)) return undefined;
  const text = readFileSync(file, "utf8").trim();
  return text ? (JSON.parse(text) as CostSummary) : undefined;
}

export function diagramUrl(env: string, vars: NodeJS.ProcessEnv = process.env): string {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, HEAD_SHA: sha } = vars;
  return server && repo && sha ? `${server}/${repo}/blob/${sha}/${DIAGRAM_DIR}/${env}.md` : `${DIAGRAM_DIR}/${env}.md`;
}

function main(argv: string[]): number {
  const [baseFile, headFile] = argv;
  const head = read(headFile);
  if (!head) {
    console.error("usage: cost-comment.ts <base.json> <head.json> (the head estimate is required)");
    return 2;
  }
  console.log(costDiffMarkdown(read(baseFile), head, (env) => diagramUrl(env)));
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
