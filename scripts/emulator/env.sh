#!/usr/bin/env bash
# Source after scripts/emulator/start.sh: points envs/web/local.ts and the AWS CLI at the running emulator.
# Static test credentials: the emulator accepts any; they never leave this machine.
_emulator_dir="${EMULATOR_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.emulator}"
if [[ ! -s "$_emulator_dir/endpoint" ]]; then
  echo "no emulator is running (missing $_emulator_dir/endpoint); run scripts/emulator/start.sh" >&2
  # Sourced (the normal use): return; executed directly: exit.
  # shellcheck disable=SC2317
  return 1 2>/dev/null || exit 1
fi
LOCAL_AWS_ENDPOINT="$(cat "$_emulator_dir/endpoint")"
export LOCAL_AWS_ENDPOINT
export AWS_ENDPOINT_URL="$LOCAL_AWS_ENDPOINT"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=ap-northeast-1 AWS_DEFAULT_REGION=ap-northeast-1
unset AWS_PROFILE AWS_SESSION_TOKEN
unset _emulator_dir
