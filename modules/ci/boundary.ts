import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { IAspect, IConstruct } from "../../foundation/cdk";

/**
 * Puts the CI permissions boundary on every IAM role of a stack that the infrastructure deploy role applies. The
 * deploy role may create roles only with this boundary (`iam:PermissionsBoundary` condition), so a role without
 * it would fail at apply; applying it here keeps modules unaware of CI.
 */
export class PermissionsBoundaryAspect implements IAspect {
  constructor(private readonly boundaryArn: string) {}

  visit(node: IConstruct): void {
    if (node instanceof IamRole && node.permissionsBoundaryInput === undefined) {
      node.permissionsBoundary = this.boundaryArn;
    }
  }
}
