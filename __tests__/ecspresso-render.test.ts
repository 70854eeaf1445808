/**
 * The TS renderer (scripts/lib/ecspresso-render.ts) follows ecspresso v2's template functions and tfstate-lookup's
 * rules; the contract test and the emulator harness rely on it, so each rule is pinned here.
 */
import { lookupState, normalize, renderConfig, renderDefinition, renderTemplate, stateResolver, type RenderFunctions, type TerraformState } from "../scripts/lib/ecspresso-render";

const envOf =
  (vars: Record<string, string>): RenderFunctions["env"] =>
  (n) =>
    vars[n];

const state: TerraformState = {
  outputs: {
    name: { value: "acme-dev" },
    ids: { value: ["subnet-a", "subnet-b", "subnet-c"] },
    port: { value: 3001 },
    obj: { value: { a: { b: "deep" } } },
    "hyphen-name": { value: "h" },
  },
  resources: [
    { mode: "managed", type: "aws_lb_target_group", name: "web", instances: [{ attributes: { arn: "arn:tg", port: 80 } }] },
    {
      mode: "managed",
      type: "aws_subnet",
      name: "private",
      each: "map",
      instances: [
        { index_key: "a", attributes: { id: "subnet-a" } },
        { index_key: "c", attributes: { id: "subnet-c" } },
      ],
    },
    { mode: "managed", type: "aws_instance", name: "n", each: "list", instances: [{ index_key: 0, attributes: { id: "i-0" } }, { index_key: 1, attributes: { id: "i-1" } }] },
    { module: "module.net", mode: "data", type: "aws_vpc", name: "this", instances: [{ attributes: { id: "vpc-1" } }] },
    {
      mode: "data",
      type: "terraform_remote_state",
      name: "network",
      instances: [{ attributes: { outputs: { value: { vpc_id: "vpc-9" }, type: ["object", {}] } } }],
    },
  ],
};

describe("template functions", () => {
  const fns: RenderFunctions = { env: envOf({ A: "a", EMPTY: "" }), tfstate: stateResolver({ platform_: state }) };

  test("env: first non-empty variable, else the last argument literally", () => {
    expect(renderTemplate("{{ env `A` `x` }}", fns)).toBe("a");
    expect(renderTemplate("{{ env `EMPTY` `dflt` }}", fns)).toBe("dflt");
    expect(renderTemplate("{{ env `UNSET` }}", fns)).toBe("UNSET");
    expect(renderTemplate('{{ env "UNSET" "A" }}', fns)).toBe("a"); // the default is itself tried as a name
  });

  test("must_env: unset is an error, empty is accepted", () => {
    expect(renderTemplate("[{{ must_env `EMPTY` }}]", fns)).toBe("[]");
    expect(() => renderTemplate("{{ must_env `IMAGE` }}", fns)).toThrow("environment variable IMAGE is not defined");
  });

  test("tfstate: strings as is, numbers as text, other values as JSON; ' becomes \"", () => {
    expect(renderTemplate("{{ platform_tfstate `output.name` }}", fns)).toBe("acme-dev");
    expect(renderTemplate("{{ platform_tfstate `output.port` }}", fns)).toBe("3001");
    expect(renderTemplate("{{ platform_tfstate `output.ids` }}", fns)).toBe('["subnet-a","subnet-b","subnet-c"]');
    expect(renderTemplate("{{ platform_tfstate `aws_subnet.private['c'].id` }}", fns)).toBe("subnet-c");
    expect(renderTemplate('{{ platform_tfstatef `aws_subnet.private["%s"].id` (must_env `A`) }}', fns)).toBe("subnet-a");
  });

  test("tfstate: a missing value is '<key> is not found in tfstate'", () => {
    expect(() => renderTemplate("{{ platform_tfstate `output.nope` }}", fns)).toThrow("output.nope is not found in tfstate");
    expect(() => renderTemplate("{{ network_tfstate `output.name` }}", fns)).toThrow('no tfstate plugin with func_prefix "network_"');
  });

  test("pipes, json_escape, literals, trim markers, comments; unknown functions fail", () => {
    expect(renderTemplate('{{ "a\\"b" | json_escape }}', fns)).toBe('a\\"b');
    expect(renderTemplate('{{ "{{" }}', fns)).toBe("{{");
    expect(renderTemplate("x  {{- `y` -}}  z", fns)).toBe("xyz");
    expect(renderTemplate("a{{/* note */}}b", fns)).toBe("ab");
    expect(() => renderTemplate("{{ tfstate `output.name` }}", { env: fns.env })).toThrow('function "tfstate" not defined');
    expect(() => renderTemplate("{{ ssm `/p` }}", fns)).toThrow('function "ssm" not defined');
    expect(() => renderTemplate("{{ must_env `A`", fns)).toThrow("unclosed action");
  });

  test("secretsmanager_arn needs a resolver", () => {
    expect(renderTemplate("{{ secretsmanager_arn `acme/dev/db` }}", { ...fns, secretsmanagerArn: (n) => `arn:secret:${n}-AbCdEf` })).toBe("arn:secret:acme/dev/db-AbCdEf");
    expect(() => renderTemplate("{{ secretsmanager_arn `x` }}", fns)).toThrow("secretsmanager_arn");
  });

  test("renderDefinition parses JSON; renderConfig parses YAML with env only", () => {
    expect(renderDefinition('{"n": "{{ platform_tfstate `output.name` }}"}', fns)).toEqual({ n: "acme-dev" });
    expect(() => renderDefinition('{"n": {{ platform_tfstate `output.name` }}}', fns)).toThrow("not valid JSON");
    expect(renderConfig("region: '{{ must_env \"A\" }}'\n", envOf({ A: "ap-northeast-1" }))).toEqual({ region: "ap-northeast-1" });
    expect(() => renderConfig("x: '{{ platform_tfstate \"output.name\" }}'\n", envOf({}))).toThrow('function "platform_tfstate" not defined');
  });
});

describe("lookupState (tfstate-lookup semantics)", () => {
  test.each([
    ["output.name", "acme-dev"],
    ["output.ids[1]", "subnet-b"],
    ["output.ids[-1]", "subnet-c"],
    ["output.obj.a.b", "deep"],
    ["output.hyphen-name", "h"],
    ["aws_lb_target_group.web.arn", "arn:tg"],
    ["aws_lb_target_group.web.port", 80],
    ['aws_subnet.private["a"].id', "subnet-a"],
    ["aws_instance.n[1].id", "i-1"],
    ["module.net.data.aws_vpc.this.id", "vpc-1"],
    ["data.terraform_remote_state.network.outputs.vpc_id", "vpc-9"],
  ])("%s", (key, want) => {
    expect(lookupState(state, key)).toEqual(want);
  });

  test("a counted/for_each resource without index is the list/map of its instances", () => {
    expect(lookupState(state, "aws_instance.n")).toEqual([{ id: "i-0" }, { id: "i-1" }]);
    expect(lookupState(state, "aws_subnet.private")).toEqual({ a: { id: "subnet-a" }, c: { id: "subnet-c" } });
  });

  test("missing things are undefined; malformed keys throw", () => {
    for (const k of ["output.nope", "output.ids[9]", "aws_lb_target_group.api.arn", 'aws_subnet.private["b"].id', "data.aws_vpc.this.id"]) {
      expect(lookupState(state, k)).toBeUndefined();
    }
    expect(() => lookupState(state, "output")).toThrow("invalid address");
    expect(() => lookupState(state, "aws_lb_target_group")).toThrow("invalid address");
  });
});

test("normalize mirrors ecspresso render: lower first letters, sorted keys, no nulls or empty arrays", () => {
  const got = normalize({ Z: 1, Family: "f", Volumes: [], Cpu: null, ContainerDefinitions: [{ DockerLabels: { "Com.Label": "x" }, LogConfiguration: { Options: { "awslogs-group": "g" } } }] });
  expect(JSON.stringify(got)).toBe(
    JSON.stringify({ containerDefinitions: [{ dockerLabels: { "Com.Label": "x" }, logConfiguration: { options: { "awslogs-group": "g" } } }], family: "f", z: 1 }),
  );
});
