import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "../../foundation/cdk";
import { PhysicalNames } from "../../foundation/names";
import type { EnvConfig } from "../../envs/schema";
import { policyDocument } from "../iam/policy";

export type AlarmThresholds = EnvConfig["alarms"];

export interface MonitoredService {
  readonly name: string;
  /** `targetgroup/<name>/<id>` (the TargetGroup metric dimension). */
  readonly targetGroupArnSuffix: string;
  /**
   * Blue/green services: the second target group. CodeDeploy moves production between the two, so the target
   * group alarms watch the worse of both (metric math MAX), whichever is live.
   */
  readonly alternateTargetGroupArnSuffix?: string;
}

export interface PlatformMonitoringProps {
  /**
   * Physical-name prefix `<project>-<env>`: the alarm topic, dashboard and alarms are named from it
   * (foundation/names.ts `PhysicalNames`).
   */
  readonly namePrefix: string;
  readonly region: string;
  readonly accountId: string;
  readonly kmsKeyArn: string;
  readonly thresholds: AlarmThresholds;
  readonly clusterName: string;
  /**
   * The EC2 capacity (capacity provider and Auto Scaling group). Absent for a Fargate-only cluster: no capacity
   * reservation alarm and no host panels (Fargate has no instances to watch).
   */
  readonly ec2?: { readonly capacityProviderName: string; readonly autoScalingGroupName: string };
  /** `app/<name>/<id>` (the LoadBalancer metric dimension). */
  readonly albArnSuffix: string;
  readonly services: readonly MonitoredService[];
  /** Let AWS Budgets publish budget notifications to the topic (modules/budget). @default false */
  readonly budgetNotifications?: boolean;
}

/**
 * Seed alarms and one dashboard per environment. Every alarm notifies (ALARM and OK) an SNS topic encrypted
 * with the platform key; email subscribers come from config. Thresholds: `alarms` in envs/<system>/<env>.ts.
 *
 * | alarm | metric | fires when |
 * |---|---|---|
 * | `<svc>-cpu-high` / `<svc>-memory-high` | AWS/ECS CPU/MemoryUtilization (service) | average > threshold for 5 × 1 min |
 * | `<svc>-unhealthy-hosts` | UnHealthyHostCount (target group) | max > 0 for 3 × 1 min |
 * | `<svc>-p95-latency` | TargetResponseTime p95 (target group) | > threshold s for 5 × 1 min |
 * | `alb-5xx` | HTTPCode_ELB_5XX + HTTPCode_Target_5XX | sum > threshold in 5 min |
 * | `capacity-reservation-high` | CapacityProviderReservation | > threshold % for 3 × 5 min |
 */
export class PlatformMonitoring extends Construct {
  readonly topic: SnsTopic;
  readonly alarms: Record<string, CloudwatchMetricAlarm> = {};
  readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: PlatformMonitoringProps) {
    super(scope, id);
    const { namePrefix: prefix, thresholds: t } = props;

    this.topic = new SnsTopic(this, "topic", { name: PhysicalNames.alarmTopic(prefix), kmsMasterKeyId: props.kmsKeyArn });
    new SnsTopicPolicy(this, "topic_policy", {
      arn: this.topic.arn,
      policy: policyDocument([
        {
          Sid: "AccountAdministration",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${props.accountId}:root` },
          Action: ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish"],
          Resource: this.topic.arn,
        },
        {
          Sid: "CloudWatchAlarms",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: "sns:Publish",
          Resource: this.topic.arn,
          Condition: { StringEquals: { "aws:SourceAccount": props.accountId } },
        },
        ...(props.budgetNotifications
          ? [{
              Sid: "BudgetNotifications",
              Effect: "Allow" as const,
              Principal: { Service: "budgets.amazonaws.com" },
              Action: "sns:Publish",
              Resource: this.topic.arn,
              Condition: { StringEquals: { "aws:SourceAccount": props.accountId } },
            }]
          : []),
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "sns:Publish",
          Resource: this.topic.arn,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ]),
    });
    props.thresholds.emails.forEach((email, i) => {
      new SnsTopicSubscription(this, `email_${i}`, { topicArn: this.topic.arn, protocol: "email", endpoint: email });
    });

    const actions = { actionsEnabled: true, alarmActions: [this.topic.arn], okActions: [this.topic.arn] };
    const alarm = (key: string, cfg: Omit<CloudwatchMetricAlarmConfig, "alarmName" | "actionsEnabled" | "alarmActions" | "okActions">) =>
      (this.alarms[key] = new CloudwatchMetricAlarm(this, key, { alarmName: PhysicalNames.alarm(prefix, key), ...actions, ...cfg }));

    const lb = props.albArnSuffix;
    for (const svc of props.services) {
      const ecsDims = { ClusterName: props.clusterName, ServiceName: svc.name };
      const tgDims = { TargetGroup: svc.targetGroupArnSuffix, LoadBalancer: lb };
      const k = svc.name.replace(/-/g, "_");
      alarm(`${k}_cpu_high`, {
        alarmDescription: `${svc.name}: service CPU above ${t.cpuPercent}% for 5 minutes`,
        namespace: "AWS/ECS", metricName: "CPUUtilization", dimensions: ecsDims, statistic: "Average",
        period: 60, evaluationPeriods: 5, datapointsToAlarm: 5, threshold: t.cpuPercent,
        comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
      });
      alarm(`${k}_memory_high`, {
        alarmDescription: `${svc.name}: service memory above ${t.memoryPercent}% for 5 minutes`,
        namespace: "AWS/ECS", metricName: "MemoryUtilization", dimensions: ecsDims, statistic: "Average",
        period: 60, evaluationPeriods: 5, datapointsToAlarm: 5, threshold: t.memoryPercent,
        comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
      });
      // One target group: a plain metric. Blue/green: MAX over both groups (metric math), so the alarm follows
      // production whichever group CodeDeploy made live.
      const tgMetric = (metricName: string, stat: string, label: string) =>
        svc.alternateTargetGroupArnSuffix
          ? {
              metricQuery: [
                { id: "worst", expression: "MAX([blue, green])", label, returnData: true },
                ...([["blue", svc.targetGroupArnSuffix], ["green", svc.alternateTargetGroupArnSuffix]] as const).map(([id, tg]) => ({
                  id,
                  metric: { namespace: "AWS/ApplicationELB", metricName, dimensions: { TargetGroup: tg, LoadBalancer: lb }, stat, period: 60 },
                })),
              ],
            }
          : stat.startsWith("p")
            ? { namespace: "AWS/ApplicationELB", metricName, dimensions: tgDims, extendedStatistic: stat, period: 60 }
            : { namespace: "AWS/ApplicationELB", metricName, dimensions: tgDims, statistic: stat, period: 60 };
      alarm(`${k}_unhealthy_hosts`, {
        alarmDescription: `${svc.name}: unhealthy targets behind the ALB for 3 minutes`,
        ...tgMetric("UnHealthyHostCount", "Maximum", "unhealthy targets"),
        evaluationPeriods: 3, datapointsToAlarm: 3, threshold: 0,
        comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
      });
      alarm(`${k}_p95_latency`, {
        alarmDescription: `${svc.name}: p95 target response time above ${t.p95LatencySeconds}s for 5 minutes`,
        ...tgMetric("TargetResponseTime", "p95", "p95 response time"),
        evaluationPeriods: 5, datapointsToAlarm: 5, threshold: t.p95LatencySeconds,
        comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
      });
    }
    alarm("alb_5xx", {
      alarmDescription: `ALB: more than ${t.alb5xxPer5Min} 5xx responses (ELB + targets) in 5 minutes`,
      evaluationPeriods: 1, datapointsToAlarm: 1, threshold: t.alb5xxPer5Min,
      comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
      metricQuery: [
        { id: "total", expression: "FILL(elb, 0) + FILL(target, 0)", label: "5xx responses", returnData: true },
        ...(["elb", "target"] as const).map((id) => ({
          id,
          metric: {
            namespace: "AWS/ApplicationELB",
            metricName: id === "elb" ? "HTTPCode_ELB_5XX_Count" : "HTTPCode_Target_5XX_Count",
            dimensions: { LoadBalancer: lb },
            stat: "Sum",
            period: 300,
          },
        })),
      ],
    });
    if (props.ec2) {
      alarm("capacity_reservation_high", {
        alarmDescription: `Capacity provider reservation above ${t.capacityReservationPercent}% for 15 minutes: tasks wait for instances (ASG at max or failing to launch)`,
        namespace: "AWS/ECS/ManagedScaling", metricName: "CapacityProviderReservation",
        dimensions: { ClusterName: props.clusterName, CapacityProviderName: props.ec2.capacityProviderName }, statistic: "Average",
        period: 300, evaluationPeriods: 3, datapointsToAlarm: 3, threshold: t.capacityReservationPercent,
        comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
      });
    }

    this.dashboard = new CloudwatchDashboard(this, "dashboard", {
      dashboardName: PhysicalNames.dashboard(prefix),
      dashboardBody: JSON.stringify(dashboardBody(props)),
    });
  }
}

type Metric = (string | Record<string, unknown>)[];

/** ALB, ECS service, capacity and host panels. */
export function dashboardBody(props: PlatformMonitoringProps) {
  const lb = props.albArnSuffix;
  const ec2 = props.ec2;
  const widget = (title: string, metrics: Metric[], extra: Record<string, unknown> = {}, x = 0, y = 0) => ({
    type: "metric",
    x,
    y,
    width: 12,
    height: 6,
    properties: { title, region: props.region, view: "timeSeries", stacked: false, period: 60, metrics, ...extra },
  });
  const svcMetric = (metric: string) =>
    props.services.map((s): Metric => ["AWS/ECS", metric, "ClusterName", props.clusterName, "ServiceName", s.name, { label: s.name }]);
  const tgMetric = (metric: string, stat: string) =>
    props.services.map((s): Metric => ["AWS/ApplicationELB", metric, "TargetGroup", s.targetGroupArnSuffix, "LoadBalancer", lb, { label: s.name, stat }]);
  return {
    widgets: [
      widget("ALB requests and 5xx", [
        ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", lb, { stat: "Sum", label: "requests" }],
        ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", lb, { stat: "Sum", label: "ELB 5xx" }],
        ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", lb, { stat: "Sum", label: "target 5xx" }],
      ], {}, 0, 0),
      widget("Target response time p95 (s)", tgMetric("TargetResponseTime", "p95"), {}, 12, 0),
      widget("Service CPU %", svcMetric("CPUUtilization"), {}, 0, 6),
      widget("Service memory %", svcMetric("MemoryUtilization"), {}, 12, 6),
      widget("Healthy / unhealthy targets", [...tgMetric("HealthyHostCount", "Minimum"), ...tgMetric("UnHealthyHostCount", "Maximum")], {}, 0, 12),
      ...(ec2
        ? [
            widget("Capacity provider reservation %", [
              ["AWS/ECS/ManagedScaling", "CapacityProviderReservation", "ClusterName", props.clusterName, "CapacityProviderName", ec2.capacityProviderName],
            ], { period: 300 }, 12, 12),
            widget("Container instances (ASG)", [
              ["AWS/AutoScaling", "GroupInServiceInstances", "AutoScalingGroupName", ec2.autoScalingGroupName],
              ["AWS/AutoScaling", "GroupDesiredCapacity", "AutoScalingGroupName", ec2.autoScalingGroupName],
              ["AWS/AutoScaling", "GroupMaxSize", "AutoScalingGroupName", ec2.autoScalingGroupName],
            ], {}, 0, 18),
            widget("Hosts: cluster CPU / memory reservation and host CPU %", [
              ["AWS/ECS", "CPUReservation", "ClusterName", props.clusterName],
              ["AWS/ECS", "MemoryReservation", "ClusterName", props.clusterName],
              ["AWS/EC2", "CPUUtilization", "AutoScalingGroupName", ec2.autoScalingGroupName, { label: "host CPU" }],
            ], {}, 12, 18),
          ]
        : []),
    ],
  };
}
