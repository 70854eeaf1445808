import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { Construct } from "../../foundation/cdk";

export interface AlbToTargetsProps {
  /** The targets' security group (container instances or awsvpc tasks). */
  readonly targetSecurityGroupId: string;
  /** The ALB's security group: the only source admitted. */
  readonly albSecurityGroupId: string;
  readonly fromPort: number;
  readonly toPort: number;
  /** Logical ids of the two rules (addresses are state: keep them stable). */
  readonly ids: { readonly ingress: string; readonly egress: string };
  readonly ingressDescription: string;
  readonly egressDescription: string;
}

/**
 * The two halves of one ALB → target path: ingress on the targets from the ALB's security group only (a
 * referenced group, never a CIDR) and the ALB's matching egress, so neither side is wider than the traffic and
 * health checks need.
 */
export function allowAlbToTargets(scope: Construct, props: AlbToTargetsProps): void {
  new VpcSecurityGroupIngressRule(scope, props.ids.ingress, {
    securityGroupId: props.targetSecurityGroupId,
    description: props.ingressDescription,
    ipProtocol: "tcp",
    fromPort: props.fromPort,
    toPort: props.toPort,
    referencedSecurityGroupId: props.albSecurityGroupId,
  });
  new VpcSecurityGroupEgressRule(scope, props.ids.egress, {
    securityGroupId: props.albSecurityGroupId,
    description: props.egressDescription,
    ipProtocol: "tcp",
    fromPort: props.fromPort,
    toPort: props.toPort,
    referencedSecurityGroupId: props.targetSecurityGroupId,
  });
}
