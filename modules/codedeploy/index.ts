import { CodedeployApp } from "@cdktf/provider-aws/lib/codedeploy-app";
import { CodedeployDeploymentGroup } from "@cdktf/provider-aws/lib/codedeploy-deployment-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import type { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "../../foundation/cdk";
import { ConfigError } from "../../foundation/errors";
import { CODEDEPLOY_CONFIGS, type CodeDeployConfig } from "../../envs/schema";
import { ALB_SSL_POLICY, type PublicAlb } from "../alb";
import { assumeRoleFor } from "../iam/policy";
import { waive } from "../guardrails/waive";

/** The AWS-managed policy CodeDeploy needs to run ECS blue/green deployments (ECS, ELB, CloudWatch, SNS). */
export const CODEDEPLOY_ECS_POLICY_ARN = "arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS";

/** Events that roll a deployment back automatically. */
export const AUTO_ROLLBACK_EVENTS = ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] as const;

/** `CodeDeployDefault.ECS…` name of a config choice. */
export function codedeployConfigName(config: CodeDeployConfig): string {
  return CODEDEPLOY_CONFIGS[config];
}

/**
 * Attributes CodeDeploy rewrites on every deployment: it points the forward action of the production rule
 * and the test listener at the replacement target group (and, since 2022, keeps the other one at weight 0).
 * Terraform must not move them back, so these are ignored (terraform-provider-aws#632, #12703, #20850).
 */
export const CODEDEPLOY_OWNED = {
  listenerRule: ["action"],
  testListener: ["default_action"],
} as const;

/** The CodeDeploy service role of an environment: trusted by CodeDeploy only, AWSCodeDeployRoleForECS. */
export class CodeDeployRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: { readonly name: string; readonly accountId: string }) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      name: props.name,
      description: "CodeDeploy ECS blue/green: shifts listener traffic between target groups, manages task sets",
      assumeRolePolicy: assumeRoleFor("codedeploy.amazonaws.com", { StringEquals: { "aws:SourceAccount": props.accountId } }),
    });
    new IamRolePolicyAttachment(this, "ecs", { role: this.role.name, policyArn: CODEDEPLOY_ECS_POLICY_ARN });
  }
}

export interface TestListenerProps {
  readonly service: string;
  readonly alb: PublicAlb;
  readonly port: number;
  /** Sources admitted to the port (CI, VPN); never the internet (envs/validate.ts). */
  readonly cidrs: readonly string[];
  /** Where test traffic goes before the first deployment (the blue group); CodeDeploy owns it afterwards. */
  readonly initialTargetGroup: LbTargetGroup;
}

/**
 * The test listener of one blue/green service on the platform ALB: CodeDeploy routes it to the replacement
 * tasks before production traffic moves, so CI can probe the new version. HTTPS with the ALB's certificate
 * when it has one, else HTTP like the production listener. Reachable only from `cidrs`: one ingress rule per
 * CIDR on the ALB's identity group (attached to the ALB in both ingress modes).
 */
export class TestListener extends Construct {
  readonly listener: LbListener;

  constructor(scope: Construct, id: string, props: TestListenerProps) {
    super(scope, id);
    const { alb, port } = props;
    if (!props.cidrs.length) {
      throw new ConfigError(this.node.path, "E_TEST_LISTENER_NO_CIDRS", `the test listener of ${props.service} needs at least one allowed CIDR (deployment.testListenerCidrs)`);
    }
    const https = alb.certificateArn !== undefined;
    this.listener = new LbListener(this, "listener", {
      loadBalancerArn: alb.alb.arn,
      port,
      protocol: https ? "HTTPS" : "HTTP",
      ...(https ? { sslPolicy: ALB_SSL_POLICY, certificateArn: alb.certificateArn } : {}),
      defaultAction: [{ type: "forward", targetGroupArn: props.initialTargetGroup.arn }],
      lifecycle: { ignoreChanges: [...CODEDEPLOY_OWNED.testListener] },
      tags: { Service: props.service, Purpose: "codedeploy-test-traffic" },
    });
    if (!https) {
      waive(this.listener, "CKV_AWS_2", "no certificate configured for this environment (no domain): the test listener is HTTP like the production one, restricted to testListenerCidrs");
      waive(this.listener, "CKV_AWS_103", "no certificate configured for this environment (no domain): an HTTP test listener has no TLS policy");
    }
    props.cidrs.forEach((cidr, i) => {
      new VpcSecurityGroupIngressRule(this, `from_cidr_${i}`, {
        securityGroupId: alb.securityGroup.id,
        description: `${props.service} test listener ${port} from ${cidr} (deployment.testListenerCidrs)`,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        cidrIpv4: cidr,
      });
    });
  }
}

export interface EcsDeploymentGroupProps {
  readonly applicationName: string;
  readonly groupName: string;
  readonly serviceRoleArn: string;
  readonly clusterName: string;
  /** The ECS service (created by ecspresso with the CODE_DEPLOY controller before this group is applied). */
  readonly serviceName: string;
  readonly config: CodeDeployConfig;
  readonly terminationWaitMinutes: number;
  /** [blue, green] target group names. */
  readonly targetGroupNames: readonly [string, string];
  readonly productionListenerArn: string;
  readonly testListenerArn: string;
  /** CloudWatch alarm names that stop (and roll back) a deployment. */
  readonly alarmNames: readonly string[];
}

/**
 * The CodeDeploy application (compute platform ECS) of a blue/green service. Created with the rest of the
 * service's infrastructure; it names nothing that ecspresso creates.
 */
export function codedeployApplication(scope: Construct, id: string, name: string): CodedeployApp {
  return new CodedeployApp(scope, id, { name, computePlatform: "ECS" });
}

/**
 * The ECS deployment group: BLUE_GREEN with traffic control over the two target groups, production and test
 * listeners; automatic rollback on failure and on the service's alarms; blue tasks terminated
 * `terminationWaitMinutes` after traffic moved. It names the ECS service, which must exist when the group is
 * created (ecspresso creates it first; see `scaling.attach`).
 *
 * Nothing here is ignored: CodeDeploy changes the listeners (see `CODEDEPLOY_OWNED`) and the service's task
 * sets, never the group itself — the target group *pair* stays the same whichever side is live, so a diff on
 * the group is always a real configuration change.
 */
export class EcsDeploymentGroup extends Construct {
  readonly group: CodedeployDeploymentGroup;

  constructor(scope: Construct, id: string, props: EcsDeploymentGroupProps) {
    super(scope, id);
    if (props.targetGroupNames[0] === props.targetGroupNames[1]) {
      throw new ConfigError(this.node.path, "E_BLUE_GREEN_SAME_TG", `blue and green target groups must differ (both "${props.targetGroupNames[0]}")`);
    }
    this.group = new CodedeployDeploymentGroup(this, "group", {
      appName: props.applicationName,
      deploymentGroupName: props.groupName,
      serviceRoleArn: props.serviceRoleArn,
      deploymentConfigName: codedeployConfigName(props.config),
      deploymentStyle: { deploymentType: "BLUE_GREEN", deploymentOption: "WITH_TRAFFIC_CONTROL" },
      ecsService: { clusterName: props.clusterName, serviceName: props.serviceName },
      blueGreenDeploymentConfig: {
        // Reroute as soon as the replacement tasks are healthy (CI tests through the test listener first,
        // while ecspresso waits; a canary/linear config adds its own bake steps).
        deploymentReadyOption: { actionOnTimeout: "CONTINUE_DEPLOYMENT" },
        terminateBlueInstancesOnDeploymentSuccess: { action: "TERMINATE", terminationWaitTimeInMinutes: props.terminationWaitMinutes },
      },
      autoRollbackConfiguration: { enabled: true, events: [...AUTO_ROLLBACK_EVENTS] },
      alarmConfiguration: { enabled: props.alarmNames.length > 0, alarms: [...props.alarmNames] },
      loadBalancerInfo: {
        targetGroupPairInfo: {
          prodTrafficRoute: { listenerArns: [props.productionListenerArn] },
          testTrafficRoute: { listenerArns: [props.testListenerArn] },
          targetGroup: props.targetGroupNames.map((name) => ({ name })),
        },
      },
    });
  }
}
