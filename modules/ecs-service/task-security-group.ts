import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { allowAlbToTargets } from "../network/sg-rules";
import { Construct } from "../../foundation/cdk";

export interface TaskSecurityGroupProps {
  /** Physical security group name. */
  readonly name: string;
  readonly service: string;
  readonly vpcId: string;
  /** The container port the ALB forwards to (awsvpc: the target port of both target groups). */
  readonly containerPort: number;
  /** The ALB's identity security group: the only source admitted, and the group whose egress is opened. */
  readonly albSecurityGroupId: string;
}

/**
 * The security group of an awsvpc service's task ENIs (Fargate, Fargate Spot).
 *
 * - Ingress: only the container port, only from the ALB's security group (a referenced group, never a CIDR),
 *   and the ALB's egress opened for exactly that port towards this group (the ALB group has no other egress).
 * - Egress: HTTPS only. Tasks pull images (ECR API + layers in S3), write logs, read secrets and open the
 *   ECS Exec channel over 443, either to the VPC interface endpoints or through the NAT gateway to the
 *   regional AWS endpoints, whose addresses are not a stable CIDR; so 443 is open to any address and every
 *   other port is closed. DNS goes to the VPC resolver, which security groups do not filter. An app that
 *   needs a data store adds its own egress rule to this group (its id is a platform output).
 */
export class TaskSecurityGroup extends Construct {
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: TaskSecurityGroupProps) {
    super(scope, id);
    const port = props.containerPort;
    this.securityGroup = new SecurityGroup(this, "sg", {
      name: props.name,
      description: `${props.service} tasks (awsvpc): port ${port} from the ALB only; HTTPS egress`,
      vpcId: props.vpcId,
      tags: { Name: props.name, Service: props.service },
    });
    allowAlbToTargets(this, {
      targetSecurityGroupId: this.securityGroup.id,
      albSecurityGroupId: props.albSecurityGroupId,
      fromPort: port,
      toPort: port,
      ids: { ingress: "from_alb", egress: "alb_to_tasks" },
      ingressDescription: `Container port ${port} from the ALB security group only`,
      egressDescription: `ALB to ${props.service} tasks: container port ${port} (traffic and health checks)`,
    });
    new VpcSecurityGroupEgressRule(this, "https_egress", {
      securityGroupId: this.securityGroup.id,
      description: "HTTPS to VPC endpoints, S3 (ECR layers) and AWS APIs through NAT",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    });
  }
}
