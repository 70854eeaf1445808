/**
 * Every physical name an environment's stacks derive (foundation/names.ts `PhysicalNames`, the same functions
 * the stacks call), with the resource type whose naming rules apply and the config field that drives it. Config
 * validation checks each against `NAME_RULES` and for uniqueness across every environment in the same scope
 * (account and region, account, or global), so a name AWS would refuse fails synth, not apply.
 */
import { envPrefix, nameKey, nameViolations, NAME_RULES, PhysicalNames, type NameKind } from "../foundation/names";
import type { Problem } from "../foundation/errors";
import { resolveEnv, targetGroupIdentityOf, targetGroupSlotsOf } from "./resolve";
import type { Account, EnvConfig } from "./schema";

export interface DerivedName {
  readonly kind: NameKind;
  readonly name: string;
  /** The config field the name comes from (`name`, `alb.name`, `services.<svc>`). */
  readonly path: string;
}

/** Every physical name of `env` (in account `accountId`). */
export function derivedNames(env: EnvConfig, accountId: string): DerivedName[] {
  const p = envPrefix(env);
  const r = resolveEnv(env);
  const out: DerivedName[] = [];
  const add = (kind: NameKind, name: string, path = "name") => out.push({ kind, name, path });

  // Network.
  add("securityGroup", PhysicalNames.endpointSecurityGroup(p));
  if (env.network.flowLogs.enabled) {
    add("logGroup", PhysicalNames.flowLogGroup(p));
    add("iamRole", PhysicalNames.flowLogRole(p));
    add("kmsAlias", PhysicalNames.networkLogsKeyAlias(p));
  }

  // Platform.
  add("ecsCluster", PhysicalNames.cluster(p));
  add("logGroup", PhysicalNames.execLogGroup(p));
  add("kmsAlias", PhysicalNames.platformKeyAlias(p));
  add("iamRole", PhysicalNames.executionRole(p));
  add("alb", PhysicalNames.alb(p, env.alb.name), "alb.name");
  add("securityGroup", PhysicalNames.albSecurityGroup(p));
  add("s3Bucket", PhysicalNames.albLogBucket(p, accountId));
  if (env.alb.ingress === "cloudfront") add("secret", PhysicalNames.originVerifySecret(env.project, env.name));
  add("snsTopic", PhysicalNames.alarmTopic(p));
  add("dashboard", PhysicalNames.dashboard(p));
  if (env.budget?.create) add("budget", PhysicalNames.budget(p), "budget");
  if (env.cluster) {
    add("iamRole", PhysicalNames.instanceRole(p));
    add("autoScalingGroup", PhysicalNames.autoScalingGroup(p));
    add("capacityProvider", PhysicalNames.capacityProvider(p));
    add("securityGroup", PhysicalNames.instanceSecurityGroup(p));
  }
  if (r.services.some((s) => s.blueGreen) && !env.emulator?.gaps.codedeploy) add("iamRole", PhysicalNames.codedeployRole(p));
  for (const s of r.services) {
    const path = `services.${s.name}`;
    add("taskFamily", PhysicalNames.taskFamily(p, s.name), path);
    add("iamRole", PhysicalNames.taskRole(p, s.name), path);
    add("ecrRepository", PhysicalNames.ecrRepository(p, s.name), path);
    add("logGroup", PhysicalNames.logGroup(p, s.name), path);
    const identity = targetGroupIdentityOf(s, env.network.vpcCidr);
    for (const slot of targetGroupSlotsOf(s)) add("targetGroup", PhysicalNames.targetGroup(p, s.name, identity, slot), path);
    if (s.networkMode === "awsvpc") add("securityGroup", PhysicalNames.serviceSecurityGroup(p, s.name), path);
    if (s.blueGreen && !env.emulator?.gaps.codedeploy) {
      add("codedeploy", PhysicalNames.codedeployApp(p, s.name), path);
      add("codedeploy", PhysicalNames.codedeployGroup(p, s.name), path);
    }
    for (const metric of ["cpu", "memory"]) add("scalingPolicy", PhysicalNames.scalingPolicy(p, s.name, metric), path);
  }

  // Edge (CloudFront-scope resources live in us-east-1; their names still carry the prefix).
  if (env.edge.enabled) {
    add("s3Bucket", PhysicalNames.staticBucket(p, accountId));
    add("s3Bucket", PhysicalNames.edgeLogBucket(p, accountId));
    add("kmsAlias", PhysicalNames.staticAssetsKeyAlias(p));
    add("webAcl", PhysicalNames.webAcl(p));
    add("logGroup", PhysicalNames.wafLogGroup(p));
    for (const kind of ["static-assets", "pages", "security-headers"]) if (env.edge.customPolicies) add("cloudfrontPolicy", PhysicalNames.edgePolicy(p, kind));
    add("cloudfrontPolicy", PhysicalNames.originAccessControl(p));
  }

  // CI.
  if (env.ci.enabled) {
    for (const role of [PhysicalNames.ciPlanRole(p), PhysicalNames.ciDeployRole(p), PhysicalNames.ciAppRole(p)]) add("iamRole", role, "ci");
    add("iamPolicy", PhysicalNames.ciBoundaryPolicy(p), "ci");
  }

  // Security baseline.
  if (env.security.baseline) {
    const path = "security.baseline";
    add("s3Bucket", PhysicalNames.auditBucket(p, accountId), path);
    add("trail", PhysicalNames.trail(p), path);
    add("kmsAlias", PhysicalNames.auditKeyAlias(p), path);
    add("iamRole", PhysicalNames.configRole(p), path);
    add("configName", PhysicalNames.configRecorder(p), path);
    add("configName", PhysicalNames.configDeliveryChannel(p), path);
    for (const rule of env.security.configRules) add("configName", PhysicalNames.configRule(p, rule), "security.configRules");
  }
  return out;
}

/** Names of `env` that break their resource type's rules. */
export function nameRuleProblems(env: EnvConfig, accountId: string): Problem[] {
  return derivedNames(env, accountId).flatMap((n) =>
    nameViolations(n.kind, n.name).map((v) => ({ code: v.code, where: env.name, path: n.path, value: n.path === "alb.name" ? env.alb.name : n.name, message: v.message, accepted: v.accepted })),
  );
}

/**
 * Names two environments would both create in one scope: S3 buckets and WAF ACLs everywhere, IAM names per
 * account, the rest per account and region. Reported on the later environment.
 */
export function nameCollisionProblems(envs: readonly EnvConfig[], accounts: ReadonlyMap<string, Account>): Problem[] {
  const out: Problem[] = [];
  const seen = new Map<string, string>();
  for (const env of envs) {
    const account = accounts.get(env.account);
    if (!account) continue;
    const own = new Set<string>();
    for (const n of derivedNames(env, account.id)) {
      const rule = NAME_RULES[n.kind];
      if (rule.scope === "container") continue;
      const scope = rule.scope === "global" ? "global" : rule.scope === "account" ? account.id : `${account.id}/${env.region}`;
      const key = `${n.kind}|${scope}|${nameKey(n.kind, n.name)}`;
      const owner = seen.get(key);
      if (owner && owner !== env.name) {
        out.push({
          code: "E_NAME_DUPLICATE",
          where: env.name,
          path: n.path,
          value: n.name,
          message: `the ${rule.resource} name "${n.name}" is also derived by environment "${owner}" (${rule.scope === "global" ? "names are global" : rule.scope === "account" ? `same account ${account.name}` : `same account ${account.name} and region ${env.region}`})`,
          accepted: "give the environments different project or environment names",
        });
      } else if (!own.has(key)) {
        seen.set(key, env.name);
      }
      own.add(key);
    }
  }
  return out;
}
