/**
 * Trust in a deploy: `cdktf deploy` can exit 0 after terraform was killed mid-apply. The deploy paths
 * (local:up, the CI deploy workflow) run scripts/lib/verify-apply.ts after each stack; here its judgement on
 * terraform's real outputs (a lock left behind, a plan that is not clean, a failed plan), and the e2e check
 * that state and lock objects are SSE-KMS with the state CMK.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { judgeApply, lockLeftBehind } from "../scripts/lib/verify-apply";
import { encryptionProblems } from "../scripts/e2e/checks";
import type { Gap, PlanJson } from "../scripts/e2e/checks";

/** What terraform 1.11 prints when the S3 lock object of a killed run is still there. */
const LOCKED = `
Error: Error acquiring the state lock

Error message: operation error S3: PutObject, https response error StatusCode: 412, PreconditionFailed
Lock Info:
  ID:        5f1c0a52-7c1e-5f6b-8a40-0d3b7f1e9c11
  Path:      acme-tfstate-local/local/network.tfstate
  Operation: OperationTypeApply
  Who:       runner@host
  Version:   1.11.4
  Created:   2026-11-29 20:01:02.123456 +0000 UTC
  Info:

Terraform acquires a state lock to protect the state from being written
by multiple users at the same time.`;

const change = (address: string, type: string, actions: string[]): NonNullable<PlanJson["resource_changes"]>[number] => ({ address, type, change: { actions, before: null, after: {} } });

describe("judgeApply", () => {
  it("a lock left behind by a killed run: incomplete, naming the lock and the recovery", () => {
    expect(lockLeftBehind(LOCKED)).toEqual({ id: "5f1c0a52-7c1e-5f6b-8a40-0d3b7f1e9c11", who: "runner@host", created: "2026-11-29 20:01:02.123456 +0000 UTC", operation: "OperationTypeApply" });
    const r = judgeApply("local-network", { status: 1, output: LOCKED });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/^local-network: the apply is incomplete: a state lock was left behind \(ID 5f1c0a52-7c1e-5f6b-8a40-0d3b7f1e9c11, OperationTypeApply by runner@host/);
    expect(r.problems[0]).toContain("force-unlock <ID> --allow-mutation");
  });

  it("a clean plan (exit 0): complete", () => {
    expect(judgeApply("local-network", { status: 0, output: "No changes." }).problems).toEqual([]);
  });

  it("a plan with changes the apply never made: incomplete, naming each resource", () => {
    const plan: PlanJson = { resource_changes: [change("aws_nat_gateway.nat", "aws_nat_gateway", ["create"]), change("aws_vpc.vpc", "aws_vpc", ["no-op"])] };
    const r = judgeApply("local-network", { status: 2, output: "Plan: 1 to add", plan });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/^local-network: the apply is incomplete: the plan after deploy is not clean/);
    expect(r.problems[0]).toContain("aws_nat_gateway.nat (create)");
  });

  it("differences that are all documented emulator gaps: complete, reported as explained", () => {
    const gaps: Gap[] = [{ resource: "aws_lb_listener", attribute: "*", evidence: "moto" }];
    const r = judgeApply("local-platform", { status: 2, output: "", plan: { resource_changes: [change("aws_lb_listener.http", "aws_lb_listener", ["create"])] } }, gaps);
    expect(r.problems).toEqual([]);
    expect(r.explained).toHaveLength(1);
  });

  it("a plan that fails for another reason: not proven, fails with terraform's message", () => {
    const r = judgeApply("local-network", { status: 1, output: "Error: No valid credential sources found" });
    expect(r.problems[0]).toMatch(/^local-network: could not verify the apply: terraform plan failed \(exit 1\):\nError: No valid credential sources found/);
  });

  it("the CI deploy workflow verifies every stack it deployed", () => {
    const wf = parseYaml(readFileSync(join(__dirname, "..", ".github", "workflows", "_cdktf-deploy.yml"), "utf8")) as { jobs: { deploy: { steps: { run?: string }[] } } };
    const script = wf.jobs.deploy.steps.map((s) => s.run ?? "").join("\n");
    expect(script).toMatch(/npx cdktf deploy "\$stack"[^\n]*\n[\s\S]*scripts\/lib\/verify-apply\.ts "\$stack"/);
  });
});

describe("encryptionProblems (e2e head-object of state and lock objects)", () => {
  const ids = ["arn:aws:kms:ap-northeast-1:123456789012:alias/acme-tfstate-local", "arn:aws:kms:ap-northeast-1:123456789012:key/1234"];
  it("accepts SSE-KMS with the state CMK", () => {
    expect(encryptionProblems("s3://b/local/network.tfstate", { ServerSideEncryption: "aws:kms", SSEKMSKeyId: ids[1] }, ids)).toEqual([]);
  });
  it("rejects SSE-S3 (what encrypt = true without kms_key_id writes)", () => {
    expect(encryptionProblems("s3://b/local/network.tfstate", { ServerSideEncryption: "AES256" }, ids)).toEqual([
      "s3://b/local/network.tfstate: ServerSideEncryption is AES256, expected aws:kms with the state CMK (backend kms_key_id)",
    ]);
  });
  it("rejects another KMS key", () => {
    expect(encryptionProblems("s3://b/k", { ServerSideEncryption: "aws:kms", SSEKMSKeyId: "arn:aws:kms:ap-northeast-1:123456789012:key/other" }, ids)[0]).toMatch(/encrypted with .*key\/other, expected the state CMK/);
  });
});
