/**
 * scripts/tflint.ts with the real tflint and its AWS ruleset (npm run tools installs both): a stack that breaks the
 * recommended terraform rules or the AWS ruleset's offline rules fails naming the stack, line, rule and message; the
 * unbroken stack passes. Every real stack is linted by `npm test`'s tflint step.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lintStacks } from "../../scripts/tflint";
import { stack } from "../helpers/synth";

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "tflint-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SUMMARY_RULESETS = /; rulesets: aws 0\.36\.0, terraform \S+$/;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const write = (name: string, json: unknown) => {
  mkdirSync(join(dir, "stacks", name), { recursive: true });
  writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(json, null, 2));
};

test("a real stack passes; one without required_version and with an unused variable fails naming both", () => {
  const good = structuredClone(stack("dev-network"));
  write("dev-network", good);
  const ok = lintStacks(dir);
  expect(ok.lines.at(-1)).toMatch(/^tflint: 1 stack\(s\), 0 finding\(s\), 0 error\(s\); rulesets: aws 0\.36\.0, terraform /);
  expect(ok.code).toBe(0);

  const bad = structuredClone(good) as Json;
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
  expect(r.lines.at(-1)).toMatch(/^tflint: 1 stack\(s\), 2 finding\(s\), 0 error\(s\)/);
  expect(r.lines.at(-1)).toMatch(SUMMARY_RULESETS);
});

test("the AWS ruleset reports an invalid instance type and RDS class/engine in a stack's JSON; the real stack passes", () => {
  const good = structuredClone(stack("dev-platform")) as Json;
  write("dev-platform", good);
  const ok = lintStacks(dir);
  expect(ok.lines).toEqual([expect.stringMatching(/^tflint: 1 stack\(s\), 0 finding\(s\), 0 error\(s\)/)]);
  expect(ok.lines.at(-1)).toMatch(SUMMARY_RULESETS);
  expect(ok.code).toBe(0);

  const bad = structuredClone(good);
  const templates = Object.values(bad.resource.aws_launch_template as Record<string, Json>);
  expect(templates).toHaveLength(1);
  expect(templates[0].instance_type).toBe("t3.small"); // the value the invalid one replaces
  templates[0].instance_type = "t3.nonexistent";
  // An RDS instance with an unknown class and engine: the ruleset's hand-written rules, not only the schema enums.
  bad.resource.aws_db_instance = {
    db: { identifier: "acme-dev-db", instance_class: "db.t3.huge", engine: "mysqlx", allocated_storage: 20 },
  };
  write("dev-platform", bad);
  const r = lintStacks(dir);
  expect(r.code).toBe(1);
  expect(r.lines).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^dev-platform\/cdk\.tf\.json:\d+: error aws_launch_template_invalid_instance_type: "t3\.nonexistent" is an invalid value as instance_type$/),
      expect.stringMatching(/^dev-platform\/cdk\.tf\.json:\d+: error aws_db_instance_invalid_type: "db\.t3\.huge" is invalid instance type\.$/),
      expect.stringMatching(/^dev-platform\/cdk\.tf\.json:\d+: error aws_db_instance_invalid_engine: "mysqlx" is invalid engine\.$/),
    ]),
  );
  expect(r.lines.at(-1)).toMatch(/^tflint: 1 stack\(s\), 3 finding\(s\), 0 error\(s\)/);
});

test("no tflint binary: exit 127 with the install command", () => {
  write("x", {});
  const r = lintStacks(dir, join(dir, "no-tflint"));
  expect(r.code).toBe(127);
  expect(r.lines[0]).toContain("run npm run tools");
});
