#!/usr/bin/env bash
# Point → cell look-ups: Hewei's GridIndex against shapely 2's STRtree, side by side on the same
# 4,399 micro cells and the same 1,000,000 random points. Prints both rates, the ratio and the
# number of points on which the two disagree. Needs a release build:
#   swift build -c release && scripts/bench-grid.sh
set -euo pipefail
HEWEI=${HEWEI:-.build/release/hewei}
POINTS=${POINTS:-1000000}
DIR=$(mktemp -d /tmp/hewei-grid-bench.XXXXXX)
trap 'rm -rf "$DIR"' EXIT

python3 -m venv "$DIR/venv" >/dev/null
"$DIR/venv/bin/pip" install -q "shapely>=2,<3" numpy >/dev/null

"$HEWEI" bench points --points "$POINTS" --out "$DIR" | tee "$DIR/hewei.txt"
HEWEI_RATE=$(grep '^hewei_rate=' "$DIR/hewei.txt" | cut -d= -f2)

"$DIR/venv/bin/python" - "$DIR" "$HEWEI_RATE" <<'PY'
import json, sys, time
import numpy as np
import shapely
from shapely import STRtree
d, hewei_rate = sys.argv[1], float(sys.argv[2])
features = json.load(open(f"{d}/grid.geojson"))["features"]
codes = [f["properties"]["code"] for f in features]
geoms = [shapely.geometry.shape(f["geometry"]) for f in features]
pts = np.loadtxt(f"{d}/points.csv", delimiter=",", skiprows=1)
points = shapely.points(pts)
tree = STRtree(geoms)
start = time.perf_counter()
pi, gi = tree.query(points, predicate="within")
secs = time.perf_counter() - start
answer = [""] * len(pts)
for p, g in zip(pi, gi):
    if not answer[p]:
        answer[p] = codes[g]
rate = len(pts) / secs
ours = open(f"{d}/codes.txt").read().split("\n")[: len(pts)]
disagree = sum(1 for a, b in zip(answer, ours) if a != b)
print(f"shapely {shapely.__version__} STRtree: {len(pts)} points in {secs:.3f} s = {rate:.0f} look-ups/s (vectorised query)")
print(f"ratio hewei / shapely: {hewei_rate / rate:.2f}")
print(f"disagreements: {disagree}")
sys.exit(1 if disagree else 0)
PY
