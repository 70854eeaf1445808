/**
 * CI as code: the workflow linter and shellcheck are steps of `npm test` (driven through their CLIs in
 * __tests__/integration/lint-tools.test.ts); the workflows call the project's interfaces, pin actions, keep permissions minimal and serialize
 * deploys per environment without cancelling them.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { github as repo } from "../envs/github";
import { GithubVars } from "../foundation/contract";
import { ciStacks } from "../scripts/ci/stacks";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROOT = join(__dirname, "..");
const WF_DIR = join(ROOT, ".github", "workflows");

const workflows: Record<string, Json> = Object.fromEntries(
  readdirSync(WF_DIR).filter((f) => f.endsWith(".yml")).map((f) => [f, parse(readFileSync(join(WF_DIR, f), "utf8")) as Json]),
);
const text = (f: string) => readFileSync(join(WF_DIR, f), "utf8");
const allSteps = (wf: Json): Json[] => Object.values(wf.jobs as Record<string, Json>).flatMap((j) => (j.steps ?? []) as Json[]);
/** The one element matching `pred` (fails the test when none does). */
function pick(items: Json[], pred: (s: Json) => boolean): Json {
  const found = items.find(pred);
  if (!found) throw new Error("no matching step");
  return found;
}
const runs = (f: string) => allSteps(workflows[f]).map((s) => String(s.run ?? "")).join("\n");

describe("npm test runs the linters over the tree (their own tests: __tests__/integration/lint-tools.test.ts)", () => {
  it("is a step of npm test, as is the workflow lint", () => {
    const t = readFileSync(join(ROOT, "scripts", "test.sh"), "utf8");
    expect(t).toMatch(/npm run --silent lint:workflows/);
    expect(t).toMatch(/npm run --silent lint:shell/);
  });
});

describe("workflows", () => {
  it("exist: ci, infra, app-deploy, drift and their reusable parts", () => {
    expect(Object.keys(workflows).sort()).toEqual(["_app-rollout.yml", "_cdktf-deploy.yml", "app-deploy.yml", "ci.yml", "drift.yml", "infra.yml"]);
  });

  it.each(Object.keys(workflows))("%s: read-only token by default; id-token: write only on OIDC jobs; timeouts; pinned runner", (f) => {
    const wf = workflows[f];
    expect(wf.permissions).toEqual({ contents: "read" });
    for (const [id, job] of Object.entries(wf.jobs as Record<string, Json>)) {
      const oidc = (job.steps ?? []).some((s: Json) => String(s.uses ?? "").startsWith("aws-actions/configure-aws-credentials@"));
      const token = job.permissions?.["id-token"] === "write";
      expect({ id, token }).toEqual({ id, token: oidc || (typeof job.uses === "string" && token) });
      if (!job.uses) {
        expect(job["timeout-minutes"]).toBeGreaterThan(0);
        expect(job["runs-on"]).toBe("ubuntu-24.04");
      }
    }
  });

  it("every remote action is pinned by SHA with a version comment", () => {
    for (const f of Object.keys(workflows)) {
      for (const line of text(f).split("\n").filter((l) => /^\s*(-\s*)?uses:/.test(l) && !l.includes("./"))) {
        expect(line).toMatch(/uses: [\w-]+\/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
      }
    }
  });

  it("ci.yml: the jobs the main ruleset requires, running install, lint, type-check, tests, synth and e2e", () => {
    const ci = workflows["ci.yml"];
    expect(Object.values(ci.jobs as Record<string, Json>).map((j) => j.name).sort()).toEqual([...repo.requiredChecks].sort());
    expect(ci.on).toEqual({ pull_request: null, push: { branches: ["main"] } });
    const r = runs("ci.yml");
    for (const cmd of ["npm ci", "npm run tools", "npm test", "npm run tflint", "npm run checkov", "npm run synth", "npm run test:e2e", "npm run lint", "npm run typecheck", "npm run lint:workflows", "npm run lint:shell"]) {
      expect(r).toContain(cmd);
    }
    expect(allSteps(ci).filter((s) => String(s.uses).startsWith("actions/setup-node@")).every((s) => s.with.cache === "npm")).toBe(true);
    expect(JSON.stringify(ci)).not.toMatch(/id-token|configure-aws-credentials/);
  });

  it("infra.yml: per-stack diff with the plan role and one updating comment per stack; deploys dev → staging → prod", () => {
    const wf = workflows["infra.yml"];
    const diff = wf.jobs.diff;
    expect(diff.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect(diff.permissions).toEqual({ contents: "read", "id-token": "write", "pull-requests": "write" });
    expect(diff.strategy["fail-fast"]).toBe(false);
    const steps = diff.steps as Json[];
    expect(pick(steps, (s) => s.id === "diff").run).toContain('npx cdktf diff "$STACK" --no-color');
    expect(pick(steps, (s) => s.id === "diff").env.TF_CLI_ARGS_plan).toBe("-lock=false");
    const creds = pick(steps, (s) => String(s.uses).startsWith("aws-actions/configure-aws-credentials@"));
    expect(creds.with["role-to-assume"]).toBe("${{ vars[matrix.planRoleVar] }}");
    const comment = pick(steps, (s) => String(s.uses).startsWith("actions/github-script@"));
    expect(comment.with.script).toContain("<!-- cdktf-diff:${process.env.STACK} -->");
    expect(comment.with.script).toContain("updateComment");
    expect(wf.jobs["deploy-dev"]).toMatchObject({ uses: "./.github/workflows/_cdktf-deploy.yml", with: { environment: "dev" } });
    expect(wf.jobs["deploy-staging"].needs).toEqual(["stacks", "deploy-dev"]);
    expect(wf.jobs["deploy-prod"].needs).toEqual(["stacks", "deploy-staging"]);
    expect(wf.jobs["deploy-prod"].with.environment).toBe("prod");

    const reusable = workflows["_cdktf-deploy.yml"].jobs.deploy;
    expect(reusable.environment).toBe("${{ inputs.environment }}");
    expect(reusable.concurrency).toEqual({ group: "cdktf-deploy-${{ inputs.environment }}", "cancel-in-progress": false });
    expect(runs("_cdktf-deploy.yml")).toMatch(/npx cdktf deploy "\$stack" --auto-approve/);
    const tf = pick(reusable.steps as Json[], (s) => String(s.uses).startsWith("hashicorp/setup-terraform@"));
    expect(tf.with.terraform_wrapper).toBe(false);
    expect(pick(reusable.steps as Json[], (s) => String(s.uses).startsWith("aws-actions/configure-aws-credentials@")).with["role-to-assume"]).toBe(
      `\${{ vars.${GithubVars.deployRoleArn} }}`,
    );
  });

  it("app-deploy.yml: rolls out an image built elsewhere, by digest from the env's repository; verify, deploy, rollback on failure; one group per env and service", () => {
    const job = workflows["_app-rollout.yml"].jobs.rollout;
    expect(job.environment).toBe("${{ inputs.environment }}-app");
    expect(job.concurrency).toEqual({ group: "ecspresso-${{ inputs.environment }}-${{ inputs.service }}", "cancel-in-progress": false });
    expect(workflows["_app-rollout.yml"].on.workflow_call.inputs.digest).toMatchObject({ type: "string", required: true });
    expect(job.env.DIGEST).toBe("${{ inputs.digest }}");
    const steps = job.steps as Json[];
    // Nothing is built here: no build action, no build context (application code lives in its own repositories).
    expect(steps.filter((s) => /docker\/(build-push|setup-buildx)-action@/.test(String(s.uses)))).toEqual([]);
    expect(text("_app-rollout.yml")).not.toMatch(/context:|apps\//);
    const facts = pick(steps, (s) => s.id === "facts");
    expect(facts.run).toContain('node --require tsx/cjs scripts/lib/env-facts.ts "$ENV_NAME" "$SERVICE"');
    expect(facts.run).toContain("s/^ECR_REPOSITORY_URL=//p");
    expect(facts.run).toContain('echo "image=$repository@$DIGEST"');
    expect(facts.run).toContain("s/^STATIC_ASSETS_PATH=//p");
    const verify = pick(steps, (s) => s.name === "verify");
    const deploy = pick(steps, (s) => s.id === "deploy");
    const rollback = pick(steps, (s) => s.name === "rollback");
    // --tag <digest>: app.sh resolves the environment's repository; an image from elsewhere is refused.
    expect(verify.run).toBe('scripts/app.sh "$ENV_NAME" "$SERVICE" verify --tag "$DIGEST"');
    expect(deploy.run).toBe('scripts/app.sh "$ENV_NAME" "$SERVICE" deploy --tag "$DIGEST"');
    expect(steps.indexOf(verify)).toBeLessThan(steps.indexOf(deploy));
    expect(rollback.if).toBe("failure() && steps.deploy.outcome == 'failure'");
    expect(rollback.run).toBe('scripts/app.sh "$ENV_NAME" "$SERVICE" rollback --unless-running recorded');
    // Static assets: from envs/ (env-facts), copied out of the image, uploaded before the deploy.
    const upload = pick(steps, (s) => s.name === "upload static assets");
    expect(upload.if).toBe("steps.facts.outputs.path != ''");
    expect(upload.env).toEqual({ IMAGE: "${{ steps.facts.outputs.image }}", STATIC_PATH: "${{ steps.facts.outputs.path }}" });
    expect(upload.run).toContain('container=$(docker create "$IMAGE")');
    expect(upload.run).toContain('docker cp "$container:$STATIC_PATH/." "$dir"');
    expect(upload.run).toContain('trap \'docker rm "$container" >/dev/null\' EXIT');
    expect(upload.run).toContain('scripts/upload-static.sh "$ENV_NAME" "$dir"');
    expect(steps.indexOf(facts)).toBeLessThan(steps.indexOf(upload));
    expect(steps.indexOf(upload)).toBeLessThan(steps.indexOf(deploy));
    expect(runs("_app-rollout.yml")).toContain('scripts/invalidate.sh "$ENV_NAME" "/*"');
    expect(runs("_app-rollout.yml")).toContain("npm run --silent state --");
    expect((pick(steps, (s) => String(s.uses).startsWith("aws-actions/configure-aws-credentials@"))).with["role-to-assume"]).toBe(
      `\${{ vars.${GithubVars.appRoleArn} }}`,
    );

    // Triggered by hand or by an application repository (repository_dispatch app-rollout {service, digest}).
    const app = workflows["app-deploy.yml"];
    expect(app.on.repository_dispatch).toEqual({ types: ["app-rollout"] });
    expect(app.on.workflow_dispatch.inputs.digest).toMatchObject({ type: "string", required: true });
    const check = pick(app.jobs.request.steps as Json[], (s) => s.id === "check");
    expect(check.env).toEqual({
      SERVICE: "${{ inputs.service || github.event.client_payload.service }}",
      DIGEST: "${{ inputs.digest || github.event.client_payload.digest }}",
    });
    expect(check.run).toContain("[[ $DIGEST =~ ^sha256:[0-9a-f]{64}$ ]]");
    for (const env of ["dev", "staging", "prod"]) {
      expect(app.jobs[env]).toMatchObject({
        uses: "./.github/workflows/_app-rollout.yml",
        with: { environment: env, service: "${{ needs.request.outputs.service }}", digest: "${{ needs.request.outputs.digest }}" },
      });
    }
    expect(app.jobs.dev.needs).toBe("request");
    expect(app.jobs.staging.needs).toEqual(["request", "dev"]);
    expect(app.jobs.prod.needs).toEqual(["request", "staging"]);
  });

  it("drift.yml: scheduled plan with -detailed-exitcode; drift opens or updates an issue", () => {
    const wf = workflows["drift.yml"];
    expect(wf.on.schedule).toEqual([{ cron: "17 21 * * 0-4" }]);
    const plan = wf.jobs.plan;
    expect(plan.permissions).toEqual({ contents: "read", "id-token": "write", issues: "write" });
    const step = pick(plan.steps as Json[], (s) => s.id === "plan");
    expect(step.run).toContain("plan -detailed-exitcode -lock=false");
    expect(step.run).toContain('if [ "$code" -ne 0 ] && [ "$code" -ne 2 ]; then exit "$code"; fi');
    const issue = pick(plan.steps as Json[], (s) => String(s.uses).startsWith("actions/github-script@"));
    expect(issue.if).toBe("steps.plan.outputs.exitcode == '2'");
    expect(issue.with.script).toContain("labels: ['drift']");
    expect(issue.with.script).toContain("createComment");
  });

  it("reads only variables the github stack writes", () => {
    const known = new Set(Object.values(GithubVars).filter((v) => typeof v === "string") as string[]);
    for (const f of Object.keys(workflows)) {
      for (const m of text(f).matchAll(/vars\.([A-Z_]+)/g)) expect({ f, v: m[1], known: known.has(m[1]) }).toEqual({ f, v: m[1], known: true });
    }
  });
});

describe("scripts/ci/stacks.ts", () => {
  it("plans every stack of CI-enabled environments and deploys all but <env>-ci, in layer order", () => {
    const { plan, deploy } = ciStacks(new Set(["dev-network", "dev-platform", "dev-ci", "prod-network", "prod-ci", "local-network", "github"]));
    expect(plan.map((p) => p.stack)).toEqual(["dev-network", "dev-platform", "dev-ci", "prod-network", "prod-ci"]);
    expect(plan[0]).toEqual({ stack: "dev-network", env: "dev", planRoleVar: "AWS_PLAN_ROLE_ARN_DEV", regionVar: "AWS_REGION_DEV" });
    // Other CI-enabled environments (other systems) have nothing changed in this diff.
    expect(Object.fromEntries(Object.entries(deploy).filter(([, stacks]) => stacks.length))).toEqual({ dev: ["dev-network", "dev-platform"], prod: ["prod-network"] });
    expect(deploy.staging).toEqual([]);
  });
});
