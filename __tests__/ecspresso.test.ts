/**
 * The ecspresso contract: for every environment and service, the generated files in deploy/ are current, every
 * `tfstate` lookup names an output the synthesized `<env>-platform` stack declares (and the plugin URL is that
 * stack's exact backend key), and the rendered definitions use only ECS API members (the Smithy model shipped
 * with @aws-sdk/client-ecs). Plus the rules ecspresso and ECS impose on bridge services on a capacity provider.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { allStacks, loadConfig } from "./helpers/synth";
import { apiFieldProblems, apiMembers } from "../scripts/lib/ecs-api-model";
import { renderConfig, renderDefinition, stateResolver, type RenderFunctions, type TerraformState } from "../scripts/lib/ecspresso-render";
import { buildAllBundles, buildBundle, CONFIG_FILE, type Bundle } from "../src/ecspresso";
import { MAX_STOP_TIMEOUT } from "../src/ecspresso/taskdef";
import { PLATFORM_LIST_OUTPUTS, PlatformOut, stackId, stateKey, type Layer } from "../foundation/contract";
import { expectedTree, staleFiles, writeTree } from "../scripts/lib/ecspresso-tree";
import { REPO_ROOT } from "../scripts/lib/terraform";
import type { EnvInput } from "../envs";
import { dev } from "../envs/web/dev";

const { envs, accounts } = loadConfig();
const bundles = buildAllBundles(envs, accounts);
const cases = bundles.map((b) => [`${b.env}/${b.service}`, b] as const);

/** The environment ecspresso runs with (what scripts/app.sh exports). */
const runEnv = (env: string): Record<string, string> => ({
  AWS_REGION: envs.find((e) => e.name === env)!.region,
  ECS_CLUSTER: `acme-${env}`,
  IMAGE: "111111111111.dkr.ecr.ap-northeast-1.amazonaws.com/acme/app:0123abc",
});

/**
 * A state whose outputs are exactly those the synthesized stack declares, each with a recognisable value;
 * list outputs (`PLATFORM_LIST_OUTPUTS`) hold one element per AZ of the environment, like the real state.
 */
function declaredState(stack: string): TerraformState {
  const outputs = allStacks().get(stack)?.json.output;
  if (!outputs) throw new Error(`stack ${stack} is not synthesized or declares no outputs`);
  const azs = envs.find((e) => stack.startsWith(`${e.name}-`))!.network.azs.length;
  const value = (n: string) => (PLATFORM_LIST_OUTPUTS.includes(n) ? Array.from({ length: azs }, (_, i) => `<${stack}:${n}[${i}]>`) : `<${stack}:${n}>`);
  return { outputs: Object.fromEntries(Object.keys(outputs).map((n) => [n, { value: value(n) }])) };
}

/** Render a bundle's files from disk as ecspresso would, with states keyed by layer. */
function renderBundle(b: Bundle, states: Partial<Record<Layer, TerraformState>>, lookups?: string[]) {
  const dir = join(REPO_ROOT, b.dir);
  const env = runEnv(b.env);
  const config = renderConfig(readFileSync(join(dir, CONFIG_FILE), "utf8"), (n) => env[n]) as {
    plugins: { name: string; config: { url: string }; func_prefix: string }[];
    task_definition: string;
    service_definition: string;
  };
  const byPrefix: Record<string, TerraformState> = {};
  for (const p of config.plugins) {
    const layer = p.func_prefix.replace(/_$/, "") as Layer;
    byPrefix[p.func_prefix] = states[layer] ?? {};
  }
  const resolve = stateResolver(byPrefix);
  const fns: RenderFunctions = {
    env: (n) => env[n],
    tfstate: (prefix, key) => {
      lookups?.push(`${prefix}${key}`);
      return resolve(prefix, key);
    },
    secretsmanagerArn: (name) => `arn:aws:secretsmanager:ap-northeast-1:111111111111:secret:${name}-AbCdEf`,
  };
  return {
    config,
    taskdef: renderDefinition(readFileSync(join(dir, config.task_definition), "utf8"), fns),
    servicedef: renderDefinition(readFileSync(join(dir, config.service_definition), "utf8"), fns),
  };
}

/** The states a bundle reads: the platform's, and the data stack's where the environment has one. */
const platformStates = (env: string): Partial<Record<Layer, TerraformState>> => ({
  platform: declaredState(stackId(env, "platform")),
  ...(allStacks().has(stackId(env, "data")) ? { data: declaredState(stackId(env, "data")) } : {}),
});

describe("generated files are current", () => {
  test("deploy/ equals a fresh generation into a temp dir", () => {
    const tmp = mkdtempSync(join(tmpdir(), "ecspresso-gen-"));
    try {
      const tree = expectedTree();
      writeTree(tmp, tree);
      expect(staleFiles(tmp, tree)).toEqual([]);
      // The committed tree: every generated file present and identical, nothing extra.
      expect(staleFiles(REPO_ROOT, tree)).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  test("a stale file is detected", () => {
    const tmp = mkdtempSync(join(tmpdir(), "ecspresso-gen-"));
    try {
      const tree = expectedTree();
      writeTree(tmp, tree);
      const changed = new Map(tree);
      changed.set("deploy/dev/backend/taskdef.json", tree.get("deploy/dev/backend/taskdef.json")!.replace('"512"', '"1024"'));
      expect(staleFiles(tmp, changed)).toEqual(["differs: deploy/dev/backend/taskdef.json"]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  test("every environment and service has a bundle", () => {
    for (const env of envs) {
      expect(bundles.filter((b) => b.env === env.name).map((b) => b.service)).toEqual(Object.keys(env.services).sort());
    }
  });
});

describe.each(cases)("%s", (_name, b) => {
  const env = envs.find((e) => e.name === b.env)!;
  const svc = env.services[b.service];
  const account = accounts.get(env.account)!;

  test("ecspresso.yml: version, region/cluster from env vars, service, paths, timeout, one plugin per state read", () => {
    const raw = parseYaml(readFileSync(join(REPO_ROOT, b.dir, CONFIG_FILE), "utf8")) as Record<string, unknown>;
    expect(raw).toEqual(b.config);
    // Keys ecspresso v2's config knows; a typo would only log a warning there.
    const known = ["required_version", "region", "cluster", "service", "service_definition", "task_definition", "plugins", "timeout", "codedeploy", "appspec", "ignore"];
    expect(Object.keys(raw).filter((k) => !known.includes(k))).toEqual([]);
    expect(raw).toMatchObject({
      required_version: ">= 2.8.0, < 3",
      region: '{{ must_env "AWS_REGION" }}',
      cluster: '{{ must_env "ECS_CLUSTER" }}',
      service: b.service,
      task_definition: "taskdef.json",
      service_definition: "servicedef.json",
      timeout: "10m",
    });
    expect(raw.plugins).toEqual([...b.outputs.keys()].map((layer) => ({
      name: "tfstate",
      config: { url: `s3://${account.stateBucket}/${env.name}/${layer}.tfstate` },
      func_prefix: `${layer}_`,
    })));
  });

  test("each tfstate plugin reads the exact S3 backend key of the synthesized stack", () => {
    const { config } = renderBundle(b, platformStates(b.env));
    for (const p of config.plugins) {
      const layer = p.func_prefix.replace(/_$/, "") as Layer;
      const backend = allStacks().get(stackId(b.env, layer))?.json.terraform?.backend?.s3 as { bucket: string; key: string } | undefined;
      expect(backend).toBeDefined();
      expect(backend!.key).toBe(stateKey(b.env, layer));
      expect(p.config.url).toBe(`s3://${backend!.bucket}/${backend!.key}`);
    }
  });

  test("every tfstate lookup names an output the synthesized stack declares", () => {
    const lookups: string[] = [];
    renderBundle(b, platformStates(b.env), lookups);
    expect(lookups.length).toBeGreaterThan(0);
    const read = new Map<string, Set<string>>();
    for (const l of lookups) {
      // Only `output.<name>` (or `[i]` of a list output) is read, never a (hashed) resource address.
      const m = /^(platform|data)_output\.([A-Za-z0-9_-]+)(?:\[(\d+)\])?$/.exec(l);
      expect(m).not.toBeNull();
      const declared = Object.keys(allStacks().get(stackId(b.env, m![1] as Layer))!.json.output ?? {});
      expect(declared).toContain(m![2]);
      if (m![3] !== undefined) {
        expect(PLATFORM_LIST_OUTPUTS).toContain(m![2]);
        expect(Number(m![3])).toBeLessThan(env.network.azs.length); // one private subnet per AZ
      }
      read.set(m![1], (read.get(m![1]) ?? new Set()).add(m![2]));
    }
    // The outputs the generator thinks it reads are exactly the ones the files read.
    expect(read.get("platform")).toEqual(b.outputs.get("platform"));
    expect(read.get("data")).toEqual(b.outputs.get("data"));
  });

  test("a state lacking any one of those outputs fails the render with 'is not found in tfstate'", () => {
    const full = declaredState(stackId(b.env, "platform"));
    for (const name of b.outputs.get("platform")!) {
      const outputs = { ...full.outputs };
      delete outputs[name];
      expect(() => renderBundle(b, { ...platformStates(b.env), platform: { outputs } })).toThrow(new RegExp(`output\\.${name}(\\[0\\])? is not found in tfstate`));
    }
  });

  test("rendered definitions use only ECS API members (RegisterTaskDefinition, CreateService/UpdateService)", () => {
    const { taskdef, servicedef } = renderBundle(b, platformStates(b.env));
    expect(apiFieldProblems(taskdef, "RegisterTaskDefinitionRequest")).toEqual([]);
    expect(apiFieldProblems(servicedef, "CreateServiceRequest")).toEqual([]);
    // Update drops these (ecspresso sends tags via Tag/UntagResource); anything else must be updatable.
    const update = new Set(apiMembers("UpdateServiceRequest"));
    const createOnly = Object.keys(servicedef).filter((k) => !update.has(k));
    expect(createOnly.filter((k) => !["deploymentController", "launchType", "schedulingStrategy", "tags"].includes(k))).toEqual([]);
  });

  // Bridge/EC2 rules; the Fargate and CodeDeploy variants are asserted in __tests__/fargate.test.ts.
  if (svc.compute.type === "ec2") test("task definition: bridge on EC2, dynamic host port, size, logs, roles, image, health check, stop timeout", () => {
    const { taskdef } = renderBundle(b, platformStates(b.env));
    const p = (n: string) => `<${b.env}-platform:${n}>`;
    const size = svc.size ?? env.taskSize;
    expect(taskdef).toMatchObject({
      family: `acme-${b.env}-${b.service}`,
      networkMode: "bridge",
      requiresCompatibilities: ["EC2"],
      cpu: String(size.cpu),
      memory: String(size.memory),
      executionRoleArn: p(PlatformOut.executionRoleArn),
      taskRoleArn: p(PlatformOut.taskRoleArn(b.service)),
    });
    const [c] = taskdef.containerDefinitions as Record<string, unknown>[];
    expect(c).toMatchObject({
      name: b.service,
      image: runEnv(b.env).IMAGE,
      essential: true,
      portMappings: [{ containerPort: svc.port, hostPort: 0, protocol: "tcp" }],
      readonlyRootFilesystem: svc.readonlyRootFilesystem,
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": p(PlatformOut.logGroupName(b.service)), "awslogs-region": env.region, "awslogs-stream-prefix": b.service },
      },
      healthCheck: {
        command: ["CMD-SHELL", `curl -fsS -o /dev/null http://localhost:${svc.port}${svc.healthCheck.path} || exit 1`],
        interval: svc.healthCheck.intervalSeconds,
        retries: svc.healthCheck.unhealthyThreshold,
      },
    });
    const dereg = svc.deregistrationDelaySeconds ?? env.deregistrationDelaySeconds;
    expect(c.stopTimeout).toBeLessThanOrEqual(Math.max(dereg, 2));
    expect(c.stopTimeout).toBeLessThanOrEqual(MAX_STOP_TIMEOUT);
    if (svc.readonlyRootFilesystem) {
      expect(c.mountPoints).toEqual([{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }]);
      expect(taskdef.volumes).toEqual([{ name: "tmp" }]);
    } else {
      expect(c.mountPoints).toBeUndefined();
    }
  });

  if (svc.compute.type === "ec2" && svc.deployment.type === "rolling") test("service definition: capacity provider (no launchType), TG from state, circuit breaker, no desiredCount", () => {
    const { servicedef } = renderBundle(b, platformStates(b.env));
    const p = (n: string) => `<${b.env}-platform:${n}>`;
    expect(servicedef).toMatchObject({
      capacityProviderStrategy: [{ capacityProvider: p(PlatformOut.capacityProviderName), weight: 1 }],
      loadBalancers: [{ targetGroupArn: p(PlatformOut.targetGroupArn(b.service)), containerName: b.service, containerPort: svc.port }],
      deploymentController: { type: "ECS" },
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: true, rollback: true },
        minimumHealthyPercent: svc.deployment.type === "rolling" ? svc.deployment.minimumHealthyPercent : undefined,
        maximumPercent: svc.deployment.type === "rolling" ? svc.deployment.maximumPercent : undefined,
      },
      healthCheckGracePeriodSeconds: 60,
      enableExecuteCommand: svc.exec,
      enableECSManagedTags: true,
      propagateTags: "SERVICE",
      placementStrategy: [
        { type: "spread", field: "attribute:ecs.availability-zone" },
        { type: "binpack", field: "memory" },
      ],
    });
    // ECS rejects launchType with a capacity provider strategy and networkConfiguration in bridge mode;
    // desiredCount would reset the autoscaled count on every deploy.
    for (const k of ["launchType", "networkConfiguration", "desiredCount", "schedulingStrategy", "serviceName", "cluster"]) {
      expect(servicedef).not.toHaveProperty(k);
    }
  });

  test("the 10m timeout covers grace period + becoming healthy + draining + stop", () => {
    const dereg = svc.deregistrationDelaySeconds ?? env.deregistrationDelaySeconds;
    const healthy = svc.healthCheck.gracePeriodSeconds + svc.healthCheck.healthyThreshold * svc.healthCheck.intervalSeconds;
    const stop = (b.taskdef.containerDefinitions![0].stopTimeout ?? 30) + dereg;
    expect(healthy + stop).toBeLessThan(10 * 60);
  });
});

describe("the API field check and the generator fail on bad input", () => {
  test("an unknown or misspelt field is reported with its path", () => {
    const b = bundles[0];
    const { taskdef, servicedef } = renderBundle(b, platformStates(b.env));
    const badTask = { ...taskdef, containerDefinitions: [{ ...(taskdef.containerDefinitions as object[])[0], healthcheck: {}, memory: "512" }] };
    expect(apiFieldProblems(badTask, "RegisterTaskDefinitionRequest")).toEqual([
      expect.stringMatching(/^containerDefinitions\[0\]\.healthcheck: not a member of ContainerDefinition/),
      "containerDefinitions[0].memory: expected a number for memory, got string",
    ]);
    expect(apiFieldProblems({ ...servicedef, desiredcount: 1, loadBalancers: [{ targetGroup: "x" }] }, "CreateServiceRequest")).toEqual([
      expect.stringMatching(/^loadBalancers\[0\]\.targetGroup: not a member of LoadBalancer/),
      expect.stringMatching(/^desiredcount: not a member of CreateServiceRequest/),
    ]);
  });

  test("every task definition sets AWS_REGION and AWS_DEFAULT_REGION to the environment's region", () => {
    // Bridge containers on IMDSv2 hosts (hop limit 1) cannot ask the instance for their region.
    for (const b of bundles) {
      const env = envs.find((e) => e.name === b.env)!;
      const vars = Object.fromEntries(b.taskdef.containerDefinitions![0].environment!.map((p) => [p.name, p.value]));
      const own = env.services[b.service].environment;
      const region = own.AWS_REGION ?? own.AWS_DEFAULT_REGION ?? env.region;
      expect([b.env, b.service, vars.AWS_REGION, vars.AWS_DEFAULT_REGION]).toEqual([b.env, b.service, region, region]);
    }
  });

  test("a service's own AWS_REGION wins and AWS_DEFAULT_REGION follows it", () => {
    const input: EnvInput = { ...dev, services: { ...dev.services, backend: { ...dev.services.backend, environment: { AWS_REGION: "us-west-2" } } } };
    const { envs: [e], accounts: a } = loadConfig([input]);
    const env = buildBundle(e, a.get(e.account)!, "backend").taskdef.containerDefinitions![0].environment!;
    expect(env.filter((p) => p.name!.startsWith("AWS_"))).toEqual([
      { name: "AWS_DEFAULT_REGION", value: "us-west-2" },
      { name: "AWS_REGION", value: "us-west-2" },
    ]);
    const frontend = buildBundle(e, a.get(e.account)!, "frontend").taskdef.containerDefinitions![0].environment!;
    expect(frontend.filter((p) => p.name!.startsWith("AWS_"))).toEqual([
      { name: "AWS_DEFAULT_REGION", value: "ap-northeast-1" },
      { name: "AWS_REGION", value: "ap-northeast-1" },
    ]);
  });

  test("secrets become valueFrom = secretsmanager_arn of the name under the env's prefix", () => {
    const input: EnvInput = { ...dev, services: { ...dev.services, backend: { ...dev.services.backend, secrets: { DB_PASSWORD: "backend/db-password" } } } };
    const { envs: [e], accounts: a } = loadConfig([input]);
    const bundle = buildBundle(e, a.get(e.account)!, "backend");
    expect(bundle.taskdef.containerDefinitions![0].secrets).toEqual([{ name: "DB_PASSWORD", valueFrom: "{{ secretsmanager_arn `acme/dev/backend/db-password` }}" }]);
  });
});
