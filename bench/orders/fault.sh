#!/usr/bin/env bash
# bench/orders/fault.sh: the fault check of issue 4 point 9, in one command.
#
#   bash bench/orders/fault.sh
#
# Builds the server (release) unless GOVMALL_BIN is given, starts a throwaway PostgreSQL 15 (deploy/pg.sh; the
# cluster runs with fsync=off, but a server kill is not a machine crash: PostgreSQL keeps running and what it
# committed stays committed), migrates, loads the reference data and bench/orders/setup.sql's units, suppliers,
# listings, sessions and budget lines, snapshots every listing's stock, then runs bench/orders/fault.py: order
# load from FAULT_WORKERS threads, `kill -9` of the server after FAULT_KILL_AFTER_SECONDS, restart, replay of
# every Idempotency-Key, and the checks (every 201 order exists once, replays return the same orders, stock and
# budgets add up, one audit row per order). Writes bench/out/fault-<UTC time>/{summary.json,raw/}; exits 1 on
# any failure.
#
# Knobs: BENCH_UNITS [200] BENCH_SUPPLIERS [10] BENCH_LISTINGS [600] FAULT_WORKERS [16]
#   FAULT_KILL_AFTER_SECONDS [4] GOVMALL_BIN BENCH_OUT [bench/out]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
repo=$PWD

# shellcheck source=deploy/pg.sh
source deploy/pg.sh
# shellcheck source=bench/lib.sh
source bench/lib.sh

units=${BENCH_UNITS:-200}
suppliers=${BENCH_SUPPLIERS:-10}
listings=${BENCH_LISTINGS:-600}

say() { echo "fault: $*" >&2; }
fail() {
	say "FAILED: $*"
	exit 1
}
# shellcheck disable=SC2153 # GOVMALL_PG_BIN comes from deploy/pg.sh
PSQL="$GOVMALL_PG_BIN/psql"
[[ -x $PSQL ]] || fail "psql missing in $GOVMALL_PG_BIN (apt-get install postgresql-15)"
command -v python3 >/dev/null 2>&1 || fail "python3 is not installed"

stamp=$(date -u +%Y%m%d-%H%M%S)
run_dir="${BENCH_OUT:-$repo/bench/out}/fault-$stamp"
raw="$run_dir/raw"
mkdir -p "$raw"

bench_server_binary

unset DATABASE_URL # always a throwaway cluster
govmall_pg_start test
say "database $(govmall_db_label)"
"$bin" migrate >"$raw/migrate.log" 2>&1 || fail "govmall migrate (see $raw/migrate.log)"
"$bin" seed --reference-only >"$raw/seed.log" 2>&1 || fail "govmall seed (see $raw/seed.log)"
"$PSQL" -X -q -v units="$units" -v suppliers="$suppliers" -v listings="$listings" -f bench/orders/setup.sql \
	"$DATABASE_URL" >"$raw/setup.log" 2>&1 || fail "bench/orders/setup.sql (see $raw/setup.log)"
"$PSQL" -X -q -c "CREATE TABLE fault_initial_stock AS SELECT id, stock AS initial_stock FROM listings" \
	"$DATABASE_URL" >>"$raw/setup.log" 2>&1 || fail "stock snapshot"
"$PSQL" -X -Atc "SELECT md5('bench-listing-' || n)::uuid FROM generate_series(1, $listings) n ORDER BY n" \
	"$DATABASE_URL" >"$run_dir/listings.txt"
"$PSQL" -X -Atc "SELECT md5('bench-budget-' || n)::uuid FROM generate_series(1, $units) n ORDER BY n" \
	"$DATABASE_URL" >"$run_dir/budgets.txt"

port=$(govmall_free_port)
say "load, kill -9, restart, replay (server on 127.0.0.1:$port)"
rc=0
python3 bench/orders/fault.py "$port" "$run_dir" "$bin" "$DATABASE_URL" "$PSQL" "$raw" >"$raw/fault.txt" || rc=$?
cat "$raw/fault.txt" >&2
grep -o 'FAULT_JSON .*' "$raw/fault.txt" | sed 's/^FAULT_JSON //' >"$run_dir/summary.json" || true
((rc == 0)) || fail "see $raw/fault.txt"
say "passed: $(cat "$run_dir/summary.json")"
