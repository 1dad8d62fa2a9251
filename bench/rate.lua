-- wrk script for the RF06 latency part: paces each wrk thread to BENCH_RATE / BENCH_THREADS requests/s (a
-- schedule of send slots, as wrk2 does), so the rate does not sag when answers get slower — a closed loop
-- with a fixed pause per connection sends CONNS / (pause + latency) requests/s instead. Each answer reserves
-- the next free slot; with enough connections waiting on their slots the rate is the target whatever the
-- latency. wrk reports each request's latency without the wait. Sends X-API-Key (FERRY_API_KEY) and, when
-- set, X-Ferry-Internal-Token (FERRY_INTERNAL_TOKEN: the per-hop runs straight at the orchestrator).
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

wrk.headers["X-API-Key"] = os.getenv("FERRY_API_KEY")
local token = os.getenv("FERRY_INTERNAL_TOKEN")
if token and token ~= "" then wrk.headers["X-Ferry-Internal-Token"] = token end

local rate = tonumber(os.getenv("BENCH_RATE") or "500")
local threads = tonumber(os.getenv("BENCH_THREADS") or "2")
local interval = 1000 * threads / rate -- ms between two sends of this thread
local slot = nil

function delay()
  local t = now_ms()
  if slot == nil or slot < t then slot = t end -- behind schedule: no burst to catch up
  local wait = slot - t
  slot = slot + interval
  return math.floor(wait)
end
