// Flat config. The one project-specific rule: provider classes are imported one per path
// (`@cdktf/provider-aws/lib/vpc`), never from the package root, which loads every binding
// (seconds and ~1 GB per process).
import tseslint from "typescript-eslint";

const providerRootBan = {
  paths: [
    { name: "@cdktf/provider-aws", message: "Import one class per path: @cdktf/provider-aws/lib/<resource>." },
    { name: "@cdktf/provider-github", message: "Import one class per path: @cdktf/provider-github/lib/<resource>." },
  ],
  patterns: [
    { regex: "^@cdktf/provider-(aws|github)(/lib(/index(\\.js)?)?)?/?$", message: "Import one class per path: .../lib/<resource>." },
  ],
};

export default tseslint.config(
  { ignores: ["node_modules/**", "cdktf.out/**", ".bench/**", ".tf-cache/**", ".emulator/**", "coverage/**", "**/*.js", "**/*.mjs"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", providerRootBan],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
);
