# shellcheck shell=bash
# Shared by the scripts that act on an environment's edge stack (scripts/invalidate.sh, scripts/upload-static.sh):
# environment facts from envs/, the emulator endpoint, the credential check and one edge state output, with the
# same messages and exit codes everywhere (2 bad input, 3 credentials, 127 missing tool, 1 unusable state).
# Built on scripts/lib/cli.sh (read_facts, use_emulator_endpoint, check_credentials, die); the sourcing script sets
# REPO_ROOT.

# shellcheck source=scripts/lib/cli.sh
source "$REPO_ROOT/scripts/lib/cli.sh"

# load_facts <env> [service]: fill the global associative array F with scripts/lib/env-facts.ts's KEY=value lines
# (that script exits 2 naming the known environments/services, 1 for invalid config; passed through).
load_facts() { read_facts env-facts.ts "$@"; }

# require_edge <env>: exit 2 unless the environment has an edge stack.
require_edge() {
  [[ ${F[EDGE_ENABLED]:-true} == true ]] || die 2 "$1 has no edge stack (edge.enabled is false in envs/$1.ts)"
}

# use_aws <env>: the AWS CLI is present (127), points at the emulator when the environment has one (exports its
# test credentials; sets the array aws_endpoint, because AWS CLI v1 ignores AWS_ENDPOINT_URL), and holds
# credentials for the environment's account (3).
use_aws() {
  command -v aws >/dev/null 2>&1 || die 127 "aws (AWS CLI) not found on PATH: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html"
  use_emulator_endpoint
  check_credentials "$1"
}

# edge_output <env> <output name> <regex>: print the `<env>-edge` stack's output (scripts/state.sh lookup), or exit 1
# naming the stack when it cannot be read or does not match the regex (not applied yet).
edge_output() {
  local env_name=$1 name=$2 re=$3 value
  value=$("$REPO_ROOT/scripts/state.sh" "$env_name" edge lookup "output.$name") ||
    die 1 "could not read $name from the $env_name-edge state (applied yet? see above)"
  [[ $value =~ $re ]] ||
    die 1 "the $env_name-edge state has no usable $name (got \"$value\"); apply $env_name-edge first"
  printf '%s\n' "$value"
}
