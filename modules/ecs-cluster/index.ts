import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsCluster as EcsClusterResource } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders, type EcsClusterCapacityProvidersDefaultCapacityProviderStrategy } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { Construct } from "../../foundation/cdk";
import { ConfigError } from "../../foundation/errors";
import { waive } from "../guardrails/waive";

export interface EcsClusterProps {
  /** Physical cluster name. */
  readonly name: string;
  /** Container Insights level. */
  readonly containerInsights: "enabled" | "enhanced";
  /** CMK for the ECS Exec session channel and its audit log group. */
  readonly kmsKeyArn: string;
  /** Name of the ECS Exec audit log group. */
  readonly execLogGroupName: string;
  readonly logRetentionDays: number;
}

/** A capacity provider the cluster can use: an EC2 one by name, or the Fargate ones (issue 7). */
export type ClusterCapacityProvider = string | "FARGATE" | "FARGATE_SPOT";

/**
 * The ECS cluster: Container Insights on, ECS Exec with audit logging to a KMS-encrypted log group (the
 * session channel is encrypted with the same key). Capacity providers are associated through
 * `aws_ecs_cluster_capacity_providers` (the inline cluster argument is deprecated), so adding FARGATE or
 * FARGATE_SPOT for awsvpc services is one more entry in the list.
 */
export class EcsCluster extends Construct {
  readonly cluster: EcsClusterResource;
  readonly execLogGroup: CloudwatchLogGroup;
  capacityProviders?: EcsClusterCapacityProviders;

  constructor(scope: Construct, id: string, props: EcsClusterProps) {
    super(scope, id);
    this.execLogGroup = new CloudwatchLogGroup(this, "exec_audit", {
      name: props.execLogGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    if (props.logRetentionDays < 365) waive(this.execLogGroup, "CKV_AWS_338", "retention follows the environment's logRetentionDays (cost); long-term audit trails live in CloudTrail");
    this.cluster = new EcsClusterResource(this, "cluster", {
      name: props.name,
      setting: [{ name: "containerInsights", value: props.containerInsights }],
      configuration: {
        executeCommandConfiguration: {
          kmsKeyId: props.kmsKeyArn,
          logging: "OVERRIDE",
          logConfiguration: { cloudWatchEncryptionEnabled: true, cloudWatchLogGroupName: this.execLogGroup.name },
        },
      },
    });
  }

  /**
   * Associate capacity providers and the default strategy (used by services that name no strategy).
   * Every provider in the strategy must be in the list.
   */
  useCapacityProviders(providers: readonly ClusterCapacityProvider[], defaultStrategy: readonly EcsClusterCapacityProvidersDefaultCapacityProviderStrategy[]) {
    if (this.capacityProviders) throw new ConfigError(this.node.path, "E_CP_TWICE", "capacity providers are associated once; pass every provider in one call");
    for (const s of defaultStrategy) {
      if (!providers.includes(s.capacityProvider)) {
        throw new ConfigError(this.node.path, "E_CP_STRATEGY", `default strategy names "${s.capacityProvider}", which is not associated (${providers.join(", ")})`);
      }
    }
    this.capacityProviders = new EcsClusterCapacityProviders(this, "capacity_providers", {
      clusterName: this.cluster.name,
      capacityProviders: [...providers],
      defaultCapacityProviderStrategy: [...defaultStrategy],
    });
    return this.capacityProviders;
  }
}
