#!/usr/bin/env bash
# End-to-end checks of the command line on a scratch deployment: seeding, the calendar listing,
# the grid round trip (export → import → export is byte-identical) and point routing.
# Usage: scripts/cli-check.sh [path to hewei]   (default .build/debug/hewei)
set -uo pipefail
HEWEI=${1:-.build/debug/hewei}
DIR=$(mktemp -d /tmp/hewei-cli.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
pass=0; fail=0
check() { # name, command…
  local name=$1; shift
  if "$@"; then pass=$((pass + 1)); echo "ok   $name"; else fail=$((fail + 1)); echo "FAIL $name"; fi
}

"$HEWEI" demo --data "$DIR/d" --days 0 >/dev/null

check "calendar lists the 2026 National Day holiday" \
  bash -c "'$HEWEI' calendar show --data '$DIR/d' --year 2026 | grep -qx '2026-10-01 off 国庆节'"
check "calendar lists make-up working days" \
  bash -c "'$HEWEI' calendar show --data '$DIR/d' --year 2026 | grep -qx '2026-10-10 work 调休'"

"$HEWEI" grid export --data "$DIR/d" > "$DIR/a.geojson"
check "grid export has 5467 features" bash -c "grep -o '\"type\":\"Feature\"' '$DIR/a.geojson' | wc -l | grep -qx 5467"
check "grid import of the export succeeds" "$HEWEI" grid import --data "$DIR/d" "$DIR/a.geojson" --note "round trip"
"$HEWEI" grid export --data "$DIR/d" > "$DIR/b.geojson"
check "export → import → export is byte-identical" cmp -s "$DIR/a.geojson" "$DIR/b.geojson"
check "grid export --level large has 12 features" \
  bash -c "'$HEWEI' grid export --data '$DIR/d' --level large | grep -o '\"type\":\"Feature\"' | wc -l | grep -qx 12"

printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"1","name":"x","level":"large"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]]]}}]}' > "$DIR/bad.geojson"
check "an invalid grid is refused with a message" \
  bash -c "! '$HEWEI' grid import --data '$DIR/d' '$DIR/bad.geojson' 2> '$DIR/err' && grep -q 'feature 0' '$DIR/err'"
check "the refused import left the grid as it was" \
  bash -c "'$HEWEI' grid export --data '$DIR/d' | cmp -s - '$DIR/a.geojson'"

check "route prints cells and the chosen unit" \
  bash -c "'$HEWEI' route --data '$DIR/d' --lon 116.99 --lat 35.58 --category 0101 | grep -q '\"unit\" : \"ZHZF\"'"
printf 'lon,lat\n116.99,35.58\n118.5,35.6\n117.1,35.5\n' > "$DIR/points.csv"
"$HEWEI" route --data "$DIR/d" --points "$DIR/points.csv" > "$DIR/cells.txt"
check "route --points prints one line per point, empty outside" \
  bash -c "[ \$(wc -l < '$DIR/cells.txt') -eq 3 ] && [ -z \"\$(sed -n 2p '$DIR/cells.txt')\" ] && [ \$(sed -n 1p '$DIR/cells.txt' | wc -c) -eq 19 ]"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
