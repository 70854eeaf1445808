/**
 * `npm run test:integration` (a step of `npm test`): the suites that drive real external programs — terraform,
 * moto, eslint's and the synth's CLIs, shellcheck and the workflow linter over the tree, the bash scripts under test
 * (with stub tools on PATH), mermaid's parser over the committed diagrams. Kept out of `npx jest`
 * so the unit suite stays fast; every assertion here still runs in `npm test`.
 * @type {import('jest').Config}
 */
module.exports = {
  ...require("./jest.config"),
  roots: ["<rootDir>/__tests__/integration"],
  testPathIgnorePatterns: ["/node_modules/"],
};
