/**
 * IAM policy documents as typed data, rendered with JSON.stringify. Tokens (ARNs of other resources) survive
 * as `${…}` interpolations inside the string, so the synthesized JSON stays a readable policy document that
 * the policy pack (guardrails) and tests can parse statement by statement.
 */
export type Principal = { Service: string | string[] } | { AWS: string | string[] } | { Federated: string } | "*";

export interface Statement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Principal?: Principal;
  readonly Condition?: Record<string, Record<string, string | boolean | readonly string[]>>;
}

export function policyDocument(statements: readonly Statement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** Trust policy for an AWS service principal (ecs-tasks.amazonaws.com, ec2.amazonaws.com, …). */
export function assumeRoleFor(service: string, condition?: Statement["Condition"]): string {
  return policyDocument([
    { Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", ...(condition ? { Condition: condition } : {}) },
  ]);
}

/** Deny any request to the bucket that is not over TLS. */
export function denyInsecureTransport(bucketArn: string): Statement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}
