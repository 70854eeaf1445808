import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { Construct } from "../../foundation/cdk";

export interface ServerlessDashboardProps {
  readonly name: string;
  readonly region: string;
  /** Physical function names (Invocations left axis, Errors right axis). */
  readonly functionNames: readonly string[];
  /** ECS cluster whose running tasks (Container Insights) and CPU are shown; absent = no ECS widget. */
  readonly clusterName?: string;
  /** Custom metric of the active-session count (single value); absent = no such widget. */
  readonly activeSessions?: { readonly namespace: string; readonly metric: string };
}

/**
 * Design 000's dashboard: Lambda invocations and errors of every function, ECS running task count
 * (`ECS/ContainerInsights` RunningTaskCount, Container Insights is on for every cluster) and CPU
 * (`AWS/ECS` CPUUtilization) of the cluster, and the active sessions. DynamoDB publishes no item-count metric
 * to CloudWatch (its ItemCount is a DescribeTable value refreshed about every six hours), so active sessions are
 * a custom metric the functions publish with the embedded metric format.
 */
export class ServerlessDashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: ServerlessDashboardProps) {
    super(scope, id);
    const widgets: Record<string, unknown>[] = [];
    const fnMetrics = props.functionNames.flatMap((fn) => [
      ["AWS/Lambda", "Invocations", "FunctionName", fn, { stat: "Sum" }],
      ["AWS/Lambda", "Errors", "FunctionName", fn, { stat: "Sum", yAxis: "right" }],
    ]);
    widgets.push({
      type: "metric", x: 0, y: 0, width: 12, height: 6,
      properties: { title: "Lambda invocations (left) and errors (right)", region: props.region, view: "timeSeries", period: 300, metrics: fnMetrics },
    });
    if (props.clusterName) {
      widgets.push({
        type: "metric", x: 12, y: 0, width: 12, height: 6,
        properties: {
          title: "ECS running tasks (left) and CPU % (right)",
          region: props.region,
          view: "timeSeries",
          period: 300,
          metrics: [
            ["ECS/ContainerInsights", "RunningTaskCount", "ClusterName", props.clusterName, { stat: "Average" }],
            ["AWS/ECS", "CPUUtilization", "ClusterName", props.clusterName, { stat: "Average", yAxis: "right" }],
          ],
        },
      });
    }
    if (props.activeSessions) {
      widgets.push({
        type: "metric", x: 0, y: 6, width: 6, height: 6,
        properties: { title: "Active sessions", region: props.region, view: "singleValue", period: 300, metrics: [[props.activeSessions.namespace, props.activeSessions.metric, { stat: "Maximum" }]] },
      });
    }
    this.dashboard = new CloudwatchDashboard(this, "dashboard", { dashboardName: props.name, dashboardBody: JSON.stringify({ widgets }) });
  }
}
