/**
 * foundation/cdk.ts turns cdktf's per-token creation stacks off (CPU and memory of every synth) unless
 * CDKTF_TOKEN_STACKS=1; a token that fails to resolve is still reported.
 */
import { Lazy, TerraformOutput, TerraformStack, Testing } from "../foundation/cdk";

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
