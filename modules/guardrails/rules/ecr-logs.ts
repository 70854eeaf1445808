/** ECR repository policies. */
import { defineRule } from "./define";
import { publicAllowOutcomes } from "./resource-policy";

export const ecrLogRules = [
  defineRule({
    id: "CKV_AWS_32",
    title: "ECR repository policies grant nothing to everyone without a limiting condition",
    types: ["aws_ecr_repository_policy"],
    severity: "M",
    level: "error",
    fix: "Name the principals (account/role ARNs) or add aws:SourceArn / aws:PrincipalOrgID conditions.",
    check: (r, ctx) => publicAllowOutcomes(r.attrs.policy, ctx),
  }),
];
