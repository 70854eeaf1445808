/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload, loaded with node --require */
// Preload of the cdktf app command (cdktf.json `app`, `npm run synth`): tsx's CommonJS hook for the TypeScript
// sources, then source maps off again. tsx turns Node's source-map support on at register, and Node then parses the
// inline source map of every module it loads — each of the ~400 provider, cdktf and constructs files this app
// requires carries one — which measured 0.55 s of CPU per full synth (npm run bench). Synth errors are ConfigErrors
// that name the field path, not stack traces, and the synthesized JSON holds no stack positions.
require("tsx/cjs");
process.setSourceMapsEnabled(false);
