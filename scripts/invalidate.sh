#!/usr/bin/env bash
# Invalidate paths of an environment's CloudFront distribution (the `<env>-edge` stack).
#
#   scripts/invalidate.sh [--wait] <env> <path> [<path>…]
#
#   scripts/invalidate.sh staging '/*'              what the deploy flow runs after a frontend rollout
#   scripts/invalidate.sh --wait prod /about /blog/*
#
# Quote wildcard paths ('/*'), or the shell expands them against your filesystem. Each path starts with `/`;
# `*` may only end it. `/_next/static/*` needs no invalidation: those file names are content hashes.
# The distribution id is read from the edge stack's state (scripts/state.sh <env> edge lookup
# output.cloudfront_distribution_id); the environment's emulator endpoint is used when it has one.
# Options:
#   --wait        block until CloudFront reports the invalidation Completed
# Exit codes: 0 ok; 2 bad input (unknown env, no or malformed paths, edge disabled); 3 no usable AWS
# credentials; 127 aws/node missing; otherwise the failing command's own.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# CloudFront is a global service whose API lives in us-east-1.
CLOUDFRONT_REGION=us-east-1
# CloudFront accepts at most 3000 paths per invalidation (15 with wildcards in flight); stay well inside.
MAX_PATHS=100

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
}

die() {
  local code=$1
  shift
  printf 'invalidate.sh: %s\n' "$*" >&2
  exit "$code"
}

wait_done=0
positional=()
for a in "$@"; do
  case $a in
    -h | --help)
      usage
      exit 0
      ;;
    --wait) wait_done=1 ;;
    -*) die 2 "unknown option \"$a\"; options: --wait" ;;
    *) positional+=("$a") ;;
  esac
done

if [[ ${#positional[@]} -lt 1 ]]; then
  usage >&2
  die 2 "expected <env> <path> [<path>…]; got no environment"
fi
env_name=${positional[0]}
paths=("${positional[@]:1}")
if [[ ${#paths[@]} -eq 0 ]]; then
  die 2 "no paths to invalidate for $env_name; name at least one, e.g. '/*' (quoted) after a frontend deploy"
fi
if [[ ${#paths[@]} -gt $MAX_PATHS ]]; then
  die 2 "${#paths[@]} paths; at most $MAX_PATHS per call (use a wildcard such as '/blog/*')"
fi
for p in "${paths[@]}"; do
  [[ $p == /* ]] || die 2 "path \"$p\" must start with / (e.g. /index.html or '/*')"
  # A `*` anywhere but the end is taken literally by CloudFront: almost certainly a mistake.
  [[ ${p%\*} != *\** ]] || die 2 "path \"$p\": * is only allowed as the last character"
done

command -v node >/dev/null 2>&1 || die 127 "node not found on PATH (Node 20, see .nvmrc)"
facts=$(cd "$REPO_ROOT" && node --require tsx/cjs "$REPO_ROOT/scripts/lib/env-facts.ts" "$env_name") || exit $?
declare -A F=()
while IFS= read -r line; do
  [[ -n $line ]] && F[${line%%=*}]=${line#*=}
done <<<"$facts"
[[ ${F[EDGE_ENABLED]:-true} == true ]] || die 2 "$env_name has no edge stack (edge.enabled is false in envs/$env_name.ts)"

command -v aws >/dev/null 2>&1 || die 127 "aws (AWS CLI) not found on PATH: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html"
if [[ -n ${F[EMULATOR_ENDPOINT]:-} ]]; then
  export AWS_ENDPOINT_URL=${F[EMULATOR_ENDPOINT]}
  export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-${F[EMULATOR_ACCESS_KEY]}}
  export AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-${F[EMULATOR_SECRET_KEY]}}
fi
# Endpoint passed explicitly too: AWS CLI v1 ignores AWS_ENDPOINT_URL.
endpoint=()
[[ -n ${F[EMULATOR_ENDPOINT]:-} ]] && endpoint=(--endpoint-url "${F[EMULATOR_ENDPOINT]}")

if ! account=$(aws sts get-caller-identity "${endpoint[@]}" --region "${F[AWS_REGION]}" --query Account --output text 2>&1); then
  die 3 "no usable AWS credentials for $env_name (aws sts get-caller-identity failed: ${account##*$'\n'}). CI: configure-aws-credentials with the environment's deploy role; locally: AWS_PROFILE."
fi
[[ $account == "${F[ACCOUNT_ID]}" ]] || die 3 "AWS credentials are for account $account, but $env_name lives in account ${F[ACCOUNT_ID]}"

distribution_id=$("$REPO_ROOT/scripts/state.sh" "$env_name" edge lookup output.cloudfront_distribution_id) ||
  die 1 "could not read cloudfront_distribution_id from the $env_name-edge state (applied yet? see above)"
[[ $distribution_id =~ ^[A-Z0-9]+$ ]] ||
  die 1 "the $env_name-edge state has no usable cloudfront_distribution_id (got \"$distribution_id\"); apply $env_name-edge first"

printf 'invalidate.sh: %s: invalidating %s on distribution %s\n' "$env_name" "${paths[*]}" "$distribution_id" >&2
invalidation_id=$(aws cloudfront create-invalidation "${endpoint[@]}" --region "$CLOUDFRONT_REGION" \
  --distribution-id "$distribution_id" --paths "${paths[@]}" --query Invalidation.Id --output text)
printf '%s\n' "$invalidation_id"

if ((wait_done)) && [[ -n $invalidation_id ]]; then
  aws cloudfront wait invalidation-completed "${endpoint[@]}" --region "$CLOUDFRONT_REGION" \
    --distribution-id "$distribution_id" --id "$invalidation_id"
  printf 'invalidate.sh: %s completed\n' "$invalidation_id" >&2
fi
