import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "../../foundation/cdk";
import { waive } from "../guardrails/waive";
import { assumeRoleFor, policyDocument } from "./policy";

export interface TaskExecutionRoleProps {
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  /** Secrets Manager / SSM name prefix the tasks' `secrets` may come from, e.g. `acme/dev/`. */
  readonly secretsPrefix: string;
  /** CMK that may encrypt those secrets (decrypt only through Secrets Manager / SSM). */
  readonly kmsKeyArn: string;
  /** ECR repositories the tasks pull from. */
  readonly repositoryArns: string[];
  /** Log groups the tasks' awslogs driver writes to. */
  readonly logGroupArns: string[];
  /**
   * Secrets outside the environment prefix the tasks inject (the data stack's: RDS-managed master secrets are
   * named `rds!…`), by exact ARN, and the CMK that encrypts them. @default none
   */
  readonly dataSecrets?: { readonly arns: readonly string[]; readonly kmsKeyArn: string };
}

/**
 * The task execution role shared by every service of the environment: what the ECS agent does on the task's
 * behalf before the app starts — pull from this environment's ECR repositories, write to its log groups, and
 * read secrets under this environment's prefix only.
 */
export class TaskExecutionRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: TaskExecutionRoleProps) {
    super(scope, id);
    const { accountId, region, secretsPrefix } = props;
    this.role = new IamRole(this, "role", {
      name: props.name,
      description: "ECS task execution: ECR pull, logs, secrets under the environment prefix",
      assumeRolePolicy: assumeRoleFor("ecs-tasks.amazonaws.com", {
        StringEquals: { "aws:SourceAccount": accountId },
        ArnLike: { "aws:SourceArn": `arn:aws:ecs:${region}:${accountId}:*` },
      }),
    });
    const policy = new IamRolePolicy(this, "policy", {
      role: this.role.id,
      name: "task-execution",
      policy: policyDocument([
        // GetAuthorizationToken has no resource-level permissions.
        { Sid: "EcrAuth", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        {
          Sid: "EcrPull",
          Effect: "Allow",
          Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
          Resource: props.repositoryArns,
        },
        {
          Sid: "Logs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: props.logGroupArns.map((a) => `${a}:*`),
        },
        {
          Sid: "SecretsUnderEnvPrefix",
          Effect: "Allow",
          Action: "secretsmanager:GetSecretValue",
          Resource: `arn:aws:secretsmanager:${region}:${accountId}:secret:${secretsPrefix}*`,
        },
        {
          Sid: "ParametersUnderEnvPrefix",
          Effect: "Allow",
          Action: "ssm:GetParameters",
          Resource: `arn:aws:ssm:${region}:${accountId}:parameter/${secretsPrefix}*`,
        },
        {
          Sid: "DecryptSecretsViaService",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: props.kmsKeyArn,
          Condition: { StringEquals: { "kms:ViaService": [`secretsmanager.${region}.amazonaws.com`, `ssm.${region}.amazonaws.com`] } },
        },
        ...(props.dataSecrets?.arns.length
          ? [
              { Sid: "DataSecrets", Effect: "Allow" as const, Action: "secretsmanager:GetSecretValue", Resource: [...props.dataSecrets.arns] },
              {
                Sid: "DecryptDataSecretsViaService",
                Effect: "Allow" as const,
                Action: "kms:Decrypt",
                Resource: props.dataSecrets.kmsKeyArn,
                Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } },
              },
            ]
          : []),
      ]),
    });
    // ecr:GetAuthorizationToken supports no resource-level permissions (Service Authorization Reference,
    // "Actions defined by Amazon ECR": resource type column is empty), so it can only be granted on "*".
    waive(policy, "CKV_AWS_287", "ecr:GetAuthorizationToken has no resource-level permissions (AWS Service Authorization Reference); the token only authenticates pulls scoped by EcrPull");
  }
}
