import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaAlias } from "@cdktf/provider-aws/lib/lambda-alias";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Construct } from "../../foundation/cdk";
import { ConfigError } from "../../foundation/errors";
import { waive } from "../guardrails/waive";
import { assumeRoleFor, policyDocument, type Statement } from "../iam/policy";

/** Attributes lambroll owns after creation (it uploads code and publishes versions): Terraform ignores them. */
export const LAMBROLL_OWNED = {
  function: ["filename", "source_code_hash", "s3_bucket", "s3_key", "s3_object_version", "image_uri"],
  /** lambroll moves the alias on deploy and rollback. */
  alias: ["function_version"],
} as const;

/** Runtimes this construct accepts (envs/schema.ts LAMBDA_RUNTIMES; checked here for direct use). */
export const SUPPORTED_RUNTIMES: readonly string[] = ["python3.11", "python3.12", "python3.13"];

export interface LambdaFunctionProps {
  /** Physical function name (≤ 64 characters). */
  readonly functionName: string;
  /** Physical name of the execution role (≤ 64 characters). */
  readonly roleName: string;
  /** `/aws/lambda/<functionName>`: created here first so Lambda never creates an unmanaged, unencrypted one. */
  readonly logGroupName: string;
  /** Dead-letter queue for failed asynchronous invocations (schedules, event rules). */
  readonly dlqName: string;
  readonly runtime: string;
  readonly handler: string;
  readonly description?: string;
  /** MiB. */
  readonly memoryMb: number;
  /** Seconds, 1-900. */
  readonly timeoutSeconds: number;
  /** Reserved concurrency (≥ 1: the function's guaranteed share and its ceiling). */
  readonly reservedConcurrency: number;
  /** Path of the bootstrap zip (a TerraformAsset path) and its base64 SHA-256, used only at creation. */
  readonly bootstrap: { readonly path: string; readonly hash: string };
  /** CMK: log group, environment variables at rest, DLQ. Its policy must let CloudWatch Logs use it. */
  readonly kmsKeyArn: string;
  /** Log retention, days (a CloudWatch Logs retention value). */
  readonly logRetentionDays: number;
  /** Environment variables (literal or resolved from state); never secrets. @default {} */
  readonly environment?: Record<string, string>;
  /** Attach to the VPC: ENIs in `subnetIds`, own security group with HTTPS egress only. @default outside the VPC */
  readonly vpc?: { readonly vpcId: string; readonly subnetIds: string[]; readonly securityGroupName: string };
  /** The function's grants beyond logs, X-Ray, its DLQ and its key (derived from config `access`). @default [] */
  readonly statements?: readonly Statement[];
  readonly accountId: string;
  readonly region: string;
  /** Days a message stays in the DLQ. @default 14 days */
  readonly dlqRetentionSeconds?: number;
}

/**
 * A Lambda function with the project's defaults (Lambda Developer Guide):
 * - its own execution role: its log group, X-Ray segments, its DLQ, its CMK, plus the config-derived grants;
 * - a log group `/aws/lambda/<name>` with retention and the CMK, created before the function;
 * - X-Ray active tracing, reserved concurrency, a KMS key for environment variables at rest;
 * - an SQS dead-letter queue (SSE with the CMK) for asynchronous invocations (`dead_letter_config`; for SQS
 *   event sources the queue's own redrive policy is the DLQ), two retries and a 6 h maximum event age;
 * - optional VPC attachment with its own security group (HTTPS egress only);
 * - `publish = true` and an alias `current` that every trigger invokes. Terraform creates the function from the
 *   bootstrap package; lambroll owns code, versions and the alias target afterwards (`LAMBROLL_OWNED` is ignored).
 */
export class ServerlessFunction extends Construct {
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;
  readonly dlq: SqsQueue;
  readonly fn: LambdaFunction;
  readonly alias: LambdaAlias;
  readonly securityGroup?: SecurityGroup;
  /** Subnets of the function's ENIs (empty outside the VPC). */
  readonly subnetIds: string[];

  constructor(scope: Construct, id: string, props: LambdaFunctionProps) {
    super(scope, id);
    if (!SUPPORTED_RUNTIMES.includes(props.runtime)) {
      throw new ConfigError(this.node.path, "E_LAMBDA_RUNTIME", `runtime "${props.runtime}" is not supported; use one of ${SUPPORTED_RUNTIMES.join(", ")}.`);
    }
    if (props.vpc && props.vpc.subnetIds.length === 0) {
      throw new ConfigError(this.node.path, "E_LAMBDA_VPC_SUBNETS", "a function in a VPC needs subnets; pass the private subnet ids or remove vpc.");
    }
    const { accountId, region } = props;
    this.subnetIds = props.vpc?.subnetIds ?? [];
    this.logGroup = new CloudwatchLogGroup(this, "log_group", {
      name: props.logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    if (props.logRetentionDays < 365) {
      waive(this.logGroup, "CKV_AWS_338", "retention follows the environment's logRetentionDays (cost); long-term audit trails live in CloudTrail");
    }
    this.dlq = new SqsQueue(this, "dlq", {
      name: props.dlqName,
      kmsMasterKeyId: props.kmsKeyArn,
      kmsDataKeyReusePeriodSeconds: 300,
      messageRetentionSeconds: props.dlqRetentionSeconds ?? 1209600,
    });
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: `Execution role of the ${props.functionName} function`,
      assumeRolePolicy: assumeRoleFor("lambda.amazonaws.com", { StringEquals: { "aws:SourceAccount": accountId } }),
    });
    const statements: Statement[] = [
      { Sid: "OwnLogGroup", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${this.logGroup.arn}:*` },
      // X-Ray actions take no resource (Service Authorization Reference): "*" is the only value.
      { Sid: "XRay", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
      { Sid: "OwnDeadLetterQueue", Effect: "Allow", Action: "sqs:SendMessage", Resource: this.dlq.arn },
      { Sid: "OwnKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: props.kmsKeyArn },
      ...(props.statements ?? []),
    ];
    if (props.vpc) {
      this.securityGroup = new SecurityGroup(this, "sg", {
        name: props.vpc.securityGroupName,
        description: `${props.functionName} function ENIs: no ingress; HTTPS egress`,
        vpcId: props.vpc.vpcId,
        tags: { Name: props.vpc.securityGroupName },
      });
      new VpcSecurityGroupEgressRule(this, "https_egress", {
        securityGroupId: this.securityGroup.id,
        description: "HTTPS to VPC endpoints and AWS APIs through NAT",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: "0.0.0.0/0",
      });
      statements.push(
        // Lambda creates and removes the function's ENIs with this role (AWSLambdaVPCAccessExecutionRole, scoped).
        { Sid: "VpcEnisDescribe", Effect: "Allow", Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"], Resource: "*" },
        {
          Sid: "VpcEnis",
          Effect: "Allow",
          Action: ["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
          Resource: [`arn:aws:ec2:${region}:${accountId}:network-interface/*`, `arn:aws:ec2:${region}:${accountId}:subnet/*`, `arn:aws:ec2:${region}:${accountId}:security-group/*`],
        },
      );
    }
    new IamRolePolicy(this, "policy", { name: "function", role: this.role.id, policy: policyDocument(statements) });

    const env = props.environment ?? {};
    this.fn = new LambdaFunction(this, "function", {
      functionName: props.functionName,
      description: props.description,
      role: this.role.arn,
      runtime: props.runtime,
      handler: props.handler,
      memorySize: props.memoryMb,
      timeout: props.timeoutSeconds,
      reservedConcurrentExecutions: props.reservedConcurrency,
      filename: props.bootstrap.path,
      sourceCodeHash: props.bootstrap.hash,
      publish: true,
      kmsKeyArn: props.kmsKeyArn,
      tracingConfig: { mode: "Active" },
      deadLetterConfig: { targetArn: this.dlq.arn },
      loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
      environment: Object.keys(env).length ? { variables: env } : undefined,
      vpcConfig: props.vpc && this.securityGroup ? { subnetIds: props.vpc.subnetIds, securityGroupIds: [this.securityGroup.id] } : undefined,
      dependsOn: [this.logGroup],
      lifecycle: { ignoreChanges: [...LAMBROLL_OWNED.function] },
    });
    this.alias = new LambdaAlias(this, "alias", {
      name: "current",
      description: "The version triggers invoke; moved by lambroll deploy / rollback",
      functionName: this.fn.functionName,
      functionVersion: this.fn.version,
      lifecycle: { ignoreChanges: [...LAMBROLL_OWNED.alias] },
    });
    new LambdaFunctionEventInvokeConfig(this, "async", {
      functionName: this.fn.functionName,
      qualifier: this.alias.name,
      maximumRetryAttempts: 2,
      maximumEventAgeInSeconds: 21600,
    });
  }

  /** ARN of the alias `current` (what triggers invoke). */
  get aliasArn(): string {
    return this.alias.arn;
  }
}

/**
 * The resource policy of a function's DLQ: TLS only, and EventBridge rules that target the function may send
 * undeliverable events to it (each by its rule ARN). Schedules send with their role, which IAM allows.
 */
export function deadLetterQueuePolicy(scope: Construct, id: string, fn: ServerlessFunction, eventRuleArns: readonly string[]): void {
  const arn = fn.dlq.arn;
  const statements: Statement[] = [
    { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: arn, Condition: { Bool: { "aws:SecureTransport": "false" } } },
  ];
  if (eventRuleArns.length) {
    statements.push({
      Sid: "EventRuleDeadLetters",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: arn,
      Condition: { ArnEquals: { "aws:SourceArn": [...eventRuleArns] } },
    });
  }
  new SqsQueuePolicy(scope, id, { queueUrl: fn.dlq.url, policy: policyDocument(statements) });
}
