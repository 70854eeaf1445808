/**
 * __tests__/runtime.js under `--coverage --coverageProvider=v8`: jest maps V8's ranges assuming its own
 * compileFunction (no wrapper before the module's text), so the runtime hands every module back to jest's compile;
 * with the vm.Script wrapper the ranges were shifted (a called function reported uncovered, an unused one covered).
 * A real jest run of one fixture (__tests__/fixtures/jest-runtime/v8-run/; not `coverage/`, which .gitignore drops).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const FIXTURE = join(__dirname, "..", "fixtures", "jest-runtime", "v8-run");

it("v8 coverage through the project's runtime names the lines that ran and the function that never did", () => {
  const out = mkdtempSync(join(tmpdir(), "jest-v8-coverage-"));
  try {
    const args = [join(ROOT, "node_modules", "jest", "bin", "jest.js"), "-c", join(FIXTURE, "jest.config.js"), "--ci", "--coverage", "--coverageProvider=v8", "--coverageReporters=json", `--coverageDirectory=${out}`, "--collectCoverageFrom=lib.js"];
    const r = spawnSync(process.execPath, args, { cwd: FIXTURE, encoding: "utf8" });
    expect(`${r.status} ${r.error ?? ""} ${r.stderr}`).toMatch(/^0 /);
    const coverage = JSON.parse(readFileSync(join(out, "coverage-final.json"), "utf8")) as Record<string, { fnMap: Record<string, { name: string }>; f: Record<string, number>; statementMap: Record<string, { start: { line: number } }>; s: Record<string, number> }>;
    const lib = coverage[join(FIXTURE, "lib.js")];
    const calls = Object.fromEntries(Object.entries(lib.fnMap).map(([k, f]) => [f.name, lib.f[k]]));
    expect(calls).toEqual(expect.objectContaining({ add: 1, unused: 0 }));
    const uncoveredLines = Object.entries(lib.s).filter(([, n]) => n === 0).map(([k]) => lib.statementMap[k].start.line);
    expect([...new Set(uncoveredLines)]).toEqual([6]); // the body of unused()
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
