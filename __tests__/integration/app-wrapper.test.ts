/**
 * scripts/app.sh with stub `ecspresso` and `aws` on PATH: exact ecspresso argument vectors and exported
 * environment per verb, and a non-zero exit naming the problem for each bad input (ecspresso never runs).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StubBin, type RunResult } from "../helpers/stubs";
import { REPO_ROOT } from "../../scripts/lib/terraform";

const APP = join(REPO_ROOT, "scripts", "app.sh");
const ECR = "111111111111.dkr.ecr.ap-northeast-1.amazonaws.com/acme-dev/backend";
const DIGEST = `sha256:${"a1".repeat(32)}`;
const config = (env: string, svc: string) => join(REPO_ROOT, "deploy", env, svc, "ecspresso.yml");

let bin: StubBin;
let stateDir: string;
beforeAll(() => {
  bin = new StubBin(["ecspresso", "aws"]);
  stateDir = mkdtempSync(join(tmpdir(), "ecspresso-state-"));
});
afterAll(() => {
  bin.cleanup();
  rmSync(stateDir, { recursive: true, force: true });
});

const app = (args: string[], env: Record<string, string> = {}) => bin.run(APP, args, { ECSPRESSO_STATE_DIR: stateDir, APP_TOOLS_BIN: bin.dir, ...env });
const ecspresso = (r: RunResult) => r.calls.filter((c) => c.cmd === "ecspresso");
const aws = (r: RunResult) => r.calls.filter((c) => c.cmd === "aws");

function ranOnce(r: RunResult) {
  expect({ status: r.status, stderr: r.status === 0 ? "" : r.stderr }).toEqual({ status: 0, stderr: "" });
  const calls = ecspresso(r);
  expect(calls).toHaveLength(1);
  return calls[0];
}

describe("verbs map to exact ecspresso argument vectors", () => {
  const head = ["--config", config("dev", "backend"), "--no-color"];
  test.each([
    ["deploy --tag", ["deploy", "--tag", "0123abc"], ["deploy", "--wait-until", "deployed"]],
    ["deploy --wait-until stable --dry-run", ["deploy", "--tag", "0123abc", "--wait-until", "stable", "--dry-run"], ["deploy", "--wait-until", "stable", "--dry-run"]],
    ["deploy with passthrough", ["deploy", "--tag", "0123abc", "--", "--suspend-auto-scaling"], ["deploy", "--wait-until", "deployed", "--suspend-auto-scaling"]],
    ["create (initial count from envs/)", ["create", "--tag", "0123abc"], ["deploy", "--tasks", "1", "--wait-until", "deployed"]],
    ["create --tasks", ["create", "--tag", "0123abc", "--tasks", "2"], ["deploy", "--tasks", "2", "--wait-until", "deployed"]],
    ["diff", ["diff", "--tag", "0123abc"], ["diff"]],
    ["verify", ["verify", "--tag", "0123abc"], ["verify"]],
    ["render", ["render", "--tag", "0123abc"], ["render", "config", "servicedef", "taskdef"]],
    ["rollback", ["rollback"], ["rollback", "--deregister-task-definition", "--wait-until", "stable"]],
    ["status", ["status"], ["status"]],
    ["status --events", ["status", "--events", "5"], ["status", "--events", "5"]],
    ["scale", ["scale", "--tasks", "3"], ["scale", "--tasks", "3"]],
  ])("%s", (_name, args, want) => {
    const call = ranOnce(app(["dev", "backend", ...args]));
    expect(call.args).toEqual([...head, ...want]);
  });

  test("exports region, cluster, image and state bucket from envs/; checks the caller's account first", () => {
    // From another working directory: the wrapper resolves everything from the repository root.
    const r = bin.run(APP, ["dev", "backend", "deploy", "--tag", "0123abc"], { AWS_ACCESS_KEY_ID: "AKIA", ECSPRESSO_STATE_DIR: stateDir, APP_TOOLS_BIN: bin.dir }, tmpdir());
    const call = ranOnce(r);
    expect(call.env).toMatchObject({
      AWS_REGION: "ap-northeast-1",
      ECS_CLUSTER: "acme-dev",
      IMAGE: `${ECR}:0123abc`,
      TFSTATE_BUCKET: "acme-tfstate-111111111111",
      AWS_ENDPOINT_URL: "<unset>",
    });
    expect(aws(r).map((c) => c.args)).toEqual([
      ["sts", "get-caller-identity", "--region", "ap-northeast-1", "--query", "Account", "--output", "text"],
      ["ecs", "describe-services", "--region", "ap-northeast-1", "--cluster", "acme-dev", "--services", "backend",
        "--query", "services[0].deployments[].[status,taskDefinition,rolloutState]", "--output", "text"],
    ]);
    expect(r.calls.map((c) => c.cmd)).toEqual(["aws", "aws", "ecspresso"]);
  });

  test("--any-registry: an image from elsewhere only with the explicit override", () => {
    expect(ranOnce(app(["dev", "backend", "deploy", "--image", "public.ecr.aws/nginx/nginx:1.27", "--any-registry"])).env.IMAGE).toBe("public.ecr.aws/nginx/nginx:1.27");
  });

  test("render without an image: the environment's repository with a placeholder tag, said on stderr", () => {
    const r = app(["dev", "backend", "render"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`app.sh: render without --image/--tag: the task definition shows the placeholder ${ECR}:render-placeholder`);
    const calls = ecspresso(r);
    expect(calls).toHaveLength(1);
    expect(calls[0].env.IMAGE).toBe(`${ECR}:render-placeholder`);
    expect(calls[0].args.slice(-4)).toEqual(["render", "config", "servicedef", "taskdef"]);
  });

  test("--image with a digest, --tag with a digest, prod's own account and bucket", () => {
    expect(ranOnce(app(["dev", "backend", "deploy", "--image", `${ECR}@${DIGEST}`])).env.IMAGE).toBe(`${ECR}@${DIGEST}`);
    expect(ranOnce(app(["dev", "backend", "deploy", "--image", `${ECR}:v1@${DIGEST}`])).env.IMAGE).toBe(`${ECR}:v1@${DIGEST}`);
    const prod = ranOnce(app(["prod", "frontend", "deploy", "--tag", DIGEST], { STUB_ACCOUNT: "222222222222" }));
    expect(prod.env).toMatchObject({
      IMAGE: `222222222222.dkr.ecr.ap-northeast-1.amazonaws.com/acme-prod/frontend@${DIGEST}`,
      ECS_CLUSTER: "acme-prod",
      TFSTATE_BUCKET: "acme-tfstate-222222222222",
    });
    expect(prod.args.slice(0, 2)).toEqual(["--config", config("prod", "frontend")]);
  });

  test("the emulator environment points every AWS call at the emulator", () => {
    const call = ranOnce(app(["local", "backend", "deploy", "--tag", "0123abc"], { LOCAL_AWS_ENDPOINT: "http://127.0.0.1:45678", STUB_ACCOUNT: "123456789012" }));
    expect(call.env).toMatchObject({
      AWS_ENDPOINT_URL: "http://127.0.0.1:45678",
      AWS_ENDPOINT_URL_S3: "http://127.0.0.1:45678",
      AWS_ACCESS_KEY_ID: "test",
      ECS_CLUSTER: "acme-local",
    });
  });

  test("create looks the service up first and refuses an existing one", () => {
    const r = app(["dev", "backend", "create", "--tag", "0123abc"]);
    ranOnce(r);
    expect(aws(r)[1].args).toEqual([
      "ecs", "describe-services", "--region", "ap-northeast-1", "--cluster", "acme-dev", "--services", "backend",
      "--query", "services[?status==`ACTIVE`].serviceName", "--output", "text",
    ]);
    const again = app(["dev", "backend", "create", "--tag", "0123abc"], { STUB_EXISTING: "backend" });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("service backend already exists in cluster acme-dev; use deploy");
    expect(ecspresso(again)).toEqual([]);
  });

  test("ecspresso's exit code is the wrapper's", () => {
    expect(app(["dev", "backend", "deploy", "--tag", "0123abc"], { STUB_ECSPRESSO_EXIT: "1" }).status).toBe(1);
  });
});

describe("bad input exits non-zero with a message naming the problem, before ecspresso runs", () => {
  test.each([
    ["unknown env", ["qa", "backend", "deploy", "--tag", "x1"], 2, 'unknown environment "qa"; known: dev, staging, prod, local'],
    ["unknown service", ["dev", "payments", "deploy", "--tag", "x1"], 2, 'unknown service "payments" in environment dev; known: backend, frontend'],
    ["unknown verb", ["dev", "backend", "create-service"], 2, 'unknown verb "create-service"'],
    ["no image", ["dev", "backend", "deploy"], 2, "deploy needs an image: --image <repo:tag|repo@sha256:…> or --tag <tag|sha256:…>"],
    ["no image for diff", ["dev", "backend", "diff"], 2, "diff needs an image"],
    ["--tag latest", ["dev", "backend", "deploy", "--tag", "latest"], 2, 'refusing the mutable tag "latest"'],
    ["--image …:latest", ["dev", "backend", "deploy", "--image", `${ECR}:latest`], 2, 'refusing the mutable tag "latest"'],
    ["--image …:LATEST", ["dev", "backend", "deploy", "--image", `${ECR}:LATEST`], 2, 'refusing the mutable tag "latest"'],
    ["untagged image", ["dev", "backend", "deploy", "--image", ECR], 2, `image "${ECR}" has no tag or digest`],
    ["registry port is not a tag", ["dev", "backend", "deploy", "--image", "registry:5000/app"], 2, "has no tag or digest"],
    ["bad digest", ["dev", "backend", "deploy", "--image", `${ECR}@sha256:abc`], 2, "invalid digest"],
    ["both --image and --tag", ["dev", "backend", "deploy", "--image", `${ECR}:a`, "--tag", "b"], 2, "either --image or --tag"],
    ["image from another registry", ["dev", "backend", "deploy", "--image", "public.ecr.aws/nginx/nginx:1.27"], 2,
      `image "public.ecr.aws/nginx/nginx:1.27" is not in dev's repository ${ECR}: push it there (or use --tag <tag|sha256:…>), or pass --any-registry`],
    ["another environment's repository", ["dev", "backend", "deploy", "--image", `222222222222.dkr.ecr.ap-northeast-1.amazonaws.com/acme-prod/backend@${DIGEST}`], 2,
      "is not in dev's repository"],
    ["another service's repository", ["dev", "backend", "deploy", "--image", `${ECR.replace(/backend$/, "frontend")}:v1`], 2, "is not in dev's repository"],
    ["--any-registry without --image", ["dev", "backend", "deploy", "--tag", "v1", "--any-registry"], 2, "--any-registry applies to an --image"],
    ["scale without --tasks", ["dev", "backend", "scale"], 2, "scale needs --tasks N"],
    ["bad --tasks", ["dev", "backend", "scale", "--tasks", "two"], 2, "--tasks must be a non-negative integer"],
    ["unknown option", ["dev", "backend", "deploy", "--tag", "x1", "--force"], 2, 'unknown option "--force"'],
    ["bad --wait-until", ["dev", "backend", "deploy", "--tag", "x1", "--wait-until", "forever"], 2, "--wait-until must be"],
    ["image on rollback", ["dev", "backend", "rollback", "--tag", "x1"], 2, "apply to deploy, create, diff, verify and render"],
    ["missing arguments", ["dev", "backend"], 2, "expected <env> <service> <verb>"],
  ])("%s", (_name, args, code, message) => {
    const r = app(args);
    expect(r.status).toBe(code);
    expect(r.stderr).toContain(message);
    expect(ecspresso(r)).toEqual([]);
  });

  test("no ecspresso binary: exit 127 with the install hint", () => {
    const noEcspresso = new StubBin(["aws"]);
    try {
      const r = noEcspresso.run(APP, ["dev", "backend", "deploy", "--tag", "0123abc"], { APP_TOOLS_BIN: noEcspresso.dir });
      const version = readFileSync(join(REPO_ROOT, ".ecspresso-version"), "utf8").trim();
      expect(r.status).toBe(127);
      expect(r.stderr).toContain(`ecspresso not found in .tools/bin or on PATH. Install ecspresso v${version} (>= 2.8.5, pinned in .ecspresso-version): scripts/tools.sh ecspresso`);
      expect(r.stderr).toContain(`go install github.com/kayac/ecspresso/v2/cmd/ecspresso@v${version}`);
    } finally {
      noEcspresso.cleanup();
    }
  });

  test("missing AWS credentials: exit 3 (aws sts fails, or no aws CLI and no credential variables)", () => {
    const r = app(["dev", "backend", "deploy", "--tag", "0123abc"], { STUB_AWS_FAIL: "1" });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain("no usable AWS credentials for dev (aws sts get-caller-identity failed: Unable to locate credentials");
    expect(ecspresso(r)).toEqual([]);

    const noAws = new StubBin(["ecspresso"]);
    try {
      const r2 = noAws.run(APP, ["dev", "backend", "deploy", "--tag", "0123abc"], { APP_TOOLS_BIN: noAws.dir });
      expect(r2.status).toBe(3);
      expect(r2.stderr).toContain("no AWS credentials for dev: set AWS_PROFILE or AWS_ACCESS_KEY_ID");
      expect(ecspresso(r2)).toEqual([]);
      // With credential variables and no aws CLI, it proceeds.
      const r3 = noAws.run(APP, ["dev", "backend", "deploy", "--tag", "0123abc"], { AWS_PROFILE: "acme-nonprod", ECSPRESSO_STATE_DIR: stateDir, APP_TOOLS_BIN: noAws.dir });
      expect(r3.status).toBe(0);
      expect(r3.stderr).toContain("no AWS CLI: the running revision is not recorded");
    } finally {
      noAws.cleanup();
    }
  });

  test("credentials for another account: exit 3", () => {
    const r = app(["prod", "backend", "deploy", "--tag", "0123abc"], { STUB_ACCOUNT: "111111111111" });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain("AWS credentials are for account 111111111111, but prod lives in account 222222222222");
    expect(ecspresso(r)).toEqual([]);
  });
});

describe("rollback never goes one revision too far (deploy records the running revision; rollback --unless-running)", () => {
  const td = (rev: number, family = "acme-dev-backend") => `arn:aws:ecs:ap-northeast-1:111111111111:task-definition/${family}:${rev}`;
  const GOOD = td(41);
  const NEW = td(42);
  const lines = (...rows: string[][]) => rows.map((r) => r.join("\t")).join("\n") + "\n";
  const record = () => join(stateDir, "dev-backend.last");
  const describe_ = ["ecs", "describe-services", "--region", "ap-northeast-1", "--cluster", "acme-dev", "--services", "backend",
    "--query", "services[0].deployments[].[status,taskDefinition,rolloutState]", "--output", "text"];
  const rollbackArgs = ["--config", config("dev", "backend"), "--no-color", "rollback", "--deregister-task-definition", "--wait-until", "stable"];

  test("deploy writes the PRIMARY deployment's task definition before ecspresso runs", () => {
    const r = app(["dev", "backend", "deploy", "--tag", "0123abc"], { STUB_DEPLOYMENTS: lines(["PRIMARY", GOOD, "COMPLETED"]) });
    ranOnce(r);
    expect(readFileSync(record(), "utf8")).toBe(`${GOOD}\n`);
    expect(r.stderr).toContain(`app.sh: dev/backend runs ${GOOD} (recorded in ${record()})`);
    expect(aws(r)[1].args).toEqual(describe_);
  });

  test("deploy of a service that runs nothing yet removes a stale record; --dry-run records nothing", () => {
    writeFileSync(record(), `${td(7)}\n`);
    ranOnce(app(["dev", "backend", "deploy", "--tag", "0123abc"]));
    expect(existsSync(record())).toBe(false);
    const dry = app(["dev", "backend", "deploy", "--tag", "0123abc", "--dry-run"], { STUB_DEPLOYMENTS: lines(["PRIMARY", GOOD, "COMPLETED"]) });
    ranOnce(dry);
    expect(existsSync(record())).toBe(false);
    expect(aws(dry).map((c) => c.args[1])).toEqual(["get-caller-identity"]);
  });

  test.each([
    ["restored and settled", lines(["PRIMARY", GOOD, "COMPLETED"])],
    ["restore still draining the failed deployment", lines(["PRIMARY", GOOD, "IN_PROGRESS"], ["ACTIVE", NEW, "FAILED"])],
  ])("circuit breaker already restored the recorded revision (%s): exit 0, no ecspresso call", (_n, deployments) => {
    writeFileSync(record(), `${GOOD}\n`);
    const r = app(["dev", "backend", "rollback", "--unless-running", "recorded"], { STUB_DEPLOYMENTS: deployments });
    expect({ status: r.status, stdout: r.stdout }).toEqual({
      status: 0,
      stdout: `nothing to roll back: backend already runs ${GOOD} (the deployment circuit breaker restored it)\n`,
    });
    expect(ecspresso(r)).toEqual([]);
    expect(aws(r).map((c) => c.args)).toEqual([
      ["sts", "get-caller-identity", "--region", "ap-northeast-1", "--query", "Account", "--output", "text"],
      describe_,
    ]);
  });

  test("an explicit ARN works the same without a record", () => {
    rmSync(record(), { force: true });
    const r = app(["dev", "backend", "rollback", "--unless-running", GOOD], { STUB_DEPLOYMENTS: lines(["PRIMARY", GOOD, "COMPLETED"]) });
    expect(r.status).toBe(0);
    expect(ecspresso(r)).toEqual([]);
  });

  test.each([
    ["still on the new revision", lines(["PRIMARY", NEW, "IN_PROGRESS"], ["ACTIVE", GOOD, "COMPLETED"])],
    ["the new revision completed (a later failure, e.g. the wait)", lines(["PRIMARY", NEW, "COMPLETED"])],
    ["recorded revision primary but another deployment in progress", lines(["PRIMARY", GOOD, "COMPLETED"], ["ACTIVE", NEW, "IN_PROGRESS"])],
  ])("%s → ecspresso rollback with the exact arguments", (_n, deployments) => {
    writeFileSync(record(), `${GOOD}\n`);
    const r = app(["dev", "backend", "rollback", "--unless-running", "recorded"], { STUB_DEPLOYMENTS: deployments });
    expect(ranOnce(r).args).toEqual(rollbackArgs);
    expect(r.stdout).toBe("");
  });

  test("CodeDeploy (local messaging): the task sets decide; the rollback events stay", () => {
    const dir = mkdtempSync(join(tmpdir(), "ecspresso-state-"));
    try {
      const local = td(5, "acme-local-messaging").replace("111111111111", "123456789012");
      const newer = td(6, "acme-local-messaging").replace("111111111111", "123456789012");
      writeFileSync(join(dir, "local-messaging.last"), `${local}\n`);
      const env = { LOCAL_AWS_ENDPOINT: "http://127.0.0.1:45678", STUB_ACCOUNT: "123456789012", ECSPRESSO_STATE_DIR: dir, APP_TOOLS_BIN: bin.dir };
      const restored = bin.run(APP, ["local", "messaging", "rollback", "--unless-running", "recorded"], { ...env, STUB_DEPLOYMENTS: lines(["PRIMARY", local, "STEADY_STATE"]) });
      expect({ status: restored.status, stdout: restored.stdout }).toEqual({
        status: 0, stdout: `nothing to roll back: messaging already runs ${local} (CodeDeploy rolled it back)\n`,
      });
      expect(ecspresso(restored)).toEqual([]);
      expect(aws(restored)[1].args).toEqual([
        "ecs", "describe-services", "--endpoint-url", "http://127.0.0.1:45678", "--region", "ap-northeast-1", "--cluster", "acme-local",
        "--services", "messaging", "--query", "services[0].taskSets[].[status,taskDefinition,stabilityStatus]", "--output", "text",
      ]);
      const inFlight = bin.run(APP, ["local", "messaging", "rollback", "--unless-running", "recorded"], {
        ...env, STUB_DEPLOYMENTS: lines(["PRIMARY", local, "STEADY_STATE"], ["ACTIVE", newer, "STABILIZING"]),
      });
      expect(ranOnce(inFlight).args.slice(3)).toEqual([
        "rollback", "--deregister-task-definition", "--wait-until", "stable", "--rollback-events", "DEPLOYMENT_FAILURE,DEPLOYMENT_STOP_ON_ALARM",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    ["no record", () => rmSync(record(), { force: true }), ["--unless-running", "recorded"], 1, "no recorded revision for dev/backend"],
    ["not an ARN", () => {}, ["--unless-running", "acme-dev-backend:41"], 2, "--unless-running must be a task definition ARN"],
    ["on another verb", () => {}, ["--unless-running", GOOD], 2, "--unless-running applies to rollback, not status"],
  ])("%s → refused, no ecspresso call", (name, setup, opts, code, message) => {
    setup();
    const verb = name === "on another verb" ? "status" : "rollback";
    const r = app(["dev", "backend", verb, ...opts], { STUB_DEPLOYMENTS: lines(["PRIMARY", NEW, "IN_PROGRESS"]) });
    expect(r.status).toBe(code);
    expect(r.stderr).toContain(message);
    expect(ecspresso(r)).toEqual([]);
  });

  test("the service cannot be described → exit 1, never a blind rollback", () => {
    const failing = new StubBin(["ecspresso"]);
    try {
      // aws that answers sts but fails every ECS call.
      writeFileSync(join(failing.dir, "aws"), `#!/usr/bin/env bash\nif [[ $1 == sts ]]; then echo 111111111111; else echo "AccessDenied" >&2; exit 254; fi\n`, { mode: 0o755 });
      const r = failing.run(APP, ["dev", "backend", "rollback", "--unless-running", GOOD], { ECSPRESSO_STATE_DIR: stateDir, APP_TOOLS_BIN: failing.dir });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("cannot describe service backend in cluster acme-dev; not rolling back blind");
      expect(ecspresso(r)).toEqual([]);
    } finally {
      failing.cleanup();
    }
  });
});
