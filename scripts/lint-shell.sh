#!/usr/bin/env bash
# Lint every shell script of the repository with shellcheck (npm run lint:shell): *.sh under scripts/ and .ci/run, or the
# files given as arguments. `-x` follows `source`d files. shellcheck is the Debian package (.ci/run installs it;
# GitHub's Ubuntu runners ship it).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v shellcheck >/dev/null 2>&1; then
  echo "shellcheck is not installed: apt-get install -y shellcheck (Debian/Ubuntu) or brew install shellcheck" >&2
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
