import { Annotations, Construct } from "../../foundation/cdk";
import { ManagedKey, serviceKeyPolicy } from "../../modules/kms";
import { EcsCluster } from "../../modules/ecs-cluster";
import { Ec2Capacity } from "../../modules/ec2-capacity";
import { PublicAlb, type AlbTls } from "../../modules/alb";
import { ServiceInfra } from "../../modules/ecs-service";
import { TaskExecutionRole } from "../../modules/iam/task-execution-role";
import { PlatformMonitoring } from "../../modules/monitoring";
import { CodeDeployRole, EcsDeploymentGroup } from "../../modules/codedeploy";
import { allowToStore, DataAccessPolicy } from "../../modules/data-access";
import { POSTGRES_PORT } from "../../modules/rds";
import { CACHE_PORT } from "../../modules/elasticache";
import { EnvironmentBudget } from "../../modules/budget";
import { DataOut, FARGATE_CAPACITY_PROVIDERS, IdentityOut, NetworkOut, ORIGIN_VERIFY_HEADER, PhysicalNames, PlatformOut } from "../../foundation/contract";
import { usesData } from "../../envs/uses";
import { EnvStack, type EnvStackProps } from "./env-stack";
import { remoteState } from "./remote-state";

/**
 * `<env>-platform`: ECS on EC2 (and Fargate) capacity behind an ALB — cluster, capacity, load balancer, the infrastructure
 * around each service (ecspresso creates the services and task definitions), alarms and outputs.
 * Reads the network through `<env>-network`'s contract outputs (remote state).
 */
export class PlatformStack extends EnvStack {
  readonly cluster: EcsCluster;
  /** EC2 capacity; absent when the environment has no `cluster` settings (Fargate-only). */
  readonly capacity?: Ec2Capacity;
  readonly alb: PublicAlb;
  readonly services: Record<string, ServiceInfra> = {};

  constructor(scope: Construct, props: Omit<EnvStackProps, "layer">) {
    super(scope, { ...props, layer: "platform" });
    const { env, account, prefix, resolved } = this;
    const network = remoteState(this, "network");
    const budgetToTopic = Boolean(env.budget?.create && env.budget.notifyAlarmTopic);
    const vpcId = network.getString(NetworkOut.vpcId);
    const privateSubnetIds = network.getList(NetworkOut.privateSubnetIds);

    const key = new ManagedKey(this, "kms", {
      alias: PhysicalNames.platformKeyAlias(prefix),
      description: `${prefix} platform: log groups, alarm topic, ECS Exec, secrets under ${PhysicalNames.secretsPrefix(env.project, env.name)}`,
      policy: serviceKeyPolicy({ accountId: account.id, region: env.region, budgets: budgetToTopic }),
    }).key;

    this.cluster = new EcsCluster(this, "cluster", {
      name: PhysicalNames.cluster(prefix),
      containerInsights: env.cluster?.containerInsights ?? "enabled",
      kmsKeyArn: key.arn,
      execLogGroupName: PhysicalNames.execLogGroup(prefix),
      logRetentionDays: env.logRetentionDays,
    });

    const tls: AlbTls = env.alb.certificateArn
      ? { kind: "existing", certificateArn: env.alb.certificateArn }
      : env.domain
        ? { kind: "issue", domainName: `origin.${env.domain.name}`, subjectAlternativeNames: [env.domain.name], hostedZoneId: env.domain.hostedZoneId }
        : { kind: "none" };
    const originDomain = env.domain ? `origin.${env.domain.name}` : undefined;
    this.alb = new PublicAlb(this, "alb", {
      namePrefix: prefix,
      nameSuffix: env.alb.name,
      accountId: account.id,
      vpcId,
      publicSubnetIds: network.getList(NetworkOut.publicSubnetIds),
      ingress: env.alb.ingress,
      tls,
      dnsAlias: env.domain && originDomain ? { name: originDomain, hostedZoneId: env.domain.hostedZoneId } : undefined,
      deletionProtection: env.deletionProtection,
      idleTimeoutSeconds: env.alb.idleTimeoutSeconds,
      accessLogDays: env.alb.accessLogDays,
      kmsKeyArn: key.arn,
      originVerifySecretName: PhysicalNames.originVerifySecret(env.project, env.name),
    });

    // EC2 capacity only where the environment configures it (`cluster`); a Fargate-only environment gets a
    // cluster with FARGATE/FARGATE_SPOT only (envs/validate.ts refuses `compute: ec2` services there).
    const ec2 = env.cluster;
    this.capacity = ec2
      ? new Ec2Capacity(this, "capacity", {
          namePrefix: prefix,
          clusterName: PhysicalNames.cluster(prefix),
          config: ec2,
          vpcId,
          subnetIds: privateSubnetIds,
          albSecurityGroupId: this.alb.securityGroup.id,
          fixedHostPorts: resolved.services.filter((s) => s.networkMode === "bridge" && s.hostPort !== 0).map((s) => s.hostPort),
        })
      : undefined;
    // With EC2, EC2 is the default strategy; FARGATE and FARGATE_SPOT sit next to it for services whose compute
    // is fargate / fargate-spot (their ecspresso strategy names them). Associating them costs nothing.
    // Without EC2, FARGATE is the default.
    if (this.capacity) {
      const ec2Provider = this.capacity.capacityProvider.name;
      this.cluster.useCapacityProviders(
        [ec2Provider, FARGATE_CAPACITY_PROVIDERS.onDemand, FARGATE_CAPACITY_PROVIDERS.spot],
        [{ capacityProvider: ec2Provider, weight: 1, base: 0 }],
      );
    } else {
      this.cluster.useCapacityProviders(
        [FARGATE_CAPACITY_PROVIDERS.onDemand, FARGATE_CAPACITY_PROVIDERS.spot],
        [{ capacityProvider: FARGATE_CAPACITY_PROVIDERS.onDemand, weight: 1, base: 0 }],
      );
    }

    // Protected services authenticate at the ALB against the `<env>-identity` user pool (applied before).
    const identity = Object.values(env.services).some((s) => s.protected) ? remoteState(this, "identity") : undefined;
    const authenticate = identity
      ? {
          userPoolArn: identity.getString(IdentityOut.userPoolArn),
          userPoolClientId: identity.getString(IdentityOut.albClientId),
          userPoolDomain: identity.getString(IdentityOut.domain),
        }
      : undefined;
    if (authenticate) this.alb.allowHttpsEgress("cognito", "Cognito token and user-info endpoints (authenticate-cognito)");
    for (const service of resolved.services) {
      const name = service.name;
      this.services[name] = new ServiceInfra(this, `svc_${name.replace(/-/g, "_")}`, {
        service,
        namePrefix: prefix,
        region: env.region,
        logRetentionDays: env.logRetentionDays,
        forceDeleteRepository: !env.deletionProtection,
        codedeploy: !env.emulator?.gaps.codedeploy,
        accountId: account.id,
        vpcId,
        vpcIdentity: env.network.vpcCidr,
        clusterName: this.cluster.cluster.name,
        alb: this.alb,
        kmsKeyArn: key.arn,
        execLogGroupArn: this.cluster.execLogGroup.arn,
        authenticate,
      });
    }
    const services = Object.entries(this.services);

    // Services that use data stores (`services.<svc>.uses`): the network path to each store's port, the task
    // role's grants on exactly the tables and buckets, and the secrets the execution role may inject.
    const dataSecretOutputs = new Set<string>();
    const data = Object.values(env.services).some((svc) => usesData(svc.uses)) ? remoteState(this, "data") : undefined;
    if (data) {
      const paths = new Set<string>();
      for (const [name, svc] of Object.entries(env.services)) {
        const u = svc.uses;
        if (!usesData(u)) continue;
        const s = this.services[name];
        // awsvpc tasks connect from their own group; bridge tasks from the container instances' group.
        const source = s.securityGroup ? { key: name.replace(/-/g, "_"), id: s.securityGroup.id } : { key: "instances", id: this.capacity!.securityGroup.id };
        const path = (kind: "db" | "cache", store: string, sgOutput: string, port: number) => {
          const id = `data_${kind}_${store.replace(/-/g, "_")}_from_${source.key}`;
          if (paths.has(id)) return; // bridge services share the instances' group: one rule pair per store
          paths.add(id);
          allowToStore(this, {
            id,
            storeSecurityGroupId: data.getString(sgOutput),
            sourceSecurityGroupId: source.id,
            port,
            description: `${source.key === "instances" ? "container instances (bridge tasks)" : `${name} tasks`} to ${kind} ${store}:${port}`,
          });
        };
        if (u.database) {
          path("db", u.database, DataOut.dbSecurityGroupId(u.database), POSTGRES_PORT);
          dataSecretOutputs.add(DataOut.dbSecretArn(u.database));
        }
        if (u.cache) {
          path("cache", u.cache, DataOut.cacheSecurityGroupId(u.cache), CACHE_PORT);
          dataSecretOutputs.add(DataOut.cacheAuthSecretArn(u.cache));
        }
        for (const secret of Object.values(u.secrets)) dataSecretOutputs.add(DataOut.secretArn(secret));
        new DataAccessPolicy(this, `data_access_${name.replace(/-/g, "_")}`, {
          taskRoleId: s.taskRole.id,
          region: env.region,
          tableArns: u.tables.map((t) => data.getString(DataOut.tableArn(t))),
          bucketArns: u.buckets.map((b) => data.getString(DataOut.bucketArn(b))),
          kmsKeyArn: data.getString(DataOut.kmsKeyArn),
        });
      }
    }

    const execution = new TaskExecutionRole(this, "task_execution", {
      name: PhysicalNames.executionRole(prefix),
      accountId: account.id,
      region: env.region,
      secretsPrefix: PhysicalNames.secretsPrefix(env.project, env.name),
      kmsKeyArn: key.arn,
      repositoryArns: services.map(([, s]) => s.repository.arn),
      logGroupArns: services.map(([, s]) => s.logGroup.arn),
      dataSecrets: data && dataSecretOutputs.size
        ? { arns: [...dataSecretOutputs].sort().map((o) => data.getString(o)), kmsKeyArn: data.getString(DataOut.kmsKeyArn) }
        : undefined,
    }).role;

    const monitoring = new PlatformMonitoring(this, "monitoring", {
      namePrefix: prefix,
      region: env.region,
      accountId: account.id,
      kmsKeyArn: key.arn,
      thresholds: env.alarms,
      clusterName: this.cluster.cluster.name,
      ec2: this.capacity
        ? { capacityProviderName: this.capacity.capacityProvider.name, autoScalingGroupName: this.capacity.autoScalingGroup.name }
        : undefined,
      albArnSuffix: this.alb.alb.arnSuffix,
      services: services.map(([name, s]) => ({
        name,
        targetGroupArnSuffix: s.targetGroup.arnSuffix,
        alternateTargetGroupArnSuffix: s.targetGroups[1]?.arnSuffix,
      })),
      budgetNotifications: budgetToTopic,
    });

    // The environment's AWS Budgets budget (config `budget`), on its Environment cost allocation tag.
    if (env.budget?.create) {
      new EnvironmentBudget(this, "budget", {
        name: PhysicalNames.budget(prefix),
        monthlyUsd: env.budget.monthlyUsd,
        tag: { key: "Environment", value: env.name },
        actualPercent: env.budget.actualPercent,
        forecastPercent: env.budget.forecastPercent,
        emails: env.budget.emails ?? env.alarms.emails,
        snsTopicArn: env.budget.notifyAlarmTopic ? monitoring.topic.arn : undefined,
      });
    }

    // CodeDeploy blue/green: one service role, and per service the deployment group. The group names the ECS
    // service, which ecspresso creates (CODE_DEPLOY controller) after this stack's first apply, so it is
    // created with the same switch as autoscaling (`scaling.attach`, README "Compute variants").
    const blueGreen = resolved.services.filter((svc) => svc.blueGreen).map((svc) => [svc.name, svc] as const);
    const codedeployGap = env.emulator?.gaps.codedeploy;
    if (codedeployGap && blueGreen.length) {
      Annotations.of(this).addWarning(
        `CodeDeploy left out for ${blueGreen.map(([n]) => n).join(", ")} (env.emulator.gaps.codedeploy): ${codedeployGap}. ` +
          "Target groups, listener rule and test listener are created; ecspresso creates the CODE_DEPLOY service, deploys need real CodeDeploy.",
      );
    }
    const codedeployRole = blueGreen.length && !codedeployGap
      ? new CodeDeployRole(this, "codedeploy", { name: PhysicalNames.codedeployRole(prefix), accountId: account.id }).role
      : undefined;
    for (const [name, svc] of blueGreen) {
      const s = this.services[name];
      const deployment = svc.config.deployment;
      if (deployment.type !== "blue-green" || !codedeployRole || !s.codedeployApp || !s.testListener) continue;
      if (!svc.scaling.attach) continue;
      const k = name.replace(/-/g, "_");
      new EcsDeploymentGroup(this, `codedeploy_${k}`, {
        applicationName: s.codedeployApp.name,
        groupName: PhysicalNames.codedeployGroup(prefix, name),
        serviceRoleArn: codedeployRole.arn,
        clusterName: this.cluster.cluster.name,
        serviceName: PhysicalNames.service(name),
        config: deployment.config,
        terminationWaitMinutes: deployment.terminationWaitMinutes,
        targetGroupNames: [s.targetGroups[0].name, s.targetGroups[1].name],
        productionListenerArn: this.alb.serviceListener.arn,
        testListenerArn: s.testListener.arn,
        alarmNames: ["cpu_high", "memory_high", "unhealthy_hosts", "p95_latency"].map((a) => monitoring.alarms[`${k}_${a}`].alarmName),
      });
    }

    // Outputs: the contract ecspresso, scripts and other stacks read (foundation/contract.ts).
    const o = PlatformOut;
    this.output(o.clusterName, this.cluster.cluster.name, "ECS cluster name");
    this.output(o.clusterArn, this.cluster.cluster.arn, "ECS cluster ARN");
    // EC2 capacity outputs exist only with EC2 capacity (a Fargate-only environment has no instances).
    if (this.capacity) {
      this.output(o.capacityProviderName, this.capacity.capacityProvider.name, "EC2 capacity provider (service capacityProviderStrategy); FARGATE and FARGATE_SPOT are associated too");
      this.output(o.autoScalingGroupName, this.capacity.autoScalingGroup.name, "Auto Scaling group of the container instances");
    }
    this.output(o.executionRoleArn, execution.arn, "Shared task execution role ARN");
    this.output(o.albArn, this.alb.alb.arn, "ALB ARN");
    this.output(o.albDnsName, this.alb.alb.dnsName, "ALB DNS name");
    this.output(o.albZoneId, this.alb.alb.zoneId, "ALB hosted zone id (alias records)");
    this.output(o.albSecurityGroupId, this.alb.securityGroup.id, "ALB identity security group (targets admit it)");
    this.output(o.albListenerSecurityGroupIds, this.alb.listenerSecurityGroups.map((sg) => sg.id), "Security groups admitting traffic to the ALB listeners");
    if (this.capacity) this.output(o.instanceSecurityGroupId, this.capacity.securityGroup.id, "Container instance security group (data stores admit it for bridge tasks)");
    this.output(o.httpListenerArn, this.alb.httpListener.arn, "HTTP :80 listener ARN");
    this.output(o.httpsListenerArn, this.alb.httpsListener?.arn ?? "", "HTTPS :443 listener ARN; empty without a certificate");
    this.output(o.serviceListenerArn, this.alb.serviceListener.arn, "Listener carrying the service rules (HTTPS when enabled, else HTTP)");
    this.output(o.albHttpsEnabled, String(this.alb.httpsEnabled), "Whether the ALB terminates HTTPS (\"true\"/\"false\")");
    this.output(o.albOriginDomain, originDomain ?? this.alb.alb.dnsName, "DNS name CloudFront uses for the ALB origin");
    this.output(o.originVerifySecretArn, this.alb.originVerifySecret?.arn ?? "", "Secrets Manager ARN of the origin-verify header value; empty with internet ingress");
    this.output(o.originVerifyHeaderName, this.alb.originVerifySecret ? ORIGIN_VERIFY_HEADER : "", "Header CloudFront must send with the secret value; empty with internet ingress");
    this.output(o.kmsKeyArn, key.arn, "Platform KMS key ARN");
    this.output(o.alarmTopicArn, monitoring.topic.arn, "SNS topic of platform alarms");
    this.output(o.privateSubnetIds, privateSubnetIds, "Private subnet ids (awsvpc services), from the network stack");
    for (const [name, s] of services) {
      this.output(o.targetGroupArn(name), s.targetGroup.arn, `${name}: target group ARN`);
      this.output(o.taskRoleArn(name), s.taskRole.arn, `${name}: task role ARN`);
      this.output(o.logGroupName(name), s.logGroup.name, `${name}: log group name`);
      this.output(o.ecrRepositoryUrl(name), s.repository.repositoryUrl, `${name}: ECR repository URL`);
      if (s.securityGroup) this.output(o.serviceSecurityGroupId(name), s.securityGroup.id, `${name}: task security group (awsvpc networkConfiguration)`);
      if (s.testListener) {
        this.output(o.greenTargetGroupArn(name), s.targetGroups[1].arn, `${name}: second (green) target group ARN of the blue/green pair`);
        this.output(o.testListenerArn(name), s.testListener.arn, `${name}: CodeDeploy test listener ARN`);
      }
      if (s.codedeployApp) {
        this.output(o.codedeployApplicationName(name), s.codedeployApp.name, `${name}: CodeDeploy application`);
        this.output(o.codedeployDeploymentGroupName(name), PhysicalNames.codedeployGroup(prefix, name), `${name}: CodeDeploy deployment group (created once the service exists)`);
      }
    }
  }
}
