#!/usr/bin/env bash
# bench/policy/run.sh: the policy-report benchmark of issue 6 point 5, in one command.
#
#   bash bench/policy/run.sh                          # 10 000 000 order lines; builds the server in release
#   GOVMALL_BIN=.build/release/govmall BENCH_ORDERS=250000 bash bench/policy/run.sh   # a quicker look
#
# Starts a throwaway PostgreSQL 15 (deploy/pg.sh test mode: fsync=off), migrates, loads the reference data, writes
# BENCH_ORDERS orders of four lines over 2024–2026 and every county of the region table (bench/policy/setup.sql,
# a bulk load without triggers), rebuilds the roll-ups with policy_rollup_rebuild() (timed), serves, and then, in
# the same run, for four reports:
#   1. the API: BENCH_REQUESTS sequential requests after BENCH_WARMUP (curl), median and p95 of the total time;
#   2. the baseline: the same report as a plain GROUP BY over the raw order lines (bench/policy/raw.sql),
#      BENCH_RAW_RUNS runs after one warm-up, median;
# and writes bench/out/policy-<UTC time>/{results.json,summary.md,raw/} (copied to bench/out/policy-latest.*)
# with the ratio API ÷ GROUP BY per report (issue 6 target: ≤ 0.1). It also checks that the API and the GROUP BY
# give the same totals. Everything started here is stopped on exit.
#
# Knobs (defaults in brackets): BENCH_ORDERS [2500000] BENCH_UNITS [5000] BENCH_SUPPLIERS [1000]
#   BENCH_REQUESTS [20] BENCH_WARMUP [3] BENCH_RAW_RUNS [3] GOVMALL_BIN (use this binary, do not build)
#   BENCH_OUT [bench/out]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
repo=$PWD

# shellcheck source=deploy/pg.sh
source deploy/pg.sh
# shellcheck source=bench/lib.sh
source bench/lib.sh

orders=${BENCH_ORDERS:-2500000}
units=${BENCH_UNITS:-5000}
suppliers=${BENCH_SUPPLIERS:-1000}
requests=${BENCH_REQUESTS:-20}
warmup=${BENCH_WARMUP:-3}
raw_runs=${BENCH_RAW_RUNS:-3}

say() { echo "bench: $*" >&2; }
fail() {
	say "FAILED: $*"
	exit 1
}
# shellcheck disable=SC2153 # GOVMALL_PG_BIN comes from deploy/pg.sh
PSQL="$GOVMALL_PG_BIN/psql"
[[ -x $PSQL ]] || fail "psql missing in $GOVMALL_PG_BIN (apt-get install postgresql-15)"
for t in python3 curl; do
	command -v "$t" >/dev/null 2>&1 || fail "$t is not installed"
done

stamp=$(date -u +%Y%m%d-%H%M%S)
out_root=${BENCH_OUT:-$repo/bench/out}
run_dir="$out_root/policy-$stamp"
raw="$run_dir/raw"
mkdir -p "$raw"
say "results in $run_dir (load average now $(cut -d' ' -f1-3 /proc/loadavg))"

# ---- build ---------------------------------------------------------------------------------------
bench_server_binary

# ---- database ------------------------------------------------------------------------------------
unset DATABASE_URL # always a throwaway cluster: the benchmark writes millions of rows
GOVMALL_PG_SHARED_BUFFERS=${GOVMALL_PG_SHARED_BUFFERS:-1GB} govmall_pg_start test
say "database $(govmall_db_label)"
"$bin" migrate >"$raw/migrate.log" 2>&1 || fail "govmall migrate (see $raw/migrate.log)"
"$bin" seed --reference-only >"$raw/seed.log" 2>&1 || fail "govmall seed (see $raw/seed.log)"
sql() { "$PSQL" -X -Atc "$1" "$DATABASE_URL"; }

say "generating $orders orders ($((orders * 4)) lines), $units units, $suppliers suppliers"
t0=$(date +%s.%N)
"$PSQL" -X -q -v orders="$orders" -v units="$units" -v suppliers="$suppliers" -f bench/policy/setup.sql \
	"$DATABASE_URL" >"$raw/setup.log" 2>&1 || fail "bench/policy/setup.sql (see $raw/setup.log)"
t1=$(date +%s.%N)
sql "VACUUM ANALYZE" >/dev/null
say "rebuilding the roll-ups"
t2=$(date +%s.%N)
sql "SELECT policy_rollup_rebuild()" >/dev/null
t3=$(date +%s.%N)
sql "VACUUM ANALYZE" >/dev/null
sql "SELECT json_build_object(
        'order_lines', (SELECT count(*) FROM order_lines), 'orders', (SELECT count(*) FROM orders),
        'paid_orders', (SELECT count(*) FROM orders WHERE state = 'paid'), 'refunds', (SELECT count(*) FROM refunds),
        'units', (SELECT count(*) FROM organisations WHERE kind = 'unit'),
        'regions_with_orders', (SELECT count(DISTINCT region_code) FROM policy_region_months),
        'unit_month_rows', (SELECT count(*) FROM policy_unit_months),
        'region_month_rows', (SELECT count(*) FROM policy_region_months),
        'order_lines_size', pg_size_pretty(pg_total_relation_size('order_lines')),
        'rollups_size', pg_size_pretty(pg_total_relation_size('policy_unit_months')
                                       + pg_total_relation_size('policy_region_months')))" >"$raw/sizes.json"
say "data: $(cat "$raw/sizes.json")"

# ---- server --------------------------------------------------------------------------------------
say "starting govmall serve"
bench_start_server "$bin" "$raw/server.log" 120 GOVMALL_PRICE_SWEEP_SECONDS=3600
say "serving on $base"
# The price-control sweep scans listings once at start; let it finish before measuring.
sleep 5

# ---- measure -------------------------------------------------------------------------------------
python3 - "$run_dir" "$base" "$PSQL" "$DATABASE_URL" "$requests" "$warmup" "$raw_runs" \
	"$(python3 -c "print(round($t1 - $t0, 1))")" "$(python3 -c "print(round($t3 - $t2, 1))")" <<'PY'
import json, re, statistics, subprocess, sys, time
run_dir, base, psql, url = sys.argv[1:5]
requests, warmup, raw_runs = map(int, sys.argv[5:8])
load_s, rebuild_s = float(sys.argv[8]), float(sys.argv[9])
raw_dir = run_dir + "/raw"

reports = [
    ("sme_by_province_2025", "/api/v1/reports/sme?period=2025&by=region", "pb-ops-token",
     "SME shares, every province, one year (operator)"),
    ("poverty_sichuan_by_prefecture_2025", "/api/v1/reports/poverty?period=2025", "pb-reg-token",
     "832 progress of 四川 by prefecture, one year (regulator)"),
    ("green_by_unit_2025", "/api/v1/reports/green?period=2025&by=unit", "pb-ops-token",
     "green share of every unit, one year (operator)"),
    ("poverty_trend_sichuan_2025", "/api/v1/reports/poverty/trend?year=2025", "pb-reg-token",
     "832 monthly trend of 四川, one year (regulator)"),
]
sections = {}
name = None
for line in open("bench/policy/raw.sql"):
    m = re.match(r"-- name: (\S+)", line)
    if m:
        name = m.group(1)
        sections[name] = ""
    elif name:
        sections[name] += line

def api(path, token):
    out = subprocess.run(
        ["curl", "-sS", "-o", raw_dir + "/last.json", "-w", "%{http_code} %{time_total}",
         "-H", "Authorization: Bearer " + token, base + path], capture_output=True, text=True, check=True).stdout
    code, seconds = out.split()
    if code != "200":
        raise SystemExit(f"{path} answered {code}: {open(raw_dir + '/last.json').read()[:300]}")
    return float(seconds) * 1000

def raw(sql):
    out = subprocess.run([psql, "-X", "-At", "-c", "\\timing on", "-c", sql, url], capture_output=True, text=True,
                         check=True).stdout
    times = re.findall(r"Time: ([0-9.]+) ms", out)
    rows = [l for l in out.splitlines() if l and not l.startswith("Time:") and l != "Timing is on."]
    return float(times[-1]), rows

results = []
for key, path, token, label in reports:
    for _ in range(warmup):
        api(path, token)
    samples = sorted(api(path, token) for _ in range(requests))
    body = json.load(open(raw_dir + "/last.json"))
    json.dump(body, open(f"{raw_dir}/{key}.json", "w"), ensure_ascii=False, indent=1)
    raw(sections[key])
    raw_samples = []
    for _ in range(raw_runs):
        ms, rows = raw(sections[key])
        raw_samples.append(ms)
    open(f"{raw_dir}/{key}.raw.txt", "w").write("\n".join(rows) + "\n")
    # The same numbers: the API's total against the GROUP BY's.
    if key == "sme_by_province_2025":
        same = body["total"]["paidFen"] == sum(int(r.split("|")[1]) for r in rows)
    elif key == "poverty_sichuan_by_prefecture_2025":
        same = body["total"]["paidFen"] == sum(int(r.split("|")[2]) for r in rows) \
            and body["total"]["reservedFen"] == sum(int(r.split("|")[1]) for r in rows)
    elif key == "green_by_unit_2025":
        same = body["total"]["greenScopeFen"] == sum(int(r.split("|")[1] or 0) for r in rows) \
            and len(body["rows"]) == len(rows)
    else:
        same = body["paidFen"] == sum(int(r.split("|")[1]) for r in rows)
    p50 = statistics.median(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * len(samples))) - 1)]
    raw_median = statistics.median(raw_samples)
    results.append({"report": key, "label": label, "path": path, "api_ms": {"p50": round(p50, 2), "p95": round(p95, 2)},
                    "group_by_ms": {"median": round(raw_median, 1), "runs": [round(x, 1) for x in raw_samples]},
                    "ratio_p50": round(p50 / raw_median, 4), "ratio_p95": round(p95 / raw_median, 4),
                    "rows": len(body.get("rows", body.get("months", []))), "same_totals": same})
    print(f"{key}: API p50 {p50:.1f} ms p95 {p95:.1f} ms, GROUP BY {raw_median:.0f} ms, ratio {p50 / raw_median:.4f},"
          f" same totals {same}", file=sys.stderr)

sizes = json.load(open(raw_dir + "/sizes.json"))
summary = {"date_utc": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
           "cpus": open("/proc/cpuinfo").read().count("processor\t:"), "data": sizes,
           "load_seconds": load_s, "rollup_rebuild_seconds": rebuild_s, "requests": requests, "raw_runs": raw_runs,
           "reports": results, "target_met": all(r["ratio_p95"] <= 0.1 and r["same_totals"] for r in results)}
json.dump(summary, open(run_dir + "/results.json", "w"), ensure_ascii=False, indent=1)
lines = ["| report | API p50 | API p95 | GROUP BY over raw lines (median) | ratio p50 | ratio p95 | same totals |",
         "|---|---|---|---|---|---|---|"]
for r in results:
    lines.append(f"| {r['label']} (`{r['path']}`, {r['rows']} rows) | {r['api_ms']['p50']:.1f} ms | "
                 f"{r['api_ms']['p95']:.1f} ms | {r['group_by_ms']['median']:.0f} ms | {r['ratio_p50']:.4f} | "
                 f"{r['ratio_p95']:.4f} | {'yes' if r['same_totals'] else '**no**'} |")
lines.append("")
lines.append(f"Data: {sizes['order_lines']} order lines ({sizes['order_lines_size']}) in {sizes['orders']} orders "
             f"({sizes['paid_orders']} paid, {sizes['refunds']} refunds) of {sizes['units']} units in "
             f"{sizes['regions_with_orders']} counties; roll-ups {sizes['unit_month_rows']} unit-month and "
             f"{sizes['region_month_rows']} county-month rows ({sizes['rollups_size']}). Bulk load {load_s:.0f} s; "
             f"policy_rollup_rebuild() {rebuild_s:.0f} s. API: {requests} sequential requests each; GROUP BY: "
             f"median of {raw_runs} runs after one warm-up. Target (issue 6 point 5): ratio ≤ 0.1 — "
             f"{'met' if summary['target_met'] else '**not met**'}.")
open(run_dir + "/summary.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
cp "$run_dir/results.json" "$out_root/policy-latest.json"
cp "$run_dir/summary.md" "$out_root/policy-latest.md"
say "done: $run_dir/summary.md"
