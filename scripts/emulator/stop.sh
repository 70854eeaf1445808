#!/usr/bin/env bash
# Stop the emulator started by scripts/emulator/start.sh (by the PID it wrote) and remove its files.
# Safe to run when nothing is running. The emulator keeps everything in memory: stopping it loses every
# resource and every state object in it.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${EMULATOR_DIR:-$repo/.emulator}"

if [[ -f "$dir/pid" ]]; then
  pid="$(cat "$dir/pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
    echo "emulator stopped (pid $pid)"
  fi
fi
rm -f "$dir/pid" "$dir/endpoint" "$dir/port"
