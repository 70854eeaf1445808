/**
 * foundation/cdk.ts's two changes to cdktf's synth: per-token creation stacks off (CPU and memory of every synth)
 * unless CDKTF_TOKEN_STACKS=1, a token that fails to resolve still reported; no "preparing" resolve pass, a direct
 * cross-stack reference an error naming both stacks.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, Lazy, TerraformOutput, TerraformStack, Testing, withCdktfPreparePass } from "../foundation/cdk";
import { allStacks, synthStacks } from "./helpers/synth";

const creationStack = (t: unknown) => (t as { creationStack: string[] }).creationStack;
const failing = () =>
  Lazy.stringValue({
    produce: () => {
      throw new Error("fixture: producer failed");
    },
  });
const synthError = (): string => {
  const app = Testing.app();
  const stack = new TerraformStack(app, "s");
  new TerraformOutput(stack, "o", { value: failing() });
  try {
    Testing.synth(stack);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error("synth did not fail");
};

afterEach(() => delete process.env.CDKTF_TOKEN_STACKS);

describe("token creation stacks", () => {
  it("are not recorded by default", () => {
    expect(creationStack(Lazy.anyValue({ produce: () => 1 }))).toEqual([]);
  });

  it("CDKTF_TOKEN_STACKS=1 records cdktf's full stack, this file's frames included", () => {
    process.env.CDKTF_TOKEN_STACKS = "1";
    const stack = creationStack(Lazy.anyValue({ produce: () => 1 }));
    expect(stack.length).toBeGreaterThan(3);
    expect(stack.join("\n")).toContain("token-stacks.test.ts");
    expect(stack.join("\n")).not.toContain("captureTokenStack"); // the hook hides itself like cdktf's own
  });

  it("a token that fails to resolve still fails synth with the producer's error; the stack only with the switch", () => {
    const plain = synthError();
    expect(plain).toContain("fixture: producer failed");
    expect(plain).not.toContain("Object creation stack");
    process.env.CDKTF_TOKEN_STACKS = "1";
    expect(synthError()).toContain("Object creation stack");
  });
});

describe("cross-stack references", () => {
  /** Synthesize an app of two stacks into a temp dir; `wire` adds what the consumer reads of the producer. */
  function synthTwo(wire: (producer: TerraformStack, bucket: S3Bucket, consumer: TerraformStack) => void): { error?: string; json?: Record<string, any> } { // eslint-disable-line @typescript-eslint/no-explicit-any
    const outdir = mkdtempSync(join(tmpdir(), "xstack-"));
    try {
      const app = new App({ outdir });
      const producer = new TerraformStack(app, "producer");
      new AwsProvider(producer, "aws", { region: "ap-northeast-1" });
      const bucket = new S3Bucket(producer, "b", { bucket: "acme-fixture" });
      const consumer = new TerraformStack(app, "consumer");
      wire(producer, bucket, consumer);
      try {
        app.synth();
      } catch (e) {
        return { error: e instanceof Error ? e.message : String(e) };
      }
      return { json: JSON.parse(readFileSync(join(outdir, "stacks", "consumer", "cdk.tf.json"), "utf8")) };
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }

  it("a reference within its own stack resolves as cdktf resolves it, and a stack without a backend still gets the local one", () => {
    const r = synthTwo((producer, bucket, consumer) => {
      new TerraformOutput(producer, "arn", { value: bucket.arn });
      new TerraformOutput(consumer, "plain", { value: "x" });
    });
    expect(r.error).toBeUndefined();
    expect(r.json!.terraform.backend).toEqual({ local: { path: expect.stringContaining("terraform.consumer.tfstate") } });
  });

  it("a stack reading another stack's attribute directly fails synth, naming both stacks, the expression and the contract way", () => {
    const r = synthTwo((_producer, bucket, consumer) => void new TerraformOutput(consumer, "arn", { value: bucket.arn }));
    expect(r.json).toBeUndefined();
    expect(r.error).toMatch(/direct cross-stack reference: consumer uses \$\{aws_s3_bucket\.b\.arn\} of producer; export it as a contract output .*remoteState\(\)/);
  });

  it("cdktf's own preparing pass (withCdktfPreparePass) turns the same reference into generated outputs and remote state", () => {
    const r = withCdktfPreparePass(() => synthTwo((_producer, bucket, consumer) => void new TerraformOutput(consumer, "arn", { value: bucket.arn })));
    expect(r.error).toBeUndefined();
    expect(Object.keys(r.json!.data.terraform_remote_state)).toEqual([expect.stringMatching(/^cross-stack-reference-input-producer/)]);
  });

  it("a real environment synthesizes byte-identically with and without cdktf's preparing pass", () => {
    // Ours: the run's shared synth of every environment; cdktf's: that environment alone, with its pass.
    const cdktfs = withCdktfPreparePass(() => synthStacks({ only: ["vitascope-local"] }));
    const names = [...cdktfs.keys()].filter((n) => n.startsWith("vitascope-local-"));
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) expect(JSON.stringify(allStacks().get(name)!.json)).toBe(JSON.stringify(cdktfs.get(name)!.json));
  });
});
