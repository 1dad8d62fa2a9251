-- wrk script for `make bench`: about 500 requests/s over 10 connections (each waits 20 ms after its
-- answer), with the API key; wrk reports the latency of each request without the wait.
wrk.headers["X-API-Key"] = os.getenv("FERRY_API_KEY")
function delay() return 20 end
