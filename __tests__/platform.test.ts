/**
 * `<env>-platform` per environment: EC2 capacity, dynamic host ports, ALB, services, alarms and the outputs
 * contract, asserted property by property on the synthesized JSON of the real configuration.
 */
import { loadConfig, resource, resources, stack, policy } from "./helpers/synth";
import { ref } from "./helpers/platform";
import { ORIGIN_VERIFY_HEADER, PhysicalNames, PlatformOut } from "../foundation/contract";
import { ALB_SSL_POLICY, CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST } from "../modules/alb";

const { envs } = loadConfig();
type R = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const idOf = (json: R, type: string, part: string) => {
  const ids = Object.keys(json.resource?.[type] ?? {}).filter((id) => id.includes(part));
  if (ids.length !== 1) throw new Error(`expected one ${type} ~ ${part}, got ${ids.join(", ")}`);
  return ids[0];
};

// The web system's platforms (EC2 capacity, design 002's services). The Fargate-only systems' platforms are
// covered where their shapes are: fargate.test.ts, the data tests (eldonia, messaging), serverless.test.ts.
describe.each(envs.filter((e) => e.system === "web").map((e) => [e.name, e] as const))("%s-platform", (name, env) => {
  const json = stack(`${name}-platform`) as R;
  const prefix = `${env.project}-${name}`;
  const svcs = Object.entries(env.services);
  const https = Boolean(env.domain || env.alb.certificateArn);
  // Bridge services with one target group; the Fargate and blue/green variants: __tests__/fargate.test.ts.
  const ec2Rolling = svcs.filter(([, c]) => c.compute.type === "ec2" && c.deployment.type === "rolling");
  const testListenerPorts = svcs.flatMap(([, c]) => (c.deployment.type === "blue-green" ? [c.deployment.testListenerPort] : []));

  describe("EC2 capacity", () => {
    const lt = resource<R>(json, "aws_launch_template");

    it("launch template: pinned AMI, IMDSv2 required with hop limit 1, encrypted gp3 root volume", () => {
      expect(lt.image_id).toBe(env.cluster!.amiId);
      expect(lt.instance_type).toBe(env.cluster!.instanceType);
      expect(lt.metadata_options).toEqual({ http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1, instance_metadata_tags: "disabled" });
      expect(lt.block_device_mappings).toEqual([
        { device_name: "/dev/xvda", ebs: { encrypted: "true", volume_type: "gp3", volume_size: env.cluster!.rootVolumeGb, delete_on_termination: "true" } },
      ]);
      expect(lt.network_interfaces).toBeUndefined(); // no public IPs: instances take the subnet's setting
    });

    it("user data writes the agent settings to /etc/ecs/ecs.config", () => {
      const script = Buffer.from(lt.user_data, "base64").toString();
      expect(script).toMatch(/^#!\/bin\/bash\n/);
      expect(script).toContain("cat >> /etc/ecs/ecs.config <<'EOF'");
      for (const line of [`ECS_CLUSTER=${prefix}`, "ECS_ENABLE_TASK_IAM_ROLE=true", "ECS_AWSVPC_BLOCK_IMDS=true"]) {
        expect(script.split("\n")).toContain(line);
      }
      expect(script).not.toMatch(/AKIA|aws_secret_access_key/i);
    });

    it("instance profile role has the ECS and SSM managed policies only", () => {
      const attachments = Object.values(resources<R>(json, "aws_iam_role_policy_attachment")).filter((a) => !a.role.includes("codedeploy_role"));
      expect(attachments.map((a) => a.policy_arn).sort()).toEqual([
        "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
        "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
      ]);
      const roleId = idOf(json, "aws_iam_role", "instance_role");
      for (const a of attachments) expect(a.role).toBe(ref("aws_iam_role", roleId, "name"));
      expect(Object.values(resources<R>(json, "aws_iam_role_policy")).filter((p) => p.role.includes(roleId))).toEqual([]);
      expect(policy(json.resource.aws_iam_role[roleId].assume_role_policy).Statement[0].Principal).toEqual({ Service: "ec2.amazonaws.com" });
    });

    it("ASG in the private subnets: capacity from config, scale-in protection, AmazonECSManaged, desired ignored, draining refresh", () => {
      const asg = resource<R>(json, "aws_autoscaling_group");
      expect(asg).toMatchObject({
        name: PhysicalNames.autoScalingGroup(prefix),
        min_size: env.cluster!.capacity.min,
        max_size: env.cluster!.capacity.max,
        desired_capacity: env.cluster!.capacity.desired,
        protect_from_scale_in: true,
        force_delete: env.cluster!.forceDeleteAsg,
        vpc_zone_identifier: "${data.terraform_remote_state.remote_network.outputs.private_subnet_ids}",
        lifecycle: { ignore_changes: ["desired_capacity"] },
        launch_template: { version: expect.stringMatching(/\.latest_version\}$/) },
      });
      expect(asg.tag).toContainEqual({ key: "AmazonECSManaged", value: "true", propagate_at_launch: true });
      expect(asg.instance_refresh).toEqual({
        strategy: "Rolling",
        preferences: expect.objectContaining({ min_healthy_percentage: env.cluster!.instanceRefreshMinHealthyPercent, scale_in_protected_instances: "Refresh", skip_matching: true }),
      });
    });

    it("capacity provider: managed scaling at 100%, termination protection, draining; cluster default strategy", () => {
      const cp = resource<R>(json, "aws_ecs_capacity_provider");
      expect(cp.name).toBe(PhysicalNames.capacityProvider(prefix));
      expect(cp.auto_scaling_group_provider).toMatchObject({
        auto_scaling_group_arn: ref("aws_autoscaling_group", idOf(json, "aws_autoscaling_group", "asg"), "arn"),
        managed_termination_protection: "ENABLED",
        managed_draining: "ENABLED",
        managed_scaling: { status: "ENABLED", target_capacity: 100 },
      });
      const cpName = ref("aws_ecs_capacity_provider", idOf(json, "aws_ecs_capacity_provider", "capacity_provider"), "name");
      expect(resource<R>(json, "aws_ecs_cluster_capacity_providers")).toMatchObject({
        capacity_providers: [cpName, "FARGATE", "FARGATE_SPOT"],
        default_capacity_provider_strategy: [{ capacity_provider: cpName, weight: 1, base: 0 }],
      });
    });

    it("cluster: Container Insights and KMS-encrypted ECS Exec audit logging", () => {
      const cluster = resource<R>(json, "aws_ecs_cluster");
      const key = ref("aws_kms_key", idOf(json, "aws_kms_key", "kms"), "arn");
      expect(cluster.name).toBe(prefix);
      expect(cluster.setting).toEqual([{ name: "containerInsights", value: "enabled" }]);
      expect(cluster.configuration.execute_command_configuration).toEqual({
        kms_key_id: key,
        logging: "OVERRIDE",
        log_configuration: { cloud_watch_encryption_enabled: true, cloud_watch_log_group_name: expect.stringContaining("cluster_exec_audit") },
      });
      expect(resource<R>(json, "aws_cloudwatch_log_group", "exec_audit")).toMatchObject({ name: `/ecs/${prefix}/exec-audit`, kms_key_id: key });
      expect(resource<R>(json, "aws_kms_key")).toMatchObject({ enable_key_rotation: true });
    });
  });

  describe("dynamic host ports", () => {
    const albSg = ref("aws_security_group", idOf(json, "aws_security_group", "alb_alb_sg"));
    const instSg = ref("aws_security_group", idOf(json, "aws_security_group", "instances_sg"));

    it("container instances admit 32768-65535 from the ALB security group only, and nothing else", () => {
      const ingress = Object.values(resources<R>(json, "aws_vpc_security_group_ingress_rule")).filter((r) => r.security_group_id === instSg);
      expect(ingress).toEqual([
        expect.objectContaining({ ip_protocol: "tcp", from_port: 32768, to_port: 65535, referenced_security_group_id: albSg }),
      ]);
      expect(ingress[0].cidr_ipv4).toBeUndefined();
      expect(ingress[0].prefix_list_id).toBeUndefined();
      expect(resource<R>(json, "aws_security_group", "instances_sg").ingress).toBeUndefined();
    });

    it("egress: hosts HTTPS only; the ALB only to the instances' dynamic ports", () => {
      const egress = Object.values(resources<R>(json, "aws_vpc_security_group_egress_rule"));
      expect(egress.filter((r) => r.security_group_id === instSg)).toEqual([
        expect.objectContaining({ ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0" }),
      ]);
      // …and each awsvpc service's container port on its task security group (__tests__/fargate.test.ts).
      const awsvpcPorts = svcs.filter(([, c]) => c.compute.type !== "ec2").map(([, c]) => c.port);
      expect(egress.filter((r) => r.security_group_id === albSg)).toEqual([
        expect.objectContaining({ ip_protocol: "tcp", from_port: 32768, to_port: 65535, referenced_security_group_id: instSg }),
        ...awsvpcPorts.map((port) => expect.objectContaining({ ip_protocol: "tcp", from_port: port, to_port: port, referenced_security_group_id: expect.stringContaining("_tasks_sg_") })),
      ]);
      expect(egress.every((r) => r.ip_protocol !== "-1")).toBe(true);
    });

    it.each(ec2Rolling)("%s: target group of type instance, health check and stickiness from config", (svc, cfg) => {
      const tg = resource<R>(json, "aws_lb_target_group", `svc_${svc}_`);
      expect(tg).toMatchObject({
        name: expect.stringMatching(new RegExp(`^${prefix}-${svc}-[0-9a-f]{6}$`)),
        target_type: "instance",
        port: cfg.port,
        protocol: "HTTP",
        deregistration_delay: String(cfg.deregistrationDelaySeconds ?? env.deregistrationDelaySeconds),
        health_check: { path: cfg.healthCheck.path, port: "traffic-port", interval: 30, matcher: cfg.healthCheck.matcher },
        lifecycle: { create_before_destroy: true },
      });
      expect(tg.name.length).toBeLessThanOrEqual(32);
      expect(tg.stickiness).toEqual(cfg.stickinessSeconds ? { type: "lb_cookie", enabled: true, cookie_duration: 86400 } : { type: "lb_cookie", enabled: false });
    });

    it("backend health check is /api/health; frontend is sticky for 86400 s", () => {
      expect(resource<R>(json, "aws_lb_target_group", "svc_backend_").health_check.path).toBe("/api/health");
      expect(resource<R>(json, "aws_lb_target_group", "svc_frontend_").stickiness.cookie_duration).toBe(86400);
    });
  });

  describe("load balancer", () => {
    const alb = resource<R>(json, "aws_lb");

    it("internet-facing in the public subnets, invalid headers dropped, access logs on, deletion protection per config", () => {
      expect(alb).toMatchObject({
        name: `${prefix}-alb`,
        internal: false,
        load_balancer_type: "application",
        subnets: "${data.terraform_remote_state.remote_network.outputs.public_subnet_ids}",
        drop_invalid_header_fields: true,
        enable_deletion_protection: env.deletionProtection,
        access_logs: { enabled: true, prefix: "alb", bucket: expect.stringContaining("alb_access_logs_bucket") },
      });
    });

    it("access log bucket: SSE-S3, public access blocked, ELB log delivery policy scoped to this account, lifecycle", () => {
      expect(resource<R>(json, "aws_s3_bucket").bucket).toBe(`${prefix}-alb-logs-${json.provider.aws[0].allowed_account_ids[0]}`);
      expect(resource<R>(json, "aws_s3_bucket_server_side_encryption_configuration").rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "AES256" });
      expect(resource<R>(json, "aws_s3_bucket_public_access_block")).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
      const stmts = policy(resource<R>(json, "aws_s3_bucket_policy").policy).Statement;
      const account = json.provider.aws[0].allowed_account_ids[0];
      expect(stmts.find((s) => s.Sid === "AlbLogDeliveryLegacyRegions")).toMatchObject({
        Principal: { AWS: "${data.aws_elb_service_account.alb_elb_account_BFA77DA3.arn}" },
        Action: "s3:PutObject",
        Resource: expect.stringMatching(new RegExp(`/alb/AWSLogs/${account}/\\*$`)),
      });
      expect(stmts.find((s) => s.Sid === "DenyInsecureTransport")).toBeDefined();
      const rules = resource<R>(json, "aws_s3_bucket_lifecycle_configuration").rule;
      expect(rules).toContainEqual(expect.objectContaining({ id: "expire-objects", expiration: [{ days: env.alb.accessLogDays }] }));
    });

    it(https ? "HTTPS listener with TLS 1.3/1.2 and the certificate; HTTP redirects to HTTPS" : "HTTP-only listener (no domain, no certificate)", () => {
      const listeners = Object.values(resources<R>(json, "aws_lb_listener"));
      const http = listeners.find((l) => l.port === 80)!;
      if (https) {
        const tls = listeners.find((l) => l.port === 443)!;
        expect(tls).toMatchObject({ protocol: "HTTPS", ssl_policy: ALB_SSL_POLICY, certificate_arn: expect.stringContaining("aws_acm_certificate_validation") });
        expect(http.default_action).toEqual([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }]);
        expect(resource<R>(json, "aws_acm_certificate")).toMatchObject({
          domain_name: `origin.${env.domain!.name}`,
          validation_method: "DNS",
          lifecycle: { create_before_destroy: true },
        });
        expect(resource<R>(json, "aws_route53_record", "origin_alias")).toMatchObject({
          name: `origin.${env.domain!.name}`, type: "A", zone_id: env.domain!.hostedZoneId,
        });
      } else {
        expect(listeners.filter((l) => !testListenerPorts.includes(l.port))).toHaveLength(1);
        expect(http).toMatchObject({ protocol: "HTTP", default_action: [expect.objectContaining({ type: "fixed-response" })] });
        expect(resources(json, "aws_acm_certificate")).toEqual({});
      }
    });

    it("CloudFront lock-down: one security group per listener port from the origin-facing prefix list, never 0.0.0.0/0", () => {
      expect(env.alb.ingress).toBe("cloudfront");
      const pl = resource<R>(json.data ? { resource: json.data } as R : {}, "aws_ec2_managed_prefix_list");
      expect(pl.name).toBe(CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST);
      const ports = https ? [80, 443] : [80];
      const ingress = Object.values(resources<R>(json, "aws_vpc_security_group_ingress_rule")).filter((r) => r.prefix_list_id);
      expect(ingress.map((r) => r.from_port).sort((a, b) => a - b)).toEqual(ports);
      expect(new Set(ingress.map((r) => r.security_group_id)).size).toBe(ports.length);
      for (const r of ingress) expect(r).toMatchObject({ ip_protocol: "tcp", to_port: r.from_port, prefix_list_id: expect.stringContaining("aws_ec2_managed_prefix_list") });
      // The only CIDR sources: blue/green test listeners, restricted to their configured ranges (fargate.test.ts).
      const all = Object.values(resources<R>(json, "aws_vpc_security_group_ingress_rule"));
      expect(all.filter((r) => (r.cidr_ipv4 || r.cidr_ipv6) && !testListenerPorts.includes(r.from_port))).toEqual([]);
      expect(alb.security_groups).toHaveLength(1 + ports.length);
      const listener = Object.values(resources<R>(json, "aws_lb_listener")).find((l) => l.port === (https ? 443 : 80))!;
      expect(listener.default_action).toEqual([{ type: "fixed-response", fixed_response: { content_type: "text/plain", status_code: "403", message_body: "Forbidden" } }]);
    });

    it("origin-verify secret: KMS-encrypted, value generated at apply and kept (ignore_changes), never in the JSON", () => {
      expect(resource<R>(json, "aws_secretsmanager_secret")).toMatchObject({ name: `${env.project}/${name}/origin-verify`, kms_key_id: expect.stringContaining("aws_kms_key") });
      expect(resource<R>(json, "aws_secretsmanager_secret_version")).toMatchObject({
        secret_string: "${data.aws_secretsmanager_random_password.alb_origin_verify_value_ADE6931F.random_password}",
        lifecycle: { ignore_changes: ["secret_string"] },
      });
    });
  });

  describe("services", () => {
    const listenerId = idOf(json, "aws_lb_listener", https ? "alb_https" : "alb_http");

    it.each(ec2Rolling)("%s: listener rule by path with its stable priority, requiring the origin-verify header", (svc, cfg) => {
      const rule = resource<R>(json, "aws_lb_listener_rule", `svc_${svc}_`);
      expect(rule.listener_arn).toBe(ref("aws_lb_listener", listenerId, "arn"));
      expect(rule.priority).toBe(cfg.priority);
      expect(rule.action).toEqual([{ type: "forward", target_group_arn: ref("aws_lb_target_group", idOf(json, "aws_lb_target_group", `svc_${svc}_`), "arn") }]);
      expect(rule.condition).toEqual([
        { path_pattern: { values: cfg.paths } },
        { http_header: { http_header_name: ORIGIN_VERIFY_HEADER, values: [expect.stringMatching(/^\$\{aws_secretsmanager_secret_version\..*\.secret_string\}$/)] } },
      ]);
    });

    it("backend /api/* at 100 is evaluated before frontend /* at 200", () => {
      expect(resource<R>(json, "aws_lb_listener_rule", "svc_backend_")).toMatchObject({ priority: 100, condition: expect.arrayContaining([{ path_pattern: { values: ["/api/*"] } }]) });
      expect(resource<R>(json, "aws_lb_listener_rule", "svc_frontend_")).toMatchObject({ priority: 200, condition: expect.arrayContaining([{ path_pattern: { values: ["/*"] } }]) });
    });

    it.each(svcs)("%s: log group /ecs/<project>-<env>/<svc> with retention and KMS", (svc) => {
      expect(resource<R>(json, "aws_cloudwatch_log_group", `svc_${svc}_`)).toMatchObject({
        name: `/ecs/${prefix}/${svc}`,
        retention_in_days: env.logRetentionDays,
        kms_key_id: expect.stringContaining("aws_kms_key"),
      });
    });

    it.each(svcs)("%s: ECR repository immutable, scanned on push, KMS-encrypted, with lifecycle", (svc, cfg) => {
      expect(resource<R>(json, "aws_ecr_repository", `svc_${svc}_`)).toMatchObject({
        name: `${prefix}/${svc}`,
        image_tag_mutability: "IMMUTABLE",
        image_scanning_configuration: { scan_on_push: true },
        encryption_configuration: [{ encryption_type: "KMS" }],
        force_delete: !env.deletionProtection,
      });
      const lc = JSON.parse(resource<R>(json, "aws_ecr_lifecycle_policy", `svc_${svc}_`).policy);
      expect(lc.rules).toEqual([
        expect.objectContaining({ rulePriority: 1, selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: cfg.ecr.untaggedExpireDays }, action: { type: "expire" } }),
        expect.objectContaining({ rulePriority: 2, selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: cfg.ecr.keepTagged }, action: { type: "expire" } }),
      ]);
    });

    it.each(svcs.filter(([, c]) => !c.exec))("%s: task role trusts ECS tasks of this account and has no policies by default", (svc) => {
      const id = idOf(json, "aws_iam_role", `svc_${svc}_task_role`);
      const role = json.resource.aws_iam_role[id];
      expect(role.name).toBe(`${prefix}-${svc}-task`);
      expect(policy(role.assume_role_policy).Statement).toEqual([
        expect.objectContaining({ Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole", Condition: expect.objectContaining({ StringEquals: { "aws:SourceAccount": expect.stringMatching(/^\d{12}$/) } }) }),
      ]);
      expect(Object.values(resources<R>(json, "aws_iam_role_policy")).filter((p) => p.role.includes(id))).toEqual([]);
    });

    it("shared execution role: ECR pull on this env's repositories, logs, secrets only under <project>/<env>/", () => {
      const role = json.resource.aws_iam_role[idOf(json, "aws_iam_role", "task_execution")];
      expect(role.name).toBe(`${prefix}-ecs-task-execution`);
      const stmts = policy(resource<R>(json, "aws_iam_role_policy", "task_execution").policy).Statement;
      const bySid = Object.fromEntries(stmts.map((s) => [s.Sid, s]));
      expect(bySid.EcrPull.Resource).toHaveLength(svcs.length);
      expect(bySid.Logs.Resource).toHaveLength(svcs.length);
      expect(bySid.SecretsUnderEnvPrefix.Resource).toMatch(new RegExp(`:secret:${env.project}/${name}/\\*$`));
      for (const s of stmts) {
        if (s.Resource === "*") expect(s.Action).toBe("ecr:GetAuthorizationToken");
      }
    });

    it("no autoscaling until ecspresso created the services (scaling.attach = false)", () => {
      expect(env.scaling.attach).toBe(false);
      expect(resources(json, "aws_appautoscaling_target")).toEqual({});
    });
  });

  describe("alarms and dashboard", () => {
    const alarms = Object.values(resources<R>(json, "aws_cloudwatch_metric_alarm"));
    const byName = Object.fromEntries(alarms.map((a) => [a.alarm_name, a]));
    const topic = ref("aws_sns_topic", idOf(json, "aws_sns_topic", "topic"), "arn");

    it("seed thresholds: CPU > 80, memory > 80, 5xx > 10 / 5 min, p95 > 1 s, unhealthy > 0, reservation > 100", () => {
      for (const [svc] of svcs) {
        expect(byName[`${prefix}-${svc}-cpu-high`]).toMatchObject({ namespace: "AWS/ECS", metric_name: "CPUUtilization", threshold: 80, comparison_operator: "GreaterThanThreshold", dimensions: { ClusterName: "${aws_ecs_cluster.cluster_A4C38409.name}", ServiceName: svc } });
        expect(byName[`${prefix}-${svc}-memory-high`]).toMatchObject({ metric_name: "MemoryUtilization", threshold: 80 });
        if (env.services[svc].deployment.type === "blue-green") continue; // MAX over both groups: fargate.test.ts
        expect(byName[`${prefix}-${svc}-p95-latency`]).toMatchObject({ metric_name: "TargetResponseTime", extended_statistic: "p95", threshold: 1 });
        expect(byName[`${prefix}-${svc}-unhealthy-hosts`]).toMatchObject({ metric_name: "UnHealthyHostCount", threshold: 0, comparison_operator: "GreaterThanThreshold" });
      }
      const fivexx = byName[`${prefix}-alb-5xx`];
      expect(fivexx).toMatchObject({ threshold: 10, evaluation_periods: 1 });
      expect(fivexx.metric_query.filter((q: R) => q.metric).map((q: R) => [q.metric.metric_name, q.metric.period, q.metric.stat])).toEqual([
        ["HTTPCode_ELB_5XX_Count", 300, "Sum"], ["HTTPCode_Target_5XX_Count", 300, "Sum"],
      ]);
      expect(byName[`${prefix}-capacity-reservation-high`]).toMatchObject({ namespace: "AWS/ECS/ManagedScaling", metric_name: "CapacityProviderReservation", threshold: 100 });
      expect(alarms).toHaveLength(svcs.length * 4 + 2);
    });

    it("every alarm notifies the KMS-encrypted SNS topic; emails from config", () => {
      for (const a of alarms) expect(a).toMatchObject({ actions_enabled: true, alarm_actions: [topic], ok_actions: [topic] });
      expect(resource<R>(json, "aws_sns_topic")).toMatchObject({ name: `${prefix}-alarms`, kms_master_key_id: expect.stringContaining("aws_kms_key") });
      expect(Object.values(resources<R>(json, "aws_sns_topic_subscription")).map((s) => s.endpoint)).toEqual(env.alarms.emails);
    });

    it("one dashboard with ALB, ECS service, capacity and host panels", () => {
      const body = JSON.parse(resource<R>(json, "aws_cloudwatch_dashboard").dashboard_body);
      const titles = body.widgets.map((w: R) => w.properties.title).join(" | ");
      for (const panel of [/ALB/, /Service CPU/, /Capacity provider reservation/, /Container instances/, /Hosts/]) expect(titles).toMatch(panel);
    });
  });

  it("reads the network stack through its contract outputs in remote state", () => {
    const rs = json.data.terraform_remote_state.remote_network;
    expect(rs).toMatchObject({ backend: "s3", config: { key: `${name}/network.tfstate`, encrypt: true } });
    expect(Boolean(rs.config.endpoints)).toBe(Boolean(env.emulator));
  });

  it("emits the platform output contract under static names", () => {
    const expected = [
      PlatformOut.clusterName, PlatformOut.clusterArn, PlatformOut.capacityProviderName, PlatformOut.autoScalingGroupName,
      PlatformOut.executionRoleArn, PlatformOut.albArn, PlatformOut.albDnsName, PlatformOut.albZoneId, PlatformOut.albSecurityGroupId,
      PlatformOut.albListenerSecurityGroupIds, PlatformOut.instanceSecurityGroupId, PlatformOut.httpListenerArn, PlatformOut.httpsListenerArn,
      PlatformOut.serviceListenerArn, PlatformOut.albHttpsEnabled, PlatformOut.albOriginDomain, PlatformOut.originVerifySecretArn,
      PlatformOut.originVerifyHeaderName, PlatformOut.kmsKeyArn, PlatformOut.alarmTopicArn, PlatformOut.privateSubnetIds,
      ...svcs.flatMap(([s]) => [PlatformOut.targetGroupArn(s), PlatformOut.taskRoleArn(s), PlatformOut.logGroupName(s), PlatformOut.ecrRepositoryUrl(s)]),
      ...svcs.filter(([, c]) => c.compute.type !== "ec2").map(([s]) => PlatformOut.serviceSecurityGroupId(s)),
      ...svcs.filter(([, c]) => c.deployment.type === "blue-green").flatMap(([s]) => [
        PlatformOut.greenTargetGroupArn(s), PlatformOut.testListenerArn(s),
        // Not where the emulator lacks CodeDeploy (emulator.gaps.codedeploy).
        ...(env.emulator?.gaps.codedeploy ? [] : [PlatformOut.codedeployApplicationName(s), PlatformOut.codedeployDeploymentGroupName(s)]),
      ]),
    ];
    expect(Object.keys(json.output).sort()).toEqual(expected.sort());
    expect(json.output[PlatformOut.clusterName].value).toBe("${aws_ecs_cluster.cluster_A4C38409.name}");
    expect(json.output[PlatformOut.albHttpsEnabled].value).toBe(String(https));
    expect(json.output[PlatformOut.albOriginDomain].value).toBe(env.domain ? `origin.${env.domain.name}` : "${aws_lb.alb_88D76693.dns_name}");
    expect(json.output[PlatformOut.originVerifyHeaderName].value).toBe(ORIGIN_VERIFY_HEADER);
    expect(json.output[PlatformOut.httpsListenerArn].value).toEqual(https ? expect.stringContaining("aws_lb_listener.alb_https") : "");
    expect(json.output[PlatformOut.targetGroupArn("backend")].value).toMatch(/^\$\{aws_lb_target_group\.svc_backend_target_group_[0-9A-F]{8}\.arn\}$/);
  });
});
