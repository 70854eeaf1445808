/**
 * `npx jest`: the fast unit suite (target ≤ 15 s wall on 2 cores). Suites that drive real external programs
 * (terraform, moto, eslint's CLI, shellcheck over the tree, the synth CLI, the bash scripts under test with stub
 * tools, mermaid's parser) live in __tests__/integration/ and run
 * in `npm test`'s later step (`npm run test:integration`, jest.integration.config.js).
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: "node",
  // The same transform as the synth's preload (scripts/lib/swc-options.cjs).
  transform: { "^.+\\.ts$": ["@swc/jest", require("./scripts/lib/swc-options.cjs")] },
  // 2 cores on CI machines.
  maxWorkers: 2,
  // Modules compiled with vm.Script so V8 caches them across test files (why and what it changes: the file).
  runtime: "<rootDir>/__tests__/runtime.js",
  testTimeout: 120000,
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  // One synth of the real configuration per run, shared by every file and worker (__tests__/helpers/synth.ts).
  globalSetup: "<rootDir>/__tests__/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/global-teardown.ts",
  // Files that wait for that synth run after the ones that do not.
  testSequencer: "<rootDir>/__tests__/sequencer.js",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/__tests__/integration/"],
};
