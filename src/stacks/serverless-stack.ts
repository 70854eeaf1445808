import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct, type DataTerraformRemoteStateS3 } from "../../foundation/cdk";
import { DataOut, IdentityOut, NetworkOut, PhysicalNames, ServerlessNames, ServerlessOut } from "../../foundation/contract";
import { ConfigError } from "../../foundation/errors";
import { NAME_LIMITS, physicalName } from "../../foundation/names";
import type { FunctionConfig, ServerlessConfig } from "../../envs/schema";
import { RestApi } from "../../modules/api-gateway";
import { ArchiveAsset } from "../../modules/archive-asset";
import { ServerlessDashboard } from "../../modules/dashboard";
import { EventBus } from "../../modules/event-bus";
import { waive } from "../../modules/guardrails/waive";
import type { Statement } from "../../modules/iam/policy";
import { ManagedKey } from "../../modules/kms";
import { ServerlessFunction, deadLetterQueuePolicy } from "../../modules/lambda";
import { Queue } from "../../modules/queue";
import { Schedules } from "../../modules/schedules";
import { SecureBucket } from "../../modules/secure-bucket";
import { SpaSite } from "../../modules/spa-site";
import { policyDocument } from "../../modules/iam/policy";
import { CLOUDFRONT_REGION } from "./edge-stack";
import { derivedEnvironment } from "./serverless-env";
import { EnvStack, awsProviderConfig, type EnvStackProps } from "./env-stack";
import { remoteState } from "./remote-state";

/**
 * The bootstrap package every function is created from (kept in the repo; lambroll deploys the real code): the
 * nearest `lambda/bootstrap` above this file, so the app finds it from the sources and from a compiled copy
 * (`npm run bench` runs the app compiled into .bench/js/) alike.
 */
export const BOOTSTRAP_DIR = (() => {
  for (let d = __dirname; ; d = dirname(d)) {
    const candidate = join(d, "lambda", "bootstrap");
    if (existsSync(join(candidate, "app.py"))) return candidate;
    if (dirname(d) === d) return join(process.cwd(), "lambda", "bootstrap");
  }
})();

/**
 * `<env>-serverless`: the serverless tier of designs 000 and 004 — functions (Terraform creates them from the
 * bootstrap package; lambroll rolls code out), the REST API, SQS queues with DLQs, EventBridge Scheduler schedules,
 * an event bus with rules, the SPA site (CloudFront + S3), the backup bucket and the dashboard. Reads the network
 * (VPC functions), identity (API authorizer) and any layer a function's `stateEnvironment` names; applied after
 * the platform.
 */
export class ServerlessStack extends EnvStack {
  readonly functions: Record<string, ServerlessFunction> = {};
  readonly queues: Record<string, Queue> = {};
  readonly api?: RestApi;
  readonly spa?: SpaSite;
  readonly backup?: SecureBucket;
  readonly bus?: EventBus;

  constructor(scope: Construct, props: Omit<EnvStackProps, "layer">) {
    super(scope, { ...props, layer: "serverless" });
    const { env, account, prefix } = this;
    const sl: ServerlessConfig | undefined = env.serverless;
    if (!sl) throw new ConfigError(env.name, "E_SERVERLESS_MISSING", "ServerlessStack needs serverless in the environment config");
    const accountId = account.id;
    const region = env.region;
    const forceDestroy = !env.deletionProtection;

    const states = new Map<string, DataTerraformRemoteStateS3>();
    const state = (layer: "network" | "identity" | "data" | "platform") => {
      if (!states.has(layer)) states.set(layer, remoteState(this, layer));
      return states.get(layer)!;
    };

    const key = new ManagedKey(this, "kms", {
      alias: `${prefix}-serverless`,
      description: `${prefix} serverless tier: function logs and environment, queues, API access logs, schedules, backups`,
      policy: policyDocument([
        { Sid: "AccountRootAdministers", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: "kms:*", Resource: "*" },
        {
          Sid: "CloudWatchLogsUse",
          Effect: "Allow",
          Principal: { Service: `logs.${region}.amazonaws.com` },
          Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          Resource: "*",
          Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${region}:${accountId}:log-group:*` } },
        },
        // EventBridge rules deliver undeliverable events to the (SSE-KMS) function DLQs.
        {
          Sid: "EventBridgeDeadLetters",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: ["kms:GenerateDataKey", "kms:Decrypt"],
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
      ]),
    }).key;

    const bucketName = (full: string) => physicalName(env.project, env.name, full.slice(prefix.length + 1), NAME_LIMITS.s3Bucket);
    if (sl.backupBucket) {
      this.backup = new SecureBucket(this, "backup", {
        bucketName: bucketName(ServerlessNames.backupBucket(prefix, accountId)),
        encryption: { type: "kms", keyArn: key.arn },
        versioning: true,
        expireDays: sl.backupBucket.expireDays,
        noncurrentVersionDays: sl.backupBucket.noncurrentDays,
        forceDestroy,
      });
      waive(this.backup, "CKV_AWS_18", "backups are written and read by the archive function only, whose CloudTrail data events and logs record access");
      waive(this.backup, "CKV2_AWS_62", "the archive function writes backups on its schedule; nothing consumes object events");
      waive(this.backup, "CKV_AWS_144", "the backup bucket is itself the second copy of the sessions table; cross-region replication is a later decision (design 000 names it, no region given)");
    }

    for (const [name, q] of Object.entries(sl.queues)) {
      const consumer = q.consumer ? sl.functions[q.consumer.function] : undefined;
      this.queues[name] = new Queue(this, `queue_${name.replace(/-/g, "_")}`, {
        name: ServerlessNames.queue(prefix, name),
        dlqName: ServerlessNames.queueDlq(prefix, name),
        visibilityTimeoutSeconds: q.visibilityTimeoutSeconds,
        retentionSeconds: q.retentionSeconds,
        dlqRetentionSeconds: q.dlqRetentionSeconds,
        maxReceiveCount: q.maxReceiveCount,
        kmsKeyArn: key.arn,
        consumerTimeoutSeconds: consumer?.timeoutSeconds,
      });
    }
    const eventBusName = ServerlessNames.eventBus(prefix);
    const eventBusArn = `arn:aws:events:${region}:${accountId}:event-bus/${eventBusName}`;

    const bootstrap = new ArchiveAsset(this, "bootstrap", { path: BOOTSTRAP_DIR });
    const cluster = PhysicalNames.cluster(prefix);
    for (const [name, fn] of Object.entries(sl.functions)) {
      const statements = this.grants(fn, { cluster, eventBusArn, keyArn: key.arn });
      const consumed = Object.entries(sl.queues).filter(([, q]) => q.consumer?.function === name);
      for (const [qName] of consumed) statements.push(this.queues[qName].consumeStatement());
      const environment: Record<string, string> = {
        ...derivedEnvironment(fn, { prefix, project: env.project, env: env.name, cluster, eventBus: eventBusName, backupBucket: this.backup?.bucket.bucket, queueUrl: (q) => this.queues[q].queue.url }),
        ...fn.environment,
      };
      for (const [k, ref] of Object.entries(fn.stateEnvironment)) environment[k] = state(ref.layer).getString(ref.output);
      const subnets = fn.vpc?.subnets === "isolated" ? NetworkOut.isolatedSubnetIds : NetworkOut.privateSubnetIds;
      const f = new ServerlessFunction(this, `fn_${name.replace(/-/g, "_")}`, {
        functionName: ServerlessNames.function(prefix, name),
        roleName: ServerlessNames.functionRole(prefix, name),
        logGroupName: ServerlessNames.functionLogGroup(prefix, name),
        dlqName: ServerlessNames.functionDlq(prefix, name),
        runtime: fn.runtime,
        handler: fn.handler,
        description: fn.description,
        memoryMb: fn.memoryMb,
        timeoutSeconds: fn.timeoutSeconds,
        reservedConcurrency: fn.reservedConcurrency,
        bootstrap: { path: bootstrap.path, hash: bootstrap.assetHash },
        kmsKeyArn: key.arn,
        logRetentionDays: env.logRetentionDays,
        environment,
        vpc: fn.vpc
          ? { vpcId: state("network").getString(NetworkOut.vpcId), subnetIds: state("network").getList(subnets), securityGroupName: ServerlessNames.functionSecurityGroup(prefix, name) }
          : undefined,
        statements,
        accountId,
        region,
      });
      if (!fn.vpc) waive(f.fn, "CKV_AWS_117", "the function reaches only AWS APIs (DynamoDB, ECS, Secrets Manager, S3, GitHub), nothing inside the VPC; VPC attachment is config (vpc) where it must");
      waive(f.fn, "CKV_AWS_272", "code is rolled out by lambroll from CI after review; Lambda code signing (Signer profiles) is not part of this pipeline yet");
      this.functions[name] = f;
      for (const [qName, q] of consumed) {
        this.queues[qName].addConsumer({
          functionArn: f.aliasArn,
          batchSize: q.consumer!.batchSize,
          maximumBatchingWindowSeconds: q.consumer!.maximumBatchingWindowSeconds,
          maximumConcurrency: q.consumer!.maximumConcurrency,
        });
      }
    }

    const ruleArns = new Map<string, string[]>();
    if (sl.eventBus) {
      this.bus = new EventBus(this, "events", {
        name: eventBusName,
        rules: Object.fromEntries(
          Object.entries(sl.eventBus.rules).map(([name, r]) => {
            const f = this.functions[r.function];
            return [name, { source: r.source, detailType: r.detailType, ruleName: ServerlessNames.eventRule(prefix, name), target: { functionName: f.fn.functionName, aliasName: f.alias.name, aliasArn: f.aliasArn, dlqArn: f.dlq.arn } }];
          }),
        ),
      });
      for (const [name, r] of Object.entries(sl.eventBus.rules)) ruleArns.set(r.function, [...(ruleArns.get(r.function) ?? []), this.bus.rules[name].arn]);
    }
    for (const [name, f] of Object.entries(this.functions)) deadLetterQueuePolicy(f, "dlq_policy", f, ruleArns.get(name) ?? []);

    if (Object.keys(sl.schedules).length) {
      new Schedules(this, "schedules", {
        groupName: prefix,
        roleName: ServerlessNames.schedulerRole(prefix),
        accountId,
        kmsKeyArn: key.arn,
        schedules: Object.fromEntries(
          Object.entries(sl.schedules).map(([name, s]) => {
            const f = this.functions[s.function];
            return [name, { expression: s.expression, timezone: s.timezone, targetArn: f.aliasArn, dlqArn: f.dlq.arn, input: s.input, enabled: s.enabled }];
          }),
        ),
      });
    }

    if (sl.api) {
      const api = sl.api;
      this.api = new RestApi(this, "api", {
        name: ServerlessNames.api(prefix),
        stageName: api.stageName,
        routes: api.routes,
        functions: Object.fromEntries(Object.entries(this.functions).map(([n, f]) => [n, { functionName: f.fn.functionName, aliasInvokeArn: f.alias.invokeArn, aliasName: f.alias.name }])),
        authorization: api.authorization === "cognito" ? { type: "cognito", userPoolArn: state("identity").getString(IdentityOut.userPoolArn) } : { type: "iam" },
        throttling: api.throttling,
        accessLogGroupName: ServerlessNames.apiAccessLogGroup(prefix),
        accessLogRetentionDays: api.accessLogRetentionDays ?? env.logRetentionDays,
        kmsKeyArn: key.arn,
        waf: api.waf ? { name: `${prefix}-api`, rateLimitPer5Min: api.waf.rateLimitPer5Min } : undefined,
        accountCloudwatchRoleName: api.cloudwatchRole === "create" ? ServerlessNames.apiCloudwatchRole(region) : undefined,
      });
      waive(this.api.stage, "CKV_AWS_120", "responses are per-user session state (start/status/stop); a stage cache would serve one user's answer to another");
      waive(this.api.stage, "CKV2_AWS_51", "callers are browsers authenticated by Cognito tokens (or SigV4), not client certificates");
      if (!api.waf) waive(this.api.stage, "CKV2_AWS_29", "serverless.api.waf is off: the API is reached through the SPA's CloudFront (its WAF) and stage throttling applies");
    }

    if (sl.spa) {
      if (!this.api) throw new ConfigError(env.name, "E_SPA_NEEDS_API", "serverless.spa sends its API path to serverless.api; configure it");
      // us-east-1 only for what CloudFront needs there (viewer certificate, WAF): no unused provider alias otherwise.
      const usEast1 = env.domain || sl.spa.waf ? new AwsProvider(this, "aws_us_east_1", awsProviderConfig(env, account, CLOUDFRONT_REGION, "us_east_1")) : undefined;
      const host = env.domain ? (sl.spa.subdomain ? `${sl.spa.subdomain}.${env.domain.name}` : env.domain.name) : undefined;
      this.spa = new SpaSite(this, "spa", {
        namePrefix: `${prefix}-spa`,
        accountId,
        bucketName: bucketName(ServerlessNames.spaBucket(prefix, accountId)),
        logBucketName: bucketName(ServerlessNames.spaLogBucket(prefix, accountId)),
        logDays: sl.spa.logDays,
        priceClass: sl.spa.priceClass,
        api: { domainName: `${this.api.api.id}.execute-api.${region}.amazonaws.com`, stageName: sl.api!.stageName, path: sl.spa.apiPath },
        domain: host && env.domain ? { name: host, hostedZoneId: env.domain.hostedZoneId } : undefined,
        waf: sl.spa.waf ? { name: `${prefix}-spa`, rateLimitPer5Min: sl.spa.waf.rateLimitPer5Min } : undefined,
        usEast1,
        forceDestroy,
      });
      const d = this.spa.distribution;
      waive(d, "CKV_AWS_310", "one S3 origin serves the app shell; an S3 failover origin would need a replicated bucket for a rebuildable artefact");
      waive(d, "CKV_AWS_374", "no geographic restriction is required by design 000; blocking is done in WAF where configured");
      waive(d, "CKV2_AWS_32", "the SPA's security headers come from the app's index.html meta policy; a response headers policy is a follow-up");
      if (!sl.spa.waf) {
        waive(d, "CKV_AWS_68", "serverless.spa.waf is off for this environment (non-production); the API stage is throttled");
        waive(d, "CKV2_AWS_47", "serverless.spa.waf is off for this environment (non-production): no web ACL is attached");
      } else {
        waive(d, "CKV2_AWS_47", "the attached web ACL enforces AWSManagedRulesKnownBadInputsRuleSet with override none (Log4JRCE included); the policy pack's CKV_AWS_192 checks the ACL itself");
      }
      if (!host) {
        waive(d, "CKV_AWS_174", "serverless.spa.allowDefaultCertificate: no domain, *.cloudfront.net default certificate");
        waive(d, "CKV2_AWS_42", "serverless.spa.allowDefaultCertificate: no domain, *.cloudfront.net default certificate");
      }
    }

    if (sl.dashboard.enabled) {
      new ServerlessDashboard(this, "dashboard", {
        name: ServerlessNames.dashboard(prefix),
        region,
        functionNames: Object.values(this.functions).map((f) => f.fn.functionName),
        clusterName: Object.keys(env.services).length ? cluster : undefined,
        activeSessions: sl.dashboard.activeSessions,
      });
    }

    // Outputs: the contract scripts/fn.sh, lambroll's function.json and CI read (foundation/contract.ts).
    const o = ServerlessOut;
    this.output(o.kmsKeyArn, key.arn, "CMK of the serverless tier (function environment, logs, queues)");
    if (this.api) {
      this.output(o.apiId, this.api.api.id, "REST API id");
      this.output(o.apiUrl, this.api.invokeUrl, "Invoke URL of the API stage");
    }
    if (this.spa) {
      this.output(o.spaBucketName, this.spa.content.bucket.bucket.bucket, "Bucket of the SPA build (aws s3 sync dist/ s3://<bucket>/)");
      this.output(o.spaDistributionId, this.spa.distribution.id, "CloudFront distribution of the SPA (invalidate after a sync)");
      this.output(o.spaDomainName, this.spa.distribution.domainName, "CloudFront domain name of the SPA");
    }
    if (this.backup) this.output(o.backupBucketName, this.backup.bucket.bucket, "Versioned backup bucket");
    if (this.bus) this.output(o.eventBusName, this.bus.bus.name, "EventBridge bus of the environment");
    for (const [name, f] of Object.entries(this.functions)) {
      this.output(o.functionName(name), f.fn.functionName, `${name}: function name`);
      this.output(o.functionArn(name), f.fn.arn, `${name}: function ARN (unqualified)`);
      this.output(o.functionRoleArn(name), f.role.arn, `${name}: execution role ARN (lambroll function.json Role)`);
      this.output(o.functionDlqArn(name), f.dlq.arn, `${name}: dead-letter queue ARN`);
      this.output(o.functionLogGroupName(name), f.logGroup.name, `${name}: log group`);
      this.output(o.functionSecurityGroupIds(name), f.securityGroup ? [f.securityGroup.id] : [], `${name}: security groups (VPC functions)`);
      // From config, not the function's vpc_config (an empty block outside the VPC has no element to index).
      this.output(o.functionSubnetIds(name), f.subnetIds, `${name}: subnets (VPC functions)`);
      this.output(o.functionEnvironment(name), f.fn.environment.variables, `${name}: environment variables as Terraform set them (lambroll keeps the same)`);
    }
    for (const [name, q] of Object.entries(this.queues)) {
      this.output(o.queueUrl(name), q.queue.url, `${name}: queue URL`);
      this.output(o.queueArn(name), q.queue.arn, `${name}: queue ARN`);
    }
  }

  private dataKey?: string;
  /** The `<env>-data` CMK (tables are encrypted with it), read once from its state. */
  private dataKeyArn(): string {
    return (this.dataKey ??= remoteState(this, "data").getString(DataOut.kmsKeyArn));
  }

  /** The function's grants derived from `access` (nothing else reaches its role). */
  private grants(fn: FunctionConfig, ctx: { cluster: string; eventBusArn: string; keyArn: string }): Statement[] {
    const { env, account } = this;
    const region = env.region;
    const a = fn.access;
    const out: Statement[] = [];
    if (a.secrets.length) {
      const prefix = PhysicalNames.secretsPrefix(env.project, env.name);
      out.push({
        Sid: "ReadSecrets",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        // Secrets Manager appends six random characters to the name in the ARN.
        Resource: a.secrets.map((s) => `arn:aws:secretsmanager:${region}:${account.id}:secret:${prefix}${s}-??????`),
      });
      out.push({ Sid: "DecryptSecrets", Effect: "Allow", Action: "kms:Decrypt", Resource: `arn:aws:kms:${region}:${account.id}:key/*`, Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } } });
    }
    if (a.services.length) {
      const clusterArn = `arn:aws:ecs:${region}:${account.id}:cluster/${ctx.cluster}`;
      out.push({ Sid: "ScaleServices", Effect: "Allow", Action: ["ecs:UpdateService", "ecs:DescribeServices"], Resource: a.services.map((s) => `arn:aws:ecs:${region}:${account.id}:service/${ctx.cluster}/${PhysicalNames.service(s)}`) });
      out.push({ Sid: "ListTasks", Effect: "Allow", Action: "ecs:ListTasks", Resource: `arn:aws:ecs:${region}:${account.id}:container-instance/${ctx.cluster}/*`, Condition: { ArnEquals: { "ecs:cluster": clusterArn } } });
      out.push({ Sid: "DescribeTasks", Effect: "Allow", Action: "ecs:DescribeTasks", Resource: `arn:aws:ecs:${region}:${account.id}:task/${ctx.cluster}/*` });
    }
    if (a.tables.length) {
      // Tables of `data.tables` (`<env>-data`): names are derived (PhysicalNames.table), the CMK read from its state.
      const arns = a.tables.map((t) => `arn:aws:dynamodb:${region}:${account.id}:table/${PhysicalNames.table(this.prefix, t)}`);
      out.push({
        Sid: "TableItems",
        Effect: "Allow",
        Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable"],
        Resource: [...arns, ...arns.map((x) => `${x}/index/*`)],
      });
      out.push({
        Sid: "TableKey",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: this.dataKeyArn(),
        Condition: { StringEquals: { "kms:ViaService": `dynamodb.${region}.amazonaws.com` } },
      });
    }
    if (a.backupBucket && this.backup) {
      const b = this.backup.bucket.arn;
      out.push({ Sid: "BackupList", Effect: "Allow", Action: "s3:ListBucket", Resource: b });
      out.push({ Sid: "BackupObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `${b}/*` });
    }
    if (a.eventBus) out.push({ Sid: "PutEvents", Effect: "Allow", Action: "events:PutEvents", Resource: ctx.eventBusArn });
    if (a.queues.length) out.push({ Sid: "SendToQueues", Effect: "Allow", Action: "sqs:SendMessage", Resource: a.queues.map((q) => this.queues[q].queue.arn) });
    return out;
  }
}
