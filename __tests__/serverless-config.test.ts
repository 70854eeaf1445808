/**
 * The serverless tier's config contract: bad input fails validation naming the field path and the fix (nothing
 * is synthesized) and the generated lambroll definitions are current. scripts/fn.sh (the real bash script with stub
 * lambroll and aws): __tests__/integration/fn-script.test.ts.
 */
import { validationProblems, clone } from "./helpers/platform";
import { synthStacks } from "./helpers/synth";
import { EnvValidationError, type EnvInput } from "../envs";
import { devflowDev } from "../envs/devflow/dev";
import { vitascopeDev } from "../envs/vitascope/dev";
import { vitascopeLocal } from "../envs/vitascope/local";
import { scheduleExpressionProblem } from "../envs/schedule-expression";
import { expectedFunctionsTree, staleFunctionFiles } from "../scripts/lib/functions-tree";
import { REPO_ROOT } from "../scripts/lib/terraform";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Mutable = any;
const devflow = (): Mutable => clone(devflowDev);
const vitascope = (): Mutable => clone(vitascopeDev);

describe("bad input fails with the field path and the fix", () => {
  it("an unknown runtime", () => {
    const e = devflow();
    e.serverless.functions.cleanup.runtime = "python3.8";
    expect(validationProblems(e)).toMatch(/devflow-dev: serverless\.functions\.cleanup\.runtime = "python3\.8": .*accepted: "python3\.11", "python3\.12", "python3\.13"/);
  });

  it("a schedule expression EventBridge rejects", () => {
    const e = devflow();
    e.serverless.schedules.archive.expression = "cron(0 2 * * MON *)";
    expect(validationProblems(e)).toMatch(/serverless\.schedules\.archive\.expression = "cron\(0 2 \* \* MON \*\)": EventBridge Scheduler rejects this expression: exactly one of day-of-month .* must be \?/);
    e.serverless.schedules.archive.expression = "rate(1 hours)";
    expect(validationProblems(e)).toMatch(/write rate\(1 hour\)/);
  });

  it("a queue visibility timeout shorter than 6 × its function's timeout", () => {
    const e = vitascope();
    e.serverless.queues.jobs.visibilityTimeoutSeconds = 120;
    expect(validationProblems(e)).toMatch(/vitascope-dev: serverless\.queues\.jobs\.visibilityTimeoutSeconds = 120: must be at least 6 × the timeout of its consumer process-job \(60 s\) = 360 s/);
  });

  it("a protected service without a user pool, and without HTTPS", () => {
    const e = vitascope();
    delete e.identity;
    e.serverless = undefined;
    expect(validationProblems(e)).toMatch(/services\.api\.protected = true: a protected service authenticates against the environment's Cognito user pool; add identity/);
    const l: Mutable = clone(vitascopeLocal);
    l.services.api.protected = true;
    expect(validationProblems(l)).toMatch(/vitascope-local: services\.api\.protected = true: the ALB's authenticate-cognito action works only on an HTTPS listener; set domain/);
  });

  it("a function in a VPC without the subnets it asks for", () => {
    const e = devflow();
    e.serverless.functions.cleanup.vpc = { subnets: "isolated" };
    expect(validationProblems(e)).toMatch(/serverless\.functions\.cleanup\.vpc\.subnets = "isolated": the VPC has no isolated subnets in AZ a, b .*remove vpc to run the function outside the VPC/);
  });

  it("a secret-looking plain variable and unknown references", () => {
    const e = devflow();
    e.serverless.functions.cleanup.environment = { GITHUB_TOKEN: "x" };
    e.serverless.api.routes[0].function = "nope";
    e.serverless.schedules.cleanup.function = "gone";
    const msg = validationProblems(e);
    expect(msg).toMatch(/environment\.GITHUB_TOKEN = "x": looks like a secret/);
    expect(msg).toMatch(/serverless\.api\.routes\[0\]\.function = "nope": no such function/);
    expect(msg).toMatch(/serverless\.schedules\.cleanup\.function = "gone": no such function/);
  });

  it("two creators of the API Gateway account role in one account and region (both environments valid on their own)", () => {
    const qa = { ...devflow(), name: "devflow-qa", network: { ...devflow().network, vpcCidr: "10.1.0.0/16", azs: devflow().network.azs.map((a: Mutable, i: number) => ({ ...a, publicCidr: `10.1.${i}.0/24`, privateCidr: `10.1.${128 + i}.0/24` })) } };
    const msg = validationProblems([devflow(), qa]);
    expect(msg).toMatch(/devflow-qa: serverless\.api\.cloudwatchRole = "create": environment "devflow-dev" already creates the API Gateway CloudWatch role/);
  });

  it("writes nothing: synth of a bad config throws before any stack exists", () => {
    const e = devflow();
    e.serverless.functions.cleanup.runtime = "nodejs99.x";
    expect(() => synthStacks({ envs: [e], only: ["devflow-dev"] })).toThrow(EnvValidationError);
  });

  it("the real configuration is valid", () => {
    expect(validationProblems([devflowDev, vitascopeDev] as EnvInput[])).toBe("");
  });
});

describe("schedule expressions", () => {
  it.each(["rate(1 hour)", "rate(5 minutes)", "cron(0 2 ? * MON *)", "cron(0 3 * * ? *)", "cron(0/15 * ? * MON-FRI *)", "at(2026-01-01T00:00:00)"])("accepts %s", (x) => {
    expect(scheduleExpressionProblem(x)).toBeUndefined();
  });
  it.each(["rate(0 hours)", "rate(2 hour)", "cron(0 2 * * *)", "cron(0 2 * * MON *)", "cron(61 2 ? * MON *)", "every hour"])("rejects %s", (x) => {
    expect(scheduleExpressionProblem(x)).toEqual(expect.any(String));
  });
});

describe("generated lambroll definitions (functions/)", () => {
  it("are current (run npm run functions:gen)", () => {
    expect(staleFunctionFiles(REPO_ROOT, expectedFunctionsTree())).toEqual([]);
  });
  it("read every value Terraform resolves from the serverless state", () => {
    const fj = JSON.parse(expectedFunctionsTree().get("functions/devflow-dev/start-session/function.json")!);
    expect(fj).toMatchObject({
      FunctionName: "acme-devflow-dev-start-session",
      Runtime: "python3.11",
      Handler: "app.lambda_handler",
      Timeout: 29,
      Role: "{{ tfstate `output.start_session_function_role_arn` }}",
      TracingConfig: { Mode: "Active" },
      DeadLetterConfig: { TargetArn: "{{ tfstate `output.start_session_function_dlq_arn` }}" },
    });
    expect(Object.keys(fj.Environment.Variables)).toEqual(["ECS_CLUSTER", "ECS_SERVICE_EDITOR", "SECRET_CLAUDE_API_KEY_ID", "SECRET_GITHUB_APP_ID", "TABLE_SESSIONS"]);
  });
});
