/**
 * The emulator launcher (scripts/emulator/): loopback-only listener, PID and endpoint files, stop on exit even
 * after a failure, and the moto response fixes that the e2e suite relies on. Runs the real moto server from
 * the machine's python3 (moto[server] 5.x is a documented prerequisite of `npm run test:e2e`).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const SCRIPTS = join(ROOT, "scripts", "emulator");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Local addresses of listening TCP sockets on `port` (from /proc/net/tcp and tcp6). */
function listeners(port: number): string[] {
  const out: string[] = [];
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 4 || cols[3] !== "0A") continue; // 0A = LISTEN
      const [addr, hexPort] = cols[1].split(":");
      if (parseInt(hexPort, 16) === port) out.push(addr);
    }
  }
  return out;
}

describe("scripts/emulator", () => {
  let dir: string;
  const env = () => ({ ...process.env, EMULATOR_DIR: dir, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_DEFAULT_REGION: "ap-northeast-1" });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "emulator-"));
  });
  afterEach(() => {
    spawnSync("bash", [join(SCRIPTS, "stop.sh")], { env: env() });
    rmSync(dir, { recursive: true, force: true });
  });
  /** Run an in-process self-check (scripts/emulator/check_*.py): it must exit 0; its `ok …` lines. */
  const selfCheck = (script: string): string[] => {
    const r = spawnSync("python3", [join(SCRIPTS, script)], { env: env(), encoding: "utf8" });
    expect({ status: r.status, stderr: r.status === 0 ? "" : r.stderr }).toEqual({ status: 0, stderr: "" });
    return r.stdout.trim().split("\n");
  };

  it("starts moto on 127.0.0.1 only, writes endpoint and pid, and stop.sh ends it", () => {
    const endpoint = execFileSync("bash", [join(SCRIPTS, "start.sh")], { env: env(), encoding: "utf8" }).trim();
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(readFileSync(join(dir, "endpoint"), "utf8").trim()).toBe(endpoint);
    const pid = Number(readFileSync(join(dir, "pid"), "utf8"));
    expect(alive(pid)).toBe(true);
    const port = Number(endpoint.split(":")[2]);
    // 0100007F = 127.0.0.1 in /proc/net/tcp's little-endian hex; anything else (00000000 = 0.0.0.0) fails.
    expect(listeners(port)).toEqual(["0100007F"]);
    // A second start reuses the running emulator.
    expect(execFileSync("bash", [join(SCRIPTS, "start.sh")], { env: env(), encoding: "utf8" }).trim()).toBe(endpoint);

    execFileSync("bash", [join(SCRIPTS, "stop.sh")], { env: env() });
    expect(alive(pid)).toBe(false);
    expect(existsSync(join(dir, "pid"))).toBe(false);
    expect(existsSync(join(dir, "endpoint"))).toBe(false);
  });

  it("with-emulator.sh stops the emulator when the wrapped command fails, and keeps its exit status", () => {
    const r = spawnSync("bash", [join(SCRIPTS, "with-emulator.sh"), "bash", "-c", 'echo "PID=$(cat "$EMULATOR_DIR/pid") EP=$LOCAL_AWS_ENDPOINT"; exit 3'], {
      env: env(),
      encoding: "utf8",
    });
    expect(r.status).toBe(3);
    const m = /PID=(\d+) EP=(http:\/\/127\.0\.0\.1:\d+)/.exec(r.stdout);
    expect(m).not.toBeNull();
    expect(alive(Number(m![1]))).toBe(false);
  });

  it("answers ECS like ECS: no empty networkConfiguration on bridge services; UpdateService moves PRIMARY; ListTaskDefinitions sorts", () => {
    const endpoint = execFileSync("bash", [join(SCRIPTS, "start.sh")], { env: env(), encoding: "utf8" }).trim();
    const ecs = (...args: string[]) =>
      JSON.parse(execFileSync("aws", ["ecs", ...args, "--endpoint-url", endpoint, "--region", "ap-northeast-1", "--output", "json"], { env: env(), encoding: "utf8" }) || "{}") as Record<string, unknown>;
    ecs("create-cluster", "--cluster-name", "c");
    for (const image of ["x:1", "x:2"]) {
      ecs("register-task-definition", "--family", "f", "--network-mode", "bridge", "--container-definitions", JSON.stringify([{ name: "a", image, memory: 128 }]));
    }
    const created = ecs("create-service", "--cluster", "c", "--service-name", "s", "--task-definition", "f:1", "--desired-count", "1").service as Record<string, unknown>;
    expect(created).not.toHaveProperty("networkConfiguration");
    expect((created.deployments as Record<string, unknown>[])[0]).not.toHaveProperty("networkConfiguration");

    const td = (n: number) => `arn:aws:ecs:ap-northeast-1:123456789012:task-definition/f:${n}`;
    expect(ecs("list-task-definitions", "--family-prefix", "f", "--sort", "DESC").taskDefinitionArns).toEqual([td(2), td(1)]);
    expect(ecs("list-task-definitions", "--family-prefix", "f").taskDefinitionArns).toEqual([td(1), td(2)]);

    ecs("update-service", "--cluster", "c", "--service", "s", "--task-definition", "f:2");
    const svc = (ecs("describe-services", "--cluster", "c", "--services", "s").services as Record<string, unknown>[])[0];
    expect(svc).not.toHaveProperty("networkConfiguration");
    expect(svc.taskDefinition).toBe("arn:aws:ecs:ap-northeast-1:123456789012:task-definition/f:2");
    expect((svc.deployments as Record<string, unknown>[]).map((d) => [d.status, d.taskDefinition])).toEqual([
      ["PRIMARY", "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/f:2"],
    ]);
  });

  it("evaluates the TLS-only bucket policy of every project bucket instead of denying everything", () => {
    const endpoint = execFileSync("bash", [join(SCRIPTS, "start.sh")], { env: env(), encoding: "utf8" }).trim();
    const s3 = (...args: string[]) => spawnSync("aws", ["s3api", ...args, "--endpoint-url", endpoint, "--region", "ap-northeast-1"], { env: env(), encoding: "utf8" });
    const policy = (value: string) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::b-policy", "arn:aws:s3:::b-policy/*"], Condition: { Bool: { "aws:SecureTransport": value } } }],
      });
    expect(s3("create-bucket", "--bucket", "b-policy", "--create-bucket-configuration", "LocationConstraint=ap-northeast-1").status).toBe(0);
    expect(s3("put-bucket-policy", "--bucket", "b-policy", "--policy", policy("false")).status).toBe(0);
    expect(s3("put-object", "--bucket", "b-policy", "--key", "k", "--body", join(SCRIPTS, "start.sh")).status).toBe(0);
    // The same statement with the condition that does match loopback requests still denies.
    expect(s3("put-bucket-policy", "--bucket", "b-policy", "--policy", policy("true")).status).toBe(0);
    const denied = s3("put-object", "--bucket", "b-policy", "--key", "k2", "--body", join(SCRIPTS, "start.sh"));
    expect(denied.status).not.toBe(0);
    expect(denied.stderr).toMatch(/403|Forbidden|AccessDenied/);
  });

  it("reads data and serverless resources back as the provider wrote them, and creates and destroys the data stores (check_data_patches.py)", () => {
    // In-process moto with data_patches.py; each line is a read-back that made a plan after deploy unclean, or a
    // call local:up / local:down needs (ElastiCache subnet and replication groups).
    expect(selfCheck("check_data_patches.py")).toEqual([
      "ok ModifyDBParameterGroup: parameters read back with Source user",
      "ok CreateDBInstance: MonitoringInterval and MonitoringRoleArn read back",
      "ok every DB instance has its own DbiResourceId",
      "ok CreateReplicationGroup creates the member clusters it lists",
      "ok DeleteCacheSubnetGroup refuses a group a replication group uses (CacheSubnetGroupInUse)",
      "ok DeleteReplicationGroup removes the group and its member clusters",
      "ok DeleteCacheSubnetGroup deletes a free group (then CacheSubnetGroupNotFoundFault, which the provider takes as gone)",
      "ok SQS: RedriveAllowPolicy returned; the queue policy kept",
      "ok SQS: RedrivePolicy as compact JSON",
      "ok CreateEventSourceMapping on an alias: FunctionArn is the alias ARN",
      "ok CreateWebACL retried: the first ACL; a different ACL of the same name: WafV2DuplicateItem",
    ]);
  });

  it("lets the real ecspresso roll out: running counts, service deployments, CodeDeploy blue/green (check_rollout_patches.py)", () => {
    // In-process moto with the launcher's fixes; every line is one behaviour ecspresso or the AWS provider needs.
    expect(selfCheck("check_rollout_patches.py")).toEqual([
      "ok CreateService reports the desired tasks running and the deployment COMPLETED",
      "ok ListServiceDeployments / DescribeServiceDeployments: IN_PROGRESS until described, then SUCCESSFUL",
      "ok UpdateService: one PRIMARY deployment of the new revision, running = desired, a new service deployment",
      "ok Application Auto Scaling targets: SuspendedState reported, RegisterScalableTarget Tags, TagResource, UntagResource, ListTagsForResource",
      "ok StartInstanceRefresh / DescribeInstanceRefreshes: Successful at once",
      "ok CODE_DEPLOY CreateService: one PRIMARY, STEADY_STATE task set of the service's revision",
      "ok GetApplication createTime is epoch seconds",
      "ok GetDeploymentGroup returns the alarm configuration",
      "ok BatchGetDeploymentGroups answers found groups and names the missing one",
      "ok CreateDeployment (ECS blue/green): InProgress, then Succeeded with production and test traffic on green and one PRIMARY task set",
      "ok ListDeployments newest first; the next deployment moves traffic back",
      "ok UpdateDeploymentGroup, DeleteDeploymentGroup, DeleteApplication",
    ]);
  });
});
