# shellcheck shell=bash
# Shared by the CLI scripts in scripts/ (app.sh, fn.sh, state.sh, invalidate.sh, upload-static.sh): the usage text
# is the script's own header comment (so help and code never drift apart), errors carry the script's name and a
# deliberate exit code, and every script that acts on an environment (app.sh, fn.sh, scripts/lib/edge-env.sh's)
# reads envs/ facts and checks credentials alike.

# usage: print the calling script's header comment (line 2 up to `set -euo pipefail`), without the `# `.
usage() {
  sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
}

# die <code> <message…>: print "<script>: <message>" to stderr and exit with <code>.
die() {
  local code=$1
  shift
  printf '%s: %s\n' "$(basename "$0")" "$*" >&2
  exit "$code"
}

# expect_args <count> <shape> "$@": `-h`/`--help` prints the usage and exits 0; fewer than <count> arguments
# prints the usage and exits 2 naming the expected <shape> (e.g. "<env> <service> <verb>").
expect_args() {
  local count=$1 shape=$2
  shift 2
  if [[ ${1:-} == -h || ${1:-} == --help ]]; then
    usage
    exit 0
  fi
  if [[ $# -lt $count ]]; then
    usage >&2
    die 2 "expected $shape; got $# argument(s)"
  fi
}

# expect_verb <verb> <verbs>: exit 2 naming the verbs unless <verb> is one of the space-separated <verbs>.
expect_verb() {
  case " $2 " in
    *" $1 "*) ;;
    *) die 2 "unknown verb \"$1\"; verbs: $2" ;;
  esac
}

# need_value <option> <arguments left, the option included> <the next argument>: exit 2 unless the option is
# followed by a non-empty value.
need_value() { [[ $2 -ge 2 && -n $3 ]] || die 2 "$1 needs a value"; }

# read_facts <facts script> <names…>: run scripts/lib/<facts script> (env-facts.ts, fn-facts.ts: what envs/ says
# about one environment and service or function) and fill the global associative array F from its KEY=value
# lines. The script's exit code stands on failure (2 with the known names for an unknown environment or name).
read_facts() {
  command -v node >/dev/null 2>&1 || die 127 "node not found on PATH (Node 20, see .nvmrc)"
  local facts line
  facts=$(cd "$REPO_ROOT" && node --require tsx/cjs "$REPO_ROOT/scripts/lib/$1" "${@:2}") || exit $?
  declare -gA F=()
  while IFS= read -r line; do
    [[ -z $line ]] || F[${line%%=*}]=${line#*=}
  done <<<"$facts"
}

# use_emulator_endpoint: for an environment on the emulator (F[EMULATOR_ENDPOINT]) every AWS call — the tool's,
# its tfstate reads from S3, STS — goes to that endpoint, with the emulator's credentials unless others are set.
# Sets the global array aws_endpoint: the AWS CLI's arguments for it (empty for a real environment).
use_emulator_endpoint() {
  aws_endpoint=()
  if [[ -n ${F[EMULATOR_ENDPOINT]:-} ]]; then
    aws_endpoint=(--endpoint-url "${F[EMULATOR_ENDPOINT]}")
    export AWS_ENDPOINT_URL=${F[EMULATOR_ENDPOINT]}
    export AWS_ENDPOINT_URL_S3=${F[EMULATOR_ENDPOINT]}
    export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-${F[EMULATOR_ACCESS_KEY]}}
    export AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-${F[EMULATOR_SECRET_KEY]}}
  fi
}

# check_credentials <env>: exit 3 unless the AWS credentials in use belong to the environment's account
# (F[ACCOUNT_ID], asked of STS in F[AWS_REGION]); without the AWS CLI, unless some credential source is set at all.
check_credentials() {
  local env_name=$1 account
  if command -v aws >/dev/null 2>&1; then
    if ! account=$(aws sts get-caller-identity "${aws_endpoint[@]}" --region "${F[AWS_REGION]}" --query Account --output text 2>&1); then
      die 3 "no usable AWS credentials for $env_name (aws sts get-caller-identity failed: ${account##*$'\n'}). CI: configure-aws-credentials with the environment's deploy role; locally: AWS_PROFILE."
    fi
    [[ $account == "${F[ACCOUNT_ID]}" ]] ||
      die 3 "AWS credentials are for account $account, but $env_name lives in account ${F[ACCOUNT_ID]}"
  elif [[ -z ${AWS_ACCESS_KEY_ID:-}${AWS_PROFILE:-}${AWS_WEB_IDENTITY_TOKEN_FILE:-}${AWS_CONTAINER_CREDENTIALS_FULL_URI:-}${AWS_CONTAINER_CREDENTIALS_RELATIVE_URI:-} ]]; then
    die 3 "no AWS credentials for $env_name: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (CI: configure-aws-credentials)"
  fi
}
