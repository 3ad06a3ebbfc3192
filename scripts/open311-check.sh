#!/usr/bin/env bash
# Open311 GeoReport v2 conformance check (docs/OPEN311.md).
# Seeds a small demo deployment in a throwaway data directory, starts `hewei serve --demo` on a free
# 127.0.0.1 port, and runs scripts/open311_check.py against /open311/v2 with two third-party clients
# installed unchanged from PyPI (georeport 0.3.1, civicbot 0.4.0) in a throwaway virtualenv, plus
# urllib checks of every error case. Builds nothing. Always stops the server; exits non-zero on any failure.
#
# Usage: scripts/open311-check.sh [path to hewei]     (else $HEWEI_BIN, else .build/debug/hewei)
# Environment:
#   HEWEI_O311_DEMO_DAYS / HEWEI_O311_DEMO_PER_DAY   size of the seeded order history (default 3 × 50)
#   HEWEI_O311_KEEP=1                                keep the work directory (logs) for inspection
set -euo pipefail
cd "$(dirname "$0")/.."

HEWEI_BIN=${1:-${HEWEI_BIN:-.build/debug/hewei}}
if [ ! -x "$HEWEI_BIN" ]; then
  echo "open311-check.sh: no hewei binary at $HEWEI_BIN (build it first: swift build)" >&2
  exit 2
fi
HEWEI_BIN=$(cd "$(dirname "$HEWEI_BIN")" && pwd)/$(basename "$HEWEI_BIN")
# The published DEMO key of the demo deployment's Open311 client "demo" (not a secret).
DEMO_KEY=hewei-demo-open311-key

WORK=$(mktemp -d /tmp/hewei-open311.XXXXXX)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "${HEWEI_O311_KEEP:-0}" = 1 ]; then echo "== kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Loopback traffic must not go through a proxy (georeport uses requests, civicbot urllib).
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}" no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"

# 1. The clients, in a throwaway virtualenv.
echo "== virtualenv with georeport and civicbot"
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet --disable-pip-version-check "georeport==0.3.1" "civicbot==0.4.0"

# 2. A small demo deployment, then `hewei serve --demo` on it (the data is there: serve only checks it
#    and makes sure the demo Open311 client exists).
echo "== seeding a demo deployment: ${HEWEI_O311_DEMO_DAYS:-3} days × ${HEWEI_O311_DEMO_PER_DAY:-50} orders"
env -u DATABASE_URL "$HEWEI_BIN" demo --data "$WORK/data" --days "${HEWEI_O311_DEMO_DAYS:-3}" --per-day "${HEWEI_O311_DEMO_PER_DAY:-50}" \
  > "$WORK/seed.log" 2>&1 || { echo "open311-check.sh: seeding failed:" >&2; tail -n 40 "$WORK/seed.log" >&2; exit 2; }
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
BASE="http://127.0.0.1:$PORT"
echo "== starting hewei serve --demo on $BASE"
env -u DATABASE_URL "$HEWEI_BIN" serve --demo --data "$WORK/data" --hostname 127.0.0.1 --port "$PORT" > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for i in $(seq 1 600); do
  if curl -fsS -o /dev/null --max-time 2 "$BASE/open311/v2/discovery.json" 2>/dev/null; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "open311-check.sh: the server exited before it answered:" >&2; tail -n 40 "$WORK/server.log" >&2; exit 2
  fi
  if [ "$i" = 600 ]; then echo "open311-check.sh: no answer after 300 s:" >&2; tail -n 40 "$WORK/server.log" >&2; exit 2; fi
  sleep 0.5
done

# 3. The checks.
status=0
"$WORK/venv/bin/python" scripts/open311_check.py "$BASE/open311/v2" "$DEMO_KEY" || status=$?
if [ "$status" != 0 ]; then
  echo "== server log, last error lines:"
  grep -iE 'error|fatal|panic' "$WORK/server.log" | tail -n 20 || true
  echo "open311-check.sh: FAILED" >&2
else
  echo "open311-check.sh: all Open311 checks passed"
fi
exit "$status"
