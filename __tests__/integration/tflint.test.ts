/**
 * scripts/tflint.ts with the real tflint (npm run tools installs it): a stack that breaks the recommended
 * terraform rules fails naming the stack, line, rule and message; the unbroken stack passes. Every real stack is
 * linted by `npm test`'s tflint step.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lintStacks } from "../../scripts/tflint";
import { stack } from "../helpers/synth";

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "tflint-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, json: unknown) => {
  mkdirSync(join(dir, "stacks", name), { recursive: true });
  writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(json, null, 2));
};

test("a real stack passes; one without required_version and with an unused variable fails naming both", () => {
  const good = structuredClone(stack("dev-network"));
  write("dev-network", good);
  const ok = lintStacks(dir);
  expect(ok.lines.at(-1)).toBe("tflint: 1 stack(s), 0 finding(s), 0 error(s)");
  expect(ok.code).toBe(0);

  const bad = structuredClone(good) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  delete bad.terraform.required_version;
  bad.variable = { unused: { type: "string" } };
  write("dev-network", bad);
  const r = lintStacks(dir);
  expect(r.code).toBe(1);
  expect(r.lines).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^dev-network\/cdk\.tf\.json:\d+: warning terraform_required_version: terraform "required_version" attribute is required$/),
      expect.stringMatching(/^dev-network\/cdk\.tf\.json:\d+: warning terraform_unused_declarations: variable "unused" is declared but not used$/),
    ]),
  );
  expect(r.lines.at(-1)).toBe("tflint: 1 stack(s), 2 finding(s), 0 error(s)");
});

test("no tflint binary: exit 127 with the install command", () => {
  write("x", {});
  const r = lintStacks(dir, join(dir, "no-tflint"));
  expect(r.code).toBe(127);
  expect(r.lines[0]).toContain("run npm run tools");
});
