#!/usr/bin/env bash
# bench/import/run.sh: the bulk-import benchmark of issue 3 point 5, in one command.
#
#   bash bench/import/run.sh
#
# Builds the server (release), starts a throwaway PostgreSQL 15 (deploy/pg.sh test mode: fsync=off), migrates,
# seeds the demo data, serves on a free loopback port with the default body limit, logs in as the demo supplier
# `supplier1`, writes two CSV files of BENCH_IMPORT_ROWS rows (bench/import/rows.py: UTF-8 with a BOM, and
# GB18030 as Excel on Chinese Windows saves it) and times, one after the other, with curl:
#   1. POST /api/v1/listings/imports?dryRun=true with the UTF-8 file (validates every row, writes nothing);
#   2. the same file for real, with an Idempotency-Key;
#   3. the same request again (the stored first result comes back; nothing is written);
#   4. the GB18030 file for real, with another key.
# Each step checks its status and counts (rows created, listings and audit rows in the database), and the CPU time
# of the server and of PostgreSQL is sampled from /proc. Writes bench/out/import-<UTC time>/{results.json,
# summary.md,raw/} (copied to bench/out/import-latest.{json,md}). Everything started here is stopped on exit.
#
# Knobs (defaults in brackets): BENCH_IMPORT_ROWS [10000] (at most 50 000, the import's limit)
#   GOVMALL_DB_POOL_SIZE [20]  GOVMALL_BIN (use this binary, do not build)  BENCH_OUT [bench/out]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
repo=$PWD

# shellcheck source=deploy/pg.sh
source deploy/pg.sh
# shellcheck source=bench/lib.sh
source bench/lib.sh

rows=${BENCH_IMPORT_ROWS:-10000}
pool_size=${GOVMALL_DB_POOL_SIZE:-20}

say() { echo "bench: $*" >&2; }
fail() {
	say "FAILED: $*"
	exit 1
}
((rows >= 1 && rows <= 50000)) || fail "BENCH_IMPORT_ROWS must be 1 to 50 000"
for t in python3 curl; do
	command -v "$t" >/dev/null 2>&1 || fail "$t is not installed"
done
PSQL="$GOVMALL_PG_BIN/psql"
[[ -x $PSQL ]] || fail "psql missing in $GOVMALL_PG_BIN (apt-get install postgresql-15)"

stamp=$(date -u +%Y%m%d-%H%M%S)
out_root=${BENCH_OUT:-$repo/bench/out}
run_dir="$out_root/import-$stamp"
raw="$run_dir/raw"
mkdir -p "$raw"
say "results in $run_dir (load average now $(cut -d' ' -f1-3 /proc/loadavg))"

# ---- build ---------------------------------------------------------------------------------------
bench_server_binary

# ---- database ------------------------------------------------------------------------------------
unset DATABASE_URL # always a throwaway cluster: the benchmark writes listings
govmall_pg_start test
say "database $(govmall_db_label)"
"$bin" migrate >"$raw/migrate.log" 2>&1 || fail "govmall migrate (see $raw/migrate.log)"
"$bin" seed >"$raw/seed.log" 2>&1 || fail "govmall seed (see $raw/seed.log)"
sql() { "$PSQL" -X -Atc "$1" "$DATABASE_URL"; }

python3 bench/import/rows.py --rows "$rows" --prefix U --encoding utf-8-sig >"$run_dir/rows-utf8.csv"
python3 bench/import/rows.py --rows "$rows" --prefix G --encoding gb18030 >"$run_dir/rows-gb18030.csv"

# ---- server --------------------------------------------------------------------------------------
clk_tck=$(getconf CLK_TCK)
say "starting govmall serve (GOVMALL_DB_POOL_SIZE=$pool_size, default body limit)"
bench_start_server "$bin" "$raw/server.log" 60 GOVMALL_DB_POOL_SIZE="$pool_size" GOVMALL_PRICE_SWEEP_SECONDS=3600
token=$(curl -fsS -X POST "$base/api/v1/sessions" -H 'Content-Type: application/json' \
	-d '{"username":"supplier1","password":"GovMall-demo-2026"}' |
	python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])') || fail "login as supplier1"
sleep 2 # the server's start-up work (price sweep, search index) settles

# ---- steps ---------------------------------------------------------------------------------------
steps_file="$raw/steps.tsv"
: >"$steps_file"
step() { # name file query key → appends name, status, seconds, CPU ticks (server, PostgreSQL), listings after
	local name=$1 file=$2 query=$3 key=$4 s0 p0 s1 p1 out
	local -a key_header=()
	[[ -n $key ]] && key_header=(-H "Idempotency-Key: $key")
	say "$name: POST /api/v1/listings/imports$query ($(wc -c <"$file") bytes)"
	s0=$(bench_proc_ticks "$server_pid")
	# shellcheck disable=SC2046 # pids a word each
	p0=$(bench_proc_ticks $(bench_pg_pids))
	out=$(curl -sS -o "$raw/$name.json" -w '%{http_code} %{time_total}' --max-time 1800 -X POST \
		"$base/api/v1/listings/imports$query" -H "Authorization: Bearer $token" -H 'Content-Type: text/csv' \
		"${key_header[@]}" --data-binary "@$file") || fail "$name: no answer"
	s1=$(bench_proc_ticks "$server_pid")
	# shellcheck disable=SC2046
	p1=$(bench_proc_ticks $(bench_pg_pids))
	local status=${out%% *} seconds=${out#* }
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$status" "$seconds" $((s1 - s0)) $((p1 - p0)) \
		"$(sql "SELECT count(*) FROM listings")" \
		"$(sql "SELECT count(*) FROM audit_log WHERE action = 'listing.created'")" >>"$steps_file"
	say "  $(tail -n 1 "$steps_file")"
}
listings_before=$(sql "SELECT count(*) FROM listings")
audit_before=$(sql "SELECT count(*) FROM audit_log WHERE action = 'listing.created'")
step dry_run "$run_dir/rows-utf8.csv" "?dryRun=true" ""
step import_utf8 "$run_dir/rows-utf8.csv" "" "bench-import-utf8"
step replay_utf8 "$run_dir/rows-utf8.csv" "" "bench-import-utf8"
step import_gb18030 "$run_dir/rows-gb18030.csv" "" "bench-import-gb18030"

# ---- report --------------------------------------------------------------------------------------
python3 bench/import/report.py --run-dir "$run_dir" --steps "$steps_file" --rows "$rows" --clk-tck "$clk_tck" \
	--listings-before "$listings_before" --audit-before "$audit_before" --pool-size "$pool_size" \
	--binary "$bin" || fail "a step did not do what it should (see $run_dir/summary.md)"
cp "$run_dir/results.json" "$out_root/import-latest.json"
cp "$run_dir/summary.md" "$out_root/import-latest.md"
say "done: $run_dir/summary.md"
