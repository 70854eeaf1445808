import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Wafv2WebAcl, type Wafv2WebAclRule } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { ManagedKey, logsKeyPolicy } from "../kms";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { Construct } from "../../foundation/cdk";
import { ConfigError } from "../../foundation/errors";
import { policyDocument } from "../iam/policy";
import { waive } from "../guardrails/waive";

export interface EdgeWebAclProps {
  /** Web ACL name. */
  readonly name: string;
  /** Log group name; WAF only delivers to groups named `aws-waf-logs-*`. */
  readonly logGroupName: string;
  readonly logRetentionDays: number;
  /** The us-east-1 provider: CLOUDFRONT-scope web ACLs exist only there. */
  readonly provider: AwsProvider;
  readonly accountId: string;
  readonly rateLimitPer5Min: number;
  readonly geoBlock?: { readonly type: "blacklist" | "whitelist"; readonly countries: readonly string[] };
  /** Enforce the AWS SQL-injection rule group (AWSManagedRulesSQLiRuleSet) too (XSS is in the Common rule set). @default false */
  readonly sqlInjection?: boolean;
}

/** Stable rule priorities (gaps leave room; geo first because it is the cheapest decision). */
export const WAF_PRIORITY = { geo: 0, rateLimit: 10, common: 20, knownBadInputs: 30, anonymousIp: 40, sqli: 50 } as const;

function visibility(metricName: string) {
  return { cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

function managedGroup(name: string, priority: number, ruleGroup: string, mode: "enforce" | "count"): Wafv2WebAclRule {
  return {
    name,
    priority,
    overrideAction: mode === "enforce" ? { none: {} } : { count: {} },
    // The provider's binding types `statement` as any: keys are written in Terraform (snake_case) form.
    statement: { managed_rule_group_statement: { vendor_name: "AWS", name: ruleGroup } },
    visibilityConfig: visibility(name),
  };
}

/**
 * The distribution's web ACL (scope CLOUDFRONT, us-east-1): optional geo blocking, a per-IP rate limit, the AWS
 * Common and Known-bad-inputs rule groups enforced, Anonymous-IP in count mode (visibility before blocking), and
 * logging to `aws-waf-logs-…` with retention and the Authorization/Cookie headers redacted.
 */
export class EdgeWebAcl extends Construct {
  readonly acl: Wafv2WebAcl;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: EdgeWebAclProps) {
    super(scope, id);
    if (!props.logGroupName.startsWith("aws-waf-logs-")) {
      throw new ConfigError(this.node.path, "E_WAF_LOG_GROUP", `WAF logs only to log groups named aws-waf-logs-*; got "${props.logGroupName}"`);
    }
    const provider = props.provider;
    const rules: Wafv2WebAclRule[] = [];
    if (props.geoBlock) {
      const match = { geo_match_statement: { country_codes: [...props.geoBlock.countries] } };
      rules.push({
        name: "geo-block",
        priority: WAF_PRIORITY.geo,
        action: { block: {} },
        statement: props.geoBlock.type === "blacklist" ? match : { not_statement: { statement: match } },
        visibilityConfig: visibility("geo-block"),
      });
    }
    rules.push({
      name: "rate-limit",
      priority: WAF_PRIORITY.rateLimit,
      action: { block: {} },
      statement: { rate_based_statement: { limit: props.rateLimitPer5Min, aggregate_key_type: "IP", evaluation_window_sec: 300 } },
      visibilityConfig: visibility("rate-limit"),
    });
    rules.push(managedGroup("aws-common", WAF_PRIORITY.common, "AWSManagedRulesCommonRuleSet", "enforce"));
    rules.push(managedGroup("aws-known-bad-inputs", WAF_PRIORITY.knownBadInputs, "AWSManagedRulesKnownBadInputsRuleSet", "enforce"));
    rules.push(managedGroup("aws-anonymous-ip", WAF_PRIORITY.anonymousIp, "AWSManagedRulesAnonymousIpList", "count"));
    if (props.sqlInjection) rules.push(managedGroup("aws-sqli", WAF_PRIORITY.sqli, "AWSManagedRulesSQLiRuleSet", "enforce"));

    this.acl = new Wafv2WebAcl(this, "acl", {
      provider,
      name: props.name,
      description: "CloudFront distribution web ACL",
      scope: "CLOUDFRONT",
      defaultAction: { allow: {} },
      rule: rules,
      visibilityConfig: visibility(props.name),
    });

    // WAF logs can hold client IPs and request details: encrypted with a key in the log group's region.
    const logKey = new ManagedKey(this, "log_key", {
      provider,
      alias: `${props.name}-waf-logs`,
      description: `WAF logs of ${props.name} (us-east-1)`,
      policy: logsKeyPolicy(props.accountId, "us-east-1"),
    });
    this.logGroup = new CloudwatchLogGroup(this, "log_group", {
      provider,
      name: props.logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: logKey.key.arn,
    });
    if (props.logRetentionDays < 365) waive(this.logGroup, "CKV_AWS_338", "retention follows edge.wafLogRetentionDays (cost); WAF logs serve incident analysis, not long-term audit");
    // An explicit, narrow delivery policy instead of the one WAF would add on first use (10 policies per region).
    new CloudwatchLogResourcePolicy(this, "log_delivery_policy", {
      provider,
      policyName: `${props.logGroupName}-delivery`,
      policyDocument: policyDocument([
        {
          Sid: "WafLogDelivery",
          Effect: "Allow",
          Principal: { Service: "delivery.logs.amazonaws.com" },
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `${this.logGroup.arn}:*`,
          Condition: {
            StringEquals: { "aws:SourceAccount": props.accountId },
            ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${props.accountId}:*` },
          },
        },
      ]),
    });
    new Wafv2WebAclLoggingConfiguration(this, "logging", {
      provider,
      resourceArn: this.acl.arn,
      logDestinationConfigs: [this.logGroup.arn],
      redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
    });
  }
}
