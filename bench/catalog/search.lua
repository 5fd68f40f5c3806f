-- wrk script: a mix of catalog searches (issue 3 point 7).
--
--   BENCH_TOKEN=… wrk -t2 -c32 -d30s --latency -s bench/catalog/search.lua http://127.0.0.1:PORT
--
-- Env: BENCH_TOKEN (bearer token, required), BENCH_SEARCH_PATH (default /api/v1/catalog/search),
-- BENCH_SEARCH_MIX (default bench/catalog/search_mix.tsv). Every request picks one line of the mix at
-- random, by weight: 2-character and longer Chinese queries, brand + model mixes, full-width input,
-- category subtrees, price ranges with sort=price_asc, deliversTo, green and poverty-county filters,
-- and the newest listings without a query. done() prints one line `WRK_JSON {…}` with requests/s and
-- latency percentiles (bench/catalog/run.sh parses it).

local token = os.getenv("BENCH_TOKEN")
local path = os.getenv("BENCH_SEARCH_PATH") or "/api/v1/catalog/search"

local mix_file = os.getenv("BENCH_SEARCH_MIX") or "bench/catalog/search_mix.tsv"

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local requests = {}
local cumulative = {}
local total = 0

local function build()
  if not token or token == "" then
    error("BENCH_TOKEN is not set")
  end
  local headers = { ["Authorization"] = "Bearer " .. token, ["Accept"] = "application/json" }
  local f = assert(io.open(mix_file, "r"), "cannot open " .. mix_file)
  for line in f:lines() do
    if not line:match("^#") and line:match("%S") then
      local weight, _, params = line:match("^(%d+)\t([^\t]*)\t(.*)$")
      assert(weight, "bad line in " .. mix_file .. ": " .. line)
      local parts = {}
      for kv in params:gmatch("[^&]+") do
        local k, v = kv:match("^([^=]+)=(.*)$")
        parts[#parts + 1] = k .. "=" .. urlencode(v)
      end
      requests[#requests + 1] = wrk.format("GET", path .. "?" .. table.concat(parts, "&"), headers)
      total = total + tonumber(weight)
      cumulative[#cumulative + 1] = total
    end
  end
  f:close()
  assert(#requests > 0, mix_file .. " has no queries")
end

function init(args)
  build()
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
end

function request()
  local r = math.random() * total
  for i = 1, #cumulative do
    if r < cumulative[i] then
      return requests[i]
    end
  end
  return requests[#requests]
end

function done(summary, latency, requests_)
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
