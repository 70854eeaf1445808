#!/usr/bin/env bash
# Upload a build's hashed static files to an environment's static bucket (the `<env>-edge` stack), which CloudFront
# serves as `/_next/static/*`.
#
#   scripts/upload-static.sh <env> <dir>
#
#   scripts/upload-static.sh staging ./static       <dir> = the contents of .next/static (chunks/, css/, <buildId>/)
#
# Runs BEFORE the ECS deploy of the service (the deploy flow does, .github/workflows/_app-rollout.yml): the new
# HTML must never reference files that are not there yet. The bucket name is read from the edge stack's state
# (scripts/state.sh <env> edge lookup output.static_bucket_name); the environment's emulator endpoint is used when it
# has one. Runs `aws s3 sync <dir> s3://<bucket>/_next/static/` with a one-year immutable Cache-Control, and never
# with --delete: pages still cached by browsers and CloudFront reference the previous build's file names, which
# must stay. Names are content hashes, so a file is never replaced by different content. Old builds' files stay
# (the bucket expires only noncurrent versions, after 30 days: modules/edge/static-assets.ts); see docs/edge.md.
# Exit codes: 0 ok; 2 bad input (unknown env, missing or empty directory, edge disabled); 3 no usable AWS
# credentials; 127 aws/node missing; 1 no bucket in the edge state; otherwise aws's own.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/edge-env.sh
source "$REPO_ROOT/scripts/lib/edge-env.sh" # with scripts/lib/cli.sh (usage, die)
# Hashed names never change content: browsers and CloudFront may keep them for a year without revalidating.
CACHE_CONTROL="public,max-age=31536000,immutable"
KEY_PREFIX="_next/static/"

positional=()
for a in "$@"; do
  case $a in
    -h | --help)
      usage
      exit 0
      ;;
    -*) die 2 "unknown option \"$a\"; usage: scripts/upload-static.sh <env> <dir>" ;;
    *) positional+=("$a") ;;
  esac
done
[[ ${#positional[@]} -eq 2 ]] || {
  usage >&2
  die 2 "expected <env> <dir>; got ${#positional[@]} argument(s)"
}
env_name=${positional[0]}
dir=${positional[1]}
[[ -d $dir ]] || die 2 "\"$dir\" is not a directory (the contents of the build's .next/static)"
# An empty directory would "succeed" and leave the new pages without their files: almost certainly a wrong path.
[[ -n $(find "$dir" -type f -print -quit) ]] || die 2 "\"$dir\" contains no files; expected the build's .next/static (chunks/, css/, …)"

load_facts "$env_name"
require_edge "$env_name"
use_aws "$env_name"
# S3 bucket names: 3–63 lower-case letters, digits, dots and hyphens.
bucket=$(edge_output "$env_name" static_bucket_name '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$') || exit $?

printf 'upload-static.sh: %s: syncing %s to s3://%s/%s (no --delete)\n' "$env_name" "$dir" "$bucket" "$KEY_PREFIX" >&2
aws s3 sync "$dir" "s3://$bucket/$KEY_PREFIX" --cache-control "$CACHE_CONTROL" \
  --region "${F[AWS_REGION]}" --no-progress "${aws_endpoint[@]}"
