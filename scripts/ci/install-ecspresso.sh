#!/usr/bin/env bash
# Install a pinned ecspresso release binary (linux amd64) onto PATH, verified against the release's
# checksums.txt. Used by .github/workflows/_app-rollout.yml instead of the kayac/ecspresso action, whose
# installer downloads without checksum verification.
#   scripts/ci/install-ecspresso.sh 2.8.7 [bin-dir]
set -euo pipefail

version="${1:?usage: install-ecspresso.sh <version without v> [bin-dir]}"
bindir="${2:-$HOME/.local/bin}"
case "$version" in
  v*) echo "pass the version without a leading v (e.g. 2.8.7)" >&2; exit 2 ;;
esac

base="https://github.com/kayac/ecspresso/releases/download/v${version}"
archive="ecspresso_${version}_linux_amd64.tar.gz"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

curl -fsSL --retry 3 -o "$work/$archive" "$base/$archive"
curl -fsSL --retry 3 -o "$work/checksums.txt" "$base/checksums.txt"
(cd "$work" && grep " ${archive}\$" checksums.txt | sha256sum -c -)
tar -xzf "$work/$archive" -C "$work" ecspresso
mkdir -p "$bindir"
install -m 0755 "$work/ecspresso" "$bindir/ecspresso"
if [ -n "${GITHUB_PATH:-}" ]; then echo "$bindir" >> "$GITHUB_PATH"; fi
"$bindir/ecspresso" version
