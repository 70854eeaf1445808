#!/usr/bin/env bash
# Inspect a stack's Terraform state in its S3 backend, through terraform, read-only by default.
#
#   scripts/state.sh <env> <layer> <command> [args] [--allow-mutation [--yes]]
#
# Read-only commands:
#   list [address…]          terraform state list
#   show <address>           terraform state show
#   outputs [name]           terraform output -json [name]
#   pull                     terraform state pull (the state JSON)
#   lookup <key>             one value, tfstate-lookup syntax as ecspresso reads it: output.NAME[.path],
#                            [module.M.][data.]TYPE.NAME[index][.attr] (strings raw, others JSON)
# Mutating commands (refused without --allow-mutation; then confirmed interactively by typing <env>-<layer>,
# or by --yes in CI; refused without a TTY and without --yes):
#   rm <address…>  |  mv <from> <to>  |  push <state file>  |  force-unlock <lock id>
#
# The working directory .tf-cache/state/<env>-<layer>/ holds only the stack's backend block (written by
# scripts/lib/state-workdir.ts from the same code as the stacks) and is initialised on demand.
# Exit codes: terraform's own once it runs; 2 = bad input or refused mutation, 127 = terraform/node missing.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
READ_COMMANDS="list show outputs pull lookup"
WRITE_COMMANDS="rm mv push force-unlock"

# shellcheck source=scripts/lib/cli.sh
source "$REPO_ROOT/scripts/lib/cli.sh"

expect_args 3 "<env> <layer> <command>" "$@"
env_name=$1
layer=$2
cmd=$3
shift 3

allow_mutation=0 yes=0
args=()
for a in "$@"; do
  case $a in
    --allow-mutation) allow_mutation=1 ;;
    --yes) yes=1 ;;
    *) args+=("$a") ;;
  esac
done

mutating=0
case " $READ_COMMANDS " in
  *" $cmd "*) ;;
  *)
    case " $WRITE_COMMANDS " in
      *" $cmd "*) mutating=1 ;;
      *) die 2 "unknown command \"$cmd\"; read-only: $READ_COMMANDS; mutating (with --allow-mutation): $WRITE_COMMANDS" ;;
    esac
    ;;
esac

nargs=${#args[@]}
arity() { [[ $nargs -ge $1 && $nargs -le $2 ]] || die 2 "$cmd takes $3; got $nargs argument(s)"; }
case $cmd in
  list) arity 0 999 "addresses" ;;
  show) arity 1 1 "one resource address" ;;
  outputs) arity 0 1 "at most one output name" ;;
  pull) arity 0 0 "no arguments" ;;
  lookup) arity 1 1 "one key (e.g. output.ecs_cluster_name)" ;;
  rm) arity 1 999 "one or more resource addresses" ;;
  mv) arity 2 2 "a source and a destination address" ;;
  push) arity 1 1 "one state file" ;;
  force-unlock) arity 1 1 "one lock id" ;;
esac
if ((yes == 1 && mutating == 0)); then die 2 "--yes only confirms a mutating command ($WRITE_COMMANDS)"; fi
if ((allow_mutation == 1 && mutating == 0)); then die 2 "--allow-mutation only applies to $WRITE_COMMANDS"; fi

command -v node >/dev/null 2>&1 || die 127 "node not found on PATH (Node 20, see .nvmrc)"
facts=$(cd "$REPO_ROOT" && node --require tsx/cjs "$REPO_ROOT/scripts/lib/state-workdir.ts" "$env_name" "$layer") || exit $?
declare -A F=()
while IFS= read -r line; do
  [[ -n $line ]] && F[${line%%=*}]=${line#*=}
done <<<"$facts"
stack="$env_name-$layer"

if ((mutating)); then
  ((allow_mutation)) || die 2 "\"$cmd\" changes the state of $stack (${F[STATE_URL]}); re-run with --allow-mutation (and --yes in CI)"
  if ((yes)); then
    printf 'state.sh: %s on %s confirmed by --yes\n' "$cmd" "$stack" >&2
  elif [[ -t 0 ]]; then
    read -r -p "state.sh: $cmd ${args[*]} on ${F[STATE_URL]}. Type $stack to confirm: " answer
    [[ $answer == "$stack" ]] || die 2 "not confirmed; nothing changed"
  else
    die 2 "refusing to change $stack without confirmation: no TTY; pass --yes to confirm non-interactively"
  fi
fi

# An emulator environment: fail at once when nothing answers at its endpoint (terraform would retry ~16 s and
# blame credentials or the bucket). Any HTTP answer counts (curl exits 0 without -f).
if [[ -n ${F[EMULATOR_ENDPOINT]:-} ]]; then
  if ! curl -s -o /dev/null --max-time 3 "${F[EMULATOR_ENDPOINT]}" 2>/dev/null; then
    die 1 "no AWS emulator answers at ${F[EMULATOR_ENDPOINT]} ($env_name is an emulator environment); start it with \`npm run local:up\` (or scripts/emulator/start.sh), or set LOCAL_AWS_ENDPOINT to the running one"
  fi
fi

command -v terraform >/dev/null 2>&1 || die 127 "terraform not found on PATH. Install Terraform >= 1.10: https://developer.hashicorp.com/terraform/install"
export TF_CLI_CONFIG_FILE=${F[TF_CLI_CONFIG_FILE]}
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
tf() { terraform -chdir="${F[TF_DIR]}" "$@"; }

if [[ ${F[NEEDS_INIT]} == 1 ]]; then
  # Backend only: no resources, so init downloads nothing but the provider schema (from the mirror) and
  # never touches the state. Its chatter goes to stderr so stdout stays parseable.
  tf init -input=false -reconfigure -lock=false -no-color >&2 ||
    die 1 "terraform init failed for ${F[STATE_URL]} (credentials? bucket? see above)"
fi

case $cmd in
  list) exec terraform -chdir="${F[TF_DIR]}" state list "${args[@]}" ;;
  show) exec terraform -chdir="${F[TF_DIR]}" state show -no-color "${args[0]}" ;;
  outputs) exec terraform -chdir="${F[TF_DIR]}" output -json "${args[@]}" ;;
  pull) exec terraform -chdir="${F[TF_DIR]}" state pull ;;
  lookup) tf state pull | (cd "$REPO_ROOT" && node --require tsx/cjs scripts/lib/tfstate-lookup.ts "${args[0]}") ;;
  rm) exec terraform -chdir="${F[TF_DIR]}" state rm "${args[@]}" ;;
  mv) exec terraform -chdir="${F[TF_DIR]}" state mv "${args[0]}" "${args[1]}" ;;
  push)
    file=${args[0]}
    [[ -f $file ]] || die 2 "no such state file: $file"
    exec terraform -chdir="${F[TF_DIR]}" state push "$(cd "$(dirname "$file")" && pwd)/$(basename "$file")"
    ;;
  force-unlock) exec terraform -chdir="${F[TF_DIR]}" force-unlock -force "${args[0]}" ;;
esac
