#!/usr/bin/env bash
# Bump the pinned ECS-optimized Amazon Linux 2023 AMI of one environment.
#
#   scripts/bump-ami.sh <env> [--dry-run]
#
# Reads AWS's public SSM parameter for the recommended AMI in the environment's region and rewrites
# `amiId` in envs/<system>/<env>.ts. Commit the change in a PR: `cdktf deploy <env>-platform` then publishes a new
# launch template version and the ASG's instance refresh replaces instances (managed draining moves tasks,
# min healthy % from cluster.instanceRefreshMinHealthyPercent). Nothing changes on an unrelated apply.
#
# Environment: AWS credentials for the environment's account (read-only ssm:GetParameter is enough);
# AMI_SSM_PARAMETER overrides the parameter (e.g. the arm64 one); ENVS_DIR overrides envs/ (tests).
set -euo pipefail

usage() { echo "usage: $0 <env> [--dry-run]" >&2; exit 2; }

[[ $# -ge 1 ]] || usage
env_name=$1
dry_run=false
[[ ${2:-} == "--dry-run" ]] && dry_run=true
[[ $# -le 2 ]] || usage
[[ $env_name =~ ^[a-z][a-z0-9-]*$ ]] || { echo "bump-ami: bad environment name '$env_name'" >&2; exit 2; }

repo_root=$(cd "$(dirname "$0")/.." && pwd)
envs_dir=${ENVS_DIR:-$repo_root/envs}
# The file that declares `name: "<env>"` (envs/<system>/<stage>.ts).
file=$(grep -rlE "^[[:space:]]*name: \"$env_name\"," "$envs_dir" --include='*.ts' 2>/dev/null | head -n 1 || true)
param=${AMI_SSM_PARAMETER:-/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id}

[[ -n $file && -f $file ]] || { echo "bump-ami: no environment file under $envs_dir declares name \"$env_name\"" >&2; exit 1; }
if grep -qE '^[[:space:]]*emulator:' "$file"; then
  echo "bump-ami: $env_name runs on the emulator and pins an AMI the emulator ships; not bumped" >&2
  exit 1
fi

region=$(sed -nE 's/^[[:space:]]*region: "([a-z0-9-]+)",.*/\1/p' "$file" | head -n 1)
current=$(sed -nE 's/^[[:space:]]*amiId: "(ami-[0-9a-f]+)",.*/\1/p' "$file" | head -n 1)
[[ -n $region ]] || { echo "bump-ami: no region found in $file" >&2; exit 1; }
[[ -n $current ]] || { echo "bump-ami: no amiId found in $file" >&2; exit 1; }

latest=$(aws ssm get-parameter --region "$region" --name "$param" --query Parameter.Value --output text)
if ! [[ $latest =~ ^ami-[0-9a-f]{8,17}$ ]]; then
  echo "bump-ami: $param in $region returned '$latest', not an AMI id" >&2
  exit 1
fi

if [[ $latest == "$current" ]]; then
  echo "$env_name: $current is already the recommended AMI ($param, $region)"
  exit 0
fi
echo "$env_name: $current -> $latest ($param, $region)"
if $dry_run; then
  exit 0
fi
tmp=$(mktemp)
sed -E "s/^([[:space:]]*amiId: \")$current(\",.*)$/\1$latest\2/" "$file" >"$tmp"
if ! grep -q "amiId: \"$latest\"" "$tmp"; then
  rm -f "$tmp"
  echo "bump-ami: could not rewrite amiId in $file" >&2
  exit 1
fi
cat "$tmp" >"$file"
rm -f "$tmp"
echo "updated $file; open a PR, then deploy $env_name-platform (instance refresh replaces the instances)"
