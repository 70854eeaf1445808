/**
 * Action classification for the cloudsplaining-style IAM rules (CKV_AWS_286–290, 355). cloudsplaining reads
 * the full IAM action database; this pack carries the small curated lists below plus a verb heuristic for
 * access levels. The lists are data: extend them when a finding is a false positive, with the Service
 * Authorization Reference as evidence.
 */
import { allowsAction, wildcardMatch, type Stmt } from "./policy-doc";

/**
 * Actions that do not support resource-level permissions (the Service Authorization Reference lists no
 * resource type), so `Resource: "*"` is the only possible value. Patterns allowed.
 */
export const UNRESTRICTABLE = [
  "ecr:GetAuthorizationToken", "sts:GetCallerIdentity",
  "cloudwatch:PutMetricData", "cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics", "cloudwatch:ListMetrics", "cloudwatch:DescribeAlarmsForMetric",
  "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries",
  "logs:DescribeLogGroups", "logs:DescribeDestinations", "logs:DescribeExportTasks", "logs:DescribeQueryDefinitions", "logs:DescribeResourcePolicies",
  "ec2:Describe*", "elasticloadbalancing:Describe*", "autoscaling:Describe*", "application-autoscaling:Describe*",
  // ECS task-definition actions (ecspresso deploys): no resource type in the Service Authorization Reference.
  "ecs:RegisterTaskDefinition", "ecs:DeregisterTaskDefinition", "ecs:DescribeTaskDefinition", "ecs:ListTaskDefinitions", "ecs:ListTaskDefinitionFamilies",
  "ecs:ListClusters", "ecs:DiscoverPollEndpoint", "ecs:ListAccountSettings", "ecs:CreateCluster",
  "ssm:DescribeParameters", "kms:ListAliases", "kms:ListKeys", "secretsmanager:ListSecrets", "secretsmanager:GetRandomPassword",
  "s3:ListAllMyBuckets", "tag:GetResources", "route53:ListHostedZones", "acm:ListCertificates", "cloudfront:ListDistributions",
  "iam:ListRoles", "iam:ListPolicies", "sns:ListTopics", "cloudformation:ListStacks", "codedeploy:ListApplications",
  // ECS Exec / Session Manager channels: the Service Authorization Reference lists no resource type.
  "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
];

export function isUnrestrictable(action: string): boolean {
  return UNRESTRICTABLE.some((u) => wildcardMatch(u, action));
}

const WRITE_VERBS = [
  "Create", "Put", "Update", "Delete", "Modify", "Set", "Attach", "Detach", "Register", "Deregister", "Start", "Stop", "Run",
  "Terminate", "Tag", "Untag", "Add", "Remove", "Associate", "Disassociate", "Enable", "Disable", "Reboot", "Reset", "Send",
  "Publish", "Invoke", "Upload", "Copy", "Restore", "Import", "Export", "Submit", "Cancel", "Authorize", "Revoke", "Replace",
  "Change", "Execute", "Complete", "Initiate", "Allocate", "Release", "Apply", "Accept", "Reject", "Rotate", "Restart", "Write",
  "Increase", "Decrease", "Purge", "Abort", "Pass", "Schedule", "Encrypt", "Decrypt", "ReEncrypt", "Generate", "Sign", "Merge",
  "Install", "Promote", "Move", "Rename", "Unlock", "Lock", "Activate", "Deactivate", "Request", "Post", "Subscribe", "Unsubscribe",
  "Confirm", "Link", "Unlink", "Batch", "Abandon", "Continue", "Renew", "Resync", "Upgrade", "Claim",
];

/** Split `svc:Verb*` into service and the literal prefix before the first wildcard. */
function split(pattern: string): { svc: string; prefix: string; wild: boolean } {
  if (pattern === "*") return { svc: "*", prefix: "", wild: true };
  const [svc, name = ""] = pattern.split(":");
  const i = name.search(/[*?]/);
  return { svc: svc.toLowerCase(), prefix: i < 0 ? name : name.slice(0, i), wild: i >= 0 };
}

/** Could the action pattern grant a Write-level action (verb heuristic)? */
export function mayWrite(pattern: string): boolean {
  const { prefix, wild } = split(pattern);
  // BatchGet* is a read (codedeploy:BatchGetDeploymentGroups, …) although "Batch" also prefixes writes.
  if (/^BatchGet/.test(prefix)) return false;
  if (!wild) return WRITE_VERBS.some((v) => prefix.startsWith(v));
  return WRITE_VERBS.some((v) => v.startsWith(prefix) || prefix.startsWith(v));
}

const PM_SERVICES = new Set(["iam", "organizations", "sso", "identitystore"]);
const PM_NAME = /(Policy|Permission|Grant|Acl|PublicAccessBlock)/;

/** Could the action pattern grant a Permissions-management action? */
export function mayManagePermissions(pattern: string): boolean {
  const { svc, prefix, wild } = split(pattern);
  if (svc === "*") return true;
  if (PM_SERVICES.has(svc)) return mayWrite(pattern) && !/^(Get|List|Generate|Simulate)/.test(prefix);
  if (wild && prefix === "") return true;
  const name = pattern.split(":")[1] ?? "";
  return mayWrite(pattern) && PM_NAME.test(name);
}

export const DATA_EXFILTRATION = ["s3:GetObject", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "secretsmanager:GetSecretValue"];

/** cloudsplaining's credentials-exposure list. */
export const CREDENTIALS_EXPOSURE = [
  "chime:CreateApiKey", "codepipeline:PollForJobs", "cognito-identity:GetOpenIdToken", "cognito-identity:GetOpenIdTokenForDeveloperIdentity",
  "cognito-identity:GetCredentialsForIdentity", "connect:GetFederationToken", "connect:GetFederationTokens", "ecr:GetAuthorizationToken",
  "gamelift:RequestUploadCredentials", "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:CreateServiceSpecificCredential",
  "iam:ResetServiceSpecificCredential", "iam:UpdateAccessKey", "lightsail:GetInstanceAccessDetails", "lightsail:GetRelationalDatabaseMasterUserPassword",
  "rds-db:Connect", "redshift:GetClusterCredentials", "sso:GetRoleCredentials", "mediapackage:RotateChannelCredentials",
  "mediapackage:RotateIngestEndpointCredentials", "sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity",
  "sts:GetFederationToken", "sts:GetSessionToken",
];

/** cloudsplaining's privilege-escalation methods: each is a set of actions that together escalate. */
export const PRIVILEGE_ESCALATION: Record<string, readonly string[]> = {
  CreateNewPolicyVersion: ["iam:CreatePolicyVersion"],
  SetExistingDefaultPolicyVersion: ["iam:SetDefaultPolicyVersion"],
  CreateAccessKey: ["iam:CreateAccessKey"],
  CreateLoginProfile: ["iam:CreateLoginProfile"],
  UpdateLoginProfile: ["iam:UpdateLoginProfile"],
  AttachUserPolicy: ["iam:AttachUserPolicy"],
  AttachGroupPolicy: ["iam:AttachGroupPolicy"],
  AttachRolePolicy: ["iam:AttachRolePolicy", "sts:AssumeRole"],
  PutUserPolicy: ["iam:PutUserPolicy"],
  PutGroupPolicy: ["iam:PutGroupPolicy"],
  PutRolePolicy: ["iam:PutRolePolicy", "sts:AssumeRole"],
  AddUserToGroup: ["iam:AddUserToGroup"],
  UpdateRolePolicyToAssumeIt: ["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"],
  PassExistingRoleToNewLambdaThenInvokeIt: ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"],
  PassExistingRoleToNewLambdaThenTriggerWithNewDynamo: ["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"],
  PassExistingRoleToNewEC2: ["iam:PassRole", "ec2:RunInstances"],
  PassExistingRoleToNewGlueDevEndpoint: ["iam:PassRole", "glue:CreateDevEndpoint"],
  PassExistingRoleToCloudFormation: ["iam:PassRole", "cloudformation:CreateStack"],
  PassExistingRoleToNewDataPipeline: ["iam:PassRole", "datapipeline:CreatePipeline"],
  EditExistingLambdaFunctionWithRole: ["lambda:UpdateFunctionCode"],
  UpdateExistingGlueDevEndpoint: ["glue:UpdateDevEndpoint"],
};

/** Actions from `list` that an unconstrained (Resource "*", no Condition) Allow statement grants. */
export function grantedUnconstrained(stmts: readonly Stmt[], list: readonly string[]): string[] {
  const open = stmts.filter((s) => s.effect === "Allow" && (s.resources.includes("*") || s.notResources.length > 0) && Object.keys(s.condition).length === 0);
  return list.filter((a) => open.some((s) => allowsAction(s, a)));
}
