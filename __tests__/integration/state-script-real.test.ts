/**
 * scripts/state.sh against a real S3 backend: moto + the real terraform (skipped, visibly, where either is
 * missing). The stub-based argument and refusal tests are in __tests__/state-script.test.ts.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../helpers/net";
import { STATE_DOC } from "../helpers/state-doc";
import { REPO_ROOT } from "../../scripts/lib/terraform";

const STATE = join(REPO_ROOT, "scripts", "state.sh");

const have = (cmd: string) => spawnSync("bash", ["-c", `command -v ${cmd}`]).status === 0;
const real = have("moto_server") && have("terraform") && have("aws") ? describe : describe.skip;

real("against moto's S3 with the real terraform", () => {
  let moto: ChildProcess;
  let endpoint: string;
  let work: string;
  const run = (args: string[]) =>
    spawnSync("bash", [STATE, "local", "platform", ...args], {
      env: { ...process.env, LOCAL_AWS_ENDPOINT: endpoint, STATE_CACHE_DIR: work },
      encoding: "utf8",
      input: "",
    });
  const awsEnv = () => ({ ...process.env, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_DEFAULT_REGION: "ap-northeast-1" });

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "state-moto-"));
    const port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    moto = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
    for (let i = 0; i < 100; i++) {
      if (spawnSync("aws", ["--endpoint-url", endpoint, "s3", "ls"], { env: awsEnv() }).status === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const doc = join(work, "seed.json");
    writeFileSync(doc, JSON.stringify({ ...STATE_DOC, outputs: { ...STATE_DOC.outputs, ecs_cluster_name: { value: "acme-local", type: "string" } } }));
    for (const args of [["s3", "mb", "s3://acme-tfstate-local"], ["s3", "cp", doc, "s3://acme-tfstate-local/local/platform.tfstate"]]) {
      const r = spawnSync("aws", ["--endpoint-url", endpoint, ...args], { env: awsEnv(), encoding: "utf8" });
      if (r.status !== 0) throw new Error(r.stderr);
    }
  }, 60000);
  afterAll(() => {
    moto?.kill();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test("outputs, list, show and lookup read the remote state; rm needs confirmation and then changes it", () => {
    const outputs = run(["outputs"]);
    expect(outputs.status).toBe(0);
    expect(JSON.parse(outputs.stdout).ecs_cluster_name.value).toBe("acme-local");
    expect(existsSync(join(work, "local-platform", ".terraform", "terraform.tfstate"))).toBe(true);
    expect(run(["list"]).stdout).toBe("aws_ecs_cluster.cluster\n");
    expect(run(["show", "aws_ecs_cluster.cluster"]).stdout).toContain('name = "acme-dev"');
    expect(run(["lookup", "output.ecs_cluster_name"]).stdout).toBe("acme-local\n");
    expect(run(["rm", "aws_ecs_cluster.cluster", "--allow-mutation"]).status).toBe(2);
    expect(run(["list"]).stdout).toBe("aws_ecs_cluster.cluster\n");
    expect(run(["rm", "aws_ecs_cluster.cluster", "--allow-mutation", "--yes"]).status).toBe(0);
    expect(run(["list"]).stdout).toBe("");
  });
});
