import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { SchedulerScheduleGroup } from "@cdktf/provider-aws/lib/scheduler-schedule-group";
import { Construct } from "../../foundation/cdk";
import { assumeRoleFor, policyDocument } from "../iam/policy";

export interface ScheduleSpec {
  /** `rate(1 hour)`, `cron(0 2 ? * MON *)`, `at(…)` (validated in envs/validate.ts). */
  readonly expression: string;
  /** IANA time zone of a cron expression. */
  readonly timezone: string;
  /** ARN of the function alias invoked. */
  readonly targetArn: string;
  /** Dead-letter queue of events the scheduler could not deliver (the function's DLQ). */
  readonly dlqArn: string;
  readonly input: Record<string, unknown>;
  readonly enabled: boolean;
}

export interface SchedulesProps {
  /** Schedule group name (also the prefix of each schedule's name). */
  readonly groupName: string;
  /** The role EventBridge Scheduler assumes to invoke targets. */
  readonly roleName: string;
  readonly accountId: string;
  /** CMK the scheduler encrypts schedule input with. */
  readonly kmsKeyArn: string;
  readonly schedules: Readonly<Record<string, ScheduleSpec>>;
}

/**
 * EventBridge Scheduler schedules in their own group, invoking Lambda aliases (EventBridge Scheduler User Guide):
 * one role trusted by scheduler.amazonaws.com for this account only, allowed to invoke exactly the target aliases
 * and to send undeliverable events to their DLQs; retries (2, ≤ 1 h) and flexible window off.
 */
export class Schedules extends Construct {
  readonly role: IamRole;
  readonly group: SchedulerScheduleGroup;
  readonly schedules: Record<string, SchedulerSchedule> = {};

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const specs = Object.entries(props.schedules);
    this.group = new SchedulerScheduleGroup(this, "group", { name: props.groupName });
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: "EventBridge Scheduler invokes the scheduled functions",
      assumeRolePolicy: assumeRoleFor("scheduler.amazonaws.com", { StringEquals: { "aws:SourceAccount": props.accountId } }),
    });
    new IamRolePolicy(this, "policy", {
      name: "invoke-targets",
      role: this.role.id,
      policy: policyDocument([
        { Sid: "InvokeTargets", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: [...new Set(specs.map(([, s]) => s.targetArn))] },
        { Sid: "DeadLetters", Effect: "Allow", Action: "sqs:SendMessage", Resource: [...new Set(specs.map(([, s]) => s.dlqArn))] },
        { Sid: "DeadLetterKey", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: props.kmsKeyArn },
      ]),
    });
    for (const [name, s] of specs) {
      this.schedules[name] = new SchedulerSchedule(this, `schedule_${name.replace(/-/g, "_")}`, {
        name,
        groupName: this.group.name,
        scheduleExpression: s.expression,
        scheduleExpressionTimezone: s.timezone,
        state: s.enabled ? "ENABLED" : "DISABLED",
        kmsKeyArn: props.kmsKeyArn,
        flexibleTimeWindow: { mode: "OFF" },
        target: {
          arn: s.targetArn,
          roleArn: this.role.arn,
          input: JSON.stringify(s.input),
          retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
          deadLetterConfig: { arn: s.dlqArn },
        },
      });
    }
  }
}
