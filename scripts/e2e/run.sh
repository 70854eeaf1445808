#!/usr/bin/env bash
# npm run test:e2e — the end-to-end suite against a fresh AWS emulator (scripts/e2e/run.ts), which is stopped
# afterwards whatever happens (scripts/emulator/with-emulator.sh traps EXIT, INT and TERM).
# Needs terraform >= 1.10 on PATH and moto[server] 5.x + the AWS CLI in python3. No AWS account.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

if [[ -f .emulator/pid ]] && kill -0 "$(cat .emulator/pid)" 2>/dev/null; then
  echo "test:e2e needs a fresh emulator, but one is running (pid $(cat .emulator/pid), $(cat .emulator/endpoint 2>/dev/null))." >&2
  echo "Run 'npm run local:down' first (it destroys the local stacks and stops it)." >&2
  exit 1
fi
for tool in terraform aws python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "test:e2e: $tool is not on PATH" >&2; exit 1; }
done

# The rollout tools the e2e drives (ecspresso, pinned in scripts/tools.sh) into .tools/, as `npm run tools` does
# for the test tools: after the README's install, `npm run test:e2e` needs nothing else. Idempotent (version
# stamps: well under a second once installed); a tool that cannot be installed stops here, naming the command.
bash scripts/tools.sh e2e

start=$(date +%s)
status=0
scripts/emulator/with-emulator.sh node --require tsx/cjs scripts/e2e/run.ts || status=$?
echo "test:e2e finished in $(($(date +%s) - start)) s (exit $status)"
exit "$status"
