import { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Construct } from "../../foundation/cdk";

export interface EventRuleSpec {
  readonly source: readonly string[];
  readonly detailType?: readonly string[];
  /** Physical rule name. */
  readonly ruleName: string;
  readonly target: { readonly functionName: string; readonly aliasName: string; readonly aliasArn: string; readonly dlqArn: string };
}

export interface EventBusProps {
  readonly name: string;
  readonly rules: Readonly<Record<string, EventRuleSpec>>;
}

/**
 * A custom EventBridge bus (no resource policy: only this account's principals with events:PutEvents on it can
 * publish) and rules matching `source`/`detail-type` that invoke function aliases, with retries and the target
 * function's DLQ for undeliverable events. Each target function grants invoke to exactly its rule.
 */
export class EventBus extends Construct {
  readonly bus: CloudwatchEventBus;
  readonly rules: Record<string, CloudwatchEventRule> = {};

  constructor(scope: Construct, id: string, props: EventBusProps) {
    super(scope, id);
    this.bus = new CloudwatchEventBus(this, "bus", { name: props.name });
    for (const [name, r] of Object.entries(props.rules)) {
      const k = name.replace(/-/g, "_");
      const rule = new CloudwatchEventRule(this, `rule_${k}`, {
        name: r.ruleName,
        eventBusName: this.bus.name,
        eventPattern: JSON.stringify({ source: r.source, ...(r.detailType ? { "detail-type": r.detailType } : {}) }),
      });
      new CloudwatchEventTarget(this, `target_${k}`, {
        rule: rule.name,
        eventBusName: this.bus.name,
        arn: r.target.aliasArn,
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
        deadLetterConfig: { arn: r.target.dlqArn },
      });
      new LambdaPermission(this, `invoke_${k}`, {
        statementId: `AllowEventRule-${name}`,
        action: "lambda:InvokeFunction",
        functionName: r.target.functionName,
        qualifier: r.target.aliasName,
        principal: "events.amazonaws.com",
        sourceArn: rule.arn,
      });
      this.rules[name] = rule;
    }
  }
}
