/** KMS key policies: no public grant without a limiting condition. */
import { defineRule } from "./define";
import { publicAllowOutcomes } from "./resource-policy";

const KEY = "aws_kms_key";

export const dataKmsRules = [
  defineRule({
    id: "CKV_AWS_33",
    title: "Key policies grant nothing to everyone without a limiting condition",
    types: [KEY, "aws_kms_key_policy"],
    severity: "M",
    level: "error",
    fix: "Grant to the account root / named roles / service principals with aws:SourceArn or kms:ViaService conditions.",
    check: (r, ctx) => publicAllowOutcomes(r.attrs.policy, ctx),
  }),
];
