/**
 * Validation at synth: schema (zod) first, then cross-field and cross-environment rules.
 *
 * Every problem is reported as `<env>: <field.path> = <value>: <what is wrong>; <what is accepted>`.
 * `loadEnvironments` throws one `EnvValidationError` listing every problem; callers (main.ts, scripts) run it
 * before any construct exists, so a bad value writes no stack output.
 */
import { Address4 } from "ip-address";
import { z } from "zod";
import { AccountSchema, ENDPOINT_PRESETS, EnvSchema, type InterfaceEndpointName, type Account, type AccountInput, type EnvConfig, type EnvInput } from "./schema";
import { dataProblems } from "./validate-data";
import { FARGATE_SIZES } from "./fargate";
import { NAME_LIMITS } from "../foundation/names";
import { PhysicalNames } from "../foundation/contract";
import { scheduleExpressionProblem } from "./schedule-expression";

/** Ports of the ALB's production listeners (HTTP, HTTPS); a blue/green test listener needs another one. */
export const ALB_LISTENER_PORTS: readonly number[] = [80, 443];

export interface Problem {
  readonly env: string;
  readonly path: string;
  readonly value: unknown;
  readonly message: string;
}

export class EnvValidationError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(
      `Invalid environment configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}); nothing was synthesized:\n` +
        problems.map((p) => `  - ${p.env}: ${p.path} = ${fmt(p.value)}: ${p.message}`).join("\n"),
    );
    this.name = "EnvValidationError";
  }
}

function fmt(v: unknown): string {
  if (v === undefined) return "(missing)";
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, k) => (typeof k === "number" ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), "");
}

function get(obj: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((o, k) => (o !== null && typeof o === "object" ? (o as Record<PropertyKey, unknown>)[k] : undefined), obj);
}

function cidr(s: string): Address4 {
  return new Address4(s);
}

/** Two CIDR blocks overlap iff one contains the other's network address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const x = cidr(a);
  const y = cidr(b);
  return x.isInSubnet(y) || y.isInSubnet(x);
}

/** Rules that need more than one field of one environment. */
function crossFieldProblems(env: EnvConfig, accounts: ReadonlyMap<string, Account>): Problem[] {
  const out: Problem[] = [];
  const add = (path: string, value: unknown, message: string) => out.push({ env: env.name, path, value, message });

  if (!accounts.has(env.account)) {
    add("account", env.account, `no such account; accepted: ${[...accounts.keys()].join(", ")} (envs/accounts.ts)`);
  }

  // Subnets: inside the VPC, one per AZ, no overlaps.
  const seenAz = new Set<string>();
  const blocks: { path: string; cidr: string }[] = [];
  env.network.azs.forEach((az, i) => {
    if (seenAz.has(az.suffix)) add(`network.azs[${i}].suffix`, az.suffix, "one subnet pair per AZ; this AZ is listed twice");
    seenAz.add(az.suffix);
    for (const kind of ["publicCidr", "privateCidr", "isolatedCidr"] as const) {
      const path = `network.azs[${i}].${kind}`;
      const value = az[kind];
      if (value === undefined) continue;
      if (!cidr(value).isInSubnet(cidr(env.network.vpcCidr))) {
        add(path, value, `subnet is outside the VPC ${env.network.vpcCidr}; use a block inside it`);
      }
      for (const other of blocks) {
        if (cidrsOverlap(value, other.cidr)) add(path, value, `overlaps ${other.path} (${other.cidr}); subnets must not overlap`);
      }
      blocks.push({ path, cidr: value });
    }
  });
  const ic = env.network.endpoints.interfaceAzCount;
  if (ic !== undefined && ic > env.network.azs.length) {
    add("network.endpoints.interfaceAzCount", ic, `at most the number of AZs (${env.network.azs.length})`);
  }

  // Capacity (EC2 only; a Fargate-only environment has no `cluster`).
  if (env.cluster) {
    const c = env.cluster.capacity;
    if (c.min > c.max) add("cluster.capacity.min", c.min, `min must be ≤ max (${c.max})`);
    if (c.desired < c.min || c.desired > c.max) add("cluster.capacity.desired", c.desired, `desired must be between min (${c.min}) and max (${c.max})`);
  }

  // Names with AWS limits.
  const albName = `${env.project}-${env.name}-${env.alb.name}`;
  if (albName.length > NAME_LIMITS.alb) {
    add("alb.name", env.alb.name, `the ALB name "${albName}" is ${albName.length} characters; AWS allows ${NAME_LIMITS.alb}. Shorten alb.name`);
  }
  if (!/^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(albName) || albName.startsWith("internal-")) {
    add("alb.name", env.alb.name, `"${albName}" must be alphanumerics and inner hyphens, not starting with internal-`);
  }

  out.push(...edgeProblems(env));
  out.push(...dataProblems(env));
  out.push(...serverlessProblems(env));

  // Budget: every AWS Budgets notification needs a subscriber; an emulator has no AWS Budgets.
  const budget = env.budget;
  if (budget?.create) {
    if (!budget.notifyAlarmTopic && (budget.emails ?? env.alarms.emails).length === 0) {
      add("budget.emails", budget.emails, "the budget notifies nobody: set budget.emails (or alarms.emails), or budget.notifyAlarmTopic: true");
    }
    if (env.emulator) add("budget.create", true, "the emulator has no AWS Budgets; set budget.create: false (the estimate still uses monthlyUsd)");
  }

  // Services.
  const priorities = new Map<number, string>();
  const testPorts = new Map<number, string>();
  const endpoints = new Set<InterfaceEndpointName>([...ENDPOINT_PRESETS[env.network.endpoints.preset], ...env.network.endpoints.extra]);
  for (const [name, svc] of Object.entries(env.services)) {
    const p = (f: string) => `services.${name}.${f}`;
    // The longest target group name this service can get (blue/green slot).
    const tgName = PhysicalNames.targetGroup(`${env.project}-${env.name}`, name, { targetType: "ip", port: svc.port, protocol: "HTTP", protocolVersion: "HTTP1", ipAddressType: "ipv4", vpc: env.network.vpcCidr }, "green");
    if (tgName.length > NAME_LIMITS.targetGroup) {
      add(`services.${name}`, name, `the target group name "${tgName}" is ${tgName.length} characters; AWS allows ${NAME_LIMITS.targetGroup}. Use a shorter service name`);
    }
    const other = priorities.get(svc.priority);
    if (other) add(p("priority"), svc.priority, `listener rule priority already used by service "${other}"; priorities must be unique`);
    priorities.set(svc.priority, name);

    // An ALB listener rule takes at most 5 condition values; the origin-verify header uses one.
    const maxPaths = env.alb.ingress === "cloudfront" ? 4 : 5;
    if (svc.paths.length > maxPaths) {
      add(p("paths"), svc.paths, `an ALB listener rule takes at most ${maxPaths} path patterns here (5 condition values${maxPaths === 4 ? ", one used by the origin-verify header" : ""}); split the service's paths or use wildcards`);
    }

    const s = svc.scaling;
    if (s.min > s.max) add(p("scaling.min"), s.min, `min must be ≤ max (${s.max})`);
    if (s.desired !== undefined && (s.desired < s.min || s.desired > s.max)) {
      add(p("scaling.desired"), s.desired, `desired must be between min (${s.min}) and max (${s.max})`);
    }

    const bridge = svc.compute.type === "ec2";
    if (bridge && !env.cluster) {
      add(p("compute.type"), svc.compute.type, 'the environment has no EC2 capacity (no `cluster` settings), and compute defaults to "ec2"; set compute: { type: "fargate" } (or "fargate-spot") on this service, or add cluster: { instanceType, amiId, capacity } to the environment');
    }
    if (bridge && svc.hostPort >= 32768) {
      add(p("hostPort"), svc.hostPort, "a fixed host port inside the ephemeral range 32768-65535 collides with dynamic ports; use 0 (dynamic) or a port below 32768");
    }
    if (!bridge && svc.hostPort !== 0 && svc.hostPort !== svc.port) {
      add(p("hostPort"), svc.hostPort, `awsvpc tasks use hostPort = containerPort (${svc.port}); remove hostPort`);
    }
    const derived = bridge ? "instance" : "ip";
    if (svc.targetType && svc.targetType !== derived) {
      add(p("targetType"), svc.targetType, `${bridge ? "bridge" : "awsvpc"} networking registers targets of type "${derived}"; remove targetType or change compute`);
    }

    const size = svc.size ?? env.taskSize;
    if (!bridge) {
      const valid = FARGATE_SIZES[size.cpu];
      if (!valid) {
        add(p("size.cpu"), size.cpu, `not a Fargate CPU value; accepted: ${Object.keys(FARGATE_SIZES).join(", ")}`);
      } else if (!valid.includes(size.memory)) {
        add(p("size.memory"), size.memory, `not a valid Fargate memory for cpu ${size.cpu}; accepted: ${valid.join(", ")} MiB`);
      }
    }
    if (svc.deployment.type === "blue-green") {
      const d = svc.deployment;
      const owner = testPorts.get(d.testListenerPort);
      if (ALB_LISTENER_PORTS.includes(d.testListenerPort)) {
        add(p("deployment.testListenerPort"), d.testListenerPort, `the ALB's production listeners use ${ALB_LISTENER_PORTS.join(" and ")}; pick another port for the test listener (e.g. 8080)`);
      } else if (owner) {
        add(p("deployment.testListenerPort"), d.testListenerPort, `test listener port already used by blue/green service "${owner}"; each blue/green service needs its own port`);
      }
      testPorts.set(d.testListenerPort, name);
      d.testListenerCidrs.forEach((c, i) => {
        if (cidr(c).subnetMask === 0) add(p(`deployment.testListenerCidrs[${i}]`), c, "the test listener must not be open to the internet; name the CI or VPN ranges");
      });
    }

    // Without NAT, every AWS API a task needs must be reachable through an interface endpoint.
    if (env.network.natGateways === "none") {
      const requireEndpoints = (field: string, value: unknown, needs: readonly (readonly [InterfaceEndpointName, string])[]) => {
        const missing = needs.filter(([e]) => !endpoints.has(e));
        if (missing.length) {
          add(p(field), value, `network.natGateways = "none" and the interface endpoints lack ${missing.map(([e, why]) => `${e} (${why})`).join(", ")}; add them to network.endpoints.extra or use a NAT gateway`);
        }
      };
      if (!bridge) {
        requireEndpoints("compute.type", svc.compute.type, [
          ["ecr.api", "image pulls from the task ENI"],
          ["ecr.dkr", "image pulls from the task ENI"],
          ["logs", "awslogs from the task ENI"],
          ...(Object.keys(svc.secrets).length || Object.keys(svc.uses.secrets).length || svc.uses.database || svc.uses.cache
            ? [["secretsmanager", "secrets injected at task start"] as [InterfaceEndpointName, string]]
            : []),
        ]);
      }
      if (svc.exec) {
        requireEndpoints("exec", svc.exec, [
          ["ssmmessages", "the ECS Exec session channel"],
          ["kms", "the session channel is encrypted with the platform key"],
          ["logs", "ECS Exec audit logging"],
        ]);
      }
    }
  }
  return out;
}

/** Edge: a viewer certificate must exist or be explicitly waived; geo lists are sets. */
function edgeProblems(env: EnvConfig): Problem[] {
  const out: Problem[] = [];
  const add = (path: string, value: unknown, message: string) => out.push({ env: env.name, path, value, message });
  const edge = env.edge;
  if (!edge.enabled) return out;
  if (!env.domain && !edge.allowDefaultCertificate) {
    add(
      "edge.allowDefaultCertificate",
      edge.allowDefaultCertificate,
      "no domain is configured, so CloudFront would serve *.cloudfront.net with its default certificate (viewer TLS minimum TLSv1); " +
        "set domain: { name, hostedZoneId } for a custom certificate with TLSv1.2_2021, or edge.allowDefaultCertificate: true in a non-production environment",
    );
  }
  if (env.alb.certificateArn && !env.domain) {
    // CloudFront checks the origin's certificate against the origin name: without a domain that name is the
    // ALB's *.elb.amazonaws.com, which no ACM certificate can cover, so https-only would 502 every request.
    add(
      "alb.certificateArn",
      env.alb.certificateArn,
      "without domain, CloudFront reaches the ALB at its *.elb.amazonaws.com name over HTTPS, which no certificate covers (every request would fail with 502); " +
        "set domain: { name, hostedZoneId } (the origin becomes origin.<domain>, which the certificate must cover) or remove alb.certificateArn",
    );
  }
  if (env.alb.ingress !== "cloudfront") {
    add("alb.ingress", env.alb.ingress, 'the edge stack fronts the ALB and sends the secret origin header the platform creates only with alb.ingress "cloudfront"; set it (the default) or edge.enabled: false');
  }
  if (!edge.customPolicies && !env.emulator) {
    add("edge.customPolicies", false, "managed-policies-only mode exists for emulators without the CloudFront policy APIs; remove it (default true) in a real environment");
  }
  const countries = edge.geoBlock?.countries ?? [];
  countries.forEach((c, i) => {
    if (countries.indexOf(c) !== i) add(`edge.geoBlock.countries[${i}]`, c, "listed twice; each country once");
  });
  const seen = new Set<string>();
  edge.subdomains.forEach((label, i) => {
    if (seen.has(label)) add(`edge.subdomains[${i}]`, label, "listed twice; each alias once");
    seen.add(label);
  });
  if (env.domain && edge.subdomains.includes("origin")) {
    const i = edge.subdomains.indexOf("origin");
    add(`edge.subdomains[${i}]`, "origin", `origin.${env.domain.name} is the ALB's origin name (platform stack); choose another label`);
  }
  return out;
}

/** Plain environment variable names that look like they carry a secret (use `access.secrets`). */
const SECRET_LIKE = /(SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|PRIVATE_KEY|CREDENTIALS?)$/;

/**
 * The serverless tier and identity: references between functions, routes, queues, schedules and rules; AWS rules
 * the service would only enforce at apply (schedule syntax, SQS visibility vs the function timeout); protected
 * services need a user pool and HTTPS.
 */
function serverlessProblems(env: EnvConfig): Problem[] {
  const out: Problem[] = [];
  const add = (path: string, value: unknown, message: string) => out.push({ env: env.name, path, value, message });
  const https = env.domain !== undefined || env.alb.certificateArn !== undefined;
  for (const [name, svc] of Object.entries(env.services)) {
    if (!svc.protected) continue;
    if (!env.identity) {
      add(`services.${name}.protected`, true, "a protected service authenticates against the environment's Cognito user pool; add identity: { domainPrefix, … } or set protected: false");
    }
    if (!https) {
      add(`services.${name}.protected`, true, "the ALB's authenticate-cognito action works only on an HTTPS listener; set domain (or alb.certificateArn) or set protected: false");
    }
  }
  const sl = env.serverless;
  if (!sl) return out;
  const fns = Object.keys(sl.functions);
  const knownFn = (path: string, fn: string) => {
    if (!sl.functions[fn]) add(path, fn, `no such function in serverless.functions; known: ${fns.join(", ") || "(none)"}`);
  };
  for (const [name, fn] of Object.entries(sl.functions)) {
    const p = (f: string) => `serverless.functions.${name}.${f}`;
    for (const key of Object.keys(fn.environment)) {
      if (SECRET_LIKE.test(key)) add(p(`environment.${key}`), fn.environment[key], "looks like a secret in a plain environment variable; store it in Secrets Manager, list its name in access.secrets and read it at run time");
    }
    for (const key of Object.keys(fn.stateEnvironment)) {
      if (fn.environment[key] !== undefined) add(p(`stateEnvironment.${key}`), key, "also set in environment; keep one");
    }
    if (fn.vpc) {
      const tier = fn.vpc.subnets;
      const field = tier === "private" ? "privateCidr" : "isolatedCidr";
      const missing = env.network.azs.filter((az) => !(az as Record<string, unknown>)[field]).map((az) => az.suffix);
      if (missing.length) {
        add(p("vpc.subnets"), tier, `the VPC has no ${tier} subnets in AZ ${missing.join(", ")} (network.azs[].${field}); add them or remove vpc to run the function outside the VPC`);
      }
    }
    fn.access.services.forEach((svc, i) => {
      if (!env.services[svc]) add(p(`access.services[${i}]`), svc, `no such service; known: ${Object.keys(env.services).join(", ") || "(none)"}`);
    });
    fn.access.tables.forEach((t, i) => {
      if (!env.data?.tables[t]) add(p(`access.tables[${i}]`), t, `no such table in data.tables; known: ${Object.keys(env.data?.tables ?? {}).join(", ") || "(none)"}`);
    });
    fn.access.queues.forEach((q, i) => {
      if (!sl.queues[q]) add(p(`access.queues[${i}]`), q, `no such queue in serverless.queues; known: ${Object.keys(sl.queues).join(", ") || "(none)"}`);
    });
    if (fn.access.backupBucket && !sl.backupBucket) add(p("access.backupBucket"), true, "serverless.backupBucket is not configured; add it or remove the grant");
    if (fn.access.eventBus && !sl.eventBus) add(p("access.eventBus"), true, "serverless.eventBus is not configured; add it or remove the grant");
  }
  if (sl.api) {
    const seen = new Map<string, number>();
    sl.api.routes.forEach((r, i) => {
      knownFn(`serverless.api.routes[${i}].function`, r.function);
      const key = `${r.method} ${r.path}`;
      if (seen.has(key)) add(`serverless.api.routes[${i}]`, key, `route already declared at serverless.api.routes[${seen.get(key)}]`);
      seen.set(key, i);
      if (sl.spa && !r.path.startsWith(`${sl.spa.apiPath}/`)) {
        add(`serverless.api.routes[${i}].path`, r.path, `the SPA site sends only ${sl.spa.apiPath}/* to the API; start the path with ${sl.spa.apiPath}/`);
      }
    });
    if (sl.api.authorization === "cognito" && !env.identity) {
      add("serverless.api.authorization", "cognito", "a Cognito authorizer needs the environment's user pool; add identity: { domainPrefix, … } or use authorization: \"iam\"");
    }
  }
  for (const [name, q] of Object.entries(sl.queues)) {
    if (!q.consumer) continue;
    const p = `serverless.queues.${name}`;
    knownFn(`${p}.consumer.function`, q.consumer.function);
    const fn = sl.functions[q.consumer.function];
    if (fn && q.visibilityTimeoutSeconds < 6 * fn.timeoutSeconds) {
      add(`${p}.visibilityTimeoutSeconds`, q.visibilityTimeoutSeconds, `must be at least 6 × the timeout of its consumer ${q.consumer.function} (${fn.timeoutSeconds} s) = ${6 * fn.timeoutSeconds} s, or messages reappear while still being processed; raise it or lower the function's timeoutSeconds`);
    }
    if (fn && q.consumer.maximumConcurrency > fn.reservedConcurrency) {
      add(`${p}.consumer.maximumConcurrency`, q.consumer.maximumConcurrency, `exceeds the reserved concurrency of ${q.consumer.function} (${fn.reservedConcurrency}); the excess would only throttle — lower it or raise reservedConcurrency`);
    }
  }
  for (const [name, sch] of Object.entries(sl.schedules)) {
    const p = `serverless.schedules.${name}`;
    knownFn(`${p}.function`, sch.function);
    const problem = scheduleExpressionProblem(sch.expression);
    if (problem) add(`${p}.expression`, sch.expression, `EventBridge Scheduler rejects this expression: ${problem}`);
  }
  for (const [name, rule] of Object.entries(sl.eventBus?.rules ?? {})) knownFn(`serverless.eventBus.rules.${name}.function`, rule.function);
  if (sl.spa && !env.domain && !sl.spa.allowDefaultCertificate) {
    add("serverless.spa.allowDefaultCertificate", false, "no domain is configured, so the SPA would be served on *.cloudfront.net with the default certificate; set domain or serverless.spa.allowDefaultCertificate: true in a non-production environment");
  }
  if (sl.spa && !sl.api) add("serverless.spa", sl.spa.apiPath, `the SPA site sends ${sl.spa.apiPath}/* to the API; configure serverless.api`);
  return out;
}

/**
 * The API Gateway account setting (CloudWatch role for access logs) is one per account and region: among the
 * environments with an API there, exactly one `create`s it.
 */
function apiCloudwatchRoleProblems(envs: readonly EnvConfig[]): Problem[] {
  const out: Problem[] = [];
  const byKey = new Map<string, EnvConfig[]>();
  for (const e of envs.filter((x) => x.serverless?.api)) {
    const k = `${e.account}/${e.region}`;
    byKey.set(k, [...(byKey.get(k) ?? []), e]);
  }
  for (const [key, list] of byKey) {
    const creators = list.filter((e) => e.serverless!.api!.cloudwatchRole === "create");
    if (creators.length === 0) {
      out.push({ env: list[0].name, path: "serverless.api.cloudwatchRole", value: "existing", message: `no environment with an API in ${key} creates the API Gateway CloudWatch role (stage access logs need it); set "create" on exactly one of ${list.map((e) => e.name).join(", ")}` });
    }
    for (const extra of creators.slice(1)) {
      out.push({ env: extra.name, path: "serverless.api.cloudwatchRole", value: "create", message: `environment "${creators[0].name}" already creates the API Gateway CloudWatch role of ${key} (one per account and region); use "existing"` });
    }
  }
  return out;
}

/**
 * Parse and validate every environment and account. Throws `EnvValidationError` listing every problem.
 */
export function loadEnvironments(
  inputs: readonly EnvInput[],
  accountInputs: readonly AccountInput[],
): { envs: EnvConfig[]; accounts: Map<string, Account> } {
  const problems: Problem[] = [];
  const accounts = new Map<string, Account>();
  for (const a of accountInputs) {
    const r = AccountSchema.safeParse(a);
    if (!r.success) {
      for (const i of r.error.issues) {
        problems.push({ env: `account ${String((a as { name?: unknown }).name)}`, path: pathOf(i.path), value: get(a, i.path), message: i.message });
      }
    } else accounts.set(r.data.name, r.data);
  }

  const envs: EnvConfig[] = [];
  const names = new Set<string>();
  for (const input of inputs) {
    const label = typeof input?.name === "string" ? input.name : "(unnamed)";
    if (names.has(label)) problems.push({ env: label, path: "name", value: label, message: "two environments share this name" });
    names.add(label);
    const r = EnvSchema.safeParse(input);
    if (!r.success) {
      for (const i of r.error.issues) problems.push({ env: label, path: pathOf(i.path), value: get(input, i.path), message: describeIssue(i) });
      continue;
    }
    problems.push(...crossFieldProblems(r.data, accounts));
    envs.push(r.data);
  }

  // Cross-environment: VPC CIDRs of the environments of one account never overlap (peering, shared tooling
  // and Transit Gateway attachments inside an account stay possible). Systems in their own accounts may reuse
  // their designs' ranges (e.g. 10.0.0.0/16).
  for (let i = 0; i < envs.length; i++) {
    for (let j = i + 1; j < envs.length; j++) {
      if (envs[i].account !== envs[j].account) continue;
      if (cidrsOverlap(envs[i].network.vpcCidr, envs[j].network.vpcCidr)) {
        problems.push({
          env: envs[j].name,
          path: "network.vpcCidr",
          value: envs[j].network.vpcCidr,
          message: `overlaps the VPC of environment "${envs[i].name}" (${envs[i].network.vpcCidr}) in the same account "${envs[j].account}"; give every environment of an account its own /16`,
        });
      }
    }
  }
  // The security baseline is account-level (one GuardDuty detector, Config recorder and account BPA per
  // account and region): at most one environment per account and region may build it.
  const baselineOwner = new Map<string, string>();
  for (const e of envs.filter((x) => x.security.baseline)) {
    const key = `${e.account}/${e.region}`;
    const owner = baselineOwner.get(key);
    if (owner) {
      problems.push({
        env: e.name,
        path: "security.baseline",
        value: true,
        message: `environment "${owner}" already builds the security baseline of account ${e.account} in ${e.region}; set it on one environment per account and region`,
      });
    } else baselineOwner.set(key, e.name);
  }
  problems.push(...oidcProviderProblems(envs));
  problems.push(...apiCloudwatchRoleProblems(envs));
  if (problems.length) throw new EnvValidationError(problems);
  return { envs, accounts };
}

function describeIssue(i: z.core.$ZodIssue): string {
  if (i.code === "invalid_value" && "values" in i) return `${i.message}; accepted: ${(i.values as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
  if (i.code === "unrecognized_keys") return `${i.message}; remove the key or fix its spelling`;
  return i.message;
}

/**
 * The GitHub OIDC provider exists once per AWS account: among the CI-enabled environments of an account exactly
 * one has `ci.oidcProvider: "create"`; the others look it up.
 */
function oidcProviderProblems(envs: readonly EnvConfig[]): Problem[] {
  const out: Problem[] = [];
  const byAccount = new Map<string, EnvConfig[]>();
  for (const e of envs.filter((x) => x.ci.enabled)) byAccount.set(e.account, [...(byAccount.get(e.account) ?? []), e]);
  for (const [account, list] of byAccount) {
    const creators = list.filter((e) => e.ci.oidcProvider === "create");
    if (creators.length === 0) {
      out.push({
        env: list[0].name,
        path: "ci.oidcProvider",
        value: list[0].ci.oidcProvider,
        message: `no CI-enabled environment of account "${account}" creates the GitHub OIDC provider; set "create" on exactly one of ${list.map((e) => e.name).join(", ")}`,
      });
    }
    for (const extra of creators.slice(1)) {
      out.push({
        env: extra.name,
        path: "ci.oidcProvider",
        value: "create",
        message: `environment "${creators[0].name}" already creates the OIDC provider of account "${account}" (one per account); use "lookup"`,
      });
    }
  }
  return out;
}
