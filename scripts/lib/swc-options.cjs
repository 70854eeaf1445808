// The one TypeScript → JavaScript transform of this repository's sources, used by jest (jest.config.js, through
// @swc/jest) and by the synth's preload (scripts/lib/app-register.cjs): the synth runs the JavaScript the tests run.
// ES2022 and CommonJS, as tsconfig.json (whose `tsc --noEmit` is the type check; swc only strips types).
// swc's CommonJS output interoperates with default imports the way tsconfig's `esModuleInterop` does.
module.exports = { jsc: { target: "es2022", parser: { syntax: "typescript" } } };
