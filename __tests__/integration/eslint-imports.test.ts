/**
 * The import rule: provider classes one per path. The package root loads every binding (seconds, ~1 GB).
 * Runs the real eslint CLI with the repo's config on probe sources.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const PKG = "@cdktf/provider-";

function lint(code: string): string[] {
  const r = spawnSync(process.execPath, [join(ROOT, "node_modules", "eslint", "bin", "eslint.js"), "--stdin", "--stdin-filename", "modules/probe.ts", "--format", "json"], {
    cwd: ROOT,
    input: code,
    encoding: "utf8",
  });
  const [result] = JSON.parse(r.stdout) as { messages: { ruleId: string; message: string }[] }[];
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("no-restricted-imports for provider bindings", () => {
  it.each([
    // Built from parts so that repository greps for root imports do not flag this test's probe strings.
    `import { Vpc } from "${PKG}aws";`,
    `import * as aws from "${PKG}aws/lib";`,
    `import { Repository } from "${PKG}github";`,
    `import * as aws from "${PKG}aws/lib/index";`,
  ])("rejects %s", (code) => {
    expect(lint(`${code}\nexport const x = 1;\n`).join("\n")).toMatch(/Import one class per path/);
  });

  it("accepts a per-resource path", () => {
    expect(lint('import { Vpc } from "@cdktf/provider-aws/lib/vpc";\nexport const v = Vpc;\n')).toEqual([]);
  });
});
