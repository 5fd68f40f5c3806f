-- wrk script: GET /api/v1/listings/{id} over random ids of generated listings (issue 3 point 7).
--
--   BENCH_TOKEN=… BENCH_IDS_FILE=bench/out/listing_ids.txt \
--     wrk -t2 -c64 -d20s --latency -s bench/catalog/listing.lua http://127.0.0.1:PORT
--
-- Env: BENCH_TOKEN (bearer token, required), BENCH_IDS_FILE (one id a line, written by
-- bench/catalog/generate.py; default bench/out/listing_ids.txt), BENCH_LISTING_PATH (default
-- /api/v1/listings/). done() prints one line `WRK_JSON {…}` with requests/s and latency percentiles.

local token = os.getenv("BENCH_TOKEN")
local ids_file = os.getenv("BENCH_IDS_FILE") or "bench/out/listing_ids.txt"
local prefix = os.getenv("BENCH_LISTING_PATH") or "/api/v1/listings/"

local paths = {}
local head, tail

function init(args)
  if not token or token == "" then
    error("BENCH_TOKEN is not set")
  end
  local f = assert(io.open(ids_file, "r"), "cannot open " .. ids_file)
  for line in f:lines() do
    if #line > 0 then
      paths[#paths + 1] = prefix .. line
    end
  end
  f:close()
  assert(#paths > 0, ids_file .. " has no ids")
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Accept"] = "application/json"
  -- A request is its path between two fixed strings, cut once from wrk.format's output here: wrk.format itself
  -- in request() cost wrk about 3 % of the machine's CPU at 7 000 requests/s, taken from the server and
  -- PostgreSQL that it measures. Formatting all the requests here instead would lengthen init(), and wrk's
  -- first thread starts sending while the second is still in init(), which would inflate the rate.
  local marker = "/\0marker\0"
  local sample = wrk.format("GET", marker)
  local at = sample:find(marker, 1, true)
  head, tail = sample:sub(1, at - 1), sample:sub(at + #marker)
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
end

function request()
  return head .. paths[math.random(#paths)] .. tail
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
