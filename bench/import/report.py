#!/usr/bin/env python3
"""Checks and reports the steps of bench/import/run.sh: writes results.json and summary.md into --run-dir and exits 1
when a step did not do what it should (status, counts, the replay's body)."""
import argparse
import json
import os
import sys
from datetime import datetime, timezone


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    for name in ("--run-dir", "--steps", "--binary"):
        parser.add_argument(name, required=True)
    for name in ("--rows", "--clk-tck", "--listings-before", "--audit-before", "--pool-size"):
        parser.add_argument(name, type=int, required=True)
    args = parser.parse_args()
    raw = os.path.join(args.run_dir, "raw")
    steps = {}
    for line in open(args.steps, encoding="utf-8"):
        name, status, seconds, server, postgres, listings, audit = line.rstrip("\n").split("\t")
        body = open(os.path.join(raw, name + ".json"), "rb").read()
        report = json.loads(body) if status in ("200", "201") else {}
        steps[name] = {
            "status": int(status), "seconds": float(seconds),
            "cpu_seconds": {"server": int(server) / args.clk_tck, "postgres": int(postgres) / args.clk_tck},
            "listings_after": int(listings), "audit_created_after": int(audit),
            "total": report.get("total"), "created": report.get("created"), "failed": report.get("failed"),
            "body_bytes": len(body),
        }
    n = args.rows
    before, audit_before = args.listings_before, args.audit_before
    replay_same = (open(os.path.join(raw, "import_utf8.json"), "rb").read()
                   == open(os.path.join(raw, "replay_utf8.json"), "rb").read())
    expected = {
        "dry_run": (200, n, 0, 0, before, audit_before),
        "import_utf8": (201, n, n, 0, before + n, audit_before + n),
        "replay_utf8": (201, n, n, 0, before + n, audit_before + n),
        "import_gb18030": (201, n, n, 0, before + 2 * n, audit_before + 2 * n),
    }
    problems = []
    for name, want in expected.items():
        s = steps.get(name)
        got = None if s is None else (s["status"], s["total"], s["created"], s["failed"], s["listings_after"],
                                      s["audit_created_after"])
        if got != want:
            problems.append(f"{name}: status, total, created, failed, listings, audit rows = {got}, expected {want}")
    if not replay_same:
        problems.append("replay_utf8: the body differs from the first answer")
    results = {
        "date_utc": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M"), "rows": n, "pool_size": args.pool_size,
        "binary": args.binary, "cores": os.cpu_count(), "load_average": open("/proc/loadavg").read().split()[:3],
        "steps": steps, "replay_identical": replay_same, "problems": problems,
    }
    json.dump(results, open(os.path.join(args.run_dir, "results.json"), "w"), indent=1, ensure_ascii=False)
    labels = {
        "dry_run": "`?dryRun=true`, UTF-8 with BOM (validates, writes nothing)",
        "import_utf8": "import, UTF-8 with BOM, `Idempotency-Key`",
        "replay_utf8": "the same request again (stored result)",
        "import_gb18030": "import, GB18030",
    }
    out = [f"## Bulk import benchmark, {results['date_utc']} UTC", "",
           f"- {n:,} CSV rows a file; server `{args.binary}`, pool {args.pool_size}, default body limit; "
           f"{results['cores']} cores, load average before {' '.join(results['load_average'])}", "",
           "| Step | Status | Seconds | Rows/s | Server CPU s | PostgreSQL CPU s | Created / failed |",
           "|---|---:|---:|---:|---:|---:|---|"]
    for name, label in labels.items():
        s = steps.get(name)
        if s is None:
            continue
        rate = f"{n / s['seconds']:,.0f}" if s["seconds"] > 0 else "—"
        out.append(f"| {label} | {s['status']} | {s['seconds']:.2f} | {rate} | {s['cpu_seconds']['server']:.1f} | "
                   f"{s['cpu_seconds']['postgres']:.1f} | {s['created']} / {s['failed']} |")
    out += ["", f"Replay identical to the first answer: {'yes' if replay_same else 'NO'}."]
    out += [f"- PROBLEM: {p}" for p in problems]
    text = "\n".join(out) + "\n"
    open(os.path.join(args.run_dir, "summary.md"), "w", encoding="utf-8").write(text)
    print(text)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
