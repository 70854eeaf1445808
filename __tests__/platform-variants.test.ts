/**
 * `<env>-platform` synth-time invariants (each with a failing case) and the configuration variants the real
 * environments do not exercise: internet ingress, autoscaling attached, an existing certificate, fixed host ports.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "../foundation/cdk";
import { buildApp } from "../src/app";
import { runSynth } from "../src/run";
import { ConfigError } from "../foundation/errors";
import { ORIGIN_VERIFY_HEADER, PlatformOut } from "../foundation/contract";
import { PlatformStack } from "../src/stacks/platform-stack";
import { ACCOUNTS, ENVIRONMENTS, loadConfig, type EnvInput } from "../envs";
import { EnvSchema, AccountSchema } from "../envs/schema";
import { dev } from "../envs/web/dev";
import { staging } from "../envs/web/staging";
import { prod } from "../envs/web/prod";
import { waiversOn } from "../modules/guardrails/waive";
import { checkCapacityProviderInvariants } from "../modules/ec2-capacity";
import { allStacks, resource, resources } from "./helpers/synth";
import { clone, envsWith, platformOf, validationProblems as problems } from "./helpers/platform";

type R = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Mutable = R & EnvInput;

function mutate(base: EnvInput, f: (e: R) => void): Mutable {
  const e = clone(base) as Mutable;
  f(e);
  return e;
}

/** Build the env's stacks in-process; returns the thrown error (or undefined). */
function buildError(input: EnvInput): unknown {
  try {
    buildApp(Testing.app(), { envs: [input], only: [input.name] });
  } catch (e) {
    return e;
  }
  return undefined;
}

/** Build the platform stack straight from the schema (no envs/validate.ts): the construct's own guards. */
function constructError(input: EnvInput): unknown {
  const env = EnvSchema.parse(input);
  const account = AccountSchema.parse(ACCOUNTS.find((a) => a.name === env.account)!);
  try {
    new PlatformStack(Testing.app(), { env, account });
  } catch (e) {
    return e;
  }
  return undefined;
}


describe("capacity provider invariants fail synth with a clear error", () => {
  it("managed termination protection without scale-in protection", () => {
    const bad = mutate(dev, (e) => (e.cluster.capacityProvider = { scaleInProtection: false }));
    const err = buildError(bad);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe("E_CP_TERMINATION_PROTECTION_NEEDS_SCALE_IN_PROTECTION");
    expect((err as Error).message).toMatch(/cluster\.capacityProvider\.managedTerminationProtection = true needs cluster\.capacityProvider\.scaleInProtection = true/);
    expect((err as Error).message).toMatch(/^  - dev-platform\/capacity: /m);
  });

  it("managed termination protection without managed scaling", () => {
    const bad = mutate(dev, (e) => (e.cluster.capacityProvider = { managedScaling: false }));
    expect((buildError(bad) as ConfigError).code).toBe("E_CP_TERMINATION_PROTECTION_NEEDS_MANAGED_SCALING");
  });

  it("runSynth prints the error, exits 1 and writes nothing", () => {
    const bad = mutate(dev, (e) => (e.cluster.capacityProvider = { managedScaling: false }));
    const outdir = join(mkdtempSync(join(tmpdir(), "cp-synth-")), "cdktf.out");
    const spy = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      // Another environment's stacks are built before the bad one's (staging, then dev): still nothing is written.
      expect(runSynth({ envs: [...ENVIRONMENTS.filter((e) => e.name !== "dev"), bad], only: ["staging", "dev"], outdir })).toBe(1);
      expect(spy.mock.calls.join("\n")).toMatch(/E_CP_TERMINATION_PROTECTION_NEEDS_MANAGED_SCALING/);
    } finally {
      spy.mockRestore();
    }
    expect(existsSync(outdir)).toBe(false);
  });

  it("consistent settings pass: everything off is allowed, and DISABLED is synthesized", () => {
    const ok = { targetCapacity: 100, managedScaling: false, managedTerminationProtection: false, managedDraining: false, scaleInProtection: false };
    expect(() => checkCapacityProviderInvariants("x", ok)).not.toThrow();
    const json = platformOf(mutate(dev, (e) => (e.cluster.capacityProvider = ok)));
    expect(resource<R>(json, "aws_ecs_capacity_provider").auto_scaling_group_provider).toMatchObject({
      managed_termination_protection: "DISABLED", managed_draining: "DISABLED", managed_scaling: { status: "DISABLED" },
    });
    expect(resource<R>(json, "aws_autoscaling_group").protect_from_scale_in).toBe(false);
  });
});

describe("bridge networking invariants", () => {
  it("a fixed host port inside 32768-65535 is rejected by config validation and by the construct", () => {
    const bad = mutate(dev, (e) => (e.services.backend.hostPort = 40000));
    expect(problems(bad)).toMatch(/dev: services\.backend\.hostPort = 40000: a fixed host port inside the ephemeral range 32768-65535/);
    const err = constructError(bad) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.code).toBe("E_BRIDGE_HOSTPORT_EPHEMERAL");
  });

  it("the ServiceInfra guard names the field (dynamic range edge 32768 and 65535)", () => {
    for (const port of [32768, 65535]) {
      const bad = mutate(dev, (e) => (e.services.backend.hostPort = port));
      expect((constructError(bad) as Error).message).toMatch(/E_BRIDGE_HOSTPORT_EPHEMERAL/);
    }
  });

  it("a fixed host port below the range is opened from the ALB security group only", () => {
    const json = platformOf(mutate(dev, (e) => (e.services.backend.hostPort = 8080)));
    const rules = Object.values(resources<R>(json, "aws_vpc_security_group_ingress_rule")).filter((r) => r.from_port === 8080);
    expect(rules).toEqual([expect.objectContaining({ to_port: 8080, referenced_security_group_id: expect.stringContaining("alb_alb_sg") })]);
    expect(rules[0].cidr_ipv4).toBeUndefined();
  });

  it("a target type that does not match the network mode is rejected by config validation and by the construct", () => {
    const bad = mutate(dev, (e) => (e.services.frontend.targetType = "ip"));
    expect(problems(bad)).toMatch(/dev: services\.frontend\.targetType = "ip": bridge networking registers targets of type "instance"/);
    const err = constructError(bad) as ConfigError;
    expect(err.code).toBe("E_TARGET_TYPE_MISMATCH");
    expect(err.message).toMatch(/dev-platform\/svc_frontend: services\.frontend\.targetType = "ip": bridge networking registers targets of type "instance"/);
  });

  it("an explicit matching target type is accepted", () => {
    const json = platformOf(mutate(dev, (e) => (e.services.frontend.targetType = "instance")));
    expect(resource<R>(json, "aws_lb_target_group", "svc_frontend_").target_type).toBe("instance");
  });

  it("more path patterns than a listener rule takes (4 + the origin-verify header) are rejected", () => {
    const bad = mutate(dev, (e) => (e.services.backend.paths = ["/a/*", "/b/*", "/c/*", "/d/*", "/e/*"]));
    expect(problems(bad)).toMatch(/services\.backend\.paths = .*at most 4 path patterns/);
    const internet = mutate(bad, (e) => {
      e.alb = { ingress: "internet" };
      e.edge = { enabled: false };
    });
    expect(problems(internet)).toBe("");
  });
});

describe("alb.ingress = internet", () => {
  // No CloudFront in front: the edge stack needs cloudfront ingress (envs/validate.ts), so it is off here.
  const input = mutate(staging, (e) => {
    e.alb = { ingress: "internet" };
    e.edge = { enabled: false };
  });
  const json = platformOf(input);

  it("80 and 443 from 0.0.0.0/0 on the ALB security group; no prefix list, no origin-verify secret", () => {
    const rules = Object.values(resources<R>(json, "aws_vpc_security_group_ingress_rule")).filter((r) => r.cidr_ipv4 === "0.0.0.0/0");
    expect(rules.map((r) => r.from_port).sort((a, b) => a - b)).toEqual([80, 443]);
    for (const r of rules) expect(r.security_group_id).toMatch(/aws_security_group\.alb_alb_sg_/);
    expect(json.data?.aws_ec2_managed_prefix_list).toBeUndefined();
    expect(resources(json, "aws_secretsmanager_secret")).toEqual({});
    expect(resource<R>(json, "aws_lb").security_groups).toHaveLength(1);
  });

  it("service rules match on path only; the default action is 404", () => {
    for (const rule of Object.values(resources<R>(json, "aws_lb_listener_rule"))) {
      expect(rule.condition).toEqual([{ path_pattern: { values: expect.any(Array) } }]);
    }
    expect(resource<R>(json, "aws_lb_listener", "https").default_action[0].fixed_response.status_code).toBe("404");
    expect(json.output![PlatformOut.originVerifySecretArn].value).toBe("");
    expect(json.output![PlatformOut.originVerifyHeaderName].value).toBe("");
  });

  it("the port-80 world-open rule carries a reasoned waiver", () => {
    const { built } = buildApp(Testing.app(), { envs: envsWith(input), only: ["staging"] });
    const waived = built.get("staging")!.platform.node.findAll().filter((c) => waiversOn(c).some((w) => w.ruleId === "CKV_AWS_260"));
    expect(waived.map((c) => c.node.id)).toEqual(["listener_80_from_internet"]);
  });

  it("cloudfront mode, by contrast, has the header on every rule", () => {
    const cf = allStacks().get("staging-platform")!.json; // staging as configured: the run's shared synth
    for (const rule of Object.values(resources<R>(cf, "aws_lb_listener_rule"))) {
      expect(rule.condition).toContainEqual({ http_header: { http_header_name: ORIGIN_VERIFY_HEADER, values: [expect.any(String)] } });
    }
  });
});

describe("service autoscaling once ecspresso created the services (scaling.attach = true)", () => {
  it.each([
    ["staging", 70, 300, true, staging],
    ["prod", 60, 600, false, prod],
  ] as const)("%s: CPU and memory target tracking at %d%%, scale-out 60 s, scale-in %d s, nightly %s", (_name, target, scaleIn, nightly, base) => {
    const input = mutate(base, (e) => (e.scaling = { ...e.scaling, attach: true }));
    const json = platformOf(input);
    const env = loadConfig(envsWith(input), ACCOUNTS).envs.find((e) => e.name === input.name)!;
    for (const [svc, cfg] of Object.entries(env.services)) {
      const t = resource<R>(json, "aws_appautoscaling_target", `svc_${svc}_`);
      expect(t).toMatchObject({
        service_namespace: "ecs",
        scalable_dimension: "ecs:service:DesiredCount",
        resource_id: "service/${aws_ecs_cluster.cluster_A4C38409.name}/" + svc,
        min_capacity: cfg.scaling.min,
        max_capacity: cfg.scaling.max,
      });
      const policies = Object.entries(resources<R>(json, "aws_appautoscaling_policy")).filter(([id]) => id.startsWith(`svc_${svc}_`)).map(([, p]) => p);
      expect(policies.map((p) => p.target_tracking_scaling_policy_configuration)).toEqual([
        { predefined_metric_specification: { predefined_metric_type: "ECSServiceAverageCPUUtilization" }, target_value: target, scale_out_cooldown: 60, scale_in_cooldown: scaleIn },
        { predefined_metric_specification: { predefined_metric_type: "ECSServiceAverageMemoryUtilization" }, target_value: target, scale_out_cooldown: 60, scale_in_cooldown: scaleIn },
      ]);
      const schedules = Object.entries(resources<R>(json, "aws_appautoscaling_scheduled_action")).filter(([id]) => id.startsWith(`svc_${svc}_`)).map(([, a]) => a);
      if (nightly) {
        expect(schedules).toHaveLength(2);
        expect(schedules).toEqual(expect.arrayContaining([
          expect.objectContaining({ schedule: env.scaling.nightly!.downCron, timezone: "Asia/Tokyo", scalable_target_action: { min_capacity: "0", max_capacity: "0" } }),
          expect.objectContaining({ schedule: env.scaling.nightly!.upCron, timezone: "Asia/Tokyo", scalable_target_action: { min_capacity: String(cfg.scaling.min), max_capacity: String(cfg.scaling.max) } }),
        ]));
      } else {
        expect(schedules).toEqual([]);
      }
    }
  });

  it("a service not created yet opts out with scaling.attach = false", () => {
    const input = mutate(staging, (e) => {
      e.scaling = { ...e.scaling, attach: true };
      e.services.frontend.scaling.attach = false;
    });
    const targets = Object.keys(resources(platformOf(input), "aws_appautoscaling_target"));
    expect(targets).toEqual([expect.stringMatching(/^svc_backend_/)]);
  });
});

describe("certificates and domains", () => {
  it("an existing certificate ARN without a domain (no CloudFront in front): HTTPS with that certificate, no ACM or DNS resources", () => {
    const arn = "arn:aws:acm:ap-northeast-1:111111111111:certificate/0123abcd-0000-1111-2222-333344445555";
    // With the edge on, this combination is rejected (origin-certificate.test.ts): CloudFront would reach the
    // ALB's *.elb.amazonaws.com name over HTTPS, which no certificate covers.
    const json = platformOf(mutate(dev, (e) => {
      e.alb = { certificateArn: arn, ingress: "internet" };
      e.edge = { enabled: false };
    }));
    expect(resource<R>(json, "aws_lb_listener", "https")).toMatchObject({ certificate_arn: arn, protocol: "HTTPS" });
    expect(resources(json, "aws_acm_certificate")).toEqual({});
    expect(resources(json, "aws_route53_record")).toEqual({});
    expect(json.output![PlatformOut.albHttpsEnabled].value).toBe("true");
    expect(json.output![PlatformOut.albOriginDomain].value).toMatch(/aws_lb\..*\.dns_name/);
  });

  it("the issued certificate covers origin.<domain> and the domain, validated by DNS records in the zone", () => {
    const json = allStacks().get("staging-platform")!.json; // staging as configured: the run's shared synth
    expect(resource<R>(json, "aws_acm_certificate")).toMatchObject({ domain_name: "origin.staging.acme.example", subject_alternative_names: ["staging.acme.example"] });
    expect(resource<R>(json, "aws_route53_record", "certificate_validation_record")).toMatchObject({ zone_id: "Z0123456789ABCDEFGHIJ", for_each: expect.stringContaining("domain_validation_options") });
  });

  it("a malformed domain or zone id is rejected", () => {
    const bad = mutate(dev, (e) => (e.domain = { name: "Not A Domain", hostedZoneId: "zone" }));
    const msg = problems(bad);
    expect(msg).toMatch(/domain\.name = "Not A Domain": a lower-case DNS name/);
    expect(msg).toMatch(/domain\.hostedZoneId = "zone": a Route 53 hosted zone id/);
  });
});

describe("the real configuration", () => {
  it("builds every platform stack (App smoke test; the run's shared synth of buildApp)", () => {
    // Sorted: the shared synth reads stacks back from disk in directory order, not declaration order.
    expect([...allStacks().keys()].filter((n) => n.endsWith("-platform")).sort()).toEqual(expect.arrayContaining(["dev-platform", "local-platform", "prod-platform", "staging-platform"]));
  });
});
