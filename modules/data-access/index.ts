import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "../../foundation/cdk";
import { policyDocument, type Statement } from "../iam/policy";

export interface StorePath {
  /** Logical id part, unique within the scope (e.g. `main_from_api`). Addresses are state: keep it stable. */
  readonly id: string;
  /** The store's security group (admits nothing by itself). */
  readonly storeSecurityGroupId: string;
  /** The group connections come from: the service's task group (awsvpc) or the container instances' (bridge). */
  readonly sourceSecurityGroupId: string;
  /** The store's port: the only port opened, in both directions of the path. */
  readonly port: number;
  readonly description: string;
}

/**
 * One network path service → store: ingress on the store's group from the source group only (a referenced
 * group, never a CIDR) and the source group's matching egress, on the store's port and nothing wider.
 */
export function allowToStore(scope: Construct, p: StorePath): void {
  new VpcSecurityGroupIngressRule(scope, `${p.id}_ingress`, {
    securityGroupId: p.storeSecurityGroupId,
    referencedSecurityGroupId: p.sourceSecurityGroupId,
    ipProtocol: "tcp",
    fromPort: p.port,
    toPort: p.port,
    description: p.description,
  });
  new VpcSecurityGroupEgressRule(scope, `${p.id}_egress`, {
    securityGroupId: p.sourceSecurityGroupId,
    referencedSecurityGroupId: p.storeSecurityGroupId,
    ipProtocol: "tcp",
    fromPort: p.port,
    toPort: p.port,
    description: p.description,
  });
}

export interface DataAccessPolicyProps {
  /** The service's task role (id = name). */
  readonly taskRoleId: string;
  readonly region: string;
  /** DynamoDB tables the service reads and writes items of (and their indexes). */
  readonly tableArns: readonly string[];
  /** Media buckets the service reads and writes objects of. */
  readonly bucketArns: readonly string[];
  /** The data stack's CMK: usable only through DynamoDB and S3 of this region. */
  readonly kmsKeyArn: string;
}

/** DynamoDB item actions an application needs; no table administration, no scans of other tables. */
export const TABLE_ACTIONS = [
  "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:PutItem", "dynamodb:UpdateItem",
  "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable",
] as const;
/** S3 object actions an application needs on its media bucket. */
export const OBJECT_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectVersion", "s3:AbortMultipartUpload"] as const;

/**
 * The task-role policy of a service that uses tables or buckets: item/object actions on exactly those ARNs, and
 * the data CMK only through DynamoDB and S3 (`kms:ViaService`). Databases and caches need no IAM: the service
 * authenticates with the secrets its execution role injects.
 */
export class DataAccessPolicy extends Construct {
  readonly policy?: IamRolePolicy;

  constructor(scope: Construct, id: string, props: DataAccessPolicyProps) {
    super(scope, id);
    const statements: Statement[] = [];
    if (props.tableArns.length) {
      statements.push({ Sid: "TableItems", Effect: "Allow", Action: [...TABLE_ACTIONS], Resource: props.tableArns.flatMap((a) => [a, `${a}/index/*`]) });
    }
    if (props.bucketArns.length) {
      statements.push({ Sid: "BucketList", Effect: "Allow", Action: "s3:ListBucket", Resource: [...props.bucketArns] });
      statements.push({ Sid: "BucketObjects", Effect: "Allow", Action: [...OBJECT_ACTIONS], Resource: props.bucketArns.map((a) => `${a}/*`) });
    }
    if (!statements.length) return;
    const via = [
      ...(props.tableArns.length ? [`dynamodb.${props.region}.amazonaws.com`] : []),
      ...(props.bucketArns.length ? [`s3.${props.region}.amazonaws.com`] : []),
    ];
    statements.push({
      Sid: "DataKeyViaServices",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: props.kmsKeyArn,
      Condition: { StringEquals: { "kms:ViaService": via } },
    });
    this.policy = new IamRolePolicy(this, "policy", { role: props.taskRoleId, name: "data-access", policy: policyDocument(statements) });
  }
}
