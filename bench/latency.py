#!/usr/bin/env python3
"""Open-loop load at a fixed rate against one URL; prints p50/p99/max latency (ms) and errors.
   latency.py URL API_KEY [rate=500] [seconds=20]"""
import http.client, sys, threading, time, urllib.parse

url, key = sys.argv[1], sys.argv[2]
rate = int(sys.argv[3]) if len(sys.argv) > 3 else 500
seconds = int(sys.argv[4]) if len(sys.argv) > 4 else 20
u = urllib.parse.urlparse(url)
workers = 16
lat, errors, lock = [], [0], threading.Lock()
start = time.monotonic() + 0.2
total = rate * seconds

def worker(k):
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    i = k
    while i < total:
        due = start + i / rate                      # open loop: each request has its send time
        now = time.monotonic()
        if due > now:
            time.sleep(due - now)
        t0 = time.monotonic()
        try:
            conn.request("GET", u.path, headers={"X-API-Key": key})
            r = conn.getresponse(); r.read()
            ok = r.status == 200
        except Exception:
            ok = False
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
        t1 = time.monotonic()
        with lock:
            lat.append((t1 - max(due, t0)) * 1000)   # from the scheduled send time: no coordinated omission
            if not ok: errors[0] += 1
        i += workers

threads = [threading.Thread(target=worker, args=(k,)) for k in range(workers)]
for t in threads: t.start()
for t in threads: t.join()
lat.sort()
p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
print(f"requests={len(lat)} rate={rate}/s seconds={seconds} errors={errors[0]} p50={p(0.50):.2f}ms p99={p(0.99):.2f}ms max={lat[-1]:.2f}ms")
