-- wrk script: POST /api/v1/orders with 3-line carts (issue 4 point 9).
--
--   BENCH_DIR=bench/out/orders-… wrk -t2 -c64 -d20s --latency -s bench/orders/place.lua http://127.0.0.1:PORT
--
-- BENCH_DIR holds `listings.txt` (one listing id a line, listing n on line n) and `budgets.txt` (the budget line
-- of unit n on line n), written by bench/orders/run.sh from bench/orders/setup.sql's data. Each request: a random
-- unit n (bearer token bench-token-n, its budget line), listings k, k+1, k+2 (three suppliers, so three orders),
-- one unit each, expectedTotalFen 315000 (3 × (100000 + 5000 installation)), a fresh Idempotency-Key.
-- done() prints `WRK_JSON {…}` with requests/s, latency percentiles and errors (`status`: answers other than 2xx/3xx).

local dir = os.getenv("BENCH_DIR") or "bench/out"
local listings, budgets = {}, {}
local counter = 0
local thread_tag = "t"

local function read(path, into)
  local f = assert(io.open(path, "r"), "cannot open " .. path)
  for line in f:lines() do
    if #line > 0 then into[#into + 1] = line end
  end
  f:close()
  assert(#into > 0, path .. " is empty")
end

function init(args)
  read(dir .. "/listings.txt", listings)
  read(dir .. "/budgets.txt", budgets)
  thread_tag = tostring({}):match("0x(%x+)") or tostring(math.random(1e9))
  math.randomseed(os.time() + (tonumber(thread_tag, 16) or 0))
end

function request()
  counter = counter + 1
  local u = math.random(#budgets)
  local k = math.random(#listings)
  local k2 = k % #listings + 1
  local k3 = k2 % #listings + 1
  local body = string.format(
    '{"lines":[{"listingId":"%s","quantity":1},{"listingId":"%s","quantity":1},{"listingId":"%s","quantity":1}],' ..
    '"expectedTotalFen":315000,"budgetLineId":"%s"}', listings[k], listings[k2], listings[k3], budgets[u])
  -- wrk.format uses these headers instead of wrk.headers, so they carry the content type too.
  local headers = {
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
    ["Authorization"] = "Bearer bench-token-" .. u,
    ["Idempotency-Key"] = "wrk-" .. thread_tag .. "-" .. counter,
  }
  return wrk.format("POST", "/api/v1/orders", headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_s": %.3f, "requests_per_s": %.1f, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_ms": {"mean": %.3f, "stdev": %.3f, "max": %.3f, "p50": %.3f, "p90": %.3f, "p95": %.3f, "p99": %.3f}}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean / 1000, latency.stdev / 1000, latency.max / 1000,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
