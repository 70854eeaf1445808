#!/usr/bin/env bash
# Run a command against a fresh emulator and stop the emulator afterwards, also when the command fails or
# is interrupted:
#   scripts/emulator/with-emulator.sh <command> [args…]
# The command sees LOCAL_AWS_ENDPOINT (read by envs/web/local.ts) and AWS_* variables for the AWS CLI.
# An emulator that was already running is reused and left running.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${EMULATOR_DIR:-$repo/.emulator}"

started=0
if [[ -f "$dir/pid" ]] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
  echo "reusing the running emulator (pid $(cat "$dir/pid"))"
else
  started=1
fi
cleanup() {
  if [[ "$started" == 1 ]]; then "$repo/scripts/emulator/stop.sh"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

endpoint="$("$repo/scripts/emulator/start.sh")"
echo "emulator: $endpoint (pid $(cat "$dir/pid"))"
# shellcheck source=scripts/emulator/env.sh
source "$repo/scripts/emulator/env.sh"
"$@"
