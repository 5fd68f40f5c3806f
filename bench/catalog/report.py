#!/usr/bin/env python3
"""Helpers of bench/catalog/run.sh: parse pgbench and wrk output, write results JSON and a summary.

    report.py pgbench OUTPUT.txt LOG_PREFIX          → JSON: tx/s and latency percentiles (ms)
    report.py wrk OUTPUT.txt                         → JSON: the WRK_JSON line of the Lua done()
    report.py profile BASE_URL MIX.tsv [REPEAT]      → JSON: each search of the mix alone, one at a time
                                                       (median of REPEAT=3 timings; needs BENCH_TOKEN)
    report.py summary RUN_DIR                        → RUN_DIR/results.json, RUN_DIR/summary.md; prints the summary

pgbench's percentiles come from its per-transaction log (-l): the third field is the latency in µs.
"""

from __future__ import annotations

import glob
import json
import os
import re
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

SEARCH_P95_MAX_RATIO = 5.0  # search p95 ≤ 5 × PK-lookup p95
LISTING_MIN_RATIO = 0.5  # GET /api/v1/listings/{id} req/s ≥ 0.5 × pgbench tx/s of its SELECT


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def pgbench(output_file: str, log_prefix: str) -> dict:
    text = open(output_file, encoding="utf-8", errors="replace").read()

    def num(pattern: str) -> float | None:
        m = re.search(pattern, text)
        return float(m.group(1)) if m else None

    lat = []
    for path in glob.glob(glob.escape(log_prefix) + ".*"):
        with open(path) as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 3:
                    lat.append(int(parts[2]) / 1000.0)
    lat.sort()
    return {
        "tps": num(r"tps = ([0-9.]+) \(without initial connection time\)"),
        "transactions": num(r"number of transactions actually processed: ([0-9]+)"),
        "failed": num(r"number of failed transactions: ([0-9]+)") or 0,
        "latency_ms": {
            "mean": num(r"latency average = ([0-9.]+) ms"),
            "stddev": num(r"latency stddev = ([0-9.]+) ms"),
            "p50": round(percentile(lat, 50), 3), "p90": round(percentile(lat, 90), 3),
            "p95": round(percentile(lat, 95), 3), "p99": round(percentile(lat, 99), 3),
            "samples": len(lat),
        },
    }


def wrk(output_file: str) -> dict:
    for line in open(output_file, encoding="utf-8", errors="replace"):
        if line.startswith("WRK_JSON "):
            return json.loads(line[len("WRK_JSON "):])
    raise SystemExit(f"no WRK_JSON line in {output_file}")


def mix(path: str) -> list[tuple[int, str, str]]:
    """(weight, name, encoded query string) of each line of a search mix file."""
    out = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        weight, name, params = line.rstrip("\n").split("\t")
        pairs = [kv.split("=", 1) for kv in params.split("&")]
        out.append((int(weight), name, "&".join(f"{k}={urllib.parse.quote(v, safe='-._~')}" for k, v in pairs)))
    return out


def profile(base: str, mix_file: str, repeat: int = 3) -> list[dict]:
    """Each search of the mix on its own, sequentially, on a warm server: where the time goes."""
    token = os.environ["BENCH_TOKEN"]
    path = os.environ.get("BENCH_SEARCH_PATH", "/api/v1/catalog/search")
    result = []
    for weight, name, query in mix(mix_file):
        url = f"{base}{path}?{query}"
        times, status, body = [], None, {}
        for _ in range(repeat):
            req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}", "Accept": "application/json"})
            t0 = time.monotonic()
            try:
                with urllib.request.urlopen(req, timeout=120) as resp:
                    raw = resp.read()
                    status = resp.status
            except urllib.error.HTTPError as e:
                raw, status = e.read(), e.code
            times.append((time.monotonic() - t0) * 1000)
            try:
                body = json.loads(raw)
            except ValueError:
                body = {}
        result.append({
            "name": name, "weight": weight, "query": query, "status": status,
            "median_ms": round(statistics.median(times), 1), "min_ms": round(min(times), 1),
            "total": body.get("total"), "total_is_capped": body.get("totalIsCapped"),
            "items": len(body.get("items", [])) if isinstance(body.get("items"), list) else None,
        })
        print(f"  {name}: {result[-1]['median_ms']} ms, status {status}, total {result[-1]['total']}"
              f"{'+' if result[-1]['total_is_capped'] else ''}", file=sys.stderr)
    return result


def load(run_dir: str, name: str):
    path = os.path.join(run_dir, name)
    if not os.path.exists(path):
        return None
    with open(path) as fh:
        return json.load(fh)


def fmt(v, digits=2):
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:,.{digits}f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def summary(run_dir: str) -> None:
    meta = load(run_dir, "meta.json") or {}
    gen = load(run_dir, "generate.json") or {}
    pk = load(run_dir, "pgbench_pk.json")
    pl = load(run_dir, "pgbench_listing.json")
    pr = load(run_dir, "pgbench_request.json")
    pp = load(run_dir, "pgbench_listing_pool.json")
    wl = load(run_dir, "wrk_listing.json")
    ws = load(run_dir, "wrk_search.json")
    skipped = load(run_dir, "skipped.json") or {}
    prof = load(run_dir, "search_profile.json")

    def wrk_ok(w):
        return w is not None and w["requests"] > 0 and w["errors"]["status"] == 0 and \
            w["errors"]["connect"] + w["errors"]["read"] + w["errors"]["timeout"] == 0

    targets = {}
    if ws and pk:
        ratio = ws["latency_ms"]["p95"] / pk["latency_ms"]["p95"] if pk["latency_ms"]["p95"] else None
        targets["search_p95_vs_pk_p95"] = {
            "search_p95_ms": ws["latency_ms"]["p95"], "pk_p95_ms": pk["latency_ms"]["p95"],
            "ratio": round(ratio, 2) if ratio is not None else None, "target": f"<= {SEARCH_P95_MAX_RATIO}",
            "met": bool(ratio is not None and ratio <= SEARCH_P95_MAX_RATIO and wrk_ok(ws)),
            "valid": wrk_ok(ws),
        }
    # Rounds: pgbench listing.sql and wrk listing.lua taken in turn (run.sh, BENCH_ROUNDS); round 1 is the pair
    # above, the target compares the medians of all rounds.
    rounds = []
    for n in range(1, 100):
        suffix = "" if n == 1 else f"_{n}"
        p_n, w_n = load(run_dir, f"pgbench_listing{suffix}.json"), load(run_dir, f"wrk_listing{suffix}.json")
        if not (p_n and w_n):
            break
        rounds.append({"pgbench_tps": p_n["tps"], "listing_rps": w_n["requests_per_s"], "valid": wrk_ok(w_n)})
    if rounds:
        listing_rps = statistics.median(r["listing_rps"] for r in rounds)
        pgbench_tps = statistics.median(r["pgbench_tps"] for r in rounds)
        ratio = listing_rps / pgbench_tps if pgbench_tps else None
        valid = all(r["valid"] for r in rounds)
        targets["listing_rps_vs_pgbench_tps"] = {
            "listing_rps": listing_rps, "pgbench_tps": pgbench_tps, "rounds": rounds,
            "ratio": round(ratio, 3) if ratio is not None else None, "target": f">= {LISTING_MIN_RATIO}",
            "met": bool(ratio is not None and ratio >= LISTING_MIN_RATIO and valid), "valid": valid,
        }
    if wl and pr and pr["tps"]:
        targets["listing_rps_vs_pgbench_request_tps (information)"] = {
            "listing_rps": wl["requests_per_s"], "pgbench_tps": pr["tps"],
            "ratio": round(wl["requests_per_s"] / pr["tps"], 3), "valid": wrk_ok(wl)}
    if wl and pp and pp["tps"]:
        targets["listing_rps_vs_pgbench_pool_clients_tps (information)"] = {
            "listing_rps": wl["requests_per_s"], "pgbench_tps": pp["tps"],
            "ratio": round(wl["requests_per_s"] / pp["tps"], 3), "valid": wrk_ok(wl)}
    results = {"meta": meta, "generate": gen, "pgbench_pk": pk, "pgbench_listing": pl,
               "pgbench_listing_pool_clients": pp, "pgbench_request": pr,
               "wrk_listing": wl, "wrk_search": ws, "search_profile": prof, "skipped": skipped, "targets": targets}
    with open(os.path.join(run_dir, "results.json"), "w") as fh:
        json.dump(results, fh, indent=2, ensure_ascii=False)

    md = []
    md.append(f"## Catalog benchmark, {meta.get('date', '?')}")
    md.append("")
    md.append(f"- Machine: {meta.get('cpus', '?')} cores ({meta.get('cpu_model', '?')}), {meta.get('memory', '?')} RAM, "
              f"shared by wrk, the server and PostgreSQL; load average before the run {meta.get('loadavg_start', '?')}")
    md.append(f"- Checkout {meta.get('commit', '?')}; server `{meta.get('binary', '?')}` ({meta.get('build', '?')}), "
              f"GOVMALL_DB_POOL_SIZE={meta.get('pool_size', '?')}; PostgreSQL {meta.get('postgres', '?')} "
              f"({meta.get('pg_mode', '?')})")
    md.append(f"- Command: `{meta.get('command', 'bash bench/catalog/run.sh')}`; requests as `{meta.get('user', '?')}`")
    if gen and gen.get("reused"):
        md.append(f"- Data: {fmt(gen.get('listings_total'))} approved listings generated earlier (same generator; "
                  f"{gen.get('categories')} leaf categories, {gen.get('brands')} brands, {gen.get('suppliers')} suppliers, "
                  f"green {gen.get('green_share', 0):.0%}, poverty county {gen.get('poverty_share', 0):.0%}); table "
                  f"{gen.get('table_size')}, indexes {gen.get('indexes_size')}")
    elif gen:
        md.append(f"- Data: {fmt(gen.get('listings_total'))} approved listings ({gen.get('categories')} leaf categories, "
                  f"{gen.get('brands')} brands, {gen.get('suppliers')} suppliers, green {gen.get('green_share', 0):.0%}, "
                  f"poverty county {gen.get('poverty_share', 0):.0%}); table {gen.get('table_size')}, indexes "
                  f"{gen.get('indexes_size')}; generated in {gen.get('total_seconds')} s (COPY "
                  f"{fmt(gen.get('copy_rows_per_second'))} rows/s, index build {gen.get('index_seconds')} s, "
                  f"VACUUM ANALYZE {gen.get('vacuum_analyze_seconds')} s)")
    md.append("")
    md.append("| Measure | Tool | req/s or tx/s | p50 ms | p95 ms | p99 ms | Notes |")
    md.append("|---|---|---:|---:|---:|---:|---|")

    def row(name, tool, rate, lat, note=""):
        md.append(f"| {name} | {tool} | {fmt(rate, 0)} | {fmt(lat.get('p50'))} | {fmt(lat.get('p95'))} | "
                  f"{fmt(lat.get('p99'))} | {note} |")

    pg_note = meta.get("pgbench_args", "")
    if pk:
        row("PK lookup (`pk.sql`)", "pgbench", pk["tps"], pk["latency_ms"], pg_note)
    if pl:
        row("Listing SELECT (`listing.sql`)", "pgbench", pl["tps"], pl["latency_ms"], pg_note)
    if pp:
        row("Listing SELECT, as many clients as the server's pool (information)", "pgbench", pp["tps"],
            pp["latency_ms"], f"{pg_note}, but `-c {meta.get('pool_size', '?')}`")
    if pr:
        row("All SQL of one listing request (`request.sql`: session, then listing with references; what an uncached token costs)", "pgbench", pr["tps"],
            pr["latency_ms"], pg_note + "; 2 statements a transaction")
    for key, name, args_key, w in (("listing", "`GET /api/v1/listings/{id}`", "wrk_listing_args", wl),
                                   ("search", "`GET /api/v1/catalog/search` mix", "wrk_search_args", ws)):
        if w:
            errs = w["errors"]
            bad = errs["status"] + errs["connect"] + errs["read"] + errs["timeout"]
            note = meta.get(args_key, "")
            if "cpu" in w:
                pg = w["cpu"].get("postgres_pct")
                note += f"; CPU server {w['cpu']['server_pct']:.0f} %, PostgreSQL " + \
                    ("n/a" if pg is None else f"{pg:.0f} %")
            if bad:
                note += f"; **{bad} errors/non-2xx: not valid**"
            row(name, "wrk", w["requests_per_s"], w["latency_ms"], note)
        elif key in skipped:
            md.append(f"| {name} | wrk | not yet measured | | | | {skipped[key]} |")
    md.append("")
    md.append("| Target (issue 3 point 7) | Measured | Target | Met |")
    md.append("|---|---:|---:|---|")
    t = targets.get("search_p95_vs_pk_p95")
    if t:
        md.append(f"| search p95 / PK-lookup p95 | {fmt(t['search_p95_ms'])} / {fmt(t['pk_p95_ms'])} ms = "
                  f"{fmt(t['ratio'])} | ≤ {SEARCH_P95_MAX_RATIO:g} | {'yes' if t['met'] else 'no'}"
                  f"{'' if t['valid'] else ' (run had errors)'} |")
    else:
        md.append(f"| search p95 / PK-lookup p95 | not yet measured | ≤ {SEARCH_P95_MAX_RATIO:g} | — |")
    t = targets.get("listing_rps_vs_pgbench_tps")
    if t:
        each = ", ".join(f"{fmt(r['listing_rps'], 0)} / {fmt(r['pgbench_tps'], 0)}" for r in t["rounds"])
        md.append(f"| listing req/s / pgbench tx/s (same SELECT), medians of {len(t['rounds'])} rounds taken in turn "
                  f"({each}) | {fmt(t['listing_rps'], 0)} / {fmt(t['pgbench_tps'], 0)} = "
                  f"{fmt(t['ratio'], 3)} | ≥ {LISTING_MIN_RATIO:g} | {'yes' if t['met'] else 'no'}"
                  f"{'' if t['valid'] else ' (run had errors)'} |")
    else:
        md.append(f"| listing req/s / pgbench tx/s (same SELECT) | not yet measured | ≥ {LISTING_MIN_RATIO:g} | — |")
    t = targets.get("listing_rps_vs_pgbench_request_tps (information)")
    if t:
        md.append(f"| (information) listing req/s / pgbench tx/s of all its SQL | {fmt(t['listing_rps'], 0)} / "
                  f"{fmt(t['pgbench_tps'], 0)} = {fmt(t['ratio'], 3)} | — | — |")
    t = targets.get("listing_rps_vs_pgbench_pool_clients_tps (information)")
    if t:
        md.append(f"| (information) listing req/s / pgbench tx/s, as many clients as the pool | "
                  f"{fmt(t['listing_rps'], 0)} / {fmt(t['pgbench_tps'], 0)} = {fmt(t['ratio'], 3)} | — | — |")
    md.append("")
    if prof:
        md.append("Each search of the mix alone (one connection, warm, median of 3):")
        md.append("")
        md.append("| Search | Weight | ms | Matches |")
        md.append("|---|---:|---:|---:|")
        for p in sorted(prof, key=lambda p: -p["median_ms"]):
            total = "—" if p["total"] is None else f"{p['total']:,}{'+' if p['total_is_capped'] else ''}"
            status = "" if p["status"] == 200 else f" (HTTP {p['status']})"
            md.append(f"| `{urllib.parse.unquote(p['query'])}`{status} | {p['weight']} | {fmt(p['median_ms'], 1)} | {total} |")
        md.append("")
    text = "\n".join(md) + "\n"
    with open(os.path.join(run_dir, "summary.md"), "w") as fh:
        fh.write(text)
    print(text)


def main() -> None:
    if len(sys.argv) >= 2 and sys.argv[1] == "pgbench" and len(sys.argv) == 4:
        print(json.dumps(pgbench(sys.argv[2], sys.argv[3])))
    elif len(sys.argv) >= 2 and sys.argv[1] == "wrk" and len(sys.argv) == 3:
        print(json.dumps(wrk(sys.argv[2])))
    elif len(sys.argv) >= 2 and sys.argv[1] == "profile" and len(sys.argv) in (4, 5):
        print(json.dumps(profile(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) == 5 else 3),
                         ensure_ascii=False))
    elif len(sys.argv) >= 2 and sys.argv[1] == "summary" and len(sys.argv) == 3:
        summary(sys.argv[2])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
