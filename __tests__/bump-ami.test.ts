/**
 * scripts/bump-ami.sh rewrites the pinned AMI of one environment from the SSM parameter (the AWS CLI is
 * stubbed on PATH), refuses bad answers and the emulator environment, and leaves other lines untouched.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const SCRIPT = join(ROOT, "scripts", "bump-ami.sh");

function setup(answer: string) {
  const dir = mkdtempSync(join(tmpdir(), "bump-ami-"));
  const bin = join(dir, "bin");
  spawnSync("mkdir", ["-p", bin]);
  // The stub records its arguments and prints the "parameter value".
  writeFileSync(join(bin, "aws"), `#!/usr/bin/env bash\necho "$*" > "${dir}/aws-args"\necho "${answer}"\n`);
  chmodSync(join(bin, "aws"), 0o755);
  for (const f of ["dev.ts", "local.ts"]) copyFileSync(join(ROOT, "envs", "web", f), join(dir, f));
  const run = (...args: string[]) =>
    spawnSync("bash", [SCRIPT, ...args], { encoding: "utf8", env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, ENVS_DIR: dir } });
  return { dir, run };
}

describe("scripts/bump-ami.sh", () => {
  it("rewrites amiId from the AL2023 recommended parameter in the environment's region", () => {
    const { dir, run } = setup("ami-0123456789abcdef0");
    const before = readFileSync(join(dir, "dev.ts"), "utf8");
    const r = run("dev");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/dev: ami-0b1d6b2c9d8e7f6a5 -> ami-0123456789abcdef0/);
    expect(readFileSync(join(dir, "aws-args"), "utf8").trim()).toBe(
      "ssm get-parameter --region ap-northeast-1 --name /aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id --query Parameter.Value --output text",
    );
    const after = readFileSync(join(dir, "dev.ts"), "utf8");
    expect(after).toBe(before.replace('amiId: "ami-0b1d6b2c9d8e7f6a5"', 'amiId: "ami-0123456789abcdef0"'));
  });

  it("--dry-run and an unchanged AMI leave the file alone", () => {
    const { dir, run } = setup("ami-0123456789abcdef0");
    const before = readFileSync(join(dir, "dev.ts"), "utf8");
    expect(run("dev", "--dry-run").status).toBe(0);
    expect(readFileSync(join(dir, "dev.ts"), "utf8")).toBe(before);
    const same = setup("ami-0b1d6b2c9d8e7f6a5");
    const r = same.run("dev");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/already the recommended AMI/);
  });

  it("refuses an answer that is not an AMI id, the emulator environment and unknown environments", () => {
    const { dir, run } = setup("None");
    const before = readFileSync(join(dir, "dev.ts"), "utf8");
    const bad = run("dev");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/returned 'None', not an AMI id/);
    expect(readFileSync(join(dir, "dev.ts"), "utf8")).toBe(before);
    expect(run("local").stderr).toMatch(/runs on the emulator/);
    expect(run("nope").stderr).toMatch(/no environment file/);
  });
});
