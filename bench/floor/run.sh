#!/usr/bin/env bash
# bench/floor/run.sh: the libraries' floor under GET /api/v1/listings/{id} (issue 3 point 7).
#
#   DATABASE_URL=… BENCH_IDS_FILE=bench/out/listing_ids.txt bash bench/floor/run.sh
#
# Needs a database that bench/catalog/run.sh has filled (run it with BENCH_USE_DATABASE_URL=1, or point
# DATABASE_URL at its cluster while it is kept) and the id list it wrote. Builds bench/floor (Hummingbird 2 and
# PostgresNIO answering the listing SELECT with its raw cells: no middleware, authentication, decoding or JSON),
# serves it on a free loopback port, and measures with the catalog benchmark's wrk script, one after the other:
# GET /health, GET /pk/{id} (bench/catalog/pk.sql's lookup), GET /listing/{id} (bench/catalog/listing.sql's
# SELECT), each with the process's and PostgreSQL's CPU per request. Whatever GovMall's endpoint costs above
# /listing is GovMall's own code. Then pgbench runs the same SELECT as bench/catalog/run.sh does (-M prepared, as
# many clients as wrk has connections), and the script prints /listing's rate against it. Knobs: POOL [8] (the
# floor's pool), BENCH_SECONDS [15], BENCH_CONNECTIONS [64], BENCH_LISTINGS [1000000] (how many listings the
# catalog benchmark generated), FLOOR_BIN (use this binary, do not build).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=deploy/pg.sh
source deploy/pg.sh
[[ -n ${DATABASE_URL:-} ]] || { echo "floor: set DATABASE_URL to a database bench/catalog/run.sh filled" >&2; exit 1; }
ids=${BENCH_IDS_FILE:-bench/out/listing_ids.txt}
[[ -s $ids ]] || { echo "floor: no id list at $ids (BENCH_IDS_FILE)" >&2; exit 1; }
secs=${BENCH_SECONDS:-15}
conns=${BENCH_CONNECTIONS:-64}
pool=${POOL:-8}
if [[ -n ${FLOOR_BIN:-} ]]; then
	bin=$FLOOR_BIN
else
	echo "floor: building bench/floor (release)" >&2
	swift build -c release --package-path bench/floor >&2
	bin=bench/floor/.build/release/floor
fi
port=$(govmall_free_port)
DATABASE_URL=$DATABASE_URL PORT=$port POOL=$pool "$bin" >/dev/null 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
ticks() { # total user+system clock ticks of the given processes
	local t=0 p
	for p in "$@"; do [[ -r /proc/$p/stat ]] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done
	echo "$t"
}
echo "| Route | req/s | floor CPU ms per request | PostgreSQL CPU ms per request |"
echo "|---|---:|---:|---:|"
for route in health pk listing; do
	path=/$route/
	[[ $route == health ]] && path="/health?id="
	BENCH_TOKEN=none BENCH_IDS_FILE=$ids BENCH_LISTING_PATH=$path \
		wrk -t2 -c"$conns" -d5s -s bench/catalog/listing.lua "http://127.0.0.1:$port" >/dev/null
	# shellcheck disable=SC2046 # one pid a word
	s0=$(ticks "$pid") p0=$(ticks $(pgrep -f 'postgres:' || true)) t0=$(date +%s.%N)
	out=$(BENCH_TOKEN=none BENCH_IDS_FILE=$ids BENCH_LISTING_PATH=$path \
		wrk -t2 -c"$conns" -d"${secs}s" -s bench/catalog/listing.lua "http://127.0.0.1:$port")
	# shellcheck disable=SC2046
	s1=$(ticks "$pid") p1=$(ticks $(pgrep -f 'postgres:' || true)) t1=$(date +%s.%N)
	! grep -q "Non-2xx" <<<"$out" || { echo "floor: $route answered errors: $out" >&2; exit 1; }
	rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
	[[ $route == listing ]] && listing_rps=$rps
	python3 -c 'import os, sys
r, rps, s, p, t0, t1 = sys.argv[1], float(sys.argv[2]), *map(float, sys.argv[3:])
hz, d = os.sysconf("SC_CLK_TCK"), t1 - t0
print(f"| /{r} | {rps:,.0f} | {s / hz / d / rps * 1000:.3f} | {p / hz / d / rps * 1000:.3f} |")' \
		"$route" "$rps" $((s1 - s0)) $((p1 - p0)) "$t0" "$t1"
done
# shellcheck disable=SC2153 # GOVMALL_PG_BIN comes from deploy/pg.sh
tps=$("$GOVMALL_PG_BIN/pgbench" -n -M prepared -c "$conns" -j 2 -T "$secs" -D "listings=${BENCH_LISTINGS:-1000000}" \
	-f bench/catalog/listing.sql "$DATABASE_URL" 2>&1 | awk '/^tps/ {print $3}')
python3 -c 'import sys
r, t, c = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
print(f"\n/listing: {r:,.0f} req/s against pgbench listing.sql -M prepared -c {c}: {t:,.0f} tx/s = {r / t:.3f}")' \
	"$listing_rps" "$tps" "$conns"
