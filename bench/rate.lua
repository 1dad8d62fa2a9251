-- wrk script for the RF06 latency part: each connection waits BENCH_DELAY_MS (default 20) after its answer, so
-- CONNS connections send about CONNS * 1000 / (delay + latency) requests/s; with the API key. wrk reports the
-- latency of each request without the wait.
wrk.headers["X-API-Key"] = os.getenv("FERRY_API_KEY")
local wait = tonumber(os.getenv("BENCH_DELAY_MS") or "20")
function delay() return wait end
