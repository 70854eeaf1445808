import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingScheduledAction } from "@cdktf/provider-aws/lib/appautoscaling-scheduled-action";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { CodedeployApp } from "@cdktf/provider-aws/lib/codedeploy-app";
import type { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import type { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "../../foundation/cdk";
import { ConfigError } from "../../foundation/errors";
import { PhysicalNames } from "../../foundation/names";
import { hostPortViolation, targetGroupIdentityOf, targetGroupSlotsOf, targetTypeViolation, type NetworkMode, type ResolvedService, type TargetType } from "../../envs/resolve";
import { assumeRoleFor, policyDocument } from "../iam/policy";
import { waive } from "../guardrails/waive";
import type { PublicAlb } from "../alb";
import { CODEDEPLOY_OWNED, TestListener, codedeployApplication } from "../codedeploy";
import { TaskSecurityGroup } from "./task-security-group";

export type { NetworkMode, TargetType } from "../../envs/resolve";
/** A target group slot: one for rolling deployments, blue + green for CodeDeploy blue/green. */
export type TargetGroupSlot = "blue" | "green" | undefined;

export interface ServiceInfraProps {
  /**
   * The service, resolved (envs/resolve.ts): network mode, target type, deregistration delay and scaling with the
   * environment's defaults applied. Its `name` is part of addresses, physical names and output names.
   */
  readonly service: ResolvedService;
  /** Physical-name prefix `<project>-<env>` (foundation/names.ts `envPrefix`); every name of the service derives from it. */
  readonly namePrefix: string;
  readonly region: string;
  readonly accountId: string;
  readonly vpcId: string;
  /**
   * What replaces the VPC, known at synth (its CIDR): part of the target group names, because a new VPC
   * replaces the target groups too (vpc_id forces a new resource) and the id itself is only known at apply.
   */
  readonly vpcIdentity: string;
  readonly clusterName: string;
  readonly alb: PublicAlb;
  /** CMK of the platform (log group encryption; ECS Exec channel). */
  readonly kmsKeyArn: string;
  /** ARN of the cluster's ECS Exec audit log group (task role permissions when `exec` is on). */
  readonly execLogGroupArn: string;
  /** Service log retention, days (a CloudWatch Logs retention value). */
  readonly logRetentionDays: number;
  /** Delete the ECR repository with its images on destroy (non-production teardown). @default false */
  readonly forceDeleteRepository?: boolean;
  /**
   * Create the CodeDeploy application of a blue/green service. `false` only where the AWS API is missing (an
   * emulator gap; the platform stack warns at synth with the recorded reason). @default true
   */
  readonly codedeploy?: boolean;
  /**
   * `protected` services: the Cognito user pool the listener rule authenticates against before forwarding
   * (`authenticate-cognito`, HTTPS listeners only). @default none
   */
  readonly authenticate?: { readonly userPoolArn: string; readonly userPoolClientId: string; readonly userPoolDomain: string };
}

/**
 * Everything a service needs around it, except the ECS service and task definition (ecspresso owns those):
 * target group(s), the listener rule, log group, ECR repository, task role, and autoscaling.
 *
 * Network mode and target type come resolved (ec2 → bridge/instance; fargate, fargate-spot → awsvpc/ip). awsvpc
 * services get their own task security group (container port from the ALB only). A `blue-green` deployment gets
 * two target groups (`-b`/`-g`), a test listener and a CodeDeploy application; the deployment group is added by
 * the platform stack once the service exists (it needs the alarms too).
 *
 * Errors: `E_BRIDGE_HOSTPORT_EPHEMERAL`, `E_AWSVPC_HOSTPORT`, `E_TARGET_TYPE_MISMATCH` (the same rules config
 * validation applies, envs/resolve.ts, guarding direct use of the construct).
 */
export class ServiceInfra extends Construct {
  readonly networkMode: NetworkMode;
  readonly targetType: TargetType;
  readonly targetGroups: LbTargetGroup[] = [];
  readonly listenerRule: LbListenerRule;
  readonly logGroup: CloudwatchLogGroup;
  readonly repository: EcrRepository;
  readonly taskRole: IamRole;
  readonly scalableTarget?: AppautoscalingTarget;
  /** awsvpc services: the task ENIs' security group. */
  readonly securityGroup?: SecurityGroup;
  /** blue-green services: the test listener and the CodeDeploy application. */
  readonly testListener?: LbListener;
  readonly codedeployApp?: CodedeployApp;

  constructor(scope: Construct, id: string, props: ServiceInfraProps) {
    super(scope, id);
    const { service: r, namePrefix: prefix, region } = props;
    const { name, config: svc } = r;
    const field = (f: string) => `services.${name}.${f}`;

    this.networkMode = r.networkMode;
    this.targetType = r.targetType;
    // ecspresso deploys the task definition (deploy/<env>/<service>/taskdef.json); the policy pack checks it under
    // this construct's path, so the config's deliberate exception is waived here.
    if (!svc.readonlyRootFilesystem) waive(this, "CKV_AWS_336", `${field("readonlyRootFilesystem")} is false in config: the application writes outside the writable /tmp volume (the config entry says where)`);
    for (const [f, value, v] of [
      ["hostPort", svc.hostPort, hostPortViolation(r.networkMode, svc.hostPort, svc.port)],
      ["targetType", svc.targetType, targetTypeViolation(r.networkMode, svc.targetType)],
    ] as const) {
      if (v) throw new ConfigError(this.node.path, v.code, v.message, { path: field(f), value, accepted: v.accepted });
    }
    const blueGreen = svc.deployment.type === "blue-green" ? svc.deployment : undefined;
    const slots = targetGroupSlotsOf(r);

    // Every attribute that forces a replacement is in the name's hash (PhysicalNames.targetGroup), so a
    // create-before-destroy replacement (port 3001 → 3002, compute ec2 → fargate, a new VPC) gets a new name
    // instead of colliding with the group it replaces. The address stays; the ARN output changes and ecspresso
    // reads it from the state on the next deploy (docs/ecspresso.md "Target group replacement").
    const identity = targetGroupIdentityOf(r, props.vpcIdentity);
    for (const slot of slots) {
      const tg = new LbTargetGroup(this, slot ? `target_group_${slot}` : "target_group", {
        name: PhysicalNames.targetGroup(prefix, name, identity, slot),
        targetType: identity.targetType,
        // Bridge targets register on their dynamic host port; this port is only the default.
        port: identity.port,
        protocol: identity.protocol,
        protocolVersion: identity.protocolVersion,
        ipAddressType: identity.ipAddressType,
        vpcId: props.vpcId,
        deregistrationDelay: String(r.deregistrationDelaySeconds),
        healthCheck: {
          enabled: true,
          path: svc.healthCheck.path,
          port: "traffic-port",
          protocol: "HTTP",
          interval: svc.healthCheck.intervalSeconds,
          timeout: 5,
          matcher: svc.healthCheck.matcher,
          healthyThreshold: svc.healthCheck.healthyThreshold,
          unhealthyThreshold: svc.healthCheck.unhealthyThreshold,
        },
        stickiness: svc.stickinessSeconds
          ? { type: "lb_cookie", enabled: true, cookieDuration: svc.stickinessSeconds }
          : { type: "lb_cookie", enabled: false },
        // The listener rule always needs a group: the new one exists before the old one goes.
        lifecycle: { createBeforeDestroy: true },
        tags: { Service: name },
      });
      waive(tg, "CKV_AWS_378", "TLS terminates at the ALB; targets are reached over HTTP on private dynamic ports inside the VPC");
      this.targetGroups.push(tg);
    }

    // Blue/green: this rule is the production route CodeDeploy moves between the two groups (it starts on
    // blue); the forward action is CodeDeploy's from then on.
    if (svc.protected && (!props.authenticate || !props.alb.httpsEnabled)) {
      throw new ConfigError(this.node.path, "E_PROTECTED_NEEDS_COGNITO_HTTPS",
        "a protected service needs the environment's Cognito user pool (identity) and an HTTPS listener (domain or alb.certificateArn); add them or set protected: false",
        { path: field("protected"), value: true });
    }
    const auth = svc.protected ? props.authenticate : undefined;
    this.listenerRule = new LbListenerRule(this, "listener_rule", {
      listenerArn: props.alb.serviceListener.arn,
      priority: svc.priority,
      action: auth
        ? [
            // Users sign in at the pool's hosted UI; the ALB forwards only authenticated requests (with x-amzn-oidc-* headers).
            { type: "authenticate-cognito", order: 1, authenticateCognito: { ...auth, onUnauthenticatedRequest: "authenticate", scope: "openid", sessionTimeout: 28800 } },
            { type: "forward", order: 2, targetGroupArn: this.targetGroups[0].arn },
          ]
        : [{ type: "forward", targetGroupArn: this.targetGroups[0].arn }],
      condition: props.alb.ruleConditions(svc.paths),
      tags: { Service: name },
      ...(blueGreen ? { lifecycle: { ignoreChanges: [...CODEDEPLOY_OWNED.listenerRule] } } : {}),
    });

    if (this.networkMode === "awsvpc") {
      this.securityGroup = new TaskSecurityGroup(this, "tasks", {
        name: PhysicalNames.serviceSecurityGroup(prefix, name),
        service: name,
        vpcId: props.vpcId,
        containerPort: svc.port,
        albSecurityGroupId: props.alb.securityGroup.id,
      }).securityGroup;
      waive(this.securityGroup, "CKV2_AWS_5", "attached by ecspresso: the service definition's awsvpc networkConfiguration reads this group from the contract output; Terraform does not own the ENIs");
    }

    if (blueGreen) {
      this.testListener = new TestListener(this, "test_listener", {
        service: name,
        alb: props.alb,
        port: blueGreen.testListenerPort,
        cidrs: blueGreen.testListenerCidrs,
        initialTargetGroup: this.targetGroups[0],
      }).listener;
      // An emulator without CodeDeploy (env.emulator.gaps.codedeploy) gets the traffic side only; the platform
      // stack warns at synth with the recorded reason.
      if (props.codedeploy ?? true) {
        this.codedeployApp = codedeployApplication(this, "codedeploy_app", PhysicalNames.codedeployApp(prefix, name));
      }
    }

    this.logGroup = new CloudwatchLogGroup(this, "log_group", {
      name: PhysicalNames.logGroup(prefix, name),
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    if (props.logRetentionDays < 365) waive(this.logGroup, "CKV_AWS_338", "retention follows the environment's logRetentionDays (cost); long-term audit trails live in CloudTrail");

    this.repository = new EcrRepository(this, "repository", {
      name: PhysicalNames.ecrRepository(prefix, name),
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      // KMS with the AWS-managed ECR key: pulls need no extra key grants.
      encryptionConfiguration: [{ encryptionType: "KMS" }],
      forceDelete: props.forceDeleteRepository ?? false,
    });
    new EcrLifecyclePolicy(this, "repository_lifecycle", {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: `Expire untagged images after ${svc.ecr.untaggedExpireDays} days`,
            selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: svc.ecr.untaggedExpireDays },
            action: { type: "expire" },
          },
          {
            rulePriority: 2,
            description: `Keep the last ${svc.ecr.keepTagged} tagged images`,
            selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: svc.ecr.keepTagged },
            action: { type: "expire" },
          },
        ],
      }),
    });

    // Task role: what the application may call. Empty by default (least privilege); ECS Exec adds its channel.
    this.taskRole = new IamRole(this, "task_role", {
      name: PhysicalNames.taskRole(prefix, name),
      description: `Task role of ${name} (application permissions)`,
      assumeRolePolicy: assumeRoleFor("ecs-tasks.amazonaws.com", {
        StringEquals: { "aws:SourceAccount": props.accountId },
        ArnLike: { "aws:SourceArn": `arn:aws:ecs:${region}:${props.accountId}:*` },
      }),
    });
    if (svc.exec) {
      new IamRolePolicy(this, "task_role_exec", {
        role: this.taskRole.id,
        name: "ecs-exec",
        policy: policyDocument([
          {
            Sid: "ExecChannel",
            Effect: "Allow",
            Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
            Resource: "*",
          },
          { Sid: "ExecKey", Effect: "Allow", Action: "kms:Decrypt", Resource: props.kmsKeyArn },
          {
            Sid: "ExecAuditLog",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: [props.execLogGroupArn, `${props.execLogGroupArn}:*`],
          },
          { Sid: "ExecAuditLogLookup", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: `arn:aws:logs:${region}:${props.accountId}:log-group:*` },
        ]),
      });
    }

    // Autoscaling: only once ecspresso has created the service (README "Ordering with ecspresso").
    const scaling = r.scaling;
    if (scaling.attach) {
      const target = new AppautoscalingTarget(this, "scaling_target", {
        serviceNamespace: "ecs",
        resourceId: `service/${props.clusterName}/${PhysicalNames.service(name)}`,
        scalableDimension: "ecs:service:DesiredCount",
        minCapacity: scaling.min,
        maxCapacity: scaling.max,
      });
      this.scalableTarget = target;
      const targets = {
        cpu: ["ECSServiceAverageCPUUtilization", scaling.cpuTarget],
        memory: ["ECSServiceAverageMemoryUtilization", scaling.memoryTarget],
      } as const;
      for (const [metric, [predefined, value]] of Object.entries(targets)) {
        new AppautoscalingPolicy(this, `scaling_${metric}`, {
          name: PhysicalNames.scalingPolicy(prefix, name, metric),
          policyType: "TargetTrackingScaling",
          serviceNamespace: target.serviceNamespace,
          resourceId: target.resourceId,
          scalableDimension: target.scalableDimension,
          targetTrackingScalingPolicyConfiguration: {
            predefinedMetricSpecification: { predefinedMetricType: predefined },
            targetValue: value,
            scaleOutCooldown: scaling.scaleOutCooldownSeconds,
            scaleInCooldown: scaling.scaleInCooldownSeconds,
          },
        });
      }
      const nightly = scaling.nightly;
      if (nightly) {
        // Target tracking never wakes a service from 0 (no data points), so both ends are scheduled.
        const schedules = {
          night_down: [nightly.downCron, 0, 0],
          morning_up: [nightly.upCron, scaling.min, scaling.max],
        } as const;
        for (const [key, [cron, min, max]] of Object.entries(schedules)) {
          new AppautoscalingScheduledAction(this, `scaling_${key}`, {
            name: PhysicalNames.scheduledAction(prefix, name, key.replace("_", "-")),
            serviceNamespace: target.serviceNamespace,
            resourceId: target.resourceId,
            scalableDimension: target.scalableDimension,
            schedule: cron,
            timezone: nightly.timezone,
            scalableTargetAction: { minCapacity: String(min), maxCapacity: String(max) },
          });
        }
      }
    }
  }

  /** The target group the service starts on (blue for blue/green). */
  get targetGroup(): LbTargetGroup {
    return this.targetGroups[0];
  }
}
