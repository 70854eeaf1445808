/**
 * Physical names (issue 15 item 6): one table of AWS naming rules (foundation/names.ts), a test per rule, every
 * derived name of every environment checked at synth, and uniqueness across environments in the same scope.
 */
import { ACCOUNTS, ENVIRONMENTS, loadConfig, type EnvInput } from "../envs";
import { derivedNames, nameCollisionProblems } from "../envs/physical-names";
import { NAME_RULES, nameViolations, PhysicalNames, type NameKind } from "../foundation/names";
import { ConfigError } from "../foundation/errors";
import { clone } from "./helpers/platform";

const codes = (kind: NameKind, name: string) => nameViolations(kind, name).map((v) => v.code);

describe("the rules table", () => {
  test("S3 buckets: 3-63 lower-case letters, digits, dots, hyphens; reserved prefixes and suffixes; no .. or IP form", () => {
    expect(codes("s3Bucket", "acme-dev-static-111111111111")).toEqual([]);
    expect(codes("s3Bucket", "ab")).toEqual(["E_NAME_LENGTH"]);
    expect(codes("s3Bucket", "a".repeat(64))).toEqual(["E_NAME_LENGTH"]);
    expect(codes("s3Bucket", "Acme-dev")).toEqual(["E_NAME_CHARS"]);
    expect(codes("s3Bucket", "acme-dev-")).toEqual(["E_NAME_CHARS"]);
    expect(codes("s3Bucket", "xn--acme")).toEqual(["E_NAME_RESERVED_PREFIX"]);
    expect(codes("s3Bucket", "sthree-acme")).toEqual(["E_NAME_RESERVED_PREFIX"]);
    expect(codes("s3Bucket", "amzn-s3-demo-acme")).toEqual(["E_NAME_RESERVED_PREFIX"]);
    for (const suffix of ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"]) expect(codes("s3Bucket", `acme${suffix}`)).toEqual(["E_NAME_RESERVED_SUFFIX"]);
    expect(codes("s3Bucket", "acme..dev")).toEqual(["E_NAME_FORM"]);
    expect(codes("s3Bucket", "192.168.5.4")).toEqual(["E_NAME_FORM"]);
  });

  test("ALB: ≤ 32 letters, digits, inner hyphens; not internal-", () => {
    expect(codes("alb", "acme-dev-alb")).toEqual([]);
    expect(codes("alb", "x".repeat(33))).toEqual(["E_NAME_LENGTH"]);
    expect(codes("alb", "acme_dev")).toEqual(["E_NAME_CHARS"]);
    expect(codes("alb", "-acme")).toEqual(["E_NAME_CHARS"]);
    expect(codes("alb", "internal-acme")).toEqual(["E_NAME_RESERVED_PREFIX"]);
  });

  test("target groups: ≤ 32 letters, digits, inner hyphens", () => {
    expect(codes("targetGroup", "acme-dev-backend-a1b2c3")).toEqual([]);
    expect(codes("targetGroup", "x".repeat(33))).toEqual(["E_NAME_LENGTH"]);
    expect(codes("targetGroup", "acme.dev")).toEqual(["E_NAME_CHARS"]);
  });

  test("IAM roles: ≤ 64 of [\\w+=,.@-]; AWSServiceRole is reserved (any case); policies ≤ 128", () => {
    expect(codes("iamRole", "acme-dev-gha-deploy")).toEqual([]);
    expect(codes("iamRole", "r".repeat(65))).toEqual(["E_NAME_LENGTH"]);
    expect(codes("iamRole", "acme dev")).toEqual(["E_NAME_CHARS"]);
    expect(codes("iamRole", "awsservicerolefoo")).toEqual(["E_NAME_RESERVED_PREFIX"]);
    expect(codes("iamPolicy", "p".repeat(128))).toEqual([]);
    expect(codes("iamPolicy", "p".repeat(129))).toEqual(["E_NAME_LENGTH"]);
  });

  test("capacity providers may not start with aws, ecs or fargate", () => {
    expect(codes("capacityProvider", "acme-dev-ec2")).toEqual([]);
    for (const bad of ["aws-x", "ECS-x", "fargate-x"]) expect(codes("capacityProvider", bad)).toEqual(["E_NAME_RESERVED_PREFIX"]);
  });

  test("ECS cluster and task family: letters, digits, hyphens, underscores ≤ 255", () => {
    expect(codes("ecsCluster", "acme-dev")).toEqual([]);
    expect(codes("ecsCluster", "acme/dev")).toEqual(["E_NAME_CHARS"]);
    expect(codes("taskFamily", "t".repeat(256))).toEqual(["E_NAME_LENGTH"]);
  });

  test("ECR repositories: lower-case path segments", () => {
    expect(codes("ecrRepository", "acme-dev/backend")).toEqual([]);
    expect(codes("ecrRepository", "Acme/backend")).toEqual(["E_NAME_CHARS"]);
    expect(codes("ecrRepository", "acme//backend")).toEqual(["E_NAME_CHARS"]);
  });

  test("log groups: no aws/ prefix; KMS aliases: no aws/ prefix", () => {
    expect(codes("logGroup", "/ecs/acme-dev/backend")).toEqual([]);
    expect(codes("logGroup", "aws/acme")).toEqual(["E_NAME_RESERVED_PREFIX"]);
    expect(codes("logGroup", "/ecs/acme dev")).toEqual(["E_NAME_CHARS"]);
    expect(codes("kmsAlias", "acme-dev-platform")).toEqual([]);
    expect(codes("kmsAlias", "aws/acme")).toEqual(["E_NAME_RESERVED_PREFIX"]);
  });

  test("secrets: letters, digits and / _ + = . @ - up to 512", () => {
    expect(codes("secret", "acme/dev/origin-verify")).toEqual([]);
    expect(codes("secret", "s".repeat(513))).toEqual(["E_NAME_LENGTH"]);
    expect(codes("secret", "acme/dev/a b")).toEqual(["E_NAME_CHARS"]);
  });

  test("security groups may not start with sg-; SNS, dashboards, CodeDeploy, WAF, budgets, scaling policies", () => {
    expect(codes("securityGroup", "sg-acme")).toEqual(["E_NAME_RESERVED_PREFIX"]);
    expect(codes("snsTopic", "acme.dev")).toEqual(["E_NAME_CHARS"]);
    expect(codes("dashboard", "acme dev")).toEqual(["E_NAME_CHARS"]);
    expect(codes("codedeploy", "c".repeat(101))).toEqual(["E_NAME_LENGTH"]);
    expect(codes("webAcl", "acme.edge")).toEqual(["E_NAME_CHARS"]);
    expect(codes("budget", "acme:dev")).toEqual(["E_NAME_CHARS"]);
    expect(codes("scalingPolicy", "acme/dev")).toEqual(["E_NAME_CHARS"]);
    expect(codes("autoScalingGroup", "acme:dev")).toEqual(["E_NAME_CHARS"]);
    expect(codes("cloudfrontPolicy", "p".repeat(65))).toEqual(["E_NAME_LENGTH"]);
    expect(codes("cloudfrontPolicy", "acme.dev")).toEqual(["E_NAME_CHARS"]);
    expect(codes("trail", "ab")).toEqual(["E_NAME_LENGTH"]);
    expect(codes("trail", "-acme")).toEqual(["E_NAME_CHARS"]);
    expect(codes("configName", "acme dev")).toEqual(["E_NAME_CHARS"]);
  });

  test("every rule of the table is exercised above", () => {
    const src = require("node:fs").readFileSync(__filename, "utf8") as string; // eslint-disable-line @typescript-eslint/no-require-imports
    for (const kind of Object.keys(NAME_RULES)) expect(src).toContain(`codes("${kind}"`);
  });
});

describe("every derived name of every environment is valid and unique", () => {
  const { envs, accounts } = loadConfig(ENVIRONMENTS, ACCOUNTS);

  test("no environment derives a name AWS would refuse", () => {
    const bad = envs.flatMap((e) => derivedNames(e, accounts.get(e.account)!.id).flatMap((n) => nameViolations(n.kind, n.name).map((v) => `${e.name} ${n.name}: ${v.message}`)));
    expect(bad).toEqual([]);
  });

  test("the derived names are the ones the stacks use (spot checks)", () => {
    const dev = envs.find((e) => e.name === "dev")!;
    const names = derivedNames(dev, "111111111111").map((n) => n.name);
    expect(names).toEqual(expect.arrayContaining(["acme-dev", "acme-dev-alb", "acme-dev-static-111111111111", "acme-dev-gha-deploy", "/ecs/acme-dev/backend", PhysicalNames.executionRole("acme-dev")]));
  });

  test("no collisions today", () => {
    expect(nameCollisionProblems(envs, accounts)).toEqual([]);
  });

  test("a collision is reported with the scope", () => {
    const dev = envs.find((e) => e.name === "dev")!;
    // project "acme-dev" + env "x" and project "acme" + env "dev-x" both give the prefix "acme-dev-x".
    const a = { ...dev, project: "acme-dev", name: "x" };
    const b = { ...dev, project: "acme", name: "dev-x" };
    const problems = nameCollisionProblems([a, b], accounts);
    expect(problems).toContainEqual(expect.objectContaining({ code: "E_NAME_DUPLICATE", where: "dev-x", value: "acme-dev-x-static-111111111111", message: expect.stringContaining("names are global") }));
    expect(problems).toContainEqual(expect.objectContaining({ code: "E_NAME_DUPLICATE", value: "acme-dev-x-gha-deploy", message: expect.stringContaining("same account nonprod)") }));
    expect(problems).toContainEqual(expect.objectContaining({ code: "E_NAME_DUPLICATE", value: "acme-dev-x", message: expect.stringContaining("same account nonprod and region ap-northeast-1") }));
  });

  test("config validation fails on a derived name that breaks a rule, naming the field", () => {
    const input = clone(ENVIRONMENTS.find((e) => e.name === "dev")!) as EnvInput & { alb: { name: string } };
    input.alb = { name: "alb_1" };
    let err: unknown;
    try {
      loadConfig(ENVIRONMENTS.map((e) => (e.name === "dev" ? input : e)), ACCOUNTS);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toEqual([expect.objectContaining({ code: "E_NAME_CHARS", where: "dev", path: "alb.name", value: "alb_1" })]);
  });
});
