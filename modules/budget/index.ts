import { BudgetsBudget } from "@cdktf/provider-aws/lib/budgets-budget";
import { Construct } from "../../foundation/cdk";
import { ConfigError } from "../../foundation/errors";

export interface EnvironmentBudgetProps {
  /** Budget name, unique in the account (AWS Budgets: at most 100 characters, no `:` or `\`). */
  readonly name: string;
  /** Monthly limit in USD. */
  readonly monthlyUsd: number;
  /**
   * Count only costs carrying this cost allocation tag (`Environment` = the env name: every resource has it through
   * the provider's default tags). The tag must be activated as a cost allocation tag in the Billing console of
   * the payer account, or the budget sees $0 (AWS Budgets docs, "Filtering budgets by cost allocation tags").
   */
  readonly tag: { readonly key: string; readonly value: string };
  /** Notify when ACTUAL spend passes this % of the limit. */
  readonly actualPercent: number;
  /** Notify when FORECASTED spend passes this % of the limit. */
  readonly forecastPercent: number;
  /** Email subscribers of both notifications (AWS Budgets: at most 10). @default [] */
  readonly emails?: readonly string[];
  /**
   * SNS topic both notifications publish to. Its policy must let `budgets.amazonaws.com` publish, and a KMS key
   * encrypting it must let that principal use the key (modules/monitoring and modules/kms do with `budgets: true`).
   */
  readonly snsTopicArn?: string;
}

/**
 * One AWS Budgets cost budget for an environment: a monthly USD limit on the environment's tagged costs, notifying
 * at a share of ACTUAL spend and of FORECASTED spend (the forecast needs about five weeks of usage data before
 * AWS Budgets sends forecast alerts). Budgets without actions are free.
 * Throws a ConfigError when nobody would be notified.
 */
export class EnvironmentBudget extends Construct {
  readonly budget: BudgetsBudget;

  constructor(scope: Construct, id: string, props: EnvironmentBudgetProps) {
    super(scope, id);
    const emails = [...(props.emails ?? [])];
    const topics = props.snsTopicArn ? [props.snsTopicArn] : [];
    if (!emails.length && !topics.length) {
      throw new ConfigError("budget", "E_BUDGET_NO_SUBSCRIBER", `budget ${props.name} notifies nobody: give emails or an SNS topic`);
    }
    const notification = (type: "ACTUAL" | "FORECASTED", threshold: number) => ({
      comparisonOperator: "GREATER_THAN",
      notificationType: type,
      threshold,
      thresholdType: "PERCENTAGE",
      subscriberEmailAddresses: emails,
      subscriberSnsTopicArns: topics,
    });
    this.budget = new BudgetsBudget(this, "budget", {
      name: props.name,
      budgetType: "COST",
      limitAmount: props.monthlyUsd.toFixed(2),
      limitUnit: "USD",
      timeUnit: "MONTHLY",
      // Tag filters take `user:<key>$<value>` for user-defined cost allocation tags.
      costFilter: [{ name: "TagKeyValue", values: [`user:${props.tag.key}$${props.tag.value}`] }],
      notification: [notification("ACTUAL", props.actualPercent), notification("FORECASTED", props.forecastPercent)],
    });
  }
}
