/**
 * The infra workflow's cost comment: a pull-request-only job without AWS access that estimates base and head with
 * `npm run cost`'s script, renders the comment with scripts/ci/cost-comment.ts and updates one tagged comment.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { diagramUrl } from "../scripts/ci/cost-comment";
import { costDiffMarkdown } from "../scripts/lib/pricing/report";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const wf = parse(readFileSync(join(__dirname, "..", ".github", "workflows", "infra.yml"), "utf8")) as Json;
const job = wf.jobs.cost as Json;
const steps = job.steps as Json[];
const run = steps.map((s) => String(s.run ?? "")).join("\n");

describe("infra.yml cost job", () => {
  it("runs on pull requests only, reads the repository and writes PR comments, never assumes an AWS role", () => {
    expect(job.if).toBe("github.event_name == 'pull_request'");
    expect(job.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    expect(JSON.stringify(job)).not.toMatch(/id-token|configure-aws-credentials/);
  });

  it("estimates the head and the base checkout (base optional) and compares them", () => {
    const checkouts = steps.filter((s) => String(s.uses).startsWith("actions/checkout@"));
    expect(checkouts.map((s) => [s.with.path, s.with.ref, s.with["persist-credentials"]])).toEqual([
      ["head", undefined, false],
      ["base", "${{ github.event.pull_request.base.sha }}", false],
    ]);
    expect(run).toContain('node --require tsx/cjs scripts/cost.ts --summary --synth --json "$RUNNER_TEMP/cost-head.json"');
    expect(run).toMatch(/if \[ -f scripts\/cost\.ts \]; then\n\s+npm ci && node --require tsx\/cjs scripts\/cost\.ts --summary --synth --json "\$RUNNER_TEMP\/cost-base\.json"/);
    expect(run).toContain('scripts/ci/cost-comment.ts "$RUNNER_TEMP/cost-base.json" "$RUNNER_TEMP/cost-head.json"');
    expect(run).toContain('>> "$GITHUB_STEP_SUMMARY"');
  });

  it("updates the one comment carrying the tag the renderer writes", () => {
    const comment = steps.find((s) => String(s.uses).startsWith("actions/github-script@"))!;
    const tag = costDiffMarkdown(undefined, { pricesAsOf: "x", envs: {} }, () => "").split("\n")[0];
    expect(tag).toBe("<!-- cost-estimate -->");
    expect(comment.with.script).toContain(`const tag = '${tag}';`);
    expect(comment.with.script).toContain("updateComment");
    expect(comment.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
  });

  it("links each environment's diagram at the head commit", () => {
    expect(diagramUrl("prod", { GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "acme/platform", HEAD_SHA: "abc123" })).toBe(
      "https://github.com/acme/platform/blob/abc123/docs/architecture/prod.md",
    );
    expect(diagramUrl("prod", {})).toBe("docs/architecture/prod.md");
  });
});
