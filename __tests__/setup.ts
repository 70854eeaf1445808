import { mkdirSync } from "node:fs";
import { join } from "node:path";

// cdktf's jest matchers (toHaveResource, toHaveResourceWithProperties, …; types in jest-matchers.d.ts), loaded on
// first use: importing cdktf costs a few hundred ms of CPU per test file, and most files never call them.
// Testing.setupJest() passes the matchers to expect.extend; capture them there and delegate.
const CDKTF_MATCHERS = [
  "toHaveResource",
  "toHaveResourceWithProperties",
  "toHaveDataSource",
  "toHaveDataSourceWithProperties",
  "toHaveProvider",
  "toHaveProviderWithProperties",
  "toBeValidTerraform",
  "toPlanSuccessfully",
] as const;
type Matcher = (this: jest.MatcherContext, ...args: unknown[]) => jest.CustomMatcherResult;
let cdktfMatchers: Record<string, Matcher> | undefined;
function loadCdktfMatchers(): Record<string, Matcher> {
  if (!cdktfMatchers) {
    const extend = expect.extend;
    let captured: Record<string, Matcher> = {};
    expect.extend = (m) => void (captured = m as unknown as Record<string, Matcher>);
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      (require("../foundation/cdk") as typeof import("../foundation/cdk")).Testing.setupJest();
    } finally {
      expect.extend = extend;
    }
    for (const name of CDKTF_MATCHERS) if (typeof captured[name] !== "function") throw new Error(`cdktf's Testing.setupJest() no longer registers ${name}`);
    cdktfMatchers = captured;
  }
  return cdktfMatchers;
}
expect.extend(
  Object.fromEntries(
    CDKTF_MATCHERS.map((name) => [
      name,
      function (this: jest.MatcherContext, ...args: unknown[]) {
        return loadCdktfMatchers()[name].apply(this, args);
      },
    ]),
  ),
);

// Terraform's plugin cache is not safe for concurrent inits, and jest runs test files in parallel workers: each
// worker that runs the real terraform gets its own cache (TF_PLUGIN_CACHE_DIR overrides the CLI config's).
const workerCache = join(__dirname, "..", ".tf-cache", `plugins-jest-${process.env.JEST_WORKER_ID ?? "0"}`);
mkdirSync(workerCache, { recursive: true });
process.env.TF_PLUGIN_CACHE_DIR = workerCache;
