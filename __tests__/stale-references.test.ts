/**
 * No stale references: nothing in the repository cites a path of a particular machine or a document that is not
 * in the repository (facts are stated where used or kept in docs/).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { REPO } from "./helpers/layers";

const SKIP = new Set(["node_modules", ".git", ".tools", "cdktf.out", ".tf-cache", ".gen", "coverage", ".emulator", ".bench", "package-lock.json"]);
const TEXT = /\.(ts|mts|mjs|js|json|md|sh|py|yml|yaml|txt)$/;

// Built from parts so this file does not match itself.
const FORBIDDEN: [RegExp, string][] = [
  [new RegExp(["", "work", ""].join("/")), "an absolute path of one machine"],
  [new RegExp(["", "root", ""].join("/")), "an absolute path of one machine"],
  [new RegExp(["shared", "(reference|design)"].join("/")), "a document outside the repository"],
  [new RegExp(["design", "00\\d"].join("/")), "a document outside the repository"],
  [new RegExp(["aws-ecs", "facts"].join("-")), "a document outside the repository"],
  [new RegExp(["security", "rules(\\.md)? §"].join("-")), "a document outside the repository"],
  [new RegExp(["reference", "(ecspresso\\.md )?§"].join(" ")), "a section of a document outside the repository"],
];

export function staleReferences(files: readonly { path: string; text: string }[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    f.text.split("\n").forEach((line, i) => {
      for (const [re, why] of FORBIDDEN) if (re.test(line)) out.push(`${f.path}:${i + 1}: ${why}: ${line.trim().slice(0, 100)}`);
    });
  }
  return out;
}

function textFiles(root: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (SKIP.has(name)) continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (TEXT.test(name)) out.push({ path: relative(root, p), text: readFileSync(p, "utf8") });
    }
  };
  walk(root);
  return out;
}

test("no file cites a machine path or a document outside the repository", () => {
  expect(staleReferences(textFiles(REPO))).toEqual([]);
});

test("the check finds each kind (so the test above can fail)", () => {
  const bad = [
    ["/", "work/shared/x"].join(""),
    ["/", "root/.cache"].join(""),
    ["../shared/", "reference/ecspresso.md"].join(""),
    ["design/", "002_web.txt"].join(""),
    ["aws-ecs-", "facts §1.2"].join(""),
    ["security-", "rules.md §6"].join(""),
    ["reference", " §4"].join(""),
  ];
  expect(staleReferences(bad.map((text, i) => ({ path: `f${i}`, text })))).toHaveLength(bad.length);
});
