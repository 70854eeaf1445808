import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "../../foundation/cdk";
import { waive } from "../guardrails/waive";

export interface RegionalWebAclProps {
  readonly name: string;
  /** Requests per IP per 5 minutes before the IP is blocked. */
  readonly rateLimitPer5Min: number;
  /** `REGIONAL` (API Gateway stage) or `CLOUDFRONT` (us-east-1 provider). @default "REGIONAL" */
  readonly scope?: "REGIONAL" | "CLOUDFRONT";
  readonly provider?: AwsProvider;
}

/**
 * A small web ACL for the serverless tier: AWS managed common rules, known bad inputs, and an IP rate limit;
 * metrics and sampled requests on. Default action allow.
 */
export class RegionalWebAcl extends Construct {
  readonly acl: Wafv2WebAcl;

  constructor(scope: Construct, id: string, props: RegionalWebAclProps) {
    super(scope, id);
    const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
    const managed = (name: string, priority: number) => ({
      name,
      priority,
      overrideAction: { none: {} },
      // The provider binding types `statement` as any: keys in Terraform (snake_case) form.
      statement: { managed_rule_group_statement: { vendor_name: "AWS", name } },
      visibilityConfig: visibility(name),
    });
    this.acl = new Wafv2WebAcl(this, "acl", {
      name: props.name,
      scope: props.scope ?? "REGIONAL",
      provider: props.provider,
      defaultAction: { allow: {} },
      visibilityConfig: visibility(props.name),
      rule: [
        managed("AWSManagedRulesCommonRuleSet", 10),
        managed("AWSManagedRulesKnownBadInputsRuleSet", 20),
        {
          name: "rate-limit",
          priority: 30,
          action: { block: {} },
          statement: { rate_based_statement: { limit: props.rateLimitPer5Min, aggregate_key_type: "IP", evaluation_window_sec: 300 } },
          visibilityConfig: visibility("rate-limit"),
        },
      ],
    });
    waive(this.acl, "CKV2_AWS_31", "metrics and sampled requests are on for every rule; full request logging (aws-waf-logs-* group) is a follow-up for this tier");
  }
}
