/**
 * Validation at synth: schema (zod) first, then cross-field and cross-environment rules.
 *
 * Every problem is a coded `Problem` (foundation/errors.ts): `<env>: <field.path> = <value>: <what is wrong>;
 * <what is accepted> [E_CODE]`. `loadEnvironments` throws one `ConfigError` listing every problem; callers
 * (main.ts, scripts) run it before any construct exists, so a bad value writes no stack output.
 */
import { Address4 } from "ip-address";
import { z } from "./zod";
import { AccountSchema, ENDPOINT_PRESETS, EnvSchema, type InterfaceEndpointName, type Account, type AccountInput, type EnvConfig, type EnvInput } from "./schema";
import { dataProblems } from "./validate-data";
import { FARGATE_SIZES } from "./fargate";
import { hostPortViolation, resolveService, targetTypeViolation } from "./resolve";
import { nameCollisionProblems, nameRuleProblems } from "./physical-names";
import { ConfigError, type Problem } from "../foundation/errors";

export type { Problem } from "../foundation/errors";
/**
 * The validation error is the project's one error type. Kept as an alias so code written against the old name
 * keeps compiling; new code uses `ConfigError`.
 * @deprecated use ConfigError
 */
export const EnvValidationError = ConfigError;
export type EnvValidationError = ConfigError;
import { scheduleExpressionProblem } from "./schedule-expression";

/** Ports of the ALB's production listeners (HTTP, HTTPS); a blue/green test listener needs another one. */
export const ALB_LISTENER_PORTS: readonly number[] = [80, 443];

/** `add(code, path, value, message, accepted?)` for one environment. */
type Add = (code: string, path: string, value: unknown, message: string, accepted?: string) => void;

function adder(out: Problem[], where: string): Add {
  return (code, path, value, message, accepted) => out.push({ code, where, path, value, message, ...(accepted ? { accepted } : {}) });
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
function crossFieldProblems(env: EnvConfig, accounts: ReadonlyMap<string, Account>, invalidAccounts: ReadonlySet<string>): Problem[] {
  const out: Problem[] = [];
  const add = adder(out, env.name);

  // An account that failed its own validation is reported there, not again as "no such account".
  if (!accounts.has(env.account) && !invalidAccounts.has(env.account)) {
    add("E_ACCOUNT_UNKNOWN", "account", env.account, "no such account", `accepted: ${[...accounts.keys()].join(", ")} (envs/accounts.ts)`);
  }

  // Subnets: inside the VPC, one per AZ, no overlaps.
  const seenAz = new Set<string>();
  const blocks: { path: string; cidr: string }[] = [];
  env.network.azs.forEach((az, i) => {
    if (seenAz.has(az.suffix)) add("E_AZ_DUPLICATE", `network.azs[${i}].suffix`, az.suffix, "one subnet pair per AZ; this AZ is listed twice");
    seenAz.add(az.suffix);
    for (const kind of ["publicCidr", "privateCidr", "isolatedCidr"] as const) {
      const path = `network.azs[${i}].${kind}`;
      const value = az[kind];
      if (value === undefined) continue;
      if (!cidr(value).isInSubnet(cidr(env.network.vpcCidr))) {
        add("E_SUBNET_OUTSIDE_VPC", path, value, `subnet is outside the VPC ${env.network.vpcCidr}; use a block inside it`);
      }
      for (const other of blocks) {
        if (cidrsOverlap(value, other.cidr)) add("E_SUBNET_OVERLAP", path, value, `overlaps ${other.path} (${other.cidr}); subnets must not overlap`);
      }
      blocks.push({ path, cidr: value });
    }
  });
  const ic = env.network.endpoints.interfaceAzCount;
  if (ic !== undefined && ic > env.network.azs.length) {
    add("E_ENDPOINT_AZ_COUNT", "network.endpoints.interfaceAzCount", ic, `at most the number of AZs (${env.network.azs.length})`);
  }

  // Capacity (EC2 only; a Fargate-only environment has no `cluster`).
  if (env.cluster) {
    const c = env.cluster.capacity;
    if (c.min > c.max) add("E_CAPACITY_MIN_MAX", "cluster.capacity.min", c.min, `min must be ≤ max (${c.max})`);
    if (c.desired < c.min || c.desired > c.max) add("E_CAPACITY_DESIRED", "cluster.capacity.desired", c.desired, `desired must be between min (${c.min}) and max (${c.max})`);
  }

  // Every physical name the stacks derive, against its resource type's naming rules (foundation/names.ts).
  const account = accounts.get(env.account);
  if (account) out.push(...nameRuleProblems(env, account.id));

  out.push(...edgeProblems(env));
  out.push(...dataProblems(env));
  out.push(...serverlessProblems(env));

  // Budget: every AWS Budgets notification needs a subscriber; an emulator has no AWS Budgets.
  const budget = env.budget;
  if (budget?.create) {
    if (!budget.notifyAlarmTopic && (budget.emails ?? env.alarms.emails).length === 0) {
      add("E_BUDGET_NO_RECIPIENTS", "budget.emails", budget.emails, "the budget notifies nobody: set budget.emails (or alarms.emails), or budget.notifyAlarmTopic: true");
    }
    if (env.emulator) add("E_BUDGET_EMULATOR", "budget.create", true, "the emulator has no AWS Budgets; set budget.create: false (the estimate still uses monthlyUsd)");
  }

  // Services.
  const priorities = new Map<number, string>();
  const testPorts = new Map<number, string>();
  const endpoints = new Set<InterfaceEndpointName>([...ENDPOINT_PRESETS[env.network.endpoints.preset], ...env.network.endpoints.extra]);
  for (const [name, svc] of Object.entries(env.services)) {
    const p = (f: string) => `services.${name}.${f}`;
    const other = priorities.get(svc.priority);
    if (other) add("E_PRIORITY_DUPLICATE", p("priority"), svc.priority, `listener rule priority already used by service "${other}"; priorities must be unique`);
    priorities.set(svc.priority, name);

    // An ALB listener rule takes at most 5 condition values; the origin-verify header uses one.
    const maxPaths = env.alb.ingress === "cloudfront" ? 4 : 5;
    if (svc.paths.length > maxPaths) {
      add("E_LISTENER_RULE_PATHS", p("paths"), svc.paths, `an ALB listener rule takes at most ${maxPaths} path patterns here (5 condition values${maxPaths === 4 ? ", one used by the origin-verify header" : ""}); split the service's paths or use wildcards`);
    }

    const s = svc.scaling;
    if (s.min > s.max) add("E_SCALING_MIN_MAX", p("scaling.min"), s.min, `min must be ≤ max (${s.max})`);
    if (s.desired !== undefined && (s.desired < s.min || s.desired > s.max)) {
      add("E_SCALING_DESIRED", p("scaling.desired"), s.desired, `desired must be between min (${s.min}) and max (${s.max})`);
    }

    const r = resolveService(env, name);
    const bridge = r.networkMode === "bridge";
    if (bridge && !env.cluster) {
      add("E_NO_EC2_CAPACITY", p("compute.type"), svc.compute.type, 'the environment has no EC2 capacity (no `cluster` settings), and compute defaults to "ec2"', 'set compute: { type: "fargate" } (or "fargate-spot") on this service, or add cluster: { instanceType, amiId, capacity } to the environment');
    }
    for (const [field, value, v] of [
      ["hostPort", svc.hostPort, hostPortViolation(r.networkMode, svc.hostPort, svc.port)],
      ["targetType", svc.targetType, targetTypeViolation(r.networkMode, svc.targetType)],
    ] as const) {
      if (v) add(v.code, p(field), value, v.message, v.accepted);
    }

    const size = r.size;
    if (!bridge) {
      const valid = FARGATE_SIZES[size.cpu];
      if (!valid) {
        add("E_FARGATE_CPU", p("size.cpu"), size.cpu, "not a Fargate CPU value", `accepted: ${Object.keys(FARGATE_SIZES).join(", ")}`);
      } else if (!valid.includes(size.memory)) {
        add("E_FARGATE_MEMORY", p("size.memory"), size.memory, `not a valid Fargate memory for cpu ${size.cpu}`, `accepted: ${valid.join(", ")} MiB`);
      }
    }
    if (svc.deployment.type === "blue-green") {
      const d = svc.deployment;
      const owner = testPorts.get(d.testListenerPort);
      if (ALB_LISTENER_PORTS.includes(d.testListenerPort)) {
        add("E_TEST_LISTENER_PORT", p("deployment.testListenerPort"), d.testListenerPort, `the ALB's production listeners use ${ALB_LISTENER_PORTS.join(" and ")}; pick another port for the test listener (e.g. 8080)`);
      } else if (owner) {
        add("E_TEST_LISTENER_PORT_DUPLICATE", p("deployment.testListenerPort"), d.testListenerPort, `test listener port already used by blue/green service "${owner}"; each blue/green service needs its own port`);
      }
      testPorts.set(d.testListenerPort, name);
      d.testListenerCidrs.forEach((c, i) => {
        if (cidr(c).subnetMask === 0) add("E_TEST_LISTENER_OPEN", p(`deployment.testListenerCidrs[${i}]`), c, "the test listener must not be open to the internet; name the CI or VPN ranges");
      });
    }

    // Without NAT, every AWS API a task needs must be reachable through an interface endpoint.
    if (env.network.natGateways === "none") {
      const requireEndpoints = (field: string, value: unknown, needs: readonly (readonly [InterfaceEndpointName, string])[]) => {
        const missing = needs.filter(([e]) => !endpoints.has(e));
        if (missing.length) {
          add("E_NO_NAT_ENDPOINTS", p(field), value, `network.natGateways = "none" and the interface endpoints lack ${missing.map(([e, why]) => `${e} (${why})`).join(", ")}; add them to network.endpoints.extra or use a NAT gateway`);
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
  const add = adder(out, env.name);
  const edge = env.edge;
  if (!edge.enabled) return out;
  if (!env.domain && !edge.allowDefaultCertificate) {
    add(
      "E_EDGE_NO_CERTIFICATE",
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
      "E_EDGE_ORIGIN_CERTIFICATE",
      "alb.certificateArn",
      env.alb.certificateArn,
      "without domain, CloudFront reaches the ALB at its *.elb.amazonaws.com name over HTTPS, which no certificate covers (every request would fail with 502); " +
        "set domain: { name, hostedZoneId } (the origin becomes origin.<domain>, which the certificate must cover) or remove alb.certificateArn",
    );
  }
  if (env.alb.ingress !== "cloudfront") {
    add("E_EDGE_INGRESS", "alb.ingress", env.alb.ingress, 'the edge stack fronts the ALB and sends the secret origin header the platform creates only with alb.ingress "cloudfront"; set it (the default) or edge.enabled: false');
  }
  if (!edge.customPolicies && !env.emulator) {
    add("E_EDGE_MANAGED_POLICIES", "edge.customPolicies", false, "managed-policies-only mode exists for emulators without the CloudFront policy APIs; remove it (default true) in a real environment");
  }
  const countries = edge.geoBlock?.countries ?? [];
  countries.forEach((c, i) => {
    if (countries.indexOf(c) !== i) add("E_DUPLICATE", `edge.geoBlock.countries[${i}]`, c, "listed twice; each country once");
  });
  const seen = new Set<string>();
  edge.subdomains.forEach((label, i) => {
    if (seen.has(label)) add("E_DUPLICATE", `edge.subdomains[${i}]`, label, "listed twice; each alias once");
    seen.add(label);
  });
  if (env.domain && edge.subdomains.includes("origin")) {
    const i = edge.subdomains.indexOf("origin");
    add("E_EDGE_ORIGIN_LABEL", `edge.subdomains[${i}]`, "origin", `origin.${env.domain.name} is the ALB's origin name (platform stack); choose another label`);
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
  // One code for the protected-service rule, one for the serverless references and AWS apply-time rules.
  const add = (path: string, value: unknown, message: string) =>
    out.push({ code: path.endsWith(".protected") ? "E_PROTECTED_SERVICE" : "E_SERVERLESS_CONFIG", where: env.name, path, value, message });
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
      out.push({ code: "E_API_CLOUDWATCH_ROLE", where: list[0].name, path: "serverless.api.cloudwatchRole", value: "existing", message: `no environment with an API in ${key} creates the API Gateway CloudWatch role (stage access logs need it); set "create" on exactly one of ${list.map((e) => e.name).join(", ")}` });
    }
    for (const extra of creators.slice(1)) {
      out.push({ code: "E_API_CLOUDWATCH_ROLE", where: extra.name, path: "serverless.api.cloudwatchRole", value: "create", message: `environment "${creators[0].name}" already creates the API Gateway CloudWatch role of ${key} (one per account and region); use "existing"` });
    }
  }
  return out;
}

/**
 * Parse and validate every environment and account. Throws one `ConfigError` listing every problem.
 */
export function loadEnvironments(
  inputs: readonly EnvInput[],
  accountInputs: readonly AccountInput[],
): { envs: EnvConfig[]; accounts: Map<string, Account> } {
  const problems: Problem[] = [];
  const accounts = new Map<string, Account>();
  const invalidAccounts = new Set<string>();
  for (const a of accountInputs) {
    const r = AccountSchema.safeParse(a);
    if (!r.success) {
      const name = (a as { name?: unknown }).name;
      if (typeof name === "string") invalidAccounts.add(name);
      for (const i of r.error.issues) problems.push(...schemaProblems(`account ${String(name)}`, a, i, AccountSchema));
    } else accounts.set(r.data.name, r.data);
  }

  const envs: EnvConfig[] = [];
  // Environments that failed their own validation: cross-environment rules skip them (and the accounts they may
  // be in), so one bad value is reported once, not again as a false problem of another environment.
  const invalid = new Set<string>();
  const accountsWithInvalidEnvs = new Set<string>();
  const names = new Set<string>();
  for (const input of inputs) {
    const label = typeof input?.name === "string" ? input.name : "(unnamed)";
    if (names.has(label)) problems.push({ code: "E_ENV_NAME_DUPLICATE", where: label, path: "name", value: label, message: "two environments share this name" });
    names.add(label);
    const r = EnvSchema.safeParse(input);
    if (!r.success) {
      for (const i of r.error.issues) problems.push(...schemaProblems(label, input, i, EnvSchema));
      const account = (input as { account?: unknown })?.account;
      accountsWithInvalidEnvs.add(typeof account === "string" ? account : "");
      continue;
    }
    const own = crossFieldProblems(r.data, accounts, invalidAccounts);
    problems.push(...own);
    if (own.length) {
      invalid.add(r.data.name);
      accountsWithInvalidEnvs.add(r.data.account);
    }
    envs.push(r.data);
  }
  problems.push(...crossEnvironmentProblems(envs.filter((e) => !invalid.has(e.name)), accounts, accountsWithInvalidEnvs));
  if (problems.length) throw new ConfigError(problems);
  return { envs, accounts };
}

/**
 * Rules across environments, over the environments that passed their own validation. `accountsWithInvalidEnvs`:
 * accounts holding an environment that did not, where "nobody does X" cannot be decided.
 */
function crossEnvironmentProblems(envs: readonly EnvConfig[], accounts: ReadonlyMap<string, Account>, accountsWithInvalidEnvs: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];

  // Cross-environment: VPC CIDRs of the environments of one account never overlap (peering, shared tooling
  // and Transit Gateway attachments inside an account stay possible). Systems in their own accounts may reuse
  // their designs' ranges (e.g. 10.0.0.0/16).
  for (let i = 0; i < envs.length; i++) {
    for (let j = i + 1; j < envs.length; j++) {
      if (envs[i].account !== envs[j].account) continue;
      if (cidrsOverlap(envs[i].network.vpcCidr, envs[j].network.vpcCidr)) {
        problems.push({
          code: "E_VPC_OVERLAP",
          where: envs[j].name,
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
        code: "E_BASELINE_DUPLICATE",
        where: e.name,
        path: "security.baseline",
        value: true,
        message: `environment "${owner}" already builds the security baseline of account ${e.account} in ${e.region}; set it on one environment per account and region`,
      });
    } else baselineOwner.set(key, e.name);
  }
  problems.push(...oidcProviderProblems(envs, accountsWithInvalidEnvs));
  problems.push(...apiCloudwatchRoleProblems(envs.filter((e) => !accountsWithInvalidEnvs.has(e.account))));
  problems.push(...nameCollisionProblems(envs, accounts));
  return problems;
}

/**
 * A zod issue as coded problems: `E_SCHEMA_<ZOD CODE>`, the full path, the value, what is accepted. An unknown key
 * becomes one `E_SCHEMA_UNKNOWN_KEY` problem per key, its path ending in the key, its value the key's own value
 * (never the whole object) and the closest known key as the suggestion.
 */
export function schemaProblems(where: string, input: unknown, i: z.core.$ZodIssue, schema?: z.ZodType): Problem[] {
  const base = { code: `E_SCHEMA_${i.code.toUpperCase()}`, where, path: pathOf(i.path), value: get(input, i.path) };
  if (i.code === "invalid_value" && "values" in i) return [{ ...base, message: i.message, accepted: `accepted: ${(i.values as unknown[]).map((v) => JSON.stringify(v)).join(", ")}` }];
  if (i.code === "unrecognized_keys") {
    const known = schema ? knownKeysAt(schema, i.path, input) : [];
    return i.keys.map((key) => {
      const path = [...i.path, key];
      const close = closestKey(key, known);
      return {
        code: "E_SCHEMA_UNKNOWN_KEY",
        where,
        path: pathOf(path),
        value: get(input, path),
        message: `unknown key "${key}"`,
        accepted: close ? `did you mean "${close}"?` : known.length ? `known keys: ${known.join(", ")}` : "remove the key",
      };
    });
  }
  return [{ ...base, message: i.message }];
}

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; shape?: Record<string, z.ZodType>; valueType?: z.ZodType; element?: z.ZodType; options?: z.ZodType[] };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The object schemas `schema` may be at `path` for this input (wrappers unwrapped, union members by fit). */
function objectsAt(schema: z.ZodType, path: readonly PropertyKey[], input: unknown): Def[] {
  const d = defOf(schema);
  const inner = d.innerType ?? (d.type === "pipe" ? d.in : undefined);
  if (inner) return objectsAt(inner, path, input);
  if (d.type === "union") {
    const all = (d.options ?? []).flatMap((o) => objectsAt(o, path, input));
    // A discriminated union: the member whose literal fields match the input's.
    const fits = all.filter((o) => Object.entries(o.shape ?? {}).every(([k, v]) => defOf(v).type !== "literal" || (defOf(v) as { values?: unknown[] }).values?.includes((input as Record<string, unknown>)?.[k])));
    return fits.length ? fits : all;
  }
  if (path.length === 0) return d.type === "object" ? [d] : [];
  const [head, ...rest] = path;
  const next = (input as Record<PropertyKey, unknown> | undefined)?.[head];
  if (d.type === "object") return d.shape?.[String(head)] ? objectsAt(d.shape[String(head)], rest, next) : [];
  if (d.type === "record" && d.valueType) return objectsAt(d.valueType, rest, next);
  if (d.type === "array" && d.element) return objectsAt(d.element, rest, next);
  return [];
}

/** Keys the schema accepts at `path`. */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[], input: unknown): string[] {
  return [...new Set(objectsAt(schema, path, input).flatMap((o) => Object.keys(o.shape ?? {})))].sort();
}

/** Edit distance (insertions, deletions, substitutions), case-insensitive. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length];
}

/**
 * The known key `key` most likely meant: one it abbreviates (`allowDefaultCert`), else the closest within a third
 * of its length (at least 2 edits); undefined when nothing is that close.
 */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const extended = known.filter((k) => key.length >= 4 && k.toLowerCase().startsWith(lower));
  if (extended.length === 1) return extended[0];
  let best: { k: string; d: number } | undefined;
  for (const k of known) {
    const d = distance(key, k);
    if (!best || d < best.d) best = { k, d };
  }
  return best && best.d <= Math.max(2, Math.floor(key.length / 3)) ? best.k : undefined;
}

/**
 * The GitHub OIDC provider exists once per AWS account: among the CI-enabled environments of an account exactly
 * one has `ci.oidcProvider: "create"`; the others look it up.
 */
function oidcProviderProblems(envs: readonly EnvConfig[], accountsWithInvalidEnvs: ReadonlySet<string>): Problem[] {
  const out: Problem[] = [];
  const byAccount = new Map<string, EnvConfig[]>();
  for (const e of envs.filter((x) => x.ci.enabled)) byAccount.set(e.account, [...(byAccount.get(e.account) ?? []), e]);
  for (const [account, list] of byAccount) {
    const creators = list.filter((e) => e.ci.oidcProvider === "create");
    if (creators.length === 0 && !accountsWithInvalidEnvs.has(account)) {
      out.push({
        code: "E_OIDC_PROVIDER_MISSING",
        where: list[0].name,
        path: "ci.oidcProvider",
        value: list[0].ci.oidcProvider,
        message: `no CI-enabled environment of account "${account}" creates the GitHub OIDC provider; set "create" on exactly one of ${list.map((e) => e.name).join(", ")}`,
      });
    }
    for (const extra of creators.slice(1)) {
      out.push({
        code: "E_OIDC_PROVIDER_DUPLICATE",
        where: extra.name,
        path: "ci.oidcProvider",
        value: "create",
        message: `environment "${creators[0].name}" already creates the OIDC provider of account "${account}" (one per account); use "lookup"`,
      });
    }
  }
  return out;
}
