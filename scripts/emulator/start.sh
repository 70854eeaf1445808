#!/usr/bin/env bash
# Start the AWS emulator (moto, scripts/emulator/moto_server.py) on 127.0.0.1 and a free port, in the
# background. Prints the endpoint and writes:
#   .emulator/endpoint   http://127.0.0.1:<port>   (what LOCAL_AWS_ENDPOINT must be set to)
#   .emulator/pid        the server's process id   (scripts/emulator/stop.sh reads it)
#   .emulator/moto.log   the server's log
# A running emulator started from this directory is reused. EMULATOR_DIR overrides .emulator/;
# EMULATOR_PYTHON the interpreter (default python3, which must import moto).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${EMULATOR_DIR:-$repo/.emulator}"
python="${EMULATOR_PYTHON:-python3}"
mkdir -p "$dir"

answers() { curl -sf -o /dev/null --max-time 2 "$1/moto-api/"; }

if [[ -f "$dir/pid" && -f "$dir/endpoint" ]]; then
  pid="$(cat "$dir/pid")"
  endpoint="$(cat "$dir/endpoint")"
  if kill -0 "$pid" 2>/dev/null && answers "$endpoint"; then
    echo "$endpoint"
    exit 0
  fi
  rm -f "$dir/pid" "$dir/endpoint" "$dir/port"
fi

if ! "$python" -c 'import moto, werkzeug, flask' 2>/dev/null; then
  echo "emulator: $python cannot import moto[server]; install it with: pip install 'moto[server]>=5.2,<6'" >&2
  exit 1
fi

rm -f "$dir/port"
# setsid: the server gets its own process group, so Ctrl-C in the caller's terminal does not kill it halfway
# through a deploy; stop.sh ends it explicitly.
setsid "$python" "$repo/scripts/emulator/moto_server.py" --port-file "$dir/port" >"$dir/moto.log" 2>&1 < /dev/null &
pid=$!
echo "$pid" >"$dir/pid"

for _ in $(seq 1 150); do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "emulator: the server exited during start-up; log follows" >&2
    cat "$dir/moto.log" >&2
    rm -f "$dir/pid"
    exit 1
  fi
  if [[ -s "$dir/port" ]]; then
    endpoint="http://127.0.0.1:$(cat "$dir/port")"
    if answers "$endpoint"; then
      echo "$endpoint" >"$dir/endpoint"
      echo "$endpoint"
      exit 0
    fi
  fi
  sleep 0.2
done
echo "emulator: no answer within 30 s; stopping it. Log: $dir/moto.log" >&2
kill "$pid" 2>/dev/null || true
rm -f "$dir/pid"
exit 1
