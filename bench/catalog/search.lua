-- wrk script: a mix of catalog searches (issue 3 point 7).
--
--   BENCH_TOKEN=… wrk -t2 -c32 -d30s --latency -s bench/catalog/search.lua http://127.0.0.1:PORT
--
-- Env: BENCH_TOKEN (bearer token, required), BENCH_SEARCH_PATH (default /api/v1/catalog/search).
-- Every request picks one entry of `mix` at random, weighted: 2-character and longer Chinese
-- queries, brand + model mixes, full-width input, category subtrees, price ranges with sort=price_asc,
-- deliversTo, green and poverty-county filters, and the newest listings without a query. done() prints
-- one line `WRK_JSON {…}` with requests/s and latency percentiles (bench/catalog/run.sh parses it).

local token = os.getenv("BENCH_TOKEN")
local path = os.getenv("BENCH_SEARCH_PATH") or "/api/v1/catalog/search"

-- { weight, name, parameters } — parameters in order, values unencoded.
local mix = {
  { 8, "q2:打印",            { { "q", "打印" } } },
  { 4, "q2:空调",            { { "q", "空调" } } },
  { 3, "q2:硒鼓",            { { "q", "硒鼓" } } },
  { 6, "q4:激光打印",        { { "q", "激光打印" } } },
  { 4, "q3:复印纸",          { { "q", "复印纸" } } },
  { 3, "q3:办公椅",          { { "q", "办公椅" } } },
  { 2, "q3:碎纸机",          { { "q", "碎纸机" } } },
  { 3, "q5:笔记本电脑",      { { "q", "笔记本电脑" } } },
  { 2, "q:LED灯",            { { "q", "LED灯" } } },
  { 6, "brand+model:惠普 M454dn", { { "q", "惠普 M454dn" } } },
  { 3, "brand+model:联想 T14",    { { "q", "联想 T14" } } },
  { 2, "brand+model:格力 KFR-35GW", { { "q", "格力 KFR-35GW" } } },
  { 2, "fullwidth:ｍ４５４ｄｎ", { { "q", "ｍ４５４ｄｎ" } } },
  { 2, "brand:得力",         { { "q", "得力" } } },
  { 4, "category:A02021000 price_asc", { { "category", "A02021000" }, { "sort", "price_asc" } } },
  { 4, "category:A02010000 price range", { { "category", "A02010000" }, { "minPriceFen", "300000" },
                                           { "maxPriceFen", "800000" }, { "sort", "price_asc" } } },
  { 3, "q+category:打印 A02021000", { { "q", "打印" }, { "category", "A02021000" } } },
  { 3, "price range price_asc", { { "minPriceFen", "100000" }, { "maxPriceFen", "200000" }, { "sort", "price_asc" } } },
  { 2, "q+price_desc:电脑",  { { "q", "电脑" }, { "sort", "price_desc" } } },
  { 3, "q+deliversTo:打印机 440300", { { "q", "打印机" }, { "deliversTo", "440300" } } },
  { 2, "deliversTo:530000 newest", { { "deliversTo", "530000" }, { "sort", "newest" } } },
  { 3, "q+green:空调",       { { "q", "空调" }, { "green", "true" } } },
  { 2, "category+green:A02061800", { { "category", "A02061800" }, { "green", "true" } } },
  { 2, "q+povertyCounty:复印纸", { { "q", "复印纸" }, { "povertyCounty", "true" } } },
  { 5, "newest",             { { "sort", "newest" } } },
  { 2, "newest limit 50",    { { "limit", "50" } } },
}

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
  for i, m in ipairs(mix) do
    local parts = {}
    for _, kv in ipairs(m[3]) do
      parts[#parts + 1] = kv[1] .. "=" .. urlencode(kv[2])
    end
    requests[i] = wrk.format("GET", path .. "?" .. table.concat(parts, "&"), headers)
    total = total + m[1]
    cumulative[i] = total
  end
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
