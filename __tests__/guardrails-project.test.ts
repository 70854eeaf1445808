/**
 * The policy pack over the real project and through the synth step: zero unwaived errors in every
 * environment, waivers recorded in the synthesized JSON and listed in docs/waivers.md, removing a waiver
 * fails, stale/non-waivable/unknown waivers fail synth, and a bad fixture stack fails with the expected ids.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketAcl } from "@cdktf/provider-aws/lib/s3-bucket-acl";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { App, TerraformStack, type Construct } from "../foundation/cdk";
import { runSynth } from "../src/run";
import { ConfigError } from "../foundation/errors";
import { evaluate, formatWaiversDoc, passed, readTaskdefs, recordWaivers, summaries, taskdefStacks, unwaivedErrors, waive, type Report, type StackInput } from "../modules/guardrails";
import { applyWaivers, check } from "../modules/guardrails/evaluate";
import { formatRulesDoc } from "../modules/guardrails/docs";
import { readStacks } from "../scripts/lib/synth";
import { allStacks, loadConfig } from "./helpers/synth";
import type { StackDoc } from "../modules/guardrails/context";

const ROOT = join(__dirname, "..");
/** Every synthesized stack plus every generated ecspresso task definition, as `npm run policy` evaluates them. */
const inputs = (): StackInput[] => [...[...allStacks().values()].map((s) => ({ name: s.name, json: s.json as StackDoc })), ...taskdefStacks(readTaskdefs(join(ROOT, "deploy")))];
type Waivable = StackDoc & { "//"?: { waivers?: unknown[] } };
/** The same stacks with `keep` deciding which recorded waivers stay (the JSON is copied, never mutated). */
const withWaivers = (stacks: readonly StackInput[], keep: (stack: string, w: Report["waivers"][number]) => boolean): StackInput[] =>
  stacks.map((s) => {
    const json = s.json as Waivable;
    if (!json["//"]?.waivers) return s;
    const waivers = (json["//"].waivers as Report["waivers"]).filter((x) => keep(s.name, x));
    if (waivers.length === json["//"].waivers.length) return s;
    return { name: s.name, json: { ...json, "//": { ...json["//"], waivers } } };
  });

describe("the project passes its policy pack", () => {
  // The rules run once (check); each waiver set below is judged against that one check (applyWaivers).
  // evaluate() is exactly applyWaivers(stacks, check(stacks)).
  const stacks = inputs();
  const checked = check(stacks);
  const report = applyWaivers(stacks, checked);

  it.each(loadConfig().envs.map((e) => [e.name]))("%s has 0 unwaived errors", (env) => {
    const s = summaries(report).find((x) => x.env === env)!;
    expect(s.passed).toBeGreaterThan(0);
    expect(unwaivedErrors(report).filter((f) => f.env === env)).toEqual([]);
  });

  it("no stack outside an environment (bootstrap) has an unwaived error, and no waiver is stale", () => {
    expect(unwaivedErrors(report)).toEqual([]);
    expect(report.problems).toEqual([]);
    expect(passed(report)).toBe(true);
  });

  it("CloudFront reaching the ALB over plain HTTP is seen through the platform's output: waived with its reason where the env has no certificate, passing elsewhere", () => {
    const byEnv = (env: string) => report.findings.filter((f) => f.ruleId === "CKV2_AWS_72" && f.env === env);
    for (const env of ["dev", "local"]) {
      expect(byEnv(env)).toEqual([expect.objectContaining({ result: "waived", stack: `${env}-edge`, actual: expect.stringContaining(`origin ${env}-platform output alb_origin_domain`), waiver: expect.objectContaining({ reason: expect.stringMatching(/http-only.*origin-verify header/) }) })]);
    }
    for (const env of ["staging", "prod"]) expect(byEnv(env).map((f) => f.result)).toEqual(["pass"]);
  });

  it("every generated task definition is evaluated, and the config's read-only-root exception is waived on its service", () => {
    const td = report.findings.filter((f) => f.ruleId === "CKV_AWS_336" && f.stack === "dev-ecspresso");
    expect(td.map((f) => [f.address, f.result])).toEqual(expect.arrayContaining([["ecspresso.taskdef.backend", "pass"], ["ecspresso.taskdef.frontend", "waived"]]));
  });

  it("waivers are recorded in the synthesized JSON of their stack", () => {
    const json = allStacks().get("staging-security")!.json as StackDoc;
    expect(json["//"]?.waivers).toEqual(expect.arrayContaining([expect.objectContaining({ ruleId: "CKV2_AWS_3", scope: "staging-security/baseline/guardduty", reason: expect.stringMatching(/.{10,}/) })]));
  });

  it("docs/waivers.md lists every waiver and is up to date (npm run policy -- --write-docs)", () => {
    const doc = formatWaiversDoc(report);
    expect(readFileSync(join(ROOT, "docs", "waivers.md"), "utf8")).toBe(doc);
    for (const w of report.waivers) expect(doc).toContain(w.reason);
  });

  it("docs/guardrails.md has the current rule table (npm run policy -- --write-docs)", () => {
    expect(readFileSync(join(ROOT, "docs", "guardrails.md"), "utf8")).toBe(formatRulesDoc());
  });

  it("the rules' outcomes do not depend on the recorded waivers (so one check serves every waiver set below)", () => {
    const bare = withWaivers(stacks, () => false);
    expect(bare.some((s) => s.json !== stacks.find((x) => x.name === s.name)!.json)).toBe(true);
    // Compared as JSON (exact, order included): jest's deep equality over ~2,400 findings costs ~0.1 s a call.
    const json = (x: unknown) => JSON.stringify(x, (_k, v: unknown) => (v instanceof Map ? [...v] : v));
    expect(json(check(bare).perStack)).toBe(json(checked.perStack));
    expect(json(evaluate(stacks))).toBe(json(report));
  });

  it("removing any waiver turns its findings back into failures (and error-level ones fail npm test)", () => {
    expect(report.waivers.length).toBeGreaterThan(0);
    const doc = readFileSync(join(ROOT, "docs", "waivers.md"), "utf8");
    const without = (w: Report["waivers"][number]) => applyWaivers(withWaivers(stacks, (stack, x) => !(stack === w.stack && x.ruleId === w.ruleId && x.scope === w.scope && x.reason === w.reason)), checked);
    for (const w of report.waivers) {
      const r = without(w);
      // A waiver on a service construct also covers the environment's task definitions (<env>-ecspresso).
      const back = r.findings.filter((f) => f.ruleId === w.ruleId && (f.stack === w.stack || f.stack === `${w.env}-ecspresso`) && (f.result === "fail" || f.result === "unknown"));
      // One resource may fail a rule in several statements: compare the set of addresses.
      expect([...new Set(back.map((f) => (f.stack === w.stack ? f.address : `${f.stack}:${f.address}`)))].sort()).toEqual([...new Set(w.matched)].sort());
      if (back.some((f) => f.level === "error" && f.result === "fail")) expect(passed(r)).toBe(false);
      // One waiver fewer, so the committed waivers doc (it counts and lists them) no longer matches and npm test
      // fails for warning-level waivers too; formatWaiversDoc (a function of the list, 235 KB) is shown once below.
      expect(r.waivers).toHaveLength(report.waivers.length - 1);
    }
    expect(formatWaiversDoc(without(report.waivers[0]))).not.toBe(doc);
  });
});

/** A stack of deliberately bad resources: public bucket, IMDSv1 hosts open to the world, wildcard OIDC trust. */
function badStack(app: App): TerraformStack {
  const stack = new TerraformStack(app, "fixture-bad");
  new AwsProvider(stack, "aws", { region: "ap-northeast-1" });
  const bucket = new S3Bucket(stack, "assets", { bucket: "acme-fixture-assets" });
  new S3BucketAcl(stack, "assets_acl", { bucket: bucket.id, acl: "public-read" });
  const hosts = new SecurityGroup(stack, "hosts", { name: "hosts", description: "ECS hosts", vpcId: "vpc-1" });
  new VpcSecurityGroupIngressRule(stack, "hosts_dynamic", { securityGroupId: hosts.id, ipProtocol: "tcp", fromPort: 32768, toPort: 65535, cidrIpv4: "0.0.0.0/0", description: "dynamic ports" });
  new LaunchTemplate(stack, "hosts_lt", { imageId: "ami-1", vpcSecurityGroupIds: [hosts.id], metadataOptions: { httpEndpoint: "enabled", httpTokens: "optional" } });
  new IamRole(stack, "deploy", {
    name: "deploy",
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/*" } } }],
    }),
  });
  return stack;
}

function synthFixture(build: (app: App) => void): { code: number; outdir: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), "policy-fixture-"));
  const outdir = join(dir, "out");
  const errors: string[] = [];
  const spy = jest.spyOn(console, "error").mockImplementation((m: unknown) => void errors.push(String(m)));
  const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
  try {
    const code = runSynth({ outdir, build });
    return { code, outdir, stderr: errors.join("\n") };
  } finally {
    spy.mockRestore();
    warn.mockRestore();
  }
}

function reportOf(build: (app: App) => void): Report {
  const dir = mkdtempSync(join(tmpdir(), "policy-report-"));
  try {
    const app = new App({ outdir: dir });
    build(app);
    app.synth();
    return evaluate(readStacks(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the synth step", () => {
  it("fails a stack with a public bucket, an IMDSv1 launch template, world ingress to the hosts and a wildcard OIDC subject, writing nothing", () => {
    const r = synthFixture((app) => {
      badStack(app);
      recordWaivers(app);
    });
    expect(r.code).toBe(1);
    expect(existsSync(r.outdir)).toBe(false);
    // The pack's share; checkov's (CKV_AWS_79 IMDSv1, CKV2_AWS_6 no public access block) is in npm run checkov.
    for (const id of ["CKV_AWS_20", "PRJ_LT_IMDS", "PRJ_SG_OPEN_INGRESS", "INV_BRIDGE", "PRJ_OIDC", "PRJ_S3_TLS"]) expect(r.stderr).toContain(id);
    // Each error names rule, stack, resource address, attribute, expected value and the fix.
    expect(r.stderr).toMatch(/ERROR PRJ_LT_IMDS fixture-bad aws_launch_template\.hosts_lt \[fixture-bad\/hosts_lt\] metadata_options\.http_tokens: expected "required" \(IMDSv2\) \(is optional\) Fix: /);
    expect(r.stderr).toMatch(/ERROR PRJ_OIDC fixture-bad aws_iam_role\.deploy .*sub "repo:acme\/\*": wildcard in owner\/repo/);
  });

  const withLt = (app: App, httpTokens: string): { stack: TerraformStack; lt: LaunchTemplate; sg: SecurityGroup } => {
    const stack = new TerraformStack(app, "fixture-waiver");
    new AwsProvider(stack, "aws", { region: "ap-northeast-1" });
    const sg = new SecurityGroup(stack, "sg", { name: "sg", description: "d", vpcId: "vpc-1" });
    const lt = new LaunchTemplate(stack, "lt", {
      imageId: "ami-1",
      vpcSecurityGroupIds: [sg.id],
      metadataOptions: { httpEndpoint: "enabled", httpTokens, httpPutResponseHopLimit: 2 },
      blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true" } }],
    });
    return { stack, lt, sg };
  };

  it("a waiver on a construct covers the resources below it and is reported as waived with its reason", () => {
    const r = reportOf((app) => {
      const { stack } = withLt(app, "required");
      waive(stack, "PRJ_LT_IMDS", "Bridge-mode agent needs hop limit 2 (fixture)");
      recordWaivers(app);
    });
    expect(r.problems).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === "PRJ_LT_IMDS")).toEqual([expect.objectContaining({ result: "waived", waiver: { reason: "Bridge-mode agent needs hop limit 2 (fixture)", scope: "fixture-waiver" } })]);
    expect(passed(r)).toBe(true);
    // The same stack without the waivers fails: PRJ_LT_IMDS is an error.
    const bare = reportOf((app) => {
      withLt(app, "required");
      recordWaivers(app);
    });
    expect(unwaivedErrors(bare).map((f) => f.ruleId)).toEqual(["PRJ_LT_IMDS"]);
  });

  it("a waiver that matches nothing, of an unknown rule or of a non-waivable rule fails synth", () => {
    const r = reportOf((app) => {
      const { lt, sg } = withLt(app, "optional");
      waive(sg, "PRJ_SG_OPEN_INGRESS", "No world ingress exists here, so this waiver is stale");
      waive(lt, "PRJ_NO_SUCH_RULE", "Not a rule of the catalogue at all");
      waive(lt, "CKV_AWS_79", "IMDSv1 is never acceptable; waiver refused");
      recordWaivers(app);
    });
    expect(r.problems).toEqual([
      expect.stringMatching(/waiver of PRJ_SG_OPEN_INGRESS on fixture-waiver\/sg .*matches no failing or unevaluable finding/),
      expect.stringMatching(/waiver of PRJ_NO_SUCH_RULE on fixture-waiver\/lt: unknown rule id/),
      expect.stringMatching(/waiver of CKV_AWS_79 on fixture-waiver\/lt: CKV_AWS_79 cannot be waived/),
    ]);
    expect(r.checkovWaivers).toEqual([]);
    expect(passed(r)).toBe(false);
  });

  it("a waiver of a checkov id is handed to checkov with the resources under its scope, not judged by the pack", () => {
    const r = reportOf((app) => {
      const { lt } = withLt(app, "required");
      waive(lt, "CKV_AWS_341", "Bridge-mode agent needs hop limit 2 (fixture)");
      recordWaivers(app);
    });
    expect(r.problems).toEqual([]);
    expect(r.waivers).toEqual([]);
    expect(r.checkovWaivers).toEqual([
      expect.objectContaining({ ruleId: "CKV_AWS_341", stack: "fixture-waiver", scope: "fixture-waiver/lt", covers: [{ address: expect.stringMatching(/^aws_launch_template\.lt/), path: "fixture-waiver/lt" }] }),
    ]);
  });

  it("waive() refuses a short reason or a malformed rule id", () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "w-")) });
    const scope: Construct = new TerraformStack(app, "s");
    expect(() => waive(scope, "CKV_AWS_79", "too short")).toThrow(ConfigError);
    expect(() => waive(scope, "ckv-79", "a perfectly long reason")).toThrow(/E_WAIVER_RULE/);
  });

  it("a value only known at apply is reported as unevaluable (a warning), never a silent pass", () => {
    const r = reportOf((app) => {
      withLt(app, "${var.tokens}");
      recordWaivers(app);
    });
    const f = r.findings.filter((x) => x.ruleId === "PRJ_LT_IMDS");
    expect(f).toEqual([expect.objectContaining({ result: "unknown", level: "warning", attribute: "metadata_options.http_tokens", actual: "${var.tokens}" })]);
  });
});
