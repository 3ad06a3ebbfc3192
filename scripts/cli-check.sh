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
check "calendar check passes in June 2026 (2026's holidays are loaded)" \
  "$HEWEI" calendar check --data "$DIR/d" --today 2026-06-01
check "calendar check fails from October 2026 until 2027's holidays are loaded" \
  bash -c "! '$HEWEI' calendar check --data '$DIR/d' --today 2026-11-28 > '$DIR/cal' && grep -q 'no holidays are loaded for 2027' '$DIR/cal'"

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

# Accounts and the audit trail: the first administrator of a new deployment, and tampering.
check "user add refuses a weak password and stores nothing" \
  bash -c "! echo 'short1' | '$HEWEI' user add --data '$DIR/d' sec.admin --role securityAdmin --unit 370881000000 --display-name 安全管理员 --password-stdin 2> '$DIR/err' \
    && grep -q 'at least 10' '$DIR/err' && ! '$HEWEI' user list --data '$DIR/d' | grep -q '^sec.admin'"
check "user add creates the first security administrator" \
  bash -c "echo 'Qufu-sec-2026' | '$HEWEI' user add --data '$DIR/d' sec.admin --role securityAdmin --unit 370881000000 --display-name 安全管理员 --password-stdin | grep -q 'created sec.admin'"
check "user disable, then reset-password" \
  bash -c "'$HEWEI' user disable --data '$DIR/d' sec.admin | grep -q disabled && '$HEWEI' user list --data '$DIR/d' | grep -q \"^sec.admin.*disabled\" \
    && HEWEI_PASSWORD='Qufu-new-2027' '$HEWEI' user reset-password --data '$DIR/d' sec.admin | grep -q 'new password'"
check "audit verify passes on the untouched trail" \
  bash -c "'$HEWEI' audit anchor --data '$DIR/d' | grep -q anchored && '$HEWEI' audit verify --data '$DIR/d' | grep -q 'intact'"
python3 - "$DIR/d/hewei.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE audit_entries SET target = 'user nobody' WHERE seq = 2")
db.commit()
PY
check "audit verify finds a row edited in the database (exit 1, names the entry)" \
  bash -c "! '$HEWEI' audit verify --data '$DIR/d' > '$DIR/out' && grep -q 'BROKEN at entry 2' '$DIR/out'"
check "keys new prints an id:base64 key of 32 bytes" \
  bash -c "'$HEWEI' keys new k2027 | python3 -c 'import sys,base64; k=sys.stdin.read().strip(); i,b=k.split(\":\",1); assert i==\"k2027\" and len(base64.b64decode(b))==32'"

# ID numbers are sealed at rest; rotating to a new key re-seals them and the old key can go.
printf 'cellCode,name,idNumber,address\n370881001007006003,孔繁森,370881199001011234,五马祠街12号\n' > "$DIR/residents.csv"
"$HEWEI" base-data import --data "$DIR/d" residents "$DIR/residents.csv" >/dev/null
check "the ID number is stored sealed with the key file's key" \
  bash -c "sealed_out=\$(python3 -c \"import sqlite3; print(sqlite3.connect('$DIR/d/hewei.sqlite').execute('select attributes from base_records').fetchone()[0])\"); \
    echo \"\$sealed_out\" | grep -q 'enc:v1:k1:' && ! echo \"\$sealed_out\" | grep -q 370881199001011234"
NEWKEY=$("$HEWEI" keys new k2)
check "keys rotate re-seals base data, petitioners and visitors' phones with the new first key" \
  bash -c "HEWEI_DATA_KEYS='$NEWKEY,$(cat "$DIR/d/data.key")' '$HEWEI' keys rotate --data '$DIR/d' | grep -Eq 're-sealed [0-9]+ value' \
    && python3 -c \"import sqlite3; c=sqlite3.connect('$DIR/d/hewei.sqlite'); a=c.execute('select attributes from base_records').fetchone()[0]; assert 'enc:v1:k2:' in a; \
p=[r[0] for r in c.execute('select petitioners from petitions')]; assert p and all(x.startswith('enc:v1:k2:') for x in p); \
h=[r[0] for r in c.execute('select phone from hall_visits')]; assert all(x.startswith('enc:v1:k2:') for x in h)\""

printf 'channel,channelRef,receivedAt,requestKind,categoryCode,address,content,unit,requesterName,requesterPhone,anonymous\nhotline12345,OLD-1,2026-01-05 09:30,complaint,0106,五马祠街,路灯不亮,auto,张三,13812341234,false\napp,OLD-2,2026-01-06 10:00,suggestion,0106,书院街道,建议增设路灯,,,,true\n' > "$DIR/old.csv"
check "import orders registers the old system's requests" \
  bash -c "'$HEWEI' import orders --data '$DIR/d' '$DIR/old.csv' | grep -qx 'imported 2 order(s); 0 already imported; rejected 0 row(s)'"
check "importing the same file again stores nothing new" \
  bash -c "'$HEWEI' import orders --data '$DIR/d' '$DIR/old.csv' | grep -qx 'imported 0 order(s); 2 already imported; rejected 0 row(s)'"
printf 'channel,channelRef,receivedAt,requestKind,categoryCode,address,content\nfax,OLD-3,2026-01-07 08:00,complaint,0106,x,y\n' > "$DIR/bad.csv"
check "a bad row is refused with its line number (exit 1)" \
  bash -c "! '$HEWEI' import orders --data '$DIR/d' '$DIR/bad.csv' 2> '$DIR/err' && grep -q '^line 2: channel' '$DIR/err'"

# Figures: the rollups agree with the orders after the import, and after a bulk load for benchmarks.
check "rollups verify agrees with the orders after the import" \
  bash -c "'$HEWEI' rollups verify --data '$DIR/d' | grep -qx 'rollups agree with the orders'"
check "demo --orders seeds bulk orders and counts them into the rollups" \
  bash -c "'$HEWEI' demo --data '$DIR/bulk' --orders 3000 --days 60 | grep -q '^bulk: 3000 orders' \
    && '$HEWEI' rollups verify --data '$DIR/bulk' | grep -qx 'rollups agree with the orders'"
check "a tampered rollup row is found by verify (exit 1)" \
  bash -c "python3 -c \"import sqlite3; c=sqlite3.connect('$DIR/bulk/hewei.sqlite'); c.execute(\\\"update rollup_flows set intake = intake + 1 where area = 'city' and dim = ''\\\"); c.commit()\" \
    && ! '$HEWEI' rollups verify --data '$DIR/bulk' > '$DIR/out' && grep -q 'rows differ' '$DIR/out'"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
