/**
 * `<env>-security`: the account security baseline where config sets security.baseline, and the flow-log CMK
 * of the network stack.
 */
import { allStacks, loadConfig, policy, resource, resources, stack } from "./helpers/synth";
import { loadEnvironments } from "../envs/validate";
import { ENVIRONMENTS, ACCOUNTS } from "../envs";
import type { EnvInput } from "../envs/schema";

type R = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const { envs, accounts } = loadConfig();

describe("security baseline stacks exist exactly where config asks", () => {
  it.each(envs.map((e) => [e.name, e.security.baseline]))("%s: baseline %s", (name, on) => {
    expect(allStacks().has(`${name}-security`)).toBe(on);
  });
});

describe.each(envs.filter((e) => e.security.baseline).map((e) => [e.name, e] as const))("%s-security", (name, env) => {
  const json = stack(`${name}-security`);
  const accountId = accounts.get(env.account)!.id;
  const trailArn = `arn:aws:cloudtrail:${env.region}:${accountId}:trail/${env.project}-${name}-trail`;

  it("account-level S3 Block Public Access (all four) and EBS encryption by default", () => {
    expect(resource<R>(json, "aws_s3_account_public_access_block")).toMatchObject({ account_id: accountId, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(resource<R>(json, "aws_ebs_encryption_by_default")).toMatchObject({ enabled: true });
  });

  it("GuardDuty detector enabled", () => {
    expect(resource<R>(json, "aws_guardduty_detector")).toMatchObject({ enable: true });
  });

  it("multi-region CloudTrail with log file validation, KMS and the audit bucket", () => {
    const t = resource<R>(json, "aws_cloudtrail");
    expect(t).toMatchObject({ name: `${env.project}-${name}-trail`, is_multi_region_trail: true, enable_log_file_validation: true, include_global_service_events: true, enable_logging: true });
    expect(t.kms_key_id).toMatch(/^\$\{aws_kms_key\.baseline_audit_key_\w+\.arn\}$/);
    expect(t.s3_bucket_name).toMatch(/^\$\{aws_s3_bucket\.baseline_audit_logs_bucket_\w+\.bucket\}$/);
    expect(t.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_policy\./)]);
  });

  it("the audit key rotates and lets CloudTrail encrypt only for this trail", () => {
    expect(resource<R>(json, "aws_kms_key")).toMatchObject({ enable_key_rotation: true });
    const st = policy(resource<R>(json, "aws_kms_key").policy).Statement;
    expect(st).toEqual(expect.arrayContaining([
      expect.objectContaining({ Sid: "CloudTrailEncryptLogs", Principal: { Service: "cloudtrail.amazonaws.com" }, Condition: expect.objectContaining({ StringEquals: { "aws:SourceArn": trailArn } }) }),
    ]));
  });

  it("the audit bucket is KMS-encrypted, versioned, private, expires logs, and admits only CloudTrail/Config with source conditions", () => {
    const b = resource<R>(json, "aws_s3_bucket");
    expect(b.bucket).toBe(`${env.project}-${name}-audit-${accountId}`);
    expect(resource<R>(json, "aws_s3_bucket_server_side_encryption_configuration").rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe("aws:kms");
    expect(resource<R>(json, "aws_s3_bucket_public_access_block")).toMatchObject({ block_public_acls: true, restrict_public_buckets: true });
    expect(resource<R>(json, "aws_s3_bucket_lifecycle_configuration").rule).toEqual(expect.arrayContaining([expect.objectContaining({ id: "expire-objects", expiration: [{ days: env.security.auditLogDays }] })]));
    const st = policy(resource<R>(json, "aws_s3_bucket_policy").policy).Statement;
    const sids = Object.fromEntries(st.map((s) => [s.Sid, s]));
    expect(sids.DenyInsecureTransport).toMatchObject({ Effect: "Deny" });
    expect(sids.CloudTrailWrite).toMatchObject({ Principal: { Service: "cloudtrail.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceArn": trailArn, "s3:x-amz-acl": "bucket-owner-full-control" } } });
    expect(sids.CloudTrailAclCheck).toMatchObject({ Condition: { StringEquals: { "aws:SourceArn": trailArn } } });
    expect(sids.ConfigWrite).toMatchObject({ Principal: { Service: "config.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": accountId } } });
    expect(sids.ConfigBucketCheck).toMatchObject({ Condition: { StringEquals: { "aws:SourceAccount": accountId } } });
  });

  it("AWS Config records everything incl. global types, delivers encrypted, runs, and evaluates the managed rules", () => {
    expect(resource<R>(json, "aws_config_configuration_recorder").recording_group).toMatchObject({ all_supported: true, include_global_resource_types: true });
    expect(resource<R>(json, "aws_config_delivery_channel")).toMatchObject({ s3_key_prefix: "config", s3_kms_key_arn: expect.stringMatching(/aws_kms_key/) });
    expect(resource<R>(json, "aws_config_configuration_recorder_status")).toMatchObject({ is_enabled: true });
    const rules = Object.values(resources<R>(json, "aws_config_config_rule")).map((r) => r.source.source_identifier).sort();
    expect(rules).toEqual([...env.security.configRules].sort());
    const trust = policy(resource<R>(json, "aws_iam_role").assume_role_policy).Statement[0];
    expect(trust).toMatchObject({ Principal: { Service: "config.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": accountId } } });
  });

  it("outputs the contract", () => {
    expect(Object.keys(json.output ?? {}).sort()).toEqual(["audit_bucket_name", "audit_kms_key_arn", "cloudtrail_arn", "guardduty_detector_id"]);
  });
});

describe("network flow logs are encrypted with a rotated CMK the Logs service may use", () => {
  it.each(envs.map((e) => [e.name, e] as const))("%s", (name, env) => {
    const json = stack(`${name}-network`);
    const keys = Object.values(resources<R>(json, "aws_kms_key"));
    if (!env.network.flowLogs.enabled) {
      expect(keys).toEqual([]);
      return;
    }
    expect(keys).toEqual([expect.objectContaining({ enable_key_rotation: true })]);
    const logs = policy(keys[0].policy).Statement.find((s) => s.Sid === "CloudWatchLogsUse")!;
    expect(logs).toMatchObject({ Principal: { Service: `logs.${env.region}.amazonaws.com` } });
    expect(JSON.stringify(logs.Condition)).toContain(`arn:aws:logs:${env.region}:${accounts.get(env.account)!.id}:log-group:*`);
    expect(resource<R>(json, "aws_cloudwatch_log_group").kms_key_id).toMatch(/^\$\{aws_kms_key\.logs_key_\w+\.arn\}$/);
  });
});

describe("validation", () => {
  it("rejects two environments building the baseline of the same account and region", () => {
    const both = ENVIRONMENTS.map((e) => (e.name === "dev" ? ({ ...e, security: { baseline: true } } as EnvInput) : e));
    expect(() => loadEnvironments(both, ACCOUNTS)).toThrow(/staging: security\.baseline = true: environment "dev" already builds the security baseline of account nonprod in ap-northeast-1/);
  });

  it("rejects a malformed Config rule identifier and too-short audit retention", () => {
    const bad = ENVIRONMENTS.map((e) => (e.name === "staging" ? ({ ...e, security: { baseline: true, configRules: ["s3-bucket"], auditLogDays: 7 } } as EnvInput) : e));
    expect(() => loadEnvironments(bad, ACCOUNTS)).toThrow(/staging: security\.configRules\[0\]/);
    expect(() => loadEnvironments(bad, ACCOUNTS)).toThrow(/staging: security\.auditLogDays/);
  });
});
