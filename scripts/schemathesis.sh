#!/usr/bin/env bash
# Fuzz the JSON API against its own contract with schemathesis (https://schemathesis.readthedocs.io).
#
# Seeds a small demo deployment and starts `hewei serve` on a free 127.0.0.1 port with a scratch data
# directory, signs in, and runs
# schemathesis over the OpenAPI document the server serves at /openapi.yaml, with the bearer token on
# every request. Checks: not_a_server_error (no 5xx) and response_schema_conformance (every response body
# matches the documented schema). Exits non-zero if schemathesis reports a failure.
#
# Usage: scripts/schemathesis.sh [extra schemathesis run options…]
# Environment:
#   HEWEI_BIN               the hewei binary (default: $(swift build --show-bin-path)/hewei)
#   HEWEI_ST_USER           demo account(s) to sign in as, space-separated, one run each (default:
#                           "dispatcher secadmin auditor sysadmin mediator petition leader clerk": orders,
#                           accounts, audit, configuration, mediation, petitions, risk warnings and reception, the hall)
#   HEWEI_ST_PASSWORD       its password (default: hewei-demo)
#   HEWEI_ST_MAX_EXAMPLES   test cases per operation and phase (default: 25)
#   HEWEI_ST_CHECKS         schemathesis checks (default: not_a_server_error,response_schema_conformance)
#   HEWEI_ST_WORKERS        concurrent workers (default: 2; 1 with a python before 3.12.4)
#   HEWEI_ST_REQUEST_TIMEOUT seconds before a request counts as failed (default: 30)
#   HEWEI_ST_SEED           random seed, for a reproducible run (default: none)
#   HEWEI_ST_REPORT_DIR     where the JUnit and NDJSON reports go (default: a new directory under $TMPDIR)
#   HEWEI_ST_PYTHON         python for a new virtualenv (default: the first of python3.13, python3.12,
#                           python3 that is at least 3.12.4, else python3)
#   HEWEI_ST_DEMO_DAYS, HEWEI_ST_DEMO_PER_DAY  the demo's order history (default: 7 days × 100)
#   HEWEI_ST_VENV           the virtualenv (default: ${TMPDIR:-/tmp}/hewei-schemathesis-venv, reused)
set -euo pipefail

SCHEMATHESIS_VERSION=4.32.5
TMP=${TMPDIR:-/tmp}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The security administrator goes last: its run may disable accounts or reset their passwords (the
# stateful phase follows real user ids), which would lock the later roles out of their own run.
USERS=${HEWEI_ST_USER:-dispatcher auditor sysadmin mediator petition leader clerk secadmin}
PASSWORD=${HEWEI_ST_PASSWORD:-hewei-demo}
MAX_EXAMPLES=${HEWEI_ST_MAX_EXAMPLES:-25}
CHECKS=${HEWEI_ST_CHECKS:-not_a_server_error,response_schema_conformance}
VENV=${HEWEI_ST_VENV:-$TMP/hewei-schemathesis-venv}
if [ -z "${HEWEI_BIN:-}" ]; then
  HEWEI_BIN="$(cd "$ROOT" && swift build --show-bin-path)/hewei"
fi
[ -x "$HEWEI_BIN" ] || { echo "schemathesis.sh: no hewei binary at $HEWEI_BIN (build it, or set HEWEI_BIN)" >&2; exit 2; }

# 1. The throwaway virtualenv with a pinned schemathesis.
if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "version $SCHEMATHESIS_VERSION\$"; then
  echo "== installing schemathesis==$SCHEMATHESIS_VERSION into $VENV"
  PYTHON=${HEWEI_ST_PYTHON:-}
  if [ -z "$PYTHON" ]; then
    for candidate in python3.13 python3.12 python3; do
      if "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12, 4))' >/dev/null 2>&1; then PYTHON=$candidate; break; fi
    done
    PYTHON=${PYTHON:-python3}
  fi
  "$PYTHON" -m venv --clear "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

# Python before 3.12.4 can fail in ast.parse when several threads use it (CPython gh-106905), which
# hypothesis does under several schemathesis workers: use one worker there.
if "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 12, 4))'; then
  WORKERS=${HEWEI_ST_WORKERS:-2}
else
  WORKERS=${HEWEI_ST_WORKERS:-1}
fi

# 2. The server: a free loopback port, a fresh data directory, the demo deployment.
WORK=$(mktemp -d "$TMP/hewei-schemathesis.XXXXXX")
REPORT_DIR=${HEWEI_ST_REPORT_DIR:-$WORK-report}
mkdir -p "$REPORT_DIR"
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
BASE="http://127.0.0.1:$PORT"
# A small demo deployment (the whole organisation, grid and accounts; a week of orders): fuzzing checks
# the contract, not speed — speed is measured in BENCHMARKS.md with release builds. The full demo
# (90 days × 700 orders) makes period-wide reports take tens of seconds in a debug build.
echo "== seeding a demo deployment: ${HEWEI_ST_DEMO_DAYS:-7} days × ${HEWEI_ST_DEMO_PER_DAY:-100} orders"
env -u DATABASE_URL "$HEWEI_BIN" demo --data "$WORK/data" --days "${HEWEI_ST_DEMO_DAYS:-7}" --per-day "${HEWEI_ST_DEMO_PER_DAY:-100}" \
  > "$WORK/seed.log" 2>&1 || { echo "schemathesis.sh: seeding failed:" >&2; tail -n 40 "$WORK/seed.log" >&2; exit 2; }
echo "== starting $HEWEI_BIN serve on $BASE (data: $WORK/data, log: $WORK/server.log)"
env -u DATABASE_URL "$HEWEI_BIN" serve --data "$WORK/data" --hostname 127.0.0.1 --port "$PORT" \
  > "$WORK/server.log" 2>&1 &
SERVER_PID=$!

# Seeding the demo deployment comes before the server listens; allow a slow debug build time for it.
for i in $(seq 1 600); do
  if curl -fsS -o /dev/null --max-time 2 "$BASE/health" 2>/dev/null; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "schemathesis.sh: the server exited before it was healthy:" >&2; tail -n 40 "$WORK/server.log" >&2; exit 2
  fi
  if [ "$i" -eq 600 ]; then
    echo "schemathesis.sh: $BASE/health not ready after 300 s:" >&2; tail -n 40 "$WORK/server.log" >&2; exit 2
  fi
  sleep 0.5
done
echo "== healthy"

# 3. For each account: sign in and fuzz. Signing out and changing one's own password would end the
# run's own token, so those two operations are left out (their contract is covered by the tests).
overall=0
for USERNAME in $USERS; do
  LOGIN=$(python3 -c 'import json,sys; print(json.dumps({"username": sys.argv[1], "password": sys.argv[2]}))' "$USERNAME" "$PASSWORD")
  # The previous run fuzzed the sign-in, which is rate-limited per address: wait for the bucket to refill.
  TOKEN=
  for _ in $(seq 1 40); do
    TOKEN=$(curl -fsS --max-time 10 "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' -d "$LOGIN" 2>/dev/null \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])' 2>/dev/null) && break
    sleep 3
  done
  [ -n "$TOKEN" ] || { echo "schemathesis.sh: could not sign in as $USERNAME" >&2; exit 2; }
  echo "== signed in as $USERNAME; fuzzing $BASE/openapi.yaml (max $MAX_EXAMPLES examples per operation, checks: $CHECKS)"

  # Real order codes (a few per state, if the account may list orders), offered for the {key} path
  # parameter most of the time, so that reads and actions get past "not found" to the workflow.
  CONFIG=()
  KEYS=$(curl -fsS --max-time 30 -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/orders?per=200" 2>/dev/null \
    | python3 -c '
import json, sys
items = json.load(sys.stdin)["items"]
by_state = {}
for o in items: by_state.setdefault(o["state"], []).append(o["code"])
print(json.dumps([c for s in sorted(by_state) for c in by_state[s][:3]]))' 2>/dev/null || echo '[]')
  if [ "$KEYS" != "[]" ] && [ -n "$KEYS" ]; then
    cat > "$WORK/schemathesis.toml" <<TOML
[dictionaries.orders]
values = $KEYS

[parameters]
"path.key" = { dictionary = "orders", probability = 0.7 }
TOML
    CONFIG=(--config-file "$WORK/schemathesis.toml")
    echo "== offering $(python3 -c 'import json,sys; print(len(json.loads(sys.argv[1])))' "$KEYS") real order codes for {key}"
  fi

  ARGS=(run "$BASE/openapi.yaml" --url "$BASE"
    --header "Authorization: Bearer $TOKEN"
    --generation-with-security-parameters false
    --exclude-path /api/v1/auth/logout --exclude-path /api/v1/auth/password
    --checks "$CHECKS"
    --max-examples "$MAX_EXAMPLES"
    --workers "$WORKERS"
    --request-timeout "${HEWEI_ST_REQUEST_TIMEOUT:-30}"
    --suppress-health-check too_slow,filter_too_much
    --report junit,ndjson --report-dir "$REPORT_DIR/$USERNAME"
    --no-color)
  [ -n "${HEWEI_ST_SEED:-}" ] && ARGS+=(--seed "$HEWEI_ST_SEED")

  start=$(date +%s)
  rc=0
  "$VENV/bin/schemathesis" ${CONFIG[@]+"${CONFIG[@]}"} "${ARGS[@]}" "$@" || rc=$?
  echo "== $USERNAME: schemathesis $SCHEMATHESIS_VERSION finished in $(( $(date +%s) - start )) s with exit code $rc; reports in $REPORT_DIR/$USERNAME"
  [ "$rc" -ne 0 ] && overall=$rc
done

# 4. Server errors leave a trace in the server log; show it when a run failed.
if [ "$overall" -ne 0 ]; then
  echo "== server log, last error lines:"
  grep -iE 'error|fatal|panic' "$WORK/server.log" | tail -n 30 || true
fi
exit "$overall"
