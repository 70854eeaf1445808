/**
 * Layers without back-edges: foundation → envs → modules → src/stacks → src → scripts. Every import in the repo.
 */
import { importsOf, layerOf, layerViolations, repositorySources, REPO } from "./helpers/layers";

describe("layering", () => {
  const files = repositorySources(REPO);

  test("the repository has files in every layer (the walk sees the code)", () => {
    const layers = new Set(files.map((f) => layerOf(f.path)));
    for (const l of ["foundation", "envs", "modules", "src/stacks", "src", "scripts"]) expect(layers).toContain(l);
    expect(files.length).toBeGreaterThan(100);
  });

  test("no lower layer imports a higher one; only foundation/cdk.ts imports cdktf/constructs", () => {
    expect(layerViolations(files)).toEqual([]);
  });
});

describe("the checker itself", () => {
  test("layers by path: src/stacks before src, main.ts with scripts, tests outside", () => {
    expect(layerOf("foundation/names.ts")).toBe("foundation");
    expect(layerOf("src/stacks/platform-stack.ts")).toBe("src/stacks");
    expect(layerOf("src/ecspresso/taskdef.ts")).toBe("src");
    expect(layerOf("main.ts")).toBe("scripts");
    expect(layerOf("__tests__/x.test.ts")).toBeUndefined();
  });

  test("reads static, re-export, dynamic and require imports", () => {
    const text = 'import a from "./a";\nexport { b } from "../b";\nconst c = await import("./c");\nconst d = require("./d");\nimport type { E } from "./e";';
    expect(importsOf(text)).toEqual(["./a", "../b", "./c", "./d", "./e"]);
  });

  test("fails on upward imports, passes downward ones", () => {
    const bad = [
      { path: "foundation/names.ts", text: 'import { x } from "../envs/schema";' },
      { path: "envs/validate.ts", text: 'import type { Y } from "../modules/alb";' },
      { path: "modules/alb/index.ts", text: 'import { z } from "../../src/stacks/env-stack";' },
      { path: "src/stacks/platform-stack.ts", text: 'import { a } from "../app";' },
      { path: "src/run.ts", text: 'import { readStacks } from "../scripts/lib/synth";' },
      { path: "modules/kms/index.ts", text: 'import { Construct } from "constructs";' },
      { path: "src/app.ts", text: 'import { helper } from "../__tests__/helpers/synth";' },
    ];
    expect(layerViolations(bad)).toEqual([
      "foundation/names.ts → envs/schema (foundation imports envs)",
      "envs/validate.ts → modules/alb (envs imports modules)",
      "modules/alb/index.ts → src/stacks/env-stack (modules imports src/stacks)",
      "src/stacks/platform-stack.ts → src/app (src/stacks imports src)",
      "src/run.ts → scripts/lib/synth (src imports scripts)",
      "modules/kms/index.ts → constructs (only foundation/cdk.ts imports cdktf/constructs)",
      "src/app.ts → __tests__/helpers/synth (application code imports a test file)",
    ]);
    const good = [
      { path: "scripts/lib/synth.ts", text: 'import { buildApp } from "../../src/app";\nimport { App } from "../../foundation/cdk";' },
      { path: "src/stacks/platform-stack.ts", text: 'import { ServiceInfra } from "../../modules/ecs-service";' },
      { path: "__tests__/x.test.ts", text: 'import { main } from "../scripts/gen-ecspresso";' },
      { path: "foundation/cdk.ts", text: 'export { App } from "cdktf";' },
    ];
    expect(layerViolations(good)).toEqual([]);
  });
});
