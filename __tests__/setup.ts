import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "../foundation/cdk";

// cdktf's jest matchers (toHaveResource, toHaveResourceWithProperties, …).
Testing.setupJest();

// Terraform's plugin cache is not safe for concurrent inits, and jest runs test files in parallel workers: each
// worker that runs the real terraform gets its own cache (TF_PLUGIN_CACHE_DIR overrides the CLI config's).
const workerCache = join(__dirname, "..", ".tf-cache", `plugins-jest-${process.env.JEST_WORKER_ID ?? "0"}`);
mkdirSync(workerCache, { recursive: true });
process.env.TF_PLUGIN_CACHE_DIR = workerCache;
