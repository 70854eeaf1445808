import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { EcsCapacityProvider } from "@cdktf/provider-aws/lib/ecs-capacity-provider";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { allowAlbToTargets } from "../network/sg-rules";
import { Construct, Token } from "../../foundation/cdk";
import { PhysicalNames } from "../../foundation/names";
import { ConfigError } from "../../foundation/errors";
import type { ClusterConfig } from "../../envs/schema";
import { DYNAMIC_HOST_PORTS, hostPortViolation } from "../../envs/resolve";
import { assumeRoleFor } from "../iam/policy";

export { DYNAMIC_HOST_PORTS } from "../../envs/resolve";

/** Agent settings written to /etc/ecs/ecs.config (the key=value contract of the ECS agent). */
export function ecsAgentConfig(clusterName: string): Record<string, string> {
  return {
    ECS_CLUSTER: clusterName,
    // Task IAM roles for bridge-mode tasks: credentials come from the agent endpoint, not from IMDS.
    ECS_ENABLE_TASK_IAM_ROLE: "true",
    // awsvpc tasks (issue 7) never see the instance's metadata; bridge tasks are kept out by hop limit 1.
    ECS_AWSVPC_BLOCK_IMDS: "true",
    ECS_ENABLE_CONTAINER_METADATA: "true",
    // Tags are immutable in ECR, so a cached image is the right image; avoids re-pulls in crash loops.
    ECS_IMAGE_PULL_BEHAVIOR: "prefer-cached",
    ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION: "1h",
    ECS_LOGLEVEL: "info",
  };
}

/** Bash user data that appends the agent settings before the ECS agent starts. */
export function ecsUserData(clusterName: string): string {
  const lines = Object.entries(ecsAgentConfig(clusterName)).map(([k, v]) => `${k}=${v}`);
  return ["#!/bin/bash", "set -euo pipefail", "cat >> /etc/ecs/ecs.config <<'EOF'", ...lines, "EOF", ""].join("\n");
}

export interface Ec2CapacityProps {
  /**
   * Physical-name prefix `<project>-<env>`: the instance role and profile, security group, launch template, Auto
   * Scaling group and capacity provider are named from it (foundation/names.ts `PhysicalNames`).
   */
  readonly namePrefix: string;
  /** The cluster the instances join (ECS agent configuration). */
  readonly clusterName: string;
  readonly config: ClusterConfig;
  readonly vpcId: string;
  /** Private subnets the instances run in. */
  readonly subnetIds: string[];
  /**
   * Security group of the load balancer: the only source admitted to the dynamic host port range.
   * @see DYNAMIC_HOST_PORTS
   */
  readonly albSecurityGroupId: string;
  /**
   * Fixed host ports of bridge services (`hostPort` ≠ 0, always below the dynamic range): each is opened from
   * the ALB security group like the dynamic range. @default []
   */
  readonly fixedHostPorts?: readonly number[];
}

/**
 * Checks the capacity-provider invariants (CreateCapacityProvider API rules) before any resource exists:
 * managed termination protection needs the ASG's scale-in protection (else the API rejects the provider) and
 * managed scaling (else protected instances are never released).
 */
export function checkCapacityProviderInvariants(where: string, cp: ClusterConfig["capacityProvider"]): void {
  if (cp.managedTerminationProtection && !cp.scaleInProtection) {
    throw new ConfigError(where, "E_CP_TERMINATION_PROTECTION_NEEDS_SCALE_IN_PROTECTION",
      "cluster.capacityProvider.managedTerminationProtection = true needs cluster.capacityProvider.scaleInProtection = true " +
      "(the ASG's protect_from_scale_in); set scaleInProtection: true or managedTerminationProtection: false.");
  }
  if (cp.managedTerminationProtection && !cp.managedScaling) {
    throw new ConfigError(where, "E_CP_TERMINATION_PROTECTION_NEEDS_MANAGED_SCALING",
      "cluster.capacityProvider.managedTerminationProtection = true needs cluster.capacityProvider.managedScaling = true " +
      "(only managed scaling removes the protection from idle instances); enable managedScaling or disable managedTerminationProtection.");
  }
}

/**
 * EC2 capacity for the cluster: instance role and profile (ECS + SSM managed policies only), the container
 * instance security group (dynamic host ports from the ALB only, HTTPS egress only), a launch template with the
 * pinned ECS-optimized AL2023 AMI, IMDSv2 (hop limit 1) and an encrypted gp3 root volume, an Auto Scaling group
 * in the private subnets and a capacity provider with managed scaling, termination protection and draining.
 */
export class Ec2Capacity extends Construct {
  readonly role: IamRole;
  readonly instanceProfile: IamInstanceProfile;
  readonly securityGroup: SecurityGroup;
  readonly launchTemplate: LaunchTemplate;
  readonly autoScalingGroup: AutoscalingGroup;
  readonly capacityProvider: EcsCapacityProvider;

  constructor(scope: Construct, id: string, props: Ec2CapacityProps) {
    super(scope, id);
    const { config, namePrefix: prefix } = props;
    const cp = config.capacityProvider;
    checkCapacityProviderInvariants(this.node.path, cp);

    this.role = new IamRole(this, "instance_role", {
      name: PhysicalNames.instanceRole(prefix),
      assumeRolePolicy: assumeRoleFor("ec2.amazonaws.com"),
      description: "ECS container instances: ECS agent and SSM Session Manager only",
    });
    for (const [key, arn] of [
      ["ecs", "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"],
      ["ssm", "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"],
    ] as const) {
      new IamRolePolicyAttachment(this, `instance_role_${key}`, { role: this.role.name, policyArn: arn });
    }
    this.instanceProfile = new IamInstanceProfile(this, "instance_profile", { name: PhysicalNames.instanceRole(prefix), role: this.role.name });

    this.securityGroup = new SecurityGroup(this, "instances_sg", {
      name: PhysicalNames.instanceSecurityGroup(prefix),
      description: "ECS container instances: dynamic host ports from the ALB only",
      vpcId: props.vpcId,
      tags: { Name: PhysicalNames.instanceSecurityGroup(prefix) },
    });
    allowAlbToTargets(this, {
      targetSecurityGroupId: this.securityGroup.id,
      albSecurityGroupId: props.albSecurityGroupId,
      fromPort: DYNAMIC_HOST_PORTS.from,
      toPort: DYNAMIC_HOST_PORTS.to,
      ids: { ingress: "dynamic_ports_from_alb", egress: "alb_to_dynamic_ports" },
      ingressDescription: "Dynamic host ports (bridge networking) from the ALB security group only",
      egressDescription: "ALB to container instances: dynamic host ports (traffic and health checks)",
    });
    for (const port of [...new Set(props.fixedHostPorts ?? [])].sort((a, b) => a - b)) {
      const v = hostPortViolation("bridge", port, port);
      if (v) throw new ConfigError(this.node.path, v.code, v.message, { path: "fixedHostPorts", value: port, accepted: v.accepted });
      allowAlbToTargets(this, {
        targetSecurityGroupId: this.securityGroup.id,
        albSecurityGroupId: props.albSecurityGroupId,
        fromPort: port,
        toPort: port,
        ids: { ingress: `fixed_port_${port}_from_alb`, egress: `alb_to_fixed_port_${port}` },
        ingressDescription: `Fixed host port ${port} from the ALB security group only`,
        egressDescription: `ALB to container instances: fixed host port ${port}`,
      });
    }
    // HTTPS is all the hosts and bridge tasks need: VPC interface endpoints, the S3 gateway endpoint (ECR
    // layers), and public AWS APIs through NAT. DNS and NTP go to link-local addresses no SG filters.
    new VpcSecurityGroupEgressRule(this, "https_egress", {
      securityGroupId: this.securityGroup.id,
      description: "HTTPS to VPC endpoints, S3 and AWS APIs",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    });

    this.launchTemplate = new LaunchTemplate(this, "launch_template", {
      name: PhysicalNames.launchTemplate(prefix),
      description: "ECS-optimized Amazon Linux 2023 container instances",
      // Pinned in envs/<system>/<env>.ts and bumped by scripts/bump-ami.sh in a PR: an SSM lookup here would replace
      // every instance on the first apply after AWS publishes a new AMI.
      imageId: config.amiId,
      instanceType: config.instanceType,
      iamInstanceProfile: { arn: this.instanceProfile.arn },
      vpcSecurityGroupIds: [this.securityGroup.id],
      // IMDSv2 only; hop limit 1 keeps bridge-mode containers (one extra hop) away from the instance role.
      // Tasks get credentials from the ECS agent's task-role endpoint instead.
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: { volumeSize: config.rootVolumeGb, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
        },
      ],
      monitoring: { enabled: true },
      userData: Buffer.from(ecsUserData(props.clusterName)).toString("base64"),
      updateDefaultVersion: true,
      tagSpecifications: [
        { resourceType: "instance", tags: { Name: PhysicalNames.launchTemplate(prefix) } },
        { resourceType: "volume", tags: { Name: PhysicalNames.launchTemplate(prefix) } },
      ],
    });

    this.autoScalingGroup = new AutoscalingGroup(this, "asg", {
      name: PhysicalNames.autoScalingGroup(prefix),
      vpcZoneIdentifier: props.subnetIds,
      minSize: config.capacity.min,
      maxSize: config.capacity.max,
      desiredCapacity: config.capacity.desired,
      // A new template version (AMI bump, user data) changes this and starts the instance refresh below.
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      protectFromScaleIn: cp.scaleInProtection,
      forceDelete: config.forceDeleteAsg,
      healthCheckType: "EC2",
      enabledMetrics: ["GroupMinSize", "GroupMaxSize", "GroupDesiredCapacity", "GroupInServiceInstances", "GroupPendingInstances", "GroupTerminatingInstances"],
      instanceRefresh: {
        strategy: "Rolling",
        preferences: {
          minHealthyPercentage: config.instanceRefreshMinHealthyPercent,
          instanceWarmup: "300",
          skipMatching: true,
          // Instances are scale-in protected by the capacity provider; the refresh must still replace them.
          // Managed draining moves their tasks first.
          scaleInProtectedInstances: "Refresh",
          standbyInstances: "Terminate",
        },
      },
      tag: [
        // Required by capacity providers with managed scaling (aws/containers-roadmap#935).
        { key: "AmazonECSManaged", value: "true", propagateAtLaunch: true },
        { key: "Name", value: PhysicalNames.launchTemplate(prefix), propagateAtLaunch: true },
      ],
      // Managed scaling owns the desired capacity after creation.
      lifecycle: { ignoreChanges: ["desired_capacity"] },
    });

    this.capacityProvider = new EcsCapacityProvider(this, "capacity_provider", {
      name: PhysicalNames.capacityProvider(prefix),
      autoScalingGroupProvider: {
        autoScalingGroupArn: this.autoScalingGroup.arn,
        managedTerminationProtection: cp.managedTerminationProtection ? "ENABLED" : "DISABLED",
        managedDraining: cp.managedDraining ? "ENABLED" : "DISABLED",
        managedScaling: cp.managedScaling
          ? { status: "ENABLED", targetCapacity: cp.targetCapacity, minimumScalingStepSize: 1, maximumScalingStepSize: 10, instanceWarmupPeriod: 300 }
          : { status: "DISABLED" },
      },
    });
  }
}
