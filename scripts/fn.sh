#!/usr/bin/env bash
# Function code rollouts with lambroll (fujiwara/lambroll v1) over the generated definitions in
# functions/<env>/<function>/function.json. Terraform (<env>-serverless) owns the function's infrastructure and
# created it from the bootstrap package; lambroll owns its code, published versions and the alias `current`.
#
#   scripts/fn.sh <env> <function> <verb> [options] [-- <extra lambroll args>]
#
# Verbs (lambroll command run):
#   deploy    --src <dir> required       lambroll deploy --src <dir> --alias current (publishes a version, moves the alias)
#   diff      --src <dir> required       lambroll diff --src <dir>
#   rollback  [--delete-version]         lambroll rollback (alias `current` back to the previous version)
#   status                               lambroll status
#   versions                             lambroll versions
#   render                               lambroll render (function.json with the tfstate lookups resolved)
# Options:
#   --src <dir>                          directory with the function's code (zipped by lambroll; .lambdaignore honoured)
#   --delete-version                     rollback: delete the version rolled back from
#   --dry-run                            deploy/rollback: lambroll --dry-run
#
# Environment facts (region, state URL, function name, emulator endpoint) come from envs/ through
# scripts/lib/fn-facts.ts. lambroll resolves role, key, DLQ, environment and subnets from the serverless stack's
# state (--tfstate), so a deploy sends exactly what Terraform set.
#
# Exit codes: lambroll's own once it runs; before that 2 = bad input (unknown env, function, verb or option,
# missing or empty --src), 3 = no usable AWS credentials, 127 = lambroll/node missing.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VERBS="deploy diff rollback status versions render"
export PATH="$REPO_ROOT/.tools/bin:$PATH"

# shellcheck source=scripts/lib/cli.sh
source "$REPO_ROOT/scripts/lib/cli.sh"

expect_args 3 "<env> <function> <verb>" "$@"
env_name=$1
fn=$2
verb=$3
shift 3
expect_verb "$verb" "$VERBS"

src="" dry_run=0 delete_version=0
passthrough=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --src) need_value "$1" $# "${2:-}"; src=$2; shift 2 ;;
    --src=*) src=${1#*=}; shift ;;
    --dry-run) dry_run=1; shift ;;
    --delete-version) delete_version=1; shift ;;
    --) shift; passthrough=("$@"); break ;;
    *) die 2 "unknown option \"$1\" for $verb (run scripts/fn.sh --help)" ;;
  esac
done

# --- facts from envs/ (exit 2 with the known names for an unknown env or function) -------------------------
read_facts fn-facts.ts "$env_name" "$fn"

# --- option checks ------------------------------------------------------------------------------------------
case $verb in
  deploy | diff)
    [[ -n $src ]] || die 2 "$verb needs --src <dir> (the function's code)"
    [[ -d $src ]] || die 2 "--src \"$src\" is not a directory"
    [[ -n $(find "$src" -mindepth 1 -maxdepth 1 -print -quit) ]] || die 2 "--src \"$src\" is empty"
    ;;
  *) [[ -z $src ]] || die 2 "--src applies to deploy and diff, not $verb" ;;
esac
case $verb in
  deploy | rollback) ;;
  *) ((dry_run == 0)) || die 2 "--dry-run applies to deploy and rollback, not $verb" ;;
esac
[[ $verb == rollback || $delete_version == 0 ]] || die 2 "--delete-version applies to rollback, not $verb"
[[ -f $REPO_ROOT/${F[FUNCTION_FILE]} ]] || die 2 "${F[FUNCTION_FILE]} is missing: run npm run functions:gen and commit"

# --- tools and credentials --------------------------------------------------------------------------------------
command -v lambroll >/dev/null 2>&1 ||
  die 127 "lambroll not found on PATH (.tools/bin first). Install the pinned v1: scripts/tools.sh lambroll"

export AWS_REGION=${F[AWS_REGION]}
use_emulator_endpoint
check_credentials "$env_name"

cmd=(lambroll "$verb" --function "$REPO_ROOT/${F[FUNCTION_FILE]}" --tfstate "${F[TFSTATE_URL]}" --region "$AWS_REGION")
[[ -z ${F[EMULATOR_ENDPOINT]:-} ]] || cmd+=(--endpoint "${F[EMULATOR_ENDPOINT]}")
case $verb in
  deploy) cmd+=(--src "$src" --alias "${F[ALIAS]}") ;;
  diff) cmd+=(--src "$src") ;;
esac
((dry_run == 0)) || cmd+=(--dry-run)
((delete_version == 0)) || cmd+=(--delete-version)
printf 'fn.sh: %s\n' "${cmd[*]} ${passthrough[*]:-}" >&2
exec "${cmd[@]}" "${passthrough[@]}"
