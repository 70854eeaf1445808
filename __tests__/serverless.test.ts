/**
 * The serverless tier and identity (designs 000 and 004): the security-critical attributes of the synthesized
 * `<env>-serverless`, `<env>-identity` and protected-service platform JSON, property by property.
 */
import { allStacks, resources, resource, policy, type StackJson } from "./helpers/synth";
import { allResources } from "./helpers/platform";
import { IdentityOut, ServerlessOut } from "../foundation/contract";
import { LAMBROLL_OWNED } from "../modules/lambda";

// devflow-dev, vitascope-dev and vitascope-local as configured: the run's shared synth.
const stacks = allStacks();
const get = (name: string): StackJson => {
  const s = stacks.get(name);
  if (!s) throw new Error(`no stack ${name}; have ${[...stacks.keys()].join(", ")}`);
  return s.json;
};
const devflow = get("devflow-dev-serverless");
const vitascope = get("vitascope-dev-serverless");
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = Record<string, any>;
const byName = <T extends Any>(json: StackJson, type: string, attr: string, value: string): T => {
  const hit = Object.values(resources<T>(json, type)).find((r) => r[attr] === value);
  if (!hit) throw new Error(`no ${type} with ${attr} = ${value}`);
  return hit;
};
const fnOf = (json: StackJson, fn: string) => byName(json, "aws_lambda_function", "function_name", fn);
/** The inline policy of the role whose name is `roleName`. */
const rolePolicy = (json: StackJson, roleName: string) => {
  const [id] = Object.entries(resources<Any>(json, "aws_iam_role")).find(([, r]) => r.name === roleName)!;
  const p = Object.values(resources<Any>(json, "aws_iam_role_policy")).find((r) => String(r.role).includes(`aws_iam_role.${id}.`));
  if (!p) throw new Error(`no policy on ${roleName}`);
  return policy(p.policy).Statement;
};

describe("functions (devflow-dev)", () => {
  const names = ["start-session", "execute-prompt", "get-status", "get-editor-url", "stop-session", "cleanup", "archive"];

  it.each(names)("%s: Python 3.11, X-Ray, reserved concurrency, DLQ, CMK, bootstrap package, lambroll-owned code ignored", (n) => {
    const f = fnOf(devflow, `acme-devflow-dev-${n}`);
    expect(f.runtime).toBe("python3.11");
    expect(f.tracing_config).toEqual({ mode: "Active" });
    expect(f.reserved_concurrent_executions).toBeGreaterThanOrEqual(1);
    expect(f.dead_letter_config.target_arn).toMatch(/^\$\{aws_sqs_queue\..*\.arn\}$/);
    expect(f.kms_key_arn).toMatch(/aws_kms_key\.kms_key/);
    expect(f.filename).toMatch(/assets\/bootstrap\/.*\.zip$/);
    expect(f.publish).toBe(true);
    expect(f.lifecycle.ignore_changes).toEqual(expect.arrayContaining(["filename", "source_code_hash"]));
    expect(f.logging_config.log_group).toMatch(/aws_cloudwatch_log_group/);
    expect(f.depends_on.some((d: string) => d.startsWith("aws_cloudwatch_log_group."))).toBe(true);
  });

  it("each function's log group is /aws/lambda/<name>, CMK-encrypted with retention", () => {
    for (const n of names) {
      const lg = byName(devflow, "aws_cloudwatch_log_group", "name", `/aws/lambda/acme-devflow-dev-${n}`);
      expect(lg.kms_key_id).toMatch(/aws_kms_key/);
      expect(lg.retention_in_days).toBe(14);
    }
  });

  it("triggers invoke the alias current, which lambroll moves (function_version ignored)", () => {
    const aliases = Object.values(resources<Any>(devflow, "aws_lambda_alias"));
    expect(aliases).toHaveLength(names.length);
    for (const a of aliases) {
      expect(a.name).toBe("current");
      expect(a.lifecycle.ignore_changes).toEqual([...LAMBROLL_OWNED.alias]);
    }
  });

  it("start-session's role: own log group, its DLQ, the sessions table, two secrets, the editor service — nothing wider", () => {
    const s = rolePolicy(devflow, "acme-devflow-dev-start-session-fn");
    const bySid = Object.fromEntries(s.map((x) => [x.Sid, x]));
    expect(bySid.OwnLogGroup.Resource).toMatch(/^\$\{aws_cloudwatch_log_group\..*\.arn\}:\*$/);
    expect(bySid.OwnDeadLetterQueue.Resource).toMatch(/aws_sqs_queue\.fn_start_session/);
    expect(bySid.TableItems.Resource).toEqual([
      "arn:aws:dynamodb:us-east-1:555555555501:table/acme-devflow-dev-sessions",
      "arn:aws:dynamodb:us-east-1:555555555501:table/acme-devflow-dev-sessions/index/*",
    ]);
    expect(bySid.ReadSecrets.Resource).toEqual([
      "arn:aws:secretsmanager:us-east-1:555555555501:secret:acme/devflow-dev/github-app-??????",
      "arn:aws:secretsmanager:us-east-1:555555555501:secret:acme/devflow-dev/claude-api-key-??????",
    ]);
    expect(bySid.ScaleServices.Resource).toEqual(["arn:aws:ecs:us-east-1:555555555501:service/acme-devflow-dev/editor"]);
    // Only X-Ray (no resource-level permissions exist) may use "*".
    const star = s.filter((x) => x.Resource === "*" || (Array.isArray(x.Resource) && x.Resource.includes("*")));
    expect(star.map((x) => x.Sid)).toEqual(["XRay"]);
  });

  it("get-status may not touch secrets or ECS", () => {
    const sids = rolePolicy(devflow, "acme-devflow-dev-get-status-fn").map((x) => x.Sid);
    expect(sids).not.toContain("ReadSecrets");
    expect(sids).not.toContain("ScaleServices");
  });

  it("environment variables carry names, never secret values", () => {
    const f = fnOf(devflow, "acme-devflow-dev-start-session");
    expect(f.environment.variables).toEqual({
      TABLE_SESSIONS: "acme-devflow-dev-sessions",
      SECRET_GITHUB_APP_ID: "acme/devflow-dev/github-app",
      SECRET_CLAUDE_API_KEY_ID: "acme/devflow-dev/claude-api-key",
      ECS_CLUSTER: "acme-devflow-dev",
      ECS_SERVICE_EDITOR: "editor",
    });
  });
});

describe("API (devflow-dev)", () => {
  it("design 000's five routes, Lambda proxy integrations on the alias, Cognito authorizer on every method", () => {
    const methods = Object.values(resources<Any>(devflow, "aws_api_gateway_method"));
    expect(methods.map((m) => m.http_method).sort()).toEqual(["DELETE", "GET", "GET", "POST", "POST"]);
    for (const m of methods) {
      expect(m.authorization).toBe("COGNITO_USER_POOLS");
      expect(m.authorizer_id).toMatch(/aws_api_gateway_authorizer/);
    }
    for (const i of Object.values(resources<Any>(devflow, "aws_api_gateway_integration"))) {
      expect(i.type).toBe("AWS_PROXY");
      expect(i.integration_http_method).toBe("POST");
      expect(i.uri).toMatch(/aws_lambda_alias\..*\.invoke_arn/);
    }
    const paths = Object.values(resources<Any>(devflow, "aws_api_gateway_resource")).map((r) => r.path_part).sort();
    expect(paths).toEqual(["api", "editor-url", "prompt", "sessions", "{id}"]);
  });

  it("lambda permissions are scoped to this API's execution ARN and the alias", () => {
    const perms = Object.values(resources<Any>(devflow, "aws_lambda_permission")).filter((p) => p.principal === "apigateway.amazonaws.com");
    expect(perms).toHaveLength(5);
    for (const p of perms) {
      expect(p.source_arn).toMatch(/^\$\{aws_api_gateway_rest_api\..*\.execution_arn\}\/\*\/\*$/);
      expect(p.qualifier).toMatch(/aws_lambda_alias/);
    }
  });

  it("stage: X-Ray, JSON access logs to a CMK log group; method settings throttle and keep bodies out of logs", () => {
    const stage = resource<Any>(devflow, "aws_api_gateway_stage");
    expect(stage.xray_tracing_enabled).toBe(true);
    expect(stage.access_log_settings.destination_arn).toMatch(/aws_cloudwatch_log_group\.api_access_logs/);
    expect(JSON.parse(stage.access_log_settings.format)).toHaveProperty("requestId", "$context.requestId");
    const lg = byName(devflow, "aws_cloudwatch_log_group", "name", "/aws/apigateway/acme-devflow-dev-api");
    expect(lg.kms_key_id).toMatch(/aws_kms_key/);
    const s = resource<Any>(devflow, "aws_api_gateway_method_settings").settings;
    expect(s).toMatchObject({ throttling_rate_limit: 20, throttling_burst_limit: 40, metrics_enabled: true, data_trace_enabled: false });
  });

  it("redeploys on route changes (triggers) and owns the account CloudWatch role where config says create", () => {
    const d = resource<Any>(devflow, "aws_api_gateway_deployment");
    expect(d.triggers.redeployment).toMatch(/^[0-9a-f]{64}$/);
    expect(d.lifecycle.create_before_destroy).toBe(true);
    expect(resource<Any>(devflow, "aws_api_gateway_account").cloudwatch_role_arn).toMatch(/aws_iam_role\.api_cloudwatch_role/);
  });
});

describe("schedules, SPA and backups (devflow-dev)", () => {
  it("cleanup hourly and archive Monday 02:00 invoke the aliases with a role scoped to them", () => {
    const sch = Object.values(resources<Any>(devflow, "aws_scheduler_schedule"));
    expect(Object.fromEntries(sch.map((s) => [s.name, s.schedule_expression]))).toEqual({ cleanup: "rate(1 hour)", archive: "cron(0 2 ? * MON *)" });
    for (const s of sch) {
      expect(s.target.arn).toMatch(/aws_lambda_alias/);
      expect(s.target.dead_letter_config.arn).toMatch(/aws_sqs_queue/);
    }
    const st = rolePolicy(devflow, "acme-devflow-dev-scheduler");
    expect(st.find((x) => x.Sid === "InvokeTargets")!.Resource).toHaveLength(2);
  });

  it("SPA: private bucket read only through OAC by this distribution; 403/404 → /index.html 200; /api/* → the stage", () => {
    const cf = resource<Any>(devflow, "aws_cloudfront_distribution");
    expect(cf.default_root_object).toBe("index.html");
    expect(cf.custom_error_response).toEqual([403, 404].map((c) => expect.objectContaining({ error_code: c, response_code: 200, response_page_path: "/index.html" })));
    const api = cf.origin.find((o: Any) => o.origin_id === "api");
    expect(api.origin_path).toBe("/v1");
    expect(api.custom_origin_config.origin_protocol_policy).toBe("https-only");
    expect(cf.ordered_cache_behavior[0].path_pattern).toBe("/api/*");
    expect(cf.viewer_certificate.minimum_protocol_version).toBe("TLSv1.2_2021");
    const bucketPolicy = Object.values(resources<Any>(devflow, "aws_s3_bucket_policy")).map((p) => policy(p.policy)).find((p) => p.Statement.some((s) => s.Sid === "AllowCloudFrontOacRead"))!;
    const read = bucketPolicy.Statement.find((s) => s.Sid === "AllowCloudFrontOacRead")!;
    expect(read.Principal).toEqual({ Service: "cloudfront.amazonaws.com" });
    expect(JSON.stringify(read.Condition)).toMatch(/aws_cloudfront_distribution\.spa_distribution.*\.arn/);
    const bpa = Object.values(resources<Any>(devflow, "aws_s3_bucket_public_access_block"));
    for (const b of bpa) expect([b.block_public_acls, b.block_public_policy, b.ignore_public_acls, b.restrict_public_buckets]).toEqual([true, true, true, true]);
  });

  it("backup bucket: versioned, current objects expire after 90 days, noncurrent after 30", () => {
    const lc = Object.values(resources<Any>(devflow, "aws_s3_bucket_lifecycle_configuration")).find((l) => String(l.bucket).includes("backup"))!;
    const rules = Object.fromEntries(lc.rule.map((r: Any) => [r.id, r]));
    expect(rules["expire-objects"].expiration[0].days).toBe(90);
    expect(rules["expire-noncurrent-versions"].noncurrent_version_expiration[0].noncurrent_days).toBe(30);
  });

  it("dashboard: Lambda invocations/errors, ECS tasks and CPU, active sessions", () => {
    const body = JSON.parse(resource<Any>(devflow, "aws_cloudwatch_dashboard").dashboard_body);
    const metrics = JSON.stringify(body.widgets.map((w: Any) => w.properties.metrics));
    for (const m of ["Invocations", "Errors", "RunningTaskCount", "CPUUtilization", "ActiveSessions"]) expect(metrics).toContain(m);
    expect(body.widgets[0].properties.region).toBe("us-east-1");
  });

  it("the region comes from config everywhere (us-east-1 provider, no ap-northeast-1 in the stack)", () => {
    expect((devflow.provider as Any).aws[0].region).toBe("us-east-1");
    expect(JSON.stringify(devflow.resource)).not.toContain("ap-northeast-1");
  });
});

describe("queue, events and identity (vitascope-dev)", () => {
  it("SQS → process-job: KMS, DLQ with redrive, visibility ≥ 6 × timeout, partial batch responses", () => {
    const q = byName(vitascope, "aws_sqs_queue", "name", "acme-vitascope-dev-jobs");
    expect(q.kms_master_key_id).toMatch(/aws_kms_key/);
    expect(q.visibility_timeout_seconds).toBeGreaterThanOrEqual(6 * fnOf(vitascope, "acme-vitascope-dev-process-job").timeout);
    expect(JSON.parse(q.redrive_policy)).toEqual({ deadLetterTargetArn: expect.stringMatching(/aws_sqs_queue\.queue_jobs_dlq/), maxReceiveCount: 5 });
    const m = resource<Any>(vitascope, "aws_lambda_event_source_mapping");
    expect(m.function_response_types).toEqual(["ReportBatchItemFailures"]);
    expect(m.function_name).toMatch(/aws_lambda_alias\.fn_process_job/);
    const consume = rolePolicy(vitascope, "acme-vitascope-dev-process-job-fn").find((s) => s.Sid === "ConsumeQueue")!;
    expect(consume.Resource).toMatch(/aws_sqs_queue\.queue_jobs_queue/);
  });

  it("event bus rule → notify, with a permission for exactly that rule and the DLQ open to it", () => {
    const rule = resource<Any>(vitascope, "aws_cloudwatch_event_rule");
    expect(JSON.parse(rule.event_pattern)).toEqual({ source: ["vitascope.jobs"], "detail-type": ["JobCompleted"] });
    const perm = Object.values(resources<Any>(vitascope, "aws_lambda_permission")).find((p) => p.principal === "events.amazonaws.com")!;
    expect(perm.source_arn).toMatch(/aws_cloudwatch_event_rule\.events_rule_job_completed.*\.arn/);
    const dlqPolicies = Object.values(resources<Any>(vitascope, "aws_sqs_queue_policy")).map((p) => policy(p.policy));
    expect(dlqPolicies.some((p) => p.Statement.some((s) => s.Sid === "EventRuleDeadLetters"))).toBe(true);
    expect(dlqPolicies.every((p) => p.Statement.some((s) => s.Sid === "DenyInsecureTransport"))).toBe(true);
  });

  it("Cognito: strong password policy, MFA on, threat protection enforced, ALB client with secret + code flow + openid", () => {
    const id = get("vitascope-dev-identity");
    const pool = resource<Any>(id, "aws_cognito_user_pool");
    expect(pool.password_policy).toMatchObject({ minimum_length: 12, require_lowercase: true, require_uppercase: true, require_numbers: true, require_symbols: true });
    expect(pool.mfa_configuration).toBe("ON");
    expect(pool.user_pool_add_ons.advanced_security_mode).toBe("ENFORCED");
    expect(pool.admin_create_user_config.allow_admin_create_user_only).toBe(true);
    const client = Object.values(resources<Any>(id, "aws_cognito_user_pool_client")).find((c) => c.generate_secret === true)!;
    expect(client.allowed_oauth_flows).toEqual(["code"]);
    expect(client.allowed_oauth_scopes).toContain("openid");
    expect(client.callback_urls).toEqual(["https://dev.vitascope.acme.example/oauth2/idpresponse", "https://origin.dev.vitascope.acme.example/oauth2/idpresponse"]);
    expect(resource<Any>(id, "aws_cognito_user_pool_domain").domain).toBe("acme-vitascope-dev");
    expect(Object.keys(id.output!)).toEqual(expect.arrayContaining(Object.values(IdentityOut)));
  });

  it("the protected service's listener rule authenticates with Cognito before forwarding, on the HTTPS listener", () => {
    const p = get("vitascope-dev-platform");
    const rule = resource<Any>(p, "aws_lb_listener_rule", "svc_api");
    expect(rule.action.map((a: Any) => a.type)).toEqual(["authenticate-cognito", "forward"]);
    const auth = rule.action[0].authenticate_cognito;
    expect(auth.user_pool_arn).toContain(`data.terraform_remote_state.remote_identity.outputs.${IdentityOut.userPoolArn}`);
    expect(auth.user_pool_client_id).toContain(IdentityOut.albClientId);
    expect(rule.listener_arn).toMatch(/aws_lb_listener\.alb_https/);
  });

  it("an unprotected service forwards directly (vitascope-local has no HTTPS)", () => {
    const rule = resource<Any>(get("vitascope-local-platform"), "aws_lb_listener_rule", "svc_api");
    expect(rule.action.map((a: Any) => a.type)).toEqual(["forward"]);
  });

  it("a function outside the VPC outputs literal empty subnet and security group lists (nothing indexes an empty vpc_config)", () => {
    const out = devflow.output as Any;
    expect(out[ServerlessOut.functionSubnetIds("cleanup")].value).toEqual([]);
    expect(out[ServerlessOut.functionSecurityGroupIds("cleanup")].value).toEqual([]);
  });

  it("outputs the contract names the lambroll definitions read", () => {
    const outs = Object.keys(vitascope.output!);
    for (const fn of ["process-job", "notify", "daily-report"]) {
      for (const o of [ServerlessOut.functionRoleArn(fn), ServerlessOut.functionDlqArn(fn), ServerlessOut.functionEnvironment(fn)]) expect(outs).toContain(o);
    }
  });

  it("no resource of the serverless stacks is left unencrypted: every queue and log group names a key", () => {
    for (const json of [devflow, vitascope]) {
      for (const [type, id, body] of allResources(json)) {
        if (type === "aws_sqs_queue") expect([id, body.kms_master_key_id]).toEqual([id, expect.stringMatching(/aws_kms_key/)]);
        if (type === "aws_cloudwatch_log_group") expect([id, body.kms_key_id]).toEqual([id, expect.stringMatching(/aws_kms_key/)]);
      }
    }
  });
});
