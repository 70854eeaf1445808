/**
 * scripts/app.sh in CodeDeploy mode with stub `ecspresso` and `aws` on PATH (the real bash script, so in the
 * integration suite): local's messaging service deploys and rolls back through CodeDeploy with its rollback
 * events, the other variants do not, and wait conditions of the other controller are refused. The variants' stacks
 * and ecspresso definitions: __tests__/fargate.test.ts.
 */
import { join } from "node:path";
import { StubBin, type RunResult } from "../helpers/stubs";
import { REPO_ROOT } from "../../scripts/lib/terraform";

describe("scripts/app.sh in CodeDeploy mode (stub ecspresso)", () => {
  let bin: StubBin;
  beforeAll(() => (bin = new StubBin(["ecspresso", "aws"])));
  afterAll(() => bin.cleanup());
  const APP = join(REPO_ROOT, "scripts", "app.sh");
  // The deploy verb records the running revision: into the stub's directory, not the repository.
  const env = () => ({ LOCAL_AWS_ENDPOINT: "http://127.0.0.1:45678", STUB_ACCOUNT: "123456789012", ECSPRESSO_STATE_DIR: bin.dir, APP_TOOLS_BIN: bin.dir });
  const run = (args: string[]) => bin.run(APP, ["local", ...args], env());
  const ecspresso = (r: RunResult) => {
    expect({ status: r.status, stderr: r.status === 0 ? "" : r.stderr }).toEqual({ status: 0, stderr: "" });
    const calls = r.calls.filter((c) => c.cmd === "ecspresso");
    expect(calls).toHaveLength(1);
    return calls[0].args.slice(3); // after --config <file> --no-color
  };
  const events = ["--rollback-events", "DEPLOYMENT_FAILURE,DEPLOYMENT_STOP_ON_ALARM"];

  test("deploy waits for the CodeDeploy deployment and rolls back on failure or alarm", () => {
    expect(ecspresso(run(["messaging", "deploy", "--tag", "0123abc"]))).toEqual(["deploy", "--wait-until", "deployed", ...events]);
  });

  test("deploy --wait-until codedeploy:AfterAllowTraffic returns once traffic moved", () => {
    expect(ecspresso(run(["messaging", "deploy", "--tag", "0123abc", "--wait-until", "codedeploy:AfterAllowTraffic"]))).toEqual([
      "deploy", "--wait-until", "codedeploy:AfterAllowTraffic", ...events,
    ]);
  });

  test("rollback passes the same rollback events; create and rolling services get none", () => {
    expect(ecspresso(run(["messaging", "rollback"]))).toEqual(["rollback", "--deregister-task-definition", "--wait-until", "stable", ...events]);
    expect(ecspresso(run(["messaging", "create", "--tag", "0123abc"]))).toEqual(["deploy", "--tasks", "1", "--wait-until", "deployed"]);
    expect(ecspresso(run(["api", "deploy", "--tag", "0123abc"]))).toEqual(["deploy", "--wait-until", "deployed"]);
    expect(ecspresso(run(["editor", "create", "--tag", "0123abc"]))).toEqual(["deploy", "--tasks", "0", "--wait-until", "deployed"]);
  });

  test.each([
    ["messaging", "ecs:SCALE_UP", "deploys through CodeDeploy"],
    ["api", "codedeploy:AfterAllowTraffic", "uses the ECS deployment controller"],
  ])("%s --wait-until %s is refused before ecspresso runs", (svc, until, msg) => {
    const r = run([svc, "deploy", "--tag", "0123abc", "--wait-until", until]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(msg);
    expect(r.calls.filter((c) => c.cmd === "ecspresso")).toEqual([]);
  });
});
