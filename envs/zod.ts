/**
 * zod, as every schema of this project uses it: `jitless` (no `new Function` parser per object schema).
 *
 * Why: zod 4 compiles a specialized parser for an object schema the first time it parses, which pays back only
 * when one schema parses many values. Here each schema parses a handful of environments once per process (synth),
 * or once per test file (jest builds every schema again in each file's module registry), so the compile is pure
 * cost: `loadConfig()` of every environment measured 68 ms first / 32 ms again with the compiler and 50 ms / 18 ms
 * without (`node --require ./scripts/lib/app-register.cjs`, 3 runs each). Set here, before any schema is built:
 * zod reads the switch when an object schema is constructed. Import `z` from this file, never from "zod".
 */
import { z } from "zod";

z.config({ jitless: true });

export { z };
