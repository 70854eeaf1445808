/**
 * How scripts/checkov.ts hands waivers to checkov: per file, resource and check id (checkov's own --baseline
 * ignores the file), both resource spellings checkov 3.3.30 uses, and a waiver that matches nothing fails.
 * checkov itself runs in `npm run checkov` (npm test), not here.
 */
import { applyWaivers, baselineOf, forCheckov, PACK_OWNED_CHECKOV_IDS } from "../scripts/checkov";
import type { CheckovWaiver } from "../modules/guardrails";
import { RULES } from "../modules/guardrails";
import { CHECKOV_GAPS } from "../modules/guardrails/registry";
import type { SynthesizedStack } from "../scripts/lib/synth";

const bucket = (stack: string) => ({ "//": { metadata: { path: `${stack}/logs/bucket` } }, bucket: "b" });
const stack = (name: string): SynthesizedStack => ({ name, dir: `/out/stacks/${name}`, providers: ["aws"], json: { resource: { aws_s3_bucket: { logs_bucket_1: bucket(name) } } } });
const STACKS = [stack("dev-edge"), stack("prod-edge")];
const waiver = (stackName: string, ruleId = "CKV_AWS_18"): CheckovWaiver => ({
  ruleId,
  reason: "this is the access-log target; logging it into itself would loop",
  scope: `${stackName}/logs`,
  stack: stackName,
  env: stackName.split("-")[0],
  covers: [{ address: "aws_s3_bucket.logs_bucket_1", path: `${stackName}/logs/bucket` }],
});
const rec = (file: string, check_id: string, resource: string) => ({ check_id, check_name: check_id, file_path: file, resource });

describe("checkov waivers", () => {
  it("a dev waiver covers dev's finding only, although both stacks have the same address (checkov spells it resource.<name>)", () => {
    const out = applyWaivers({ passed: [], failed: [rec("/dev-edge/cdk.tf.json", "CKV_AWS_18", "resource.logs_bucket_1"), rec("/prod-edge/cdk.tf.json", "CKV_AWS_18", "resource.logs_bucket_1")] }, STACKS, "/out/stacks", [waiver("dev-edge")]);
    expect(out.waived).toBe(1);
    expect(out.failed).toEqual([expect.objectContaining({ stack: "prod-edge", address: "aws_s3_bucket.logs_bucket_1", path: "prod-edge/logs/bucket", check_id: "CKV_AWS_18" })]);
    expect(out.problems).toEqual([]);
  });

  it("a waiver is per check id, and one that matches no failing result is a problem", () => {
    const out = applyWaivers({ passed: [rec("/dev-edge/cdk.tf.json", "CKV_AWS_18", "aws_s3_bucket.logs_bucket_1")], failed: [rec("/dev-edge/cdk.tf.json", "CKV_AWS_144", "aws_s3_bucket.logs_bucket_1")] }, STACKS, "/out/stacks", [waiver("dev-edge")]);
    expect(out.passed).toBe(1);
    expect(out.failed.map((f) => f.check_id)).toEqual(["CKV_AWS_144"]);
    expect(out.problems).toEqual([expect.stringMatching(/waiver of CKV_AWS_18 on dev-edge\/logs \(dev-edge\): matches no failing checkov result/)]);
  });

  it("the generated baseline is checkov's format, per file, with both resource spellings", () => {
    expect(baselineOf([waiver("dev-edge"), waiver("dev-edge", "CKV_AWS_144")], (s) => `/${s}/cdk.tf.json`)).toEqual({
      failed_checks: [
        {
          file: "/dev-edge/cdk.tf.json",
          findings: [
            { resource: "aws_s3_bucket.logs_bucket_1", check_ids: ["CKV_AWS_144", "CKV_AWS_18"] },
            { resource: "resource.logs_bucket_1", check_ids: ["CKV_AWS_144", "CKV_AWS_18"] },
          ],
        },
      ],
    });
  });

  it("checkov skips exactly the checkov ids the pack owns, so no id is judged twice", () => {
    expect(PACK_OWNED_CHECKOV_IDS).toEqual(RULES.map((r) => r.id).filter((id) => /^CKV2?_AWS_\d+$/.test(id)).sort());
    expect(PACK_OWNED_CHECKOV_IDS).toContain("CKV2_AWS_72");
    expect(PACK_OWNED_CHECKOV_IDS).not.toContain("CKV_AWS_79");
  });

  it("every checkov id the pack keeps says what checkov gets wrong here (and no stale entry)", () => {
    expect(Object.keys(CHECKOV_GAPS).sort()).toEqual([...PACK_OWNED_CHECKOV_IDS]);
  });

  it("checkov scans a copy without the terraform block's scalars (its parser rejects required_version), everything else unchanged", () => {
    const json = { terraform: { required_version: ">= 1.10", backend: { s3: { key: "dev/edge.tfstate" } }, required_providers: { aws: { source: "hashicorp/aws" } } }, resource: { aws_s3_bucket: { b: { bucket: "b" } } } };
    expect(forCheckov(json)).toEqual({ terraform: { backend: { s3: { key: "dev/edge.tfstate" } }, required_providers: { aws: { source: "hashicorp/aws" } } }, resource: { aws_s3_bucket: { b: { bucket: "b" } } } });
    expect(json.terraform.required_version).toBe(">= 1.10");
  });
});
