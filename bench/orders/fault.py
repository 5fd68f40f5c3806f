#!/usr/bin/env python3
"""The order fault check of issue 4 point 9: SIGKILL the server during order load, restart it, and prove that
nothing was lost or doubled.

Run by bench/orders/fault.sh, which prepares PostgreSQL and the data and passes:

    fault.py PORT BENCH_DIR GOVMALL_BIN DATABASE_URL PSQL LOG_DIR

This script starts the server (`GOVMALL_BIN serve`), kills it and starts it again.

Phases:
1. load: WORKERS threads place 3-line orders (three suppliers, so three orders a placement) with fresh
   Idempotency-Keys, recording for every key its body and what came back (201 with order ids, another status,
   or no answer).
2. after KILL_AFTER seconds the server is killed with SIGKILL in the middle of the load; the workers keep
   going for a moment (their requests fail to connect) and stop.
3. the server is started again and every key is replayed with its exact body:
   - a key that got 201 must return 201 with the same order ids (`Idempotent-Replayed: true`);
   - a key that got no answer (the kill cut it) returns 201 once, replayed or placed now, never twice;
4. the database is checked:
   - every order id answered with 201 exists exactly once;
   - the orders are exactly those of the completed keys: 3 per key, none without a key;
   - stock taken = Σ quantities of the order lines (no oversell, no lost decrement);
   - Σ reserved on the budget lines = Σ order totals;
   - one `order.placed` audit row per order.
Prints a JSON summary and exits 1 on any failure.
"""
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

PORT, BENCH_DIR, BIN, DATABASE_URL, PSQL, LOG_DIR = sys.argv[1:7]
BASE = f"http://127.0.0.1:{PORT}"
WORKERS = int(os.environ.get("FAULT_WORKERS", "16"))
KILL_AFTER = float(os.environ.get("FAULT_KILL_AFTER_SECONDS", "4"))
EXPECTED_TOTAL = 315000  # 3 × (100 000 + 5 000 installation), as bench/orders/place.lua

url = urllib.parse.urlparse(BASE)
listings = [line.strip() for line in open(os.path.join(BENCH_DIR, "listings.txt")) if line.strip()]
budgets = [line.strip() for line in open(os.path.join(BENCH_DIR, "budgets.txt")) if line.strip()]

records = {}  # key -> {"unit": n, "body": str, "status": int|None, "orders": [ids]}
lock = threading.Lock()
stop = threading.Event()


def post(unit, key, body, timeout=30):
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    try:
        conn.request("POST", "/api/v1/orders", body=body, headers={
            "Content-Type": "application/json", "Authorization": f"Bearer bench-token-{unit}",
            "Idempotency-Key": key})
        response = conn.getresponse()
        data = response.read()
        return response.status, data, response.getheader("Idempotent-Replayed")
    finally:
        conn.close()


def order_ids(data):
    try:
        return sorted(order["id"] for order in json.loads(data)["orders"])
    except (ValueError, KeyError, TypeError):
        return []


def worker(tag):
    n = 0
    rng = random.Random(tag)
    while not stop.is_set():
        n += 1
        unit = rng.randrange(1, len(budgets) + 1)
        k = rng.randrange(len(listings))
        lines = [listings[k], listings[(k + 1) % len(listings)], listings[(k + 2) % len(listings)]]
        body = json.dumps({"lines": [{"listingId": l, "quantity": 1} for l in lines],
                           "expectedTotalFen": EXPECTED_TOTAL, "budgetLineId": budgets[unit - 1]})
        key = f"fault-{tag}-{n}"
        with lock:
            records[key] = {"unit": unit, "body": body, "status": None, "orders": []}
        try:
            status, data, _ = post(unit, key, body)
            with lock:
                records[key]["status"] = status
                records[key]["orders"] = order_ids(data) if status == 201 else []
        except ConnectionRefusedError:
            with lock:  # sent while the server was down: it never reached the server
                records[key]["refused"] = True
            time.sleep(0.05)
        except OSError:
            time.sleep(0.05)  # in flight when the kill came: the record stays "no answer"


def start_server(name):
    """Starts `govmall serve` and waits for /ready (60 s at most)."""
    env = dict(os.environ, PORT=PORT, HOST="127.0.0.1", DATABASE_URL=DATABASE_URL, LOG_LEVEL="warning",
               GOVMALL_PRICE_SWEEP_SECONDS="3600")
    log = open(os.path.join(LOG_DIR, f"server-{name}.log"), "w")
    process = subprocess.Popen([BIN, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline:
        if process.poll() is not None:
            sys.exit(f"fault: the server exited with {process.returncode} (see {log.name})")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", int(PORT), timeout=2)
            conn.request("GET", "/ready")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.3)
    process.kill()
    sys.exit("fault: /ready did not answer 200 within 60 s")


def psql(sql):
    return subprocess.run([PSQL, "-X", "-Atc", sql, DATABASE_URL], check=True, capture_output=True,
                          text=True).stdout.strip()


failures = []

# 1–2. Load, then SIGKILL mid-load.
server = start_server("first")
threads = [threading.Thread(target=worker, args=(i,)) for i in range(WORKERS)]
for t in threads:
    t.start()
time.sleep(KILL_AFTER)
os.kill(server.pid, signal.SIGKILL)
server.wait()
time.sleep(0.5)
stop.set()
for t in threads:
    t.join()
before_restart = dict(records)
answered = sum(1 for r in before_restart.values() if r["status"] == 201)
cut = sum(1 for r in before_restart.values() if r["status"] is None and not r.get("refused"))
refused = sum(1 for r in before_restart.values() if r.get("refused"))
other = {s: sum(1 for r in before_restart.values() if r["status"] == s)
         for s in {r["status"] for r in before_restart.values() if r["status"] not in (None, 201)}}

# 3. Restart and replay every key.
server = start_server("restarted")
replayed_same = 0
completed_after = 0
for key, record in sorted(before_restart.items()):
    status, data, replayed = post(record["unit"], key, record["body"])
    ids = order_ids(data) if status == 201 else []
    if record["status"] == 201:
        if status != 201 or ids != record["orders"] or replayed != "true":
            failures.append(f"{key}: answered 201 {record['orders']} before the kill, {status} {ids} "
                            f"(replayed={replayed}) after")
        else:
            replayed_same += 1
    elif record["status"] is None:
        if status == 201:
            completed_after += 1
            record["status"], record["orders"] = 201, ids
            again, data2, replayed2 = post(record["unit"], key, record["body"])
            if again != 201 or order_ids(data2) != ids or replayed2 != "true":
                failures.append(f"{key}: a second replay after restart answered {again} {order_ids(data2)}")
        else:
            record["status"] = status
    else:
        if status != record["status"]:
            failures.append(f"{key}: answered {record['status']} before the kill and {status} after")

if answered == 0:
    failures.append("no order was placed before the kill: the load did not run")
if other:
    failures.append(f"answers other than 201 under load: {other}")

# 4. The database adds up.
all_ids = [i for r in before_restart.values() if r["status"] == 201 for i in r["orders"]]
if len(all_ids) != len(set(all_ids)):
    failures.append("the same order id was answered for two keys")
if all_ids:
    found = int(psql("SELECT count(*) FROM orders WHERE id = ANY('{" + ",".join(all_ids) + "}'::uuid[])"))
    if found != len(all_ids):
        failures.append(f"{len(all_ids)} order ids answered with 201, {found} in the database")
completed_keys = sum(1 for r in before_restart.values() if r["status"] == 201)
orders_in_db = int(psql("SELECT count(*) FROM orders"))
if orders_in_db != 3 * completed_keys:
    failures.append(f"{orders_in_db} orders in the database, expected 3 × {completed_keys} completed keys")
stock_taken = int(psql("SELECT sum(initial_stock - stock) FROM listings l JOIN fault_initial_stock s USING (id)"))
line_quantity = int(psql("SELECT coalesce(sum(quantity), 0) FROM order_lines"))
if stock_taken != line_quantity:
    failures.append(f"stock taken {stock_taken} ≠ ordered quantity {line_quantity}")
reserved = int(psql("SELECT coalesce(sum(reserved_fen), 0) FROM budget_lines"))
totals = int(psql("SELECT coalesce(sum(total_fen), 0) FROM orders WHERE state NOT IN ('cancelled', 'rejected')"))
if reserved != totals:
    failures.append(f"budget reserved {reserved} ≠ order totals {totals}")
audited = int(psql("SELECT count(DISTINCT entity_id) FROM audit_log WHERE action = 'order.placed'"))
audit_rows = int(psql("SELECT count(*) FROM audit_log WHERE action = 'order.placed'"))
if audited != orders_in_db or audit_rows != orders_in_db:
    failures.append(f"{audit_rows} order.placed audit rows for {audited} orders, {orders_in_db} orders exist")

summary = {
    "workers": WORKERS, "killed_after_s": KILL_AFTER, "keys": len(before_restart),
    "answered_201_before_kill": answered, "cut_by_kill": cut, "refused_while_down": refused, "other_statuses_before_kill": other,
    "replayed_same_orders": replayed_same, "cut_keys_completed_after_restart": completed_after,
    "orders_in_db": orders_in_db, "stock_taken": stock_taken, "ordered_quantity": line_quantity,
    "budget_reserved_fen": reserved, "order_totals_fen": totals, "failures": failures[:20],
    "failure_count": len(failures),
}
server.terminate()
try:
    server.wait(timeout=30)
except subprocess.TimeoutExpired:
    server.kill()
print("FAULT_JSON " + json.dumps(summary, ensure_ascii=False))
sys.exit(1 if failures else 0)
