# shellcheck shell=bash
# Shared by the CLI scripts in scripts/ (app.sh, state.sh, invalidate.sh, upload-static.sh): the usage text is the
# script's own header comment (so help and code never drift apart), and errors carry the script's name and a
# deliberate exit code.

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
