#!/usr/bin/env bash
# bench/catalog/run.sh: the catalog benchmark of issue 3 point 7, in one command.
#
#   bash bench/catalog/run.sh
#
# Builds the server (release), starts a throwaway PostgreSQL 15 (deploy/pg.sh test mode: fsync=off),
# migrates, seeds, generates BENCH_LISTINGS listings (bench/catalog/generate.py), serves on a free
# loopback port, logs in, then measures, one after the other:
#   1. pgbench, primary-key lookup (bench/catalog/pk.sql)
#   2. pgbench, the SELECT of GET /api/v1/listings/{id} (bench/catalog/listing.sql), then the same with as many
#      clients as the server's pool (for information)
#   3. pgbench, all the SQL of one such request (bench/catalog/request.sql; for information)
#   4. wrk, GET /api/v1/listings/{id} over random ids (bench/catalog/listing.lua)
#   5. wrk, a mix of GET /api/v1/catalog/search queries (bench/catalog/search.lua, search_mix.tsv)
#   6. each search of the mix alone, one at a time (where the time goes)
# and writes bench/out/catalog-<UTC time>/{results.json,summary.md,raw/} (copied to
# bench/out/catalog-latest.{json,md}). Targets: search p95 ≤ 5 × PK-lookup p95; listing requests/s
# ≥ 0.5 × pgbench tx/s of the same SELECT. An endpoint that does not answer 200 yet is skipped and
# reported as not measured. Everything started here is stopped on exit.
#
# Knobs (defaults in brackets):
#   BENCH_LISTINGS [1000000]   listings to generate        BENCH_SUPPLIERS [2000]
#   BENCH_THREADS [2]          pgbench -j and wrk -t       BENCH_WARMUP_SECONDS [5] before each measurement
#   BENCH_PGBENCH_CLIENTS [64]   BENCH_PGBENCH_SECONDS [20]
#   BENCH_LISTING_CONNECTIONS [64] BENCH_LISTING_SECONDS [20]
#   BENCH_SEARCH_CONNECTIONS [32]  BENCH_SEARCH_SECONDS [30]
#   BENCH_ROUNDS [3]           pgbench listing.sql and wrk listing.lua taken in turn this many times; the listing
#                              target compares their medians
#   BENCH_WRK_TIMEOUT [30s]    a slower answer counts as a timeout error, outside the percentiles
#   GOVMALL_DB_POOL_SIZE [8]   the server's pool: PostgreSQL shares this machine's cores, and on 2 cores 8 connections
#                              served 20 % more listing reads than 32 (docs/benchmarks.md, 2026-11-24 10:00 UTC);
#                              pgbench also runs the listing SELECT with that many clients, for information
#                              GOVMALL_PRICE_SWEEP_SECONDS [3600] (the sweep runs at start,
#                              and the script waits for it, but should not come back mid-measurement)
#   GOVMALL_BIN                use this server binary, do not build
#   GOVMALL_SEARCH_INDEX [on]  off measures the SQL search instead of the in-process index
#   BENCH_USE_DATABASE_URL=1   use $DATABASE_URL instead of a throwaway cluster (it gets N listings!)
#   BENCH_REUSE_DATA=1         with it: the listings are already there, only rewrite the id list
#   BENCH_USER / BENCH_PASSWORD [buyer1 / GovMall-demo-2026]: who reads (an operator or the owner
#                              makes GET /api/v1/listings/{id} run one more query)
#   BENCH_OUT [bench/out]      BENCH_KEEP_LOGS=1 keeps pgbench's per-transaction logs
#   BENCH_STRICT=1             exit 1 when a target is missed or not measured
#   GOVMALL_PG_SHARED_BUFFERS [4GB] PostgreSQL's shared_buffers for the throwaway cluster
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
repo=$PWD

# shellcheck source=deploy/pg.sh
source deploy/pg.sh
# shellcheck source=bench/lib.sh
source bench/lib.sh

listings=${BENCH_LISTINGS:-1000000}
suppliers=${BENCH_SUPPLIERS:-2000}
threads=${BENCH_THREADS:-2}
warmup=${BENCH_WARMUP_SECONDS:-5}
pg_clients=${BENCH_PGBENCH_CLIENTS:-64}
pg_seconds=${BENCH_PGBENCH_SECONDS:-20}
listing_conns=${BENCH_LISTING_CONNECTIONS:-64}
listing_seconds=${BENCH_LISTING_SECONDS:-20}
search_conns=${BENCH_SEARCH_CONNECTIONS:-32}
search_seconds=${BENCH_SEARCH_SECONDS:-30}
pool_size=${GOVMALL_DB_POOL_SIZE:-8}
rounds=${BENCH_ROUNDS:-3}
wrk_timeout=${BENCH_WRK_TIMEOUT:-30s}
user=${BENCH_USER:-buyer1}
password=${BENCH_PASSWORD:-GovMall-demo-2026}

say() { echo "bench: $*" >&2; }
fail() {
	say "FAILED: $*"
	exit 1
}

# ---- tools ---------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
	if [[ $EUID -eq 0 ]]; then
		say "installing wrk with apt-get"
		{ DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk ||
			{ DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
				DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }; } >/dev/null ||
			fail "apt-get install wrk failed"
	else
		fail "wrk is not installed: sudo apt-get install -y wrk"
	fi
fi
# shellcheck disable=SC2153 # GOVMALL_PG_BIN comes from deploy/pg.sh
PGBENCH="$GOVMALL_PG_BIN/pgbench"
export PSQL="$GOVMALL_PG_BIN/psql"
[[ -x $PGBENCH && -x $PSQL ]] || fail "pgbench/psql missing in $GOVMALL_PG_BIN (apt-get install postgresql-15)"
for t in python3 curl; do
	command -v "$t" >/dev/null 2>&1 || fail "$t is not installed"
done

stamp=$(date -u +%Y%m%d-%H%M%S)
out_root=${BENCH_OUT:-$repo/bench/out}
run_dir="$out_root/catalog-$stamp"
raw="$run_dir/raw"
mkdir -p "$raw"
report() { python3 "$repo/bench/catalog/report.py" "$@"; }
export PYTHONDONTWRITEBYTECODE=1
loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)
say "results in $run_dir (load average now $loadavg_start)"

# ---- build ---------------------------------------------------------------------------------------
build=$([[ -n ${GOVMALL_BIN:-} ]] && echo "given binary" || echo "release build")
bench_server_binary

# ---- database ------------------------------------------------------------------------------------
if [[ ${BENCH_USE_DATABASE_URL:-0} != 1 ]]; then
	unset DATABASE_URL # never load a million rows into a database that happens to be in the environment
fi
# A production server gives PostgreSQL a good part of its memory; the 1M-listing table is about 1 GB.
export GOVMALL_PG_SHARED_BUFFERS=${GOVMALL_PG_SHARED_BUFFERS:-4GB}
govmall_pg_start test
if [[ ${_GOVMALL_PG_OURS:-0} == 1 ]]; then
	pg_mode="throwaway cluster of deploy/pg.sh test mode: fsync=off, synchronous_commit=off, full_page_writes=off, shared_buffers=$GOVMALL_PG_SHARED_BUFFERS"
else
	pg_mode="given DATABASE_URL"
fi
say "database $(govmall_db_label)"
"$bin" migrate >"$raw/migrate.log" 2>&1 || {
	cat "$raw/migrate.log" >&2
	fail "govmall migrate"
}
"$bin" seed >"$raw/seed.log" 2>&1 || {
	cat "$raw/seed.log" >&2
	fail "govmall seed"
}
ids_file="$run_dir/listing_ids.txt"
if [[ ${BENCH_USE_DATABASE_URL:-0} == 1 && ${BENCH_REUSE_DATA:-0} == 1 ]]; then
	python3 bench/catalog/generate.py --listings "$listings" --ids-only --ids-file "$ids_file" \
		--stats-json "$run_dir/generate.json" || fail "reusing the generated data"
else
	say "generating $listings listings"
	python3 bench/catalog/generate.py --listings "$listings" --suppliers "$suppliers" --replace \
		--stats-json "$run_dir/generate.json" --ids-file "$ids_file" >"$raw/generate.json.log" 2>"$raw/generate.log" || {
		cat "$raw/generate.log" >&2
		fail "generating listings"
	}
	tail -n 3 "$raw/generate.log" >&2
fi

# ---- server --------------------------------------------------------------------------------------
clk_tck=$(getconf CLK_TCK)
server_log="$raw/server.log"
say "starting govmall serve (GOVMALL_DB_POOL_SIZE=$pool_size, log: $server_log)"
bench_start_server "$bin" "$server_log" 60 GOVMALL_DB_POOL_SIZE="$pool_size" \
	GOVMALL_PRICE_SWEEP_SECONDS="${GOVMALL_PRICE_SWEEP_SECONDS:-3600}"
say "serving on $base"
# The search index loads in the background at start (searches use SQL until then): wait for it.
deadline=$((SECONDS + 600))
until curl -fsS --max-time 2 "$base/ready" 2>/dev/null | grep -Eq '"searchIndex" *: *"(ready|off)"'; do
	kill -0 "$server_pid" 2>/dev/null || fail "the server exited while loading the search index"
	((SECONDS < deadline)) || fail "the search index did not load within 600 s"
	sleep 1
done
say "search index: $(curl -fsS --max-time 2 "$base/ready" | python3 -c 'import json, sys; print(json.load(sys.stdin).get("searchIndex"))')"
# The server's price-control sweep runs once at start and scans listings: let it finish first.
say "waiting for the server's start-up work (price-control sweep) to finish"
deadline=$((SECONDS + 300))
quiet=0
while ((quiet < 3)); do
	active=$("$PSQL" -X -Atc "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'
		AND backend_type = 'client backend' AND pid <> pg_backend_pid()" "$DATABASE_URL") || active=1
	if [[ $active == 0 ]]; then quiet=$((quiet + 1)); else quiet=0; fi
	if ((SECONDS >= deadline)); then
		say "the database is still busy after 300 s; measuring anyway"
		break
	fi
	sleep 1
done

code=$(curl -sS -o "$raw/login.json" -w '%{http_code}' -X POST "$base/api/v1/sessions" \
	-H 'Content-Type: application/json' -H 'Accept: application/json' \
	--data "{\"username\":\"$user\",\"password\":\"$password\"}") || fail "POST /api/v1/sessions: no answer"
[[ $code == 201 ]] || fail "login as $user answered $code: $(head -c 300 "$raw/login.json")"
BENCH_TOKEN=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["token"])' "$raw/login.json") ||
	fail "no token in the login answer"
export BENCH_TOKEN BENCH_IDS_FILE="$ids_file"
rm -f "$raw/login.json"
say "logged in as $user"

# ---- pgbench -------------------------------------------------------------------------------------
pgbench_args="-M prepared -c $pg_clients -j $threads -T $pg_seconds"
run_pgbench() { # name script [extra pgbench arguments]
	local name=$1 script=$2
	shift 2
	mkdir -p "$raw/pglog_$name"
	say "pgbench $name: $pgbench_args $* -f bench/catalog/$script"
	# shellcheck disable=SC2086 # word-split on purpose
	"$PGBENCH" -n $pgbench_args -P 5 -D "listings=$listings" "$@" -l --log-prefix="$raw/pglog_$name/tx" \
		-f "bench/catalog/$script" "$DATABASE_URL" >"$raw/pgbench_$name.txt" 2>&1 ||
		fail "pgbench $name (see $raw/pgbench_$name.txt)"
	report pgbench "$raw/pgbench_$name.txt" "$raw/pglog_$name/tx" >"$run_dir/pgbench_$name.json"
	[[ ${BENCH_KEEP_LOGS:-0} == 1 ]] || rm -rf "$raw/pglog_$name"
	grep -E '^(tps|latency average)' "$raw/pgbench_$name.txt" >&2 || true
}
say "warming up ($warmup s of bench/catalog/listing.sql)"
"$PGBENCH" -n -M prepared -c "$pg_clients" -j "$threads" -T "$warmup" -D "listings=$listings" \
	-f bench/catalog/listing.sql "$DATABASE_URL" >"$raw/pgbench_warmup.txt" 2>&1 || fail "pgbench warm-up"
run_pgbench pk pk.sql
run_pgbench listing listing.sql
# For information: the same SELECT from as many clients as the server has connections (pgbench's own best is
# near there; the target compares with the 64 clients that wrk also uses).
run_pgbench listing_pool listing.sql -c "$pool_size" -j "$((pool_size < threads ? pool_size : threads))"
token_hash=$(python3 -c 'import hashlib, os; print("\\x" + hashlib.sha256(os.environ["BENCH_TOKEN"].encode()).hexdigest())')
run_pgbench request request.sql -D "tokenhash=$token_hash"

# ---- wrk -----------------------------------------------------------------------------------------
declare -A skipped=()
probe() { # name path → 0 when it answers 200
	local name=$1 path=$2 code
	code=$(curl -sS -o "$raw/probe_$name.json" -w '%{http_code}' --max-time 30 \
		-H "Authorization: Bearer $BENCH_TOKEN" -H 'Accept: application/json' "$base$path") || code=000
	if [[ $code != 200 ]]; then
		skipped[$name]="GET ${path%%\?*} answered $code at $(date -u +%Y-%m-%d); not measured"
		say "skipping $name: ${skipped[$name]}"
		return 1
	fi
}
run_wrk() { # name script connections seconds
	local name=$1 script=$2 conns=$3 secs=$4 s0 p0 t0 s1 p1 t1
	say "wrk $name: warm-up ${warmup}s, then -t$threads -c$conns -d${secs}s --latency -s bench/catalog/$script"
	wrk -t"$threads" -c"$conns" -d"${warmup}s" --timeout "$wrk_timeout" -s "bench/catalog/$script" "$base" \
		>"$raw/wrk_${name}_warmup.txt" 2>&1 || fail "wrk $name warm-up"
	s0=$(bench_proc_ticks "$server_pid")
	pg_known=$([[ -n $(bench_pg_pids) ]] && echo 1 || echo 0)
	# shellcheck disable=SC2046
	p0=$(bench_proc_ticks $(bench_pg_pids))
	t0=$(date +%s.%N)
	wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout "$wrk_timeout" --latency -s "bench/catalog/$script" "$base" \
		>"$raw/wrk_$name.txt" 2>&1 || fail "wrk $name (see $raw/wrk_$name.txt)"
	t1=$(date +%s.%N)
	s1=$(bench_proc_ticks "$server_pid")
	# shellcheck disable=SC2046
	p1=$(bench_proc_ticks $(bench_pg_pids))
	report wrk "$raw/wrk_$name.txt" | python3 -c '
import json, sys
d = json.load(sys.stdin)
s, p, hz, t0, t1, known = (float(x) for x in sys.argv[1:7])
d["cpu"] = {"server_pct": round(s / hz / (t1 - t0) * 100, 1),
            "postgres_pct": round(p / hz / (t1 - t0) * 100, 1) if known else None}
print(json.dumps(d))
l, c = d["latency_ms"], d["cpu"]
print("  %.0f req/s, p50 %s ms, p95 %s ms, p99 %s ms, %d non-2xx; CPU server %s %%, PostgreSQL %s %%" % (
    d["requests_per_s"], l["p50"], l["p95"], l["p99"], d["errors"]["status"], c["server_pct"],
    "n/a" if c["postgres_pct"] is None else c["postgres_pct"]),
    file=sys.stderr)' "$((s1 - s0))" "$((p1 - p0))" "$clk_tck" "$t0" "$t1" "$pg_known" >"$run_dir/wrk_$name.json"
}
first_id=$(head -n 1 "$ids_file")
if probe listing "/api/v1/listings/$first_id"; then
	run_wrk listing listing.lua "$listing_conns" "$listing_seconds"
	# pgbench's rate at 64 clients drifts on this shared 2-core machine (8 300 to 15 000 tx/s within one hour,
	# 2026-11-24), and the two rates are taken minutes apart: take them in turn, BENCH_ROUNDS times in all, and
	# compare their medians.
	for ((round = 2; round <= rounds; round++)); do
		run_pgbench "listing_$round" listing.sql
		run_wrk "listing_$round" listing.lua "$listing_conns" "$listing_seconds"
	done
fi
if probe search "/api/v1/catalog/search?q=%E6%89%93%E5%8D%B0"; then
	run_wrk search search.lua "$search_conns" "$search_seconds"
	say "each search of the mix alone (bench/catalog/search_mix.tsv, median of 3)"
	report profile "$base" bench/catalog/search_mix.tsv 3 >"$run_dir/search_profile.json" ||
		fail "search profile"
fi
kill -0 "$server_pid" 2>/dev/null || fail "the server died during the run"

# ---- results -------------------------------------------------------------------------------------
{
	echo "{"
	first=1
	for k in "${!skipped[@]}"; do
		((first)) || echo ","
		first=0
		printf '"%s": %s' "$k" "$(python3 -c 'import json, sys; print(json.dumps(sys.argv[1]))' "${skipped[$k]}")"
	done
	echo "}"
} >"$run_dir/skipped.json"

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -z $(git status --porcelain --untracked-files=no 2>/dev/null) ]] || commit="$commit (with uncommitted changes)"
BENCH_META_DATE=$(date -u '+%Y-%m-%d %H:%M UTC') \
	BENCH_META_CPUS=$(nproc) \
	BENCH_META_CPU_MODEL=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo) \
	BENCH_META_MEMORY=$(awk '/^MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) \
	BENCH_META_LOADAVG="$loadavg_start" \
	BENCH_META_COMMIT="$commit" \
	BENCH_META_BINARY="$bin" BENCH_META_POOL="$pool_size" \
	BENCH_META_BUILD="$build, built $(date -u -r "$bin" '+%Y-%m-%d %H:%M UTC')" \
	BENCH_META_PG="$("$PSQL" -X -Atc 'SHOW server_version' "$DATABASE_URL")" BENCH_META_PG_MODE="$pg_mode" \
	BENCH_META_COMMAND="BENCH_LISTINGS=$listings bash bench/catalog/run.sh" \
	BENCH_META_PGBENCH="pgbench $pgbench_args" BENCH_META_USER="$user" \
	BENCH_META_WRK_LISTING="wrk -t$threads -c$listing_conns -d${listing_seconds}s" \
	BENCH_META_WRK_SEARCH="wrk -t$threads -c$search_conns -d${search_seconds}s" \
	python3 -c '
import json, os
e = os.environ
print(json.dumps({
    "date": e["BENCH_META_DATE"], "cpus": int(e["BENCH_META_CPUS"]), "cpu_model": e["BENCH_META_CPU_MODEL"],
    "memory": e["BENCH_META_MEMORY"], "loadavg_start": e["BENCH_META_LOADAVG"], "commit": e["BENCH_META_COMMIT"],
    "binary": e["BENCH_META_BINARY"], "build": e["BENCH_META_BUILD"], "pool_size": int(e["BENCH_META_POOL"]),
    "postgres": e["BENCH_META_PG"], "pg_mode": e["BENCH_META_PG_MODE"], "command": e["BENCH_META_COMMAND"],
    "pgbench_args": e["BENCH_META_PGBENCH"], "wrk_listing_args": e["BENCH_META_WRK_LISTING"],
    "wrk_search_args": e["BENCH_META_WRK_SEARCH"], "user": e["BENCH_META_USER"], "loadavg_end": open("/proc/loadavg").read().split()[:3],
}, indent=2))' >"$run_dir/meta.json"

report summary "$run_dir"
cp "$run_dir/results.json" "$out_root/catalog-latest.json"
cp "$run_dir/summary.md" "$out_root/catalog-latest.md"
say "results: $run_dir/results.json, $run_dir/summary.md (also $out_root/catalog-latest.{json,md})"

if [[ ${BENCH_STRICT:-0} == 1 ]]; then
	python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))["targets"]
ok = len(t) == 2 and all(v["met"] for v in t.values())
sys.exit(0 if ok else 1)' "$run_dir/results.json" || fail "a target was missed or not measured (BENCH_STRICT=1)"
fi
