#!/usr/bin/env bash
# bench/orders/run.sh: the order benchmark of issue 4 point 9, in one command.
#
#   bash bench/orders/run.sh
#
# Builds the server (release), starts a throwaway PostgreSQL 15 (deploy/pg.sh test mode: fsync=off), migrates,
# loads the reference data (`govmall seed --reference-only`) and the benchmark's units, suppliers, listings,
# sessions and budget lines (bench/orders/setup.sql), serves on a free loopback port, checks that one order
# answers 201, then measures in the same run, one after the other:
#   1. wrk: POST /api/v1/orders with 3-line carts (3 suppliers → 3 orders), random units, fresh
#      Idempotency-Keys (bench/orders/place.lua);
#   2. pgbench: the same SQL transaction, statement for statement (bench/orders/place.sql);
# and writes bench/out/orders-<UTC time>/{results.json,summary.md,raw/} (copied to
# bench/out/orders-latest.{json,md}) with both rates and their ratio. During the wrk run it samples the CPU time
# of the server and of PostgreSQL (/proc), which shows which side is the bottleneck. Everything started here is
# stopped on exit.
#
# Knobs (defaults in brackets): BENCH_UNITS [1000] BENCH_SUPPLIERS [50] BENCH_LISTINGS [10000]
#   BENCH_THREADS [2] (wrk -t, pgbench -j)  BENCH_CONNECTIONS [64] (wrk -c, pgbench -c)  BENCH_SECONDS [20]
#   BENCH_WARMUP_SECONDS [5]  GOVMALL_DB_POOL_SIZE [32]  GOVMALL_BIN (use this binary, do not build)
#   BENCH_OUT [bench/out]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
repo=$PWD

# shellcheck source=deploy/pg.sh
source deploy/pg.sh
# shellcheck source=bench/lib.sh
source bench/lib.sh

units=${BENCH_UNITS:-1000}
suppliers=${BENCH_SUPPLIERS:-50}
listings=${BENCH_LISTINGS:-10000}
threads=${BENCH_THREADS:-2}
conns=${BENCH_CONNECTIONS:-64}
seconds=${BENCH_SECONDS:-20}
warmup=${BENCH_WARMUP_SECONDS:-5}
pool_size=${GOVMALL_DB_POOL_SIZE:-32}

say() { echo "bench: $*" >&2; }
fail() {
	say "FAILED: $*"
	exit 1
}
((suppliers >= 3)) || fail "BENCH_SUPPLIERS must be at least 3 (a cart spans three suppliers)"

command -v wrk >/dev/null 2>&1 || fail "wrk is not installed: sudo apt-get install -y wrk"
# shellcheck disable=SC2153 # GOVMALL_PG_BIN comes from deploy/pg.sh
PGBENCH="$GOVMALL_PG_BIN/pgbench"
PSQL="$GOVMALL_PG_BIN/psql"
[[ -x $PGBENCH && -x $PSQL ]] || fail "pgbench/psql missing in $GOVMALL_PG_BIN (apt-get install postgresql-15)"
for t in python3 curl; do
	command -v "$t" >/dev/null 2>&1 || fail "$t is not installed"
done

stamp=$(date -u +%Y%m%d-%H%M%S)
out_root=${BENCH_OUT:-$repo/bench/out}
run_dir="$out_root/orders-$stamp"
raw="$run_dir/raw"
mkdir -p "$raw"
say "results in $run_dir (load average now $(cut -d' ' -f1-3 /proc/loadavg))"

# ---- build ---------------------------------------------------------------------------------------
bench_server_binary

# ---- database ------------------------------------------------------------------------------------
unset DATABASE_URL # always a throwaway cluster: the benchmark writes thousands of orders
govmall_pg_start test
say "database $(govmall_db_label)"
"$bin" migrate >"$raw/migrate.log" 2>&1 || fail "govmall migrate (see $raw/migrate.log)"
"$bin" seed --reference-only >"$raw/seed.log" 2>&1 || fail "govmall seed (see $raw/seed.log)"
"$PSQL" -X -q -v units="$units" -v suppliers="$suppliers" -v listings="$listings" -f bench/orders/setup.sql \
	"$DATABASE_URL" >"$raw/setup.log" 2>&1 || fail "bench/orders/setup.sql (see $raw/setup.log)"
"$PSQL" -X -Atc "SELECT md5('bench-listing-' || n)::uuid FROM generate_series(1, $listings) n ORDER BY n" \
	"$DATABASE_URL" >"$run_dir/listings.txt"
"$PSQL" -X -Atc "SELECT md5('bench-budget-' || n)::uuid FROM generate_series(1, $units) n ORDER BY n" \
	"$DATABASE_URL" >"$run_dir/budgets.txt"
sql_count() { "$PSQL" -X -Atc "$1" "$DATABASE_URL"; }

# ---- server --------------------------------------------------------------------------------------
clk_tck=$(getconf CLK_TCK)
say "starting govmall serve (GOVMALL_DB_POOL_SIZE=$pool_size)"
bench_start_server "$bin" "$raw/server.log" 60 GOVMALL_DB_POOL_SIZE="$pool_size" GOVMALL_PRICE_SWEEP_SECONDS=3600
say "serving on $base"

# One order by hand: it must answer 201, and its stored response size feeds pgbench.
first_listing=$(sed -n 1p "$run_dir/listings.txt")
second_listing=$(sed -n 2p "$run_dir/listings.txt")
third_listing=$(sed -n 3p "$run_dir/listings.txt")
probe_lines="{\"listingId\":\"$first_listing\",\"quantity\":1},{\"listingId\":\"$second_listing\",\"quantity\":1}"
probe_lines="$probe_lines,{\"listingId\":\"$third_listing\",\"quantity\":1}"
probe_budget=$(sed -n 1p "$run_dir/budgets.txt")
probe_body="{\"lines\":[$probe_lines],\"expectedTotalFen\":315000,\"budgetLineId\":\"$probe_budget\"}"
code=$(curl -sS -o "$raw/probe.json" -w '%{http_code}' -X POST "$base/api/v1/orders" \
	-H 'Authorization: Bearer bench-token-1' -H 'Content-Type: application/json' -H 'Idempotency-Key: probe-1' \
	--data "$probe_body") || fail "POST /api/v1/orders: no answer"
[[ $code == 201 ]] || fail "the probe order answered $code: $(head -c 400 "$raw/probe.json")"
response_bytes=$(sql_count "SELECT length(response_body) FROM idempotency_keys WHERE key = 'probe-1'")
say "probe order placed (stored response $response_bytes bytes)"

# ---- wrk -----------------------------------------------------------------------------------------
export BENCH_DIR="$run_dir"
say "wrk warm-up ${warmup}s"
wrk -t"$threads" -c"$conns" -d"${warmup}s" -s bench/orders/place.lua "$base" >"$raw/wrk_warmup.txt" 2>&1 ||
	fail "wrk warm-up (see $raw/wrk_warmup.txt)"
orders_before=$(sql_count "SELECT count(*) FROM orders")
say "wrk: -t$threads -c$conns -d${seconds}s --latency -s bench/orders/place.lua"
# shellcheck disable=SC2046 # pids a word each
s0=$(bench_proc_ticks "$server_pid")
# shellcheck disable=SC2046
p0=$(bench_proc_ticks $(bench_pg_pids))
t0=$(date +%s.%N)
wrk -t"$threads" -c"$conns" -d"${seconds}s" --latency -s bench/orders/place.lua "$base" >"$raw/wrk.txt" 2>&1 ||
	fail "wrk (see $raw/wrk.txt)"
t1=$(date +%s.%N)
s1=$(bench_proc_ticks "$server_pid")
# shellcheck disable=SC2046
p1=$(bench_proc_ticks $(bench_pg_pids))
orders_after=$(sql_count "SELECT count(*) FROM orders")
grep -E 'Requests/sec|Non-2xx' "$raw/wrk.txt" >&2 || true

# ---- pgbench -------------------------------------------------------------------------------------
pg_orders_before=$orders_after
say "pgbench: -M prepared -c $conns -j $threads -T $seconds -f bench/orders/place.sql"
"$PGBENCH" -n -M prepared -c "$conns" -j "$threads" -T "$seconds" -D units="$units" -D suppliers="$suppliers" \
	-D listings="$listings" -D response_bytes="$response_bytes" -f bench/orders/place.sql "$DATABASE_URL" \
	>"$raw/pgbench.txt" 2>&1 || fail "pgbench (see $raw/pgbench.txt)"
pg_orders_after=$(sql_count "SELECT count(*) FROM orders")
grep -E '^(tps|latency average|number of failed)' "$raw/pgbench.txt" >&2 || true

# ---- report --------------------------------------------------------------------------------------
python3 - "$run_dir" "$raw/wrk.txt" "$raw/pgbench.txt" <<PY
import json, re, sys
run_dir, wrk_path, pg_path = sys.argv[1:4]
wrk_text = open(wrk_path).read()
wrk = json.loads(re.search(r"WRK_JSON (\{.*\})", wrk_text).group(1))
pg_text = open(pg_path).read()
tps = float(re.search(r"tps = ([0-9.]+)", pg_text).group(1))
lat = float(re.search(r"latency average = ([0-9.]+) ms", pg_text).group(1))
failed = re.search(r"number of failed transactions: (\d+)", pg_text)
wall = float("$t1") - float("$t0")
cpu = lambda a, b: round((int(b) - int(a)) / $clk_tck / wall * 100, 1)
results = {
    "date_utc": "$stamp", "machine": open("/proc/cpuinfo").read().count("processor\t:"),
    "load": {"units": $units, "suppliers": $suppliers, "listings": $listings, "connections": $conns,
             "threads": $threads, "seconds": $seconds, "pool_size": $pool_size},
    "wrk": wrk, "wrk_orders_created": $orders_after - $orders_before,
    "pgbench": {"tps": tps, "latency_avg_ms": lat, "failed": int(failed.group(1)) if failed else None,
                "orders_created": $pg_orders_after - $pg_orders_before},
    "ratio": round(wrk["requests_per_s"] / tps, 3),
    "cpu_percent_during_wrk": {"server": cpu("$s0", "$s1"), "postgres": cpu("$p0", "$p1")},
    "stored_response_bytes": $response_bytes,
}
json.dump(results, open(run_dir + "/results.json", "w"), indent=1)
w = wrk
summary = f"""| measure | rate | latency | notes |
|---|---|---|---|
| wrk \`POST /api/v1/orders\` (3 lines, 3 orders) | {w['requests_per_s']:.0f} req/s | p50 {w['latency_ms']['p50']:.1f} ms, p95 {w['latency_ms']['p95']:.1f} ms, p99 {w['latency_ms']['p99']:.1f} ms | non-2xx {w['errors']['status']}, timeouts {w['errors']['timeout']}; {results['wrk_orders_created']} orders created |
| pgbench \`bench/orders/place.sql\` (same SQL) | {tps:.0f} tx/s | average {lat:.1f} ms | failed {results['pgbench']['failed']}; {results['pgbench']['orders_created']} orders created |
| ratio wrk / pgbench | **{results['ratio']:.2f}** | | CPU during wrk: server {results['cpu_percent_during_wrk']['server']} %, PostgreSQL {results['cpu_percent_during_wrk']['postgres']} % |

Load: {$units} units, {$suppliers} suppliers, {$listings} listings; -c {$conns}, -t/-j {$threads}, {$seconds} s each, pool {$pool_size}.
"""
open(run_dir + "/summary.md", "w").write(summary)
print(summary)
PY
cp "$run_dir/results.json" "$out_root/orders-latest.json"
cp "$run_dir/summary.md" "$out_root/orders-latest.md"
say "done: $run_dir/summary.md"
