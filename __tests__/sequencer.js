/**
 * jest's default order (failed first, then slowest first, by file size when no timings are cached — a clean
 * clone), regrouped around the run's shared synth, which a whole-suite run builds in the background from its start
 * (global-setup.ts): first the files that never read it (`allStacks(`/`stack(` of helpers/synth.ts), then those
 * that read it only inside tests (their other tests do useful work meanwhile), last those that read it while jest
 * collects them (module or describe level, indented at most two spaces), which wait for it before any test runs.
 */
const Sequencer = require("@jest/test-sequencer").default;
const { readFileSync } = require("node:fs");

const READ = /\b(allStacks|stack)\(/;

/** 0: never reads the shared synth; 1: only inside tests; 2: while the file is collected. */
function group(path) {
  const lines = readFileSync(path, "utf8").split("\n").filter((l) => READ.test(l));
  if (!lines.length) return 0;
  return lines.some((l) => /^ {0,2}\S/.test(l)) ? 2 : 1;
}

class SharedSynthLast extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    const groups = new Map(sorted.map((t) => [t, group(t.path)]));
    return [0, 1, 2].flatMap((g) => sorted.filter((t) => groups.get(t) === g));
  }
}

module.exports = SharedSynthLast;
