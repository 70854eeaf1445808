/**
 * jest's default order (failed first, then slowest first, by file size when no timings are cached — a clean
 * clone), with one change: files that read the run's shared synth (`allStacks(`/`stack(` of helpers/synth.ts) go
 * after the files that do not. A whole-suite run synthesizes in the background from its start (global-setup.ts);
 * the workers spend that time on files that do not wait for it.
 */
const Sequencer = require("@jest/test-sequencer").default;
const { readFileSync } = require("node:fs");

const READS_SHARED_SYNTH = /\b(allStacks|stack)\(/;

class SharedSynthLast extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    const reads = new Map(sorted.map((t) => [t, READS_SHARED_SYNTH.test(readFileSync(t.path, "utf8"))]));
    return [...sorted.filter((t) => !reads.get(t)), ...sorted.filter((t) => reads.get(t))];
  }
}

module.exports = SharedSynthLast;
