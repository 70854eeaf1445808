/**
 * The Fargate variants per service (issue 7), on the real `local` environment (whose presets cover every
 * variant) and on modified configs: network mode and target type, task security group sources, capacity
 * provider strategies, ECS Exec, CodeDeploy blue/green wiring and the attributes Terraform leaves to
 * CodeDeploy, the ecspresso definitions of each variant, plus a failing case for each invalid input. The wrapper's
 * CodeDeploy mode (scripts/app.sh): __tests__/integration/app-codedeploy.test.ts. `terraform validate` of the
 * variants: __tests__/integration/variants-validate.test.ts.
 */
import { ACCOUNTS, ENVIRONMENTS, loadConfig, type EnvInput } from "../envs";
import { local } from "../envs/web/local";
import { dev } from "../envs/web/dev";
import { fargateBackend, messagingBlueGreen, spotEditor } from "../envs/presets";
import { FARGATE_SIZES } from "../envs/fargate";
import { PhysicalNames, PlatformOut } from "../foundation/contract";
import { buildBundle } from "../src/ecspresso";
import { CODEDEPLOY_ECS_POLICY_ARN } from "../modules/codedeploy";
import { policy, resource, resources, stack } from "./helpers/synth";
import { clone, platformOf, ref, validationProblems as problems } from "./helpers/platform";
import { buildApp } from "../src/app";
import { Testing } from "../foundation/cdk";

type R = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const mutate = (base: EnvInput, f: (e: R) => void): EnvInput => {
  const e = clone(base) as R;
  f(e);
  return e as EnvInput;
};

const idOf = (json: R, type: string, part: string) => {
  const ids = Object.keys(json.resource?.[type] ?? {}).filter((id) => id.includes(part));
  if (ids.length !== 1) throw new Error(`expected one ${type} ~ ${part}, got ${ids.join(", ")}`);
  return ids[0];
};


const json = stack("local-platform") as R;
const prefix = "acme-local";
const albSg = ref("aws_security_group", idOf(json, "aws_security_group", "alb_alb_sg"));
const kmsArn = ref("aws_kms_key", idOf(json, "aws_kms_key", "kms"), "arn");

describe("local runs every variant through the presets", () => {
  test("api = fargateBackend, messaging = messagingBlueGreen, editor = spotEditor, next to the EC2 services", () => {
    const { envs } = loadConfig();
    const env = envs.find((e) => e.name === "local")!;
    expect(Object.keys(env.services).sort()).toEqual(["api", "backend", "editor", "frontend", "messaging"]);
    expect(env.services.api).toMatchObject({ port: 3001, size: { cpu: 512, memory: 1024 }, compute: { type: "fargate" }, healthCheck: { path: "/health" }, scaling: { min: 1, max: 10 } });
    expect(env.services.messaging).toMatchObject({
      port: 8080, size: { cpu: 256, memory: 512 }, compute: { type: "fargate" }, healthCheck: { path: "/health" },
      scaling: { min: 1, max: 4, cpuTarget: 70 }, deployment: { type: "blue-green", config: "all-at-once", testListenerPort: 8080 },
    });
    expect(env.services.editor).toMatchObject({ size: { cpu: 1024, memory: 2048 }, compute: { type: "fargate-spot", onDemandBase: 0 }, exec: true, scaling: { min: 0, desired: 0 } });
    expect(env.services.backend.compute).toEqual({ type: "ec2" });
  });

  test("every preset is a valid Fargate size and fits the 32-character target group names", () => {
    for (const p of [fargateBackend(), messagingBlueGreen(["10.0.0.0/8"]), spotEditor()]) {
      expect(FARGATE_SIZES[p.size!.cpu]).toContain(p.size!.memory);
    }
    for (const name of ["api", "messaging", "editor"]) {
      expect(PhysicalNames.targetGroup("acme-staging", name, { targetType: "ip", port: 8080, protocol: "HTTP", protocolVersion: "HTTP1", ipAddressType: "ipv4", vpc: "10.20.0.0/16" }, "green").length).toBeLessThanOrEqual(32);
    }
  });
});

describe("cluster", () => {
  test("FARGATE and FARGATE_SPOT are associated next to the EC2 provider; the default strategy stays EC2", () => {
    const cps = resource<R>(json, "aws_ecs_cluster_capacity_providers");
    const ec2 = ref("aws_ecs_capacity_provider", idOf(json, "aws_ecs_capacity_provider", "capacity_provider"), "name");
    expect(cps.capacity_providers).toEqual([ec2, "FARGATE", "FARGATE_SPOT"]);
    expect(cps.default_capacity_provider_strategy).toEqual([{ capacity_provider: ec2, weight: 1, base: 0 }]);
  });

  test("ECS Exec audit logging: OVERRIDE to the KMS-encrypted exec log group, channel encrypted with the key", () => {
    expect(resource<R>(json, "aws_ecs_cluster").configuration.execute_command_configuration).toEqual({
      kms_key_id: kmsArn,
      logging: "OVERRIDE",
      log_configuration: { cloud_watch_encryption_enabled: true, cloud_watch_log_group_name: expect.stringContaining("cluster_exec_audit") },
    });
  });
});

describe.each(["api", "messaging", "editor"])("%s (awsvpc)", (svc) => {
  const sgId = idOf(json, "aws_security_group", `svc_${svc}_tasks_sg`);
  const sg = ref("aws_security_group", sgId);
  const port = { api: 3001, messaging: 8080, editor: 8080 }[svc]!;

  test("target groups of type ip on the container port, named <prefix>-<svc>-p[b|g]", () => {
    const tgs = Object.entries(resources<R>(json, "aws_lb_target_group")).filter(([id]) => id.startsWith(`svc_${svc}_`)).map(([, tg]) => tg);
    expect(tgs.map((t) => t.name).sort()).toEqual(
      svc === "messaging" ? [expect.stringMatching(new RegExp(`^${prefix}-messaging-[0-9a-f]{6}b$`)), expect.stringMatching(new RegExp(`^${prefix}-messaging-[0-9a-f]{6}g$`))] : [expect.stringMatching(new RegExp(`^${prefix}-${svc}-[0-9a-f]{6}$`))],
    );
    for (const tg of tgs) expect(tg).toMatchObject({ target_type: "ip", port, protocol: "HTTP", health_check: { port: "traffic-port" } });
  });

  test("task security group: ingress only the container port from the ALB security group (no CIDR)", () => {
    expect(json.resource.aws_security_group[sgId]).toMatchObject({ name: `${prefix}-${svc}-tasks`, vpc_id: "${data.terraform_remote_state.remote_network.outputs.vpc_id}" });
    expect(json.resource.aws_security_group[sgId].ingress).toBeUndefined();
    const ingress = Object.values(resources<R>(json, "aws_vpc_security_group_ingress_rule")).filter((r) => r.security_group_id === sg);
    expect(ingress).toEqual([expect.objectContaining({ ip_protocol: "tcp", from_port: port, to_port: port, referenced_security_group_id: albSg })]);
    expect(ingress[0].cidr_ipv4).toBeUndefined();
  });

  test("egress: tasks HTTPS only; the ALB reaches exactly the container port of this group", () => {
    const egress = Object.values(resources<R>(json, "aws_vpc_security_group_egress_rule"));
    expect(egress.filter((r) => r.security_group_id === sg)).toEqual([
      expect.objectContaining({ ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0" }),
    ]);
    expect(egress.filter((r) => r.referenced_security_group_id === sg)).toEqual([
      expect.objectContaining({ security_group_id: albSg, ip_protocol: "tcp", from_port: port, to_port: port }),
    ]);
  });

  test("the security group is a contract output for ecspresso's networkConfiguration", () => {
    expect(json.output[PlatformOut.serviceSecurityGroupId(svc)].value).toBe(`\${aws_security_group.${sgId}.id}`);
  });
});

describe("EC2 services keep bridge networking", () => {
  test("no task security group and no security_group_id output for backend/frontend", () => {
    for (const svc of ["backend", "frontend"]) {
      expect(Object.keys(resources(json, "aws_security_group")).filter((id) => id.startsWith(`svc_${svc}_`))).toEqual([]);
      expect(json.output[PlatformOut.serviceSecurityGroupId(svc)]).toBeUndefined();
      expect(resource<R>(json, "aws_lb_target_group", `svc_${svc}_`).target_type).toBe("instance");
    }
  });
});

describe("editor: ECS Exec", () => {
  test("task role may open the SSM channel, decrypt with the platform key and write the audit log group only", () => {
    const role = idOf(json, "aws_iam_role", "svc_editor_task_role");
    const p = resource<R>(json, "aws_iam_role_policy", "svc_editor_task_role_exec");
    expect(p.role).toBe(ref("aws_iam_role", role));
    const bySid = Object.fromEntries(policy(p.policy).Statement.map((s) => [s.Sid, s]));
    expect(bySid.ExecChannel).toEqual({
      Sid: "ExecChannel", Effect: "Allow", Resource: "*",
      Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
    });
    expect(bySid.ExecKey).toMatchObject({ Action: "kms:Decrypt", Resource: kmsArn });
    const execLog = ref("aws_cloudwatch_log_group", idOf(json, "aws_cloudwatch_log_group", "exec_audit"), "arn");
    expect(bySid.ExecAuditLog.Resource).toEqual([execLog, `${execLog}:*`]);
  });

  test("services without exec get no exec policy", () => {
    for (const svc of ["api", "messaging", "backend", "frontend"]) {
      expect(Object.keys(resources(json, "aws_iam_role_policy")).filter((id) => id.startsWith(`svc_${svc}_`))).toEqual([]);
    }
  });

  test("the local network (NAT) still carries the ssmmessages endpoint of the full preset", () => {
    const endpoints = Object.values(resources<R>(stack("local-network") as R, "aws_vpc_endpoint")).map((e) => e.service_name);
    expect(endpoints).toContain("com.amazonaws.ap-northeast-1.ssmmessages");
  });
});

describe("messaging: CodeDeploy blue/green", () => {
  const blue = ref("aws_lb_target_group", idOf(json, "aws_lb_target_group", "svc_messaging_target_group_blue"), "arn");
  const testListenerId = idOf(json, "aws_lb_listener", "svc_messaging_test_listener");

  test("production route: the service's listener rule starts on blue; CodeDeploy owns its action (ignore_changes)", () => {
    const rule = resource<R>(json, "aws_lb_listener_rule", "svc_messaging_");
    expect(rule).toMatchObject({
      listener_arn: ref("aws_lb_listener", idOf(json, "aws_lb_listener", "alb_http_"), "arn"),
      priority: 120,
      action: [{ type: "forward", target_group_arn: blue }],
      lifecycle: { ignore_changes: ["action"] },
    });
    // Rolling services keep Terraform in charge of their rule.
    expect(resource<R>(json, "aws_lb_listener_rule", "svc_api_").lifecycle).toBeUndefined();
  });

  test("test listener on 8080: forwards to blue, default_action left to CodeDeploy, reachable only from the configured CIDRs", () => {
    const l = json.resource.aws_lb_listener[testListenerId];
    expect(l).toMatchObject({
      load_balancer_arn: ref("aws_lb", idOf(json, "aws_lb", "alb"), "arn"),
      port: 8080,
      protocol: "HTTP",
      default_action: [{ type: "forward", target_group_arn: blue }],
      lifecycle: { ignore_changes: ["default_action"] },
    });
    const rules = Object.values(resources<R>(json, "aws_vpc_security_group_ingress_rule")).filter((r) => r.from_port === 8080 && r.security_group_id === albSg);
    expect(rules).toEqual([expect.objectContaining({ security_group_id: albSg, ip_protocol: "tcp", to_port: 8080, cidr_ipv4: "10.90.0.0/16" })]);
  });

  test("the emulator serves CodeDeploy (scripts/emulator patches): local has the application and its outputs", () => {
    expect(Object.values(resources<R>(json, "aws_codedeploy_app")).map((a) => a.name)).toEqual([`${prefix}-messaging`]);
    expect(json.output[PlatformOut.codedeployApplicationName("messaging")]).toBeDefined();
  });

  test("an environment whose emulator lacks CodeDeploy (emulator.gaps.codedeploy): no app, role or group, a synth warning with the reason", () => {
    const gap = "moto 5.2 returns CodeDeploy createTime as a string: docs/emulator-gaps.md";
    const input = mutate(local, (e) => (e.emulator.gaps = { codedeploy: gap }));
    const gapped = platformOf(input) as R;
    expect(resources(gapped, "aws_codedeploy_app")).toEqual({});
    expect(resources(gapped, "aws_codedeploy_deployment_group")).toEqual({});
    expect(Object.keys(resources(gapped, "aws_iam_role")).filter((id) => id.includes("codedeploy"))).toEqual([]);
    expect(gapped.output[PlatformOut.codedeployApplicationName("messaging")]).toBeUndefined();
    const { built } = buildApp(Testing.app(), { envs: ENVIRONMENTS.map((e) => (e.name === "local" ? input : e)), only: ["local"] });
    expect(built.get("local")!.platform.node.metadata).toContainEqual(expect.objectContaining({
      type: "@cdktf/warn",
      data: expect.stringMatching(/^CodeDeploy left out for messaging \(env\.emulator\.gaps\.codedeploy\): moto 5\.2 returns CodeDeploy createTime as a string.*docs\/emulator-gaps\.md/),
    }));
  });

  test("a gap reason must say something", () => {
    expect(problems(mutate(local, (e) => (e.emulator.gaps.codedeploy = "n/a")))).toContain("local: emulator.gaps.codedeploy = \"n/a\": give the reason");
  });

  test("alarms follow production on either group: MAX over blue and green", () => {
    const alarms = Object.values(resources<R>(json, "aws_cloudwatch_metric_alarm"));
    const unhealthy = alarms.find((a) => a.alarm_name === `${prefix}-messaging-unhealthy-hosts`)!;
    expect(unhealthy.metric_name).toBeUndefined();
    expect(unhealthy.metric_query[0]).toEqual({ id: "worst", expression: "MAX([blue, green])", label: "unhealthy targets", return_data: true });
    expect(unhealthy.metric_query.slice(1).map((q: R) => [q.id, q.metric.metric_name, q.metric.stat, q.metric.dimensions.TargetGroup])).toEqual([
      ["blue", "UnHealthyHostCount", "Maximum", expect.stringContaining("target_group_blue")],
      ["green", "UnHealthyHostCount", "Maximum", expect.stringContaining("target_group_green")],
    ]);
    const p95 = alarms.find((a) => a.alarm_name === `${prefix}-messaging-p95-latency`)!;
    expect(p95.metric_query.slice(1).map((q: R) => q.metric.stat)).toEqual(["p95", "p95"]);
  });

  test("outputs: second target group, test listener, CodeDeploy names", () => {
    expect(json.output[PlatformOut.greenTargetGroupArn("messaging")].value).toContain("target_group_green");
    expect(json.output[PlatformOut.testListenerArn("messaging")].value).toBe(`\${aws_lb_listener.${testListenerId}.arn}`);
  });
});

/** local's presets on real AWS (no emulator gaps): the CodeDeploy side. */
const realAws = (f: (e: R) => void = () => {}) =>
  mutate(local, (e) => {
    e.emulator.gaps = {};
    f(e);
  });

describe("messaging on real AWS before the service exists (scaling.attach = false)", () => {
  const j = platformOf(realAws()) as R;

  test("CodeDeploy application (ECS) and service role with AWSCodeDeployRoleForECS, trusted by CodeDeploy only", () => {
    expect(resource<R>(j, "aws_codedeploy_app")).toEqual(expect.objectContaining({ name: `${prefix}-messaging`, compute_platform: "ECS" }));
    const roleId = idOf(j, "aws_iam_role", "codedeploy_role");
    const role = j.resource.aws_iam_role[roleId];
    expect(role.name).toBe(`${prefix}-codedeploy`);
    expect(policy(role.assume_role_policy).Statement).toEqual([
      expect.objectContaining({ Principal: { Service: "codedeploy.amazonaws.com" }, Action: "sts:AssumeRole" }),
    ]);
    const att = Object.values(resources<R>(j, "aws_iam_role_policy_attachment")).filter((a) => a.role.includes(roleId));
    expect(att.map((a) => a.policy_arn)).toEqual([CODEDEPLOY_ECS_POLICY_ARN]);
  });

  test("no deployment group yet: it names the ECS service, which ecspresso creates after this apply", () => {
    expect(resources(j, "aws_codedeploy_deployment_group")).toEqual({});
    expect(j.output[PlatformOut.codedeployApplicationName("messaging")].value).toContain("aws_codedeploy_app");
    expect(j.output[PlatformOut.codedeployDeploymentGroupName("messaging")].value).toBe(`${prefix}-messaging`);
  });
});

describe("messaging deployment group once the service exists (scaling.attach = true)", () => {
  const attached = platformOf(realAws((e) => {
    e.scaling = { attach: true };
    e.services.messaging.deployment.config = "canary-10-5m";
    e.services.messaging.deployment.terminationWaitMinutes = 15;
  })) as R;
  const group = resource<R>(attached, "aws_codedeploy_deployment_group");
  const tgName = (slot: string) => ref("aws_lb_target_group", idOf(attached, "aws_lb_target_group", `svc_messaging_target_group_${slot}`), "name");

  test("BLUE_GREEN with traffic control on the ECS service, config from config, blue terminated after the wait", () => {
    expect(group).toMatchObject({
      app_name: ref("aws_codedeploy_app", idOf(attached, "aws_codedeploy_app", "messaging"), "name"),
      deployment_group_name: `${prefix}-messaging`,
      service_role_arn: ref("aws_iam_role", idOf(attached, "aws_iam_role", "codedeploy_role"), "arn"),
      deployment_config_name: "CodeDeployDefault.ECSCanary10Percent5Minutes",
      deployment_style: { deployment_type: "BLUE_GREEN", deployment_option: "WITH_TRAFFIC_CONTROL" },
      ecs_service: { cluster_name: ref("aws_ecs_cluster", idOf(attached, "aws_ecs_cluster", "cluster"), "name"), service_name: "messaging" },
      blue_green_deployment_config: {
        deployment_ready_option: { action_on_timeout: "CONTINUE_DEPLOYMENT" },
        terminate_blue_instances_on_deployment_success: { action: "TERMINATE", termination_wait_time_in_minutes: 15 },
      },
    });
  });

  test("automatic rollback on failure and on the service's alarms", () => {
    expect(group.auto_rollback_configuration).toEqual({ enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] });
    const names = ["cpu_high", "memory_high", "unhealthy_hosts", "p95_latency"].map((a) =>
      ref("aws_cloudwatch_metric_alarm", idOf(attached, "aws_cloudwatch_metric_alarm", `monitoring_messaging_${a}`), "alarm_name"));
    expect(group.alarm_configuration).toEqual({ enabled: true, alarms: names });
  });

  test("target group pair, production route = the service listener, test route = its test listener", () => {
    expect(group.load_balancer_info).toEqual({
      target_group_pair_info: {
        prod_traffic_route: { listener_arns: [ref("aws_lb_listener", idOf(attached, "aws_lb_listener", "alb_http_"), "arn")] },
        test_traffic_route: { listener_arns: [ref("aws_lb_listener", idOf(attached, "aws_lb_listener", "svc_messaging_test_listener"), "arn")] },
        target_group: [{ name: tgName("blue") }, { name: tgName("green") }],
      },
    });
  });

  test("CodeDeploy changes the listeners, not the group: nothing on the group is ignored, so drift there is real", () => {
    expect(group.lifecycle).toBeUndefined();
    expect(resource<R>(attached, "aws_lb_listener_rule", "svc_messaging_").lifecycle).toEqual({ ignore_changes: ["action"] });
    expect(resource<R>(attached, "aws_lb_listener", "svc_messaging_test_listener").lifecycle).toEqual({ ignore_changes: ["default_action"] });
  });

  test("the rolling services get no deployment group", () => {
    expect(Object.keys(resources(attached, "aws_codedeploy_deployment_group"))).toHaveLength(1);
  });
});

describe("HTTPS environments: the test listener terminates TLS with the ALB's certificate", () => {
  const input = mutate(dev, (e) => {
    e.domain = { name: "dev.acme.example", hostedZoneId: "Z0123456789ABCDEFGHIJ" };
    e.services.messaging = messagingBlueGreen(["203.0.113.0/24"]);
  });
  const j = platformOf(input) as R;
  test("HTTPS on 8080 with the TLS 1.3/1.2 policy; production route is the HTTPS listener", () => {
    expect(resource<R>(j, "aws_lb_listener", "svc_messaging_test_listener")).toMatchObject({
      port: 8080, protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06", certificate_arn: expect.stringContaining("aws_acm_certificate_validation"),
    });
    expect(resource<R>(j, "aws_lb_listener_rule", "svc_messaging_").listener_arn).toContain("alb_https");
  });
});

describe("ecspresso definitions per variant", () => {
  const { envs, accounts } = loadConfig();
  const env = envs.find((e) => e.name === "local")!;
  const bundle = (svc: string, e = env) => buildBundle(e, accounts.get(e.account)!, svc);
  const out = (name: string, i?: number) => `{{ platform_tfstate \`output.${name}${i === undefined ? "" : `[${i}]`}\` }}`;

  test.each(["api", "messaging", "editor"])("%s: awsvpc on FARGATE, hostPort = containerPort, size from the preset", (svc) => {
    const b = bundle(svc);
    const size = env.services[svc].size!;
    expect(b.taskdef).toMatchObject({ networkMode: "awsvpc", requiresCompatibilities: ["FARGATE"], cpu: String(size.cpu), memory: String(size.memory) });
    const port = env.services[svc].port;
    expect(b.taskdef.containerDefinitions![0].portMappings).toEqual([{ containerPort: port, hostPort: port, protocol: "tcp" }]);
    expect(b.servicedef).toMatchObject({
      platformVersion: "LATEST",
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: [0, 1, 2].map((i) => out(PlatformOut.privateSubnetIds, i)),
          securityGroups: [out(PlatformOut.serviceSecurityGroupId(svc))],
          assignPublicIp: "DISABLED",
        },
      },
      loadBalancers: [{ targetGroupArn: out(PlatformOut.targetGroupArn(svc)), containerName: svc, containerPort: port }],
    });
    // Fargate rejects placement strategies; a capacity provider strategy excludes launchType.
    expect(b.servicedef).not.toHaveProperty("placementStrategy");
    expect(b.servicedef).not.toHaveProperty("launchType");
  });

  test("api: on-demand FARGATE, ECS rolling with the circuit breaker", () => {
    expect(bundle("api").servicedef).toMatchObject({
      capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1, base: 0 }],
      deploymentController: { type: "ECS" },
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      enableExecuteCommand: false,
    });
  });

  test("editor: FARGATE_SPOT only, exec on with an init process, first create at 0 tasks", () => {
    const b = bundle("editor");
    expect(b.servicedef.capacityProviderStrategy).toEqual([{ capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 }]);
    expect(b.servicedef.enableExecuteCommand).toBe(true);
    expect(b.taskdef.containerDefinitions![0].linuxParameters).toEqual({ initProcessEnabled: true });
    expect(b.servicedef).not.toHaveProperty("desiredCount");
  });

  test("fargate-spot with onDemandBase: that many tasks pinned on FARGATE, the rest on Spot", () => {
    const input = mutate(local, (e) => (e.services.editor.compute = { type: "fargate-spot", onDemandBase: 1 }));
    const { envs: [e] } = loadConfig([input], ACCOUNTS);
    expect(bundle("editor", e).servicedef.capacityProviderStrategy).toEqual([
      { capacityProvider: "FARGATE", weight: 0, base: 1 },
      { capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 },
    ]);
  });

  test("messaging: CODE_DEPLOY controller without circuit breaker, blue group first, codedeploy block naming the platform's resources", () => {
    const b = bundle("messaging");
    expect(b.servicedef.deploymentController).toEqual({ type: "CODE_DEPLOY" });
    expect(b.servicedef.deploymentConfiguration).toEqual({ minimumHealthyPercent: 100, maximumPercent: 200 });
    expect(b.config.codedeploy).toEqual({ application_name: `${prefix}-messaging`, deployment_group_name: `${prefix}-messaging` });
    expect(b.files["ecspresso.yml"]).toContain(`codedeploy:\n  application_name: ${prefix}-messaging\n  deployment_group_name: ${prefix}-messaging\n`);
    // The names are the ones the platform stack creates (ecspresso v2 cannot template them from state).
    const attached = platformOf(realAws((e) => (e.scaling = { attach: true }))) as R;
    expect(resource<R>(attached, "aws_codedeploy_app").name).toBe(b.config.codedeploy!.application_name);
    expect(resource<R>(attached, "aws_codedeploy_deployment_group").deployment_group_name).toBe(b.config.codedeploy!.deployment_group_name);
    expect(bundle("api").config.codedeploy).toBeUndefined();
  });
});

// scripts/app.sh in CodeDeploy mode (the real bash script with stub ecspresso): __tests__/integration/app-codedeploy.test.ts.

describe("invalid variant configuration fails synth naming the field and what is accepted", () => {
  const withSvc = (svc: Partial<R>, f: (e: R) => void = () => {}) =>
    mutate(dev, (e) => {
      e.services.api = { ...fargateBackend(), ...svc };
      f(e);
    });

  test("an invalid Fargate CPU/memory pair names the valid memory values for that CPU", () => {
    expect(problems(withSvc({ size: { cpu: 512, memory: 512 } }))).toContain(
      "dev: services.api.size.memory = 512: not a valid Fargate memory for cpu 512; accepted: 1024, 2048, 3072, 4096 MiB",
    );
    expect(problems(withSvc({ size: { cpu: 256, memory: 4096 } }))).toContain("accepted: 512, 1024, 2048 MiB");
  });

  test("a CPU value Fargate does not offer names the valid CPUs", () => {
    expect(problems(withSvc({ size: { cpu: 768, memory: 2048 } }))).toContain(
      "dev: services.api.size.cpu = 768: not a Fargate CPU value; accepted: 256, 512, 1024, 2048, 4096, 8192, 16384",
    );
  });

  test("the environment's default task size is checked for Fargate services too", () => {
    expect(problems(withSvc({ size: undefined }, (e) => (e.taskSize = { cpu: 256, memory: 3072 })))).toContain("services.api.size.memory = 3072");
  });

  test("blue/green: the test listener port cannot be a production listener port or shared", () => {
    expect(problems(withSvc({ deployment: { type: "blue-green", testListenerPort: 443, testListenerCidrs: ["10.0.0.0/8"] } }))).toContain(
      "services.api.deployment.testListenerPort = 443: the ALB's production listeners use 80 and 443",
    );
    const shared = withSvc({ deployment: { type: "blue-green", testListenerCidrs: ["10.0.0.0/8"] } }, (e) => {
      e.services.messaging = messagingBlueGreen(["10.0.0.0/8"]);
    });
    expect(problems(shared)).toMatch(/services\.(api|messaging)\.deployment\.testListenerPort = 8080: test listener port already used by blue\/green service/);
  });

  test("blue/green: the test listener is never open to the internet, and needs at least one CIDR", () => {
    expect(problems(withSvc({ deployment: { type: "blue-green", testListenerCidrs: ["0.0.0.0/0"] } }))).toContain(
      "services.api.deployment.testListenerCidrs[0] = \"0.0.0.0/0\": the test listener must not be open to the internet",
    );
    expect(problems(withSvc({ deployment: { type: "blue-green", testListenerCidrs: [] } }))).toContain("name at least one CIDR for the test listener");
  });

  test("an unknown CodeDeploy config lists the accepted ones", () => {
    expect(problems(withSvc({ deployment: { type: "blue-green", config: "canary-50", testListenerCidrs: ["10.0.0.0/8"] } }))).toMatch(
      /services\.api\.deployment\.config = "canary-50".*"all-at-once", "canary-10-5m", "canary-10-15m", "linear-10-1m", "linear-10-3m"/,
    );
  });

  test("without NAT, exec needs the ssmmessages and kms endpoints", () => {
    const noNat = withSvc({ exec: true }, (e) => (e.network.natGateways = "none"));
    expect(problems(noNat)).toContain(
      'dev: services.api.exec = true: network.natGateways = "none" and the interface endpoints lack kms (the session channel is encrypted with the platform key)',
    );
    const fixed = withSvc({ exec: true }, (e) => {
      e.network.natGateways = "none";
      e.network.endpoints.extra = ["kms"];
    });
    expect(() => loadConfig([fixed], ACCOUNTS)).not.toThrow();
  });

  test("without NAT, awsvpc tasks need the ECR and logs endpoints", () => {
    const minimal = withSvc({ exec: true }, (e) => {
      e.network.natGateways = "none";
      e.network.endpoints.preset = "none";
    });
    const msg = problems(minimal);
    expect(msg).toContain("services.api.compute.type = \"fargate\": network.natGateways = \"none\" and the interface endpoints lack ecr.api (image pulls from the task ENI), ecr.dkr (image pulls from the task ENI), logs (awslogs from the task ENI)");
    expect(msg).toContain("services.api.exec = true: network.natGateways = \"none\" and the interface endpoints lack ssmmessages");
  });

  test("awsvpc tasks take hostPort = containerPort and ip targets", () => {
    expect(problems(withSvc({ hostPort: 8081 }))).toContain("services.api.hostPort = 8081: awsvpc tasks use hostPort = containerPort (3001)");
    expect(problems(withSvc({ targetType: "instance" }))).toContain('services.api.targetType = "instance": awsvpc networking registers targets of type "ip"');
  });
});
