#!/usr/bin/env bash
# Application rollouts with ecspresso (kayac/ecspresso v2) over the generated definitions in deploy/<env>/<service>/.
#
#   scripts/app.sh <env> <service> <verb> [options] [-- <extra ecspresso args>]
#
# Verbs (ecspresso command run):
#   deploy    --image|--tag required     ecspresso deploy --wait-until deployed
#                                        (CodeDeploy blue/green services: + --rollback-events <the service's>)
#                                        first records the revision the service runs (see "Recorded revision")
#   create    --image|--tag required     ecspresso deploy --tasks <initial count> --wait-until deployed (first time)
#   diff      --image|--tag required     ecspresso diff
#   verify    --image|--tag required     ecspresso verify
#   render    [--image|--tag]            ecspresso render config servicedef taskdef (without an image the task
#                                        definition shows <ECR repository>:render-placeholder, said on stderr)
#   rollback  [--unless-running ARN]     ecspresso rollback --deregister-task-definition --wait-until stable
#                                        (CodeDeploy: + --rollback-events; an in-flight deployment is stopped)
#   status    [--events N]               ecspresso status
#   scale     --tasks N                  ecspresso scale --tasks N
# Options:
#   --image <repo:tag|repo@sha256:…>     image to run (never :latest, never untagged); must be in the
#                                        environment's ECR repository unless --any-registry is given
#   --any-registry                       accept an --image outside the environment's ECR repository (explicit
#                                        override: e.g. a public base image for a smoke test)
#   --tag <tag|sha256:…>                 tag or digest in the service's ECR repository
#   --wait-until <stable|deployed|…>     deploy/create/rollback wait condition
#   --tasks N                            scale: new count; create: initial count (default from envs/)
#   --events N                           status: number of events
#   --dry-run                            deploy/create/rollback/scale: ecspresso --dry-run
#   --unless-running <arn|recorded>      rollback: exit 0 without calling ecspresso when the service's PRIMARY
#                                        deployment (CodeDeploy: task set) already runs this task definition and no
#                                        other deployment is in progress; `recorded` = the revision the last deploy
#                                        recorded. The failed-deploy path of CI uses it: after the circuit breaker
#                                        restored the old revision, a plain rollback would go one revision too far
#                                        (and deregister the good one).
#
# Recorded revision: `deploy` (not --dry-run) writes the task definition ARN of the service's PRIMARY deployment
# before it runs ecspresso to ${ECSPRESSO_STATE_DIR:-.ecspresso-state}/<env>-<service>.last (gitignored; the file is
# removed first, and not written for a service that does not run yet). A CI job's later steps see it.
#
# Environment facts (region, cluster, state bucket, ECR repository, initial count) come from envs/ through
# scripts/lib/env-facts.ts; nothing is repeated here. Exported for ecspresso: AWS_REGION, ECS_CLUSTER, IMAGE,
# TFSTATE_BUCKET (plus emulator endpoints for an environment that has them).
#
# Exit codes: ecspresso's own (0 ok, 1 error, 2 panic) once it runs; before that 2 = bad input (unknown env,
# service, verb or option, missing/mutable image), 3 = no usable AWS credentials, 127 = ecspresso/node missing.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The project's pinned tools (scripts/tools.sh installs ecspresso into .tools/bin) come before anything on PATH;
# APP_TOOLS_BIN names another folder (the wrapper's tests point it at their stubs).
export PATH="${APP_TOOLS_BIN:-$REPO_ROOT/.tools/bin}:$PATH"
ECSPRESSO_VERSION=$(cat "$REPO_ROOT/.ecspresso-version")
VERBS="deploy create diff verify render rollback status scale"

# shellcheck source=scripts/lib/cli.sh
source "$REPO_ROOT/scripts/lib/cli.sh"

expect_args 3 "<env> <service> <verb>" "$@"
env_name=$1
service=$2
verb=$3
shift 3
expect_verb "$verb" "$VERBS"

image="" tag="" wait_until="" tasks="" events="" dry_run=0 unless_running="" any_registry=0
passthrough=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --image) need_value "$1" $# "${2:-}"; image=$2; shift 2 ;;
    --image=*) image=${1#*=}; shift ;;
    --tag) need_value "$1" $# "${2:-}"; tag=$2; shift 2 ;;
    --tag=*) tag=${1#*=}; shift ;;
    --wait-until) need_value "$1" $# "${2:-}"; wait_until=$2; shift 2 ;;
    --wait-until=*) wait_until=${1#*=}; shift ;;
    --tasks) need_value "$1" $# "${2:-}"; tasks=$2; shift 2 ;;
    --tasks=*) tasks=${1#*=}; shift ;;
    --events) need_value "$1" $# "${2:-}"; events=$2; shift 2 ;;
    --events=*) events=${1#*=}; shift ;;
    --unless-running) need_value "$1" $# "${2:-}"; unless_running=$2; shift 2 ;;
    --unless-running=*) unless_running=${1#*=}; shift ;;
    --dry-run) dry_run=1; shift ;;
    --any-registry) any_registry=1; shift ;;
    --) shift; passthrough=("$@"); break ;;
    *) die 2 "unknown option \"$1\" for $verb (run scripts/app.sh --help)" ;;
  esac
done

# --- facts from envs/ (exit 2 with the known names for an unknown env or service) ---------------------------
read_facts env-facts.ts "$env_name" "$service"

# --- option checks --------------------------------------------------------------------------------------------
is_count() { [[ $1 =~ ^[0-9]+$ ]]; }
[[ -z $tasks ]] || is_count "$tasks" || die 2 "--tasks must be a non-negative integer, got \"$tasks\""
[[ -z $events ]] || is_count "$events" || die 2 "--events must be a non-negative integer, got \"$events\""
case $verb in
  deploy | create | rollback | scale) ;;
  *) ((dry_run == 0)) || die 2 "--dry-run applies to deploy, create, rollback and scale, not $verb" ;;
esac
codedeploy=0
[[ ${F[DEPLOYMENT_CONTROLLER]:-ECS} != CODE_DEPLOY ]] || codedeploy=1
case $verb in
  deploy | create) [[ -z $wait_until || $wait_until =~ ^(stable|deployed|codedeploy:[A-Za-z]+|ecs:[A-Z_]+)$ ]] ||
    die 2 "--wait-until must be stable, deployed, codedeploy:<Event> or ecs:<STAGE>, got \"$wait_until\""
    # Each controller reports only its own lifecycle; the other kind would fail in ecspresso or wait forever.
    if ((codedeploy)); then
      [[ $wait_until != ecs:* ]] || die 2 "--wait-until $wait_until: $service deploys through CodeDeploy; use deployed or codedeploy:<Event> (e.g. codedeploy:AfterAllowTraffic)"
    else
      [[ $wait_until != codedeploy:* ]] || die 2 "--wait-until $wait_until: $service uses the ECS deployment controller; use deployed, stable or ecs:<STAGE>"
    fi
    ;;
  rollback) [[ -z $wait_until || $wait_until =~ ^(stable|deployed)$ ]] ||
    die 2 "--wait-until for rollback must be stable or deployed, got \"$wait_until\"" ;;
  *) [[ -z $wait_until ]] || die 2 "--wait-until applies to deploy, create and rollback, not $verb" ;;
esac
[[ $verb == scale || $verb == create || -z $tasks ]] || die 2 "--tasks applies to scale and create, not $verb"
[[ $verb == status || -z $events ]] || die 2 "--events applies to status, not $verb"
[[ $verb != scale || -n $tasks ]] || die 2 "scale needs --tasks N"
TASKDEF_ARN_RE='^arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:task-definition/[A-Za-z0-9_-]{1,255}:[0-9]+$'
if [[ -n $unless_running ]]; then
  [[ $verb == rollback ]] || die 2 "--unless-running applies to rollback, not $verb"
  [[ $unless_running == recorded || $unless_running =~ $TASKDEF_ARN_RE ]] ||
    die 2 "--unless-running must be a task definition ARN (arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>) or \"recorded\", got \"$unless_running\""
fi

STATE_DIR=${ECSPRESSO_STATE_DIR:-$REPO_ROOT/.ecspresso-state}
record="$STATE_DIR/$env_name-$service.last"

# --- the image: an immutable tag or a digest, never latest -----------------------------------------------------
TAG_RE='^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$'
DIGEST_RE='^sha256:[0-9a-f]{64}$'
check_tag() {
  [[ $1 =~ $TAG_RE ]] || die 2 "invalid image tag \"$1\" (letters, digits, _ . -; at most 128)"
  [[ ${1,,} != latest ]] || die 2 "refusing the mutable tag \"latest\": deploy an immutable tag (e.g. the git SHA) or a digest"
}
validate_image() {
  local ref=$1 name last
  name=${ref%%@*}
  if [[ $ref == *@* ]]; then
    [[ ${ref#*@} =~ $DIGEST_RE ]] || die 2 "invalid digest in image \"$ref\" (want @sha256:<64 hex>)"
  fi
  last=${name##*/}
  if [[ $last == *:* ]]; then
    check_tag "${last##*:}"
  elif [[ $ref != *@* ]]; then
    die 2 "image \"$ref\" has no tag or digest: pass repo:tag or repo@sha256:<digest>"
  fi
}
[[ $any_registry == 0 || -n $image ]] || die 2 "--any-registry applies to an --image (a --tag is always in the environment's repository)"
if [[ -n $image || -n $tag ]]; then
  [[ -z $image || -z $tag ]] || die 2 "pass either --image or --tag, not both"
  if [[ -n $tag ]]; then
    if [[ $tag == sha256:* ]]; then
      [[ $tag =~ $DIGEST_RE ]] || die 2 "invalid digest \"$tag\" (want sha256:<64 hex>)"
      image="${F[ECR_REPOSITORY_URL]}@$tag"
    else
      check_tag "$tag"
      image="${F[ECR_REPOSITORY_URL]}:$tag"
    fi
  fi
  validate_image "$image"
  # Only images of the environment's own repository run there (its account, its scanning and lifecycle rules,
  # its app role's pull rights); anything else needs the explicit override.
  repository=${image%%@*}
  [[ ${repository##*/} != *:* ]] || repository=${repository%:*}
  if [[ $repository != "${F[ECR_REPOSITORY_URL]}" ]] && ((any_registry == 0)); then
    die 2 "image \"$image\" is not in $env_name's repository ${F[ECR_REPOSITORY_URL]}: push it there (or use --tag <tag|sha256:…>), or pass --any-registry to run an image from elsewhere"
  fi
fi
case $verb in
  deploy | create | diff | verify)
    [[ -n $image ]] || die 2 "$verb needs an image: --image <repo:tag|repo@sha256:…> or --tag <tag|sha256:…> (repository ${F[ECR_REPOSITORY_URL]})"
    ;;
  render)
    if [[ -z $image ]]; then
      # Rendering is for reading the definitions: without an image the task definition shows a placeholder
      # in the environment's repository, never an image that could be deployed by mistake.
      image="${F[ECR_REPOSITORY_URL]}:render-placeholder"
      printf 'app.sh: render without --image/--tag: the task definition shows the placeholder %s\n' "$image" >&2
    fi
    ;;
  *)
    [[ -z $image ]] || die 2 "--image/--tag apply to deploy, create, diff, verify and render, not $verb"
    # The task definition reads must_env IMAGE, and ecspresso panics on an unset variable in every command
    # that loads the file; these verbs never register a task definition, so the value is never used.
    image="unused-by-$verb"
    ;;
esac

# --- tools and credentials --------------------------------------------------------------------------------------
command -v ecspresso >/dev/null 2>&1 ||
  die 127 "ecspresso not found in .tools/bin or on PATH. Install ecspresso v$ECSPRESSO_VERSION (>= 2.8.5, pinned in .ecspresso-version): scripts/tools.sh ecspresso (GOBIN=.tools/bin go install github.com/kayac/ecspresso/v2/cmd/ecspresso@v$ECSPRESSO_VERSION)"

export AWS_REGION=${F[AWS_REGION]}
export ECS_CLUSTER=${F[ECS_CLUSTER]}
export TFSTATE_BUCKET=${F[TFSTATE_BUCKET]}
export IMAGE=$image
use_emulator_endpoint
check_credentials "$env_name"

if [[ $verb == create ]] && command -v aws >/dev/null 2>&1; then
  # ecspresso deploy creates a missing service; on an existing one --tasks would reset the autoscaled count.
  # shellcheck disable=SC2016 # backquotes are a JMESPath literal, not a shell expansion
  existing=$(aws ecs describe-services "${aws_endpoint[@]}" --region "$AWS_REGION" --cluster "$ECS_CLUSTER" --services "$service" \
    --query 'services[?status==`ACTIVE`].serviceName' --output text) ||
    die 1 "cannot describe service $service in cluster $ECS_CLUSTER (does the platform stack exist?)"
  [[ -z $existing || $existing == None ]] ||
    die 2 "service $service already exists in cluster $ECS_CLUSTER; use deploy (create sets the initial task count)"
fi

# --- the revision before a deploy, and the rollback guard ----------------------------------------------------------
# One line per deployment (CodeDeploy: task set): <status> TAB <task definition ARN> TAB <rollout/stability state>.
service_deployments() {
  local query='services[0].deployments[].[status,taskDefinition,rolloutState]'
  ((codedeploy == 0)) || query='services[0].taskSets[].[status,taskDefinition,stabilityStatus]'
  aws ecs describe-services "${aws_endpoint[@]}" --region "$AWS_REGION" --cluster "$ECS_CLUSTER" \
    --services "$service" --query "$query" --output text
}
primary_of() { awk -F'\t' '$1 == "PRIMARY" { print $2; exit }' <<<"$1"; }
# Deployments other than PRIMARY still in progress. ECS: a FAILED one is what the circuit breaker left draining,
# a COMPLETED one an old deployment draining; anything else (IN_PROGRESS, unknown) counts. CodeDeploy: any other task
# set means a blue/green deployment is in flight.
others_in_progress() {
  if ((codedeploy)); then
    awk -F'\t' '$1 != "PRIMARY" && NF >= 2 { n++ } END { print n + 0 }' <<<"$1"
  else
    awk -F'\t' '$1 != "PRIMARY" && NF >= 2 && $3 != "FAILED" && $3 != "COMPLETED" { n++ } END { print n + 0 }' <<<"$1"
  fi
}

if [[ $verb == deploy ]] && ((dry_run == 0)); then
  mkdir -p "$STATE_DIR"
  rm -f "$record"
  if command -v aws >/dev/null 2>&1; then
    current=$(service_deployments) || die 1 "cannot describe service $service in cluster $ECS_CLUSTER to record its running revision"
    previous=$(primary_of "$current")
    if [[ $previous =~ $TASKDEF_ARN_RE ]]; then
      printf '%s\n' "$previous" >"$record"
      printf 'app.sh: %s/%s runs %s (recorded in %s)\n' "$env_name" "$service" "$previous" "$record" >&2
    else
      printf 'app.sh: %s/%s runs no revision yet: nothing recorded\n' "$env_name" "$service" >&2
    fi
  else
    printf 'app.sh: no AWS CLI: the running revision is not recorded (rollback --unless-running recorded will refuse)\n' >&2
  fi
fi

if [[ $verb == rollback && -n $unless_running ]]; then
  command -v aws >/dev/null 2>&1 ||
    die 127 "--unless-running needs the AWS CLI (aws) to read the service's deployments: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html"
  if [[ $unless_running == recorded ]]; then
    [[ -s $record ]] ||
      die 1 "no recorded revision for $env_name/$service ($record): deploy records it before it runs ecspresso; pass --unless-running <task definition ARN> or run rollback without it after checking status"
    unless_running=$(<"$record")
    [[ $unless_running =~ $TASKDEF_ARN_RE ]] || die 1 "$record does not hold a task definition ARN (\"$unless_running\")"
  fi
  # Not knowing is not a reason to roll back: a blind rollback is exactly what may go one revision too far.
  current=$(service_deployments) || die 1 "cannot describe service $service in cluster $ECS_CLUSTER; not rolling back blind"
  running=$(primary_of "$current")
  if [[ $running == "$unless_running" && $(others_in_progress "$current") -eq 0 ]]; then
    if ((codedeploy)); then
      printf 'nothing to roll back: %s already runs %s (CodeDeploy rolled it back)\n' "$service" "$running"
    else
      printf 'nothing to roll back: %s already runs %s (the deployment circuit breaker restored it)\n' "$service" "$running"
    fi
    exit 0
  fi
  printf 'app.sh: %s runs %s, not %s (or a deployment is in progress): rolling back\n' "$service" "${running:-nothing}" "$unless_running" >&2
fi

# --- run ecspresso ------------------------------------------------------------------------------------------------
args=(--config "$REPO_ROOT/${F[ECSPRESSO_CONFIG]}" --no-color)
case $verb in
  deploy)
    # CodeDeploy: "deployed" waits for the CodeDeploy deployment to succeed (ecspresso's DeploymentSuccessful
    # waiter); the rollback events make a failed or alarmed deployment roll back to blue on its own.
    args+=(deploy --wait-until "${wait_until:-deployed}")
    ((codedeploy == 0)) || args+=(--rollback-events "${F[ROLLBACK_EVENTS]}")
    ;;
  create) args+=(deploy --tasks "${tasks:-${F[INITIAL_TASKS]}}" --wait-until "${wait_until:-deployed}") ;;
  diff) args+=(diff) ;;
  verify) args+=(verify) ;;
  render) args+=(render config servicedef taskdef) ;;
  rollback)
    args+=(rollback --deregister-task-definition --wait-until "${wait_until:-stable}")
    ((codedeploy == 0)) || args+=(--rollback-events "${F[ROLLBACK_EVENTS]}")
    ;;
  status)
    args+=(status)
    [[ -z $events ]] || args+=(--events "$events")
    ;;
  scale) args+=(scale --tasks "$tasks") ;;
esac
((dry_run == 0)) || args+=(--dry-run)
args+=("${passthrough[@]}")

printf 'app.sh: %s/%s: ecspresso %s\n' "$env_name" "$service" "${args[*]}" >&2
exec ecspresso "${args[@]}"
