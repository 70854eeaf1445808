/**
 * Every committed diagram (docs/architecture/<env>.md, `npm run diagram`) parses with mermaid's own parser,
 * headless (scripts/lib/mermaid-check.mjs: mermaid in happy-dom, a node process per check), and a broken one fails
 * naming the file. The generation and what the diagrams show: __tests__/diagram.test.ts.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../envs";
import { DIAGRAM_DIR } from "../../scripts/diagram";
import { REPO_ROOT } from "../../scripts/lib/terraform";

const { envs } = loadConfig();

describe("mermaid parses every diagram (mermaid's parser, headless)", () => {
  const check = (files: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, "scripts/lib/mermaid-check.mjs"), ...files], { encoding: "utf8", timeout: 60_000 });

  it("every committed diagram, and a broken one fails naming the file", () => {
    const dir = mkdtempSync(join(tmpdir(), "mermaid-"));
    try {
      const broken = join(dir, "broken.md");
      writeFileSync(broken, "```mermaid\nflowchart TB\n  a[\"unclosed --> b\n  end\n```\n");
      const good = envs.map((e) => join(REPO_ROOT, DIAGRAM_DIR, `${e.name}.md`));
      const ok = check(good);
      expect([ok.status, ok.stderr]).toEqual([0, ""]);
      for (const f of good) expect(ok.stdout).toContain(`${f}: ok (flowchart-v2, block 1)`);
      const bad = check([broken]);
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(new RegExp(`${broken.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: block 1 does not parse`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
