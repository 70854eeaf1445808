/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } } }] },
  // Synth-heavy suites share one worker pool; 2 cores on CI machines.
  maxWorkers: 2,
  testTimeout: 120000,
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
};
