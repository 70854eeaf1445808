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
# shellcheck source=scripts/lib/edge-env.sh
source "$REPO_ROOT/scripts/lib/edge-env.sh" # with scripts/lib/cli.sh (usage, die)
# CloudFront is a global service whose API lives in us-east-1.
CLOUDFRONT_REGION=us-east-1
# CloudFront accepts at most 3000 paths per invalidation (15 with wildcards in flight); stay well inside.
MAX_PATHS=100

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

load_facts "$env_name"
require_edge "$env_name"
use_aws "$env_name"
distribution_id=$(edge_output "$env_name" cloudfront_distribution_id '^[A-Z0-9]+$') || exit $?

printf 'invalidate.sh: %s: invalidating %s on distribution %s\n' "$env_name" "${paths[*]}" "$distribution_id" >&2
invalidation_id=$(aws cloudfront create-invalidation "${aws_endpoint[@]}" --region "$CLOUDFRONT_REGION" \
  --distribution-id "$distribution_id" --paths "${paths[@]}" --query Invalidation.Id --output text)
printf '%s\n' "$invalidation_id"

if ((wait_done)) && [[ -n $invalidation_id ]]; then
  aws cloudfront wait invalidation-completed "${aws_endpoint[@]}" --region "$CLOUDFRONT_REGION" \
    --distribution-id "$distribution_id" --id "$invalidation_id"
  printf 'invalidate.sh: %s completed\n' "$invalidation_id" >&2
fi
