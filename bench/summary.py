#!/usr/bin/env python3
"""The closing table of `make bench`: every tool and route with its median, rows/s and throughput ratio to the
COPY binary pipe, then Ferry's targets (issue "Benchmark …") checked against this run's figures.
   summary.py RESULTS_DIR ROWS"""
import os, re, statistics, sys

d, rows = sys.argv[1], int(sys.argv[2])
def read(name):
    p = os.path.join(d, name)
    return open(p).read() if os.path.exists(p) else ""

runs = {}
for line in read("runs.tsv").splitlines():
    f = line.split("\t")
    if len(f) >= 6 and f[4] == "0" and f[5] == str(rows):
        runs.setdefault((f[0], f[1]), []).append(float(f[3]))
for line in read("pg-sqlite.txt").splitlines():
    m = re.match(r"(\S+)\s+PG->SQLite runs \(s\):\s*([\d. ]+)$", line)
    if m and m.group(2).strip():
        runs[(m.group(1) if m.group(1) != "ferry" else "ferry-to-sqlite", "PG->SQLite")] = [float(x) for x in m.group(2).split()]
def runs_file(name):
    out = {}
    for line in read(name).splitlines():
        f = line.split()
        if len(f) > 1: out[f[0]] = [float(x) for x in f[1:]]
    return out
drv, inter = runs_file("driver.txt"), runs_file("interleaved.txt")
med = {k: statistics.median(v) for k, v in runs.items()}
rss = re.search(r"([\d.]+) MiB", read("executor-rss.txt"))
# bench/latency.sh: one line per layout (`single rate=…/s p50=… p99=…`).
lat = {}
for line in read("latency.txt").splitlines():
    m = re.match(r"(\S+)\s+rate=([\d.]+)/s.*p99=([\d.]+)(us|ms|s)", line)
    if m: lat[m.group(1)] = (float(m.group(2)), float(m.group(3)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(4)])

pipe = med.get(("copy-binary", "PG->PG"))
print(f"\n== Summary ({rows} lineitem rows; medians; ratio = rows/s relative to the psql | psql COPY binary pipe)")
print(f"| {'tool':<18} | {'route':<11} | {'median s':>8} | {'rows/s':>8} | {'ratio':>5} | executor peak RSS |")
print(f"|{'-'*20}|{'-'*13}|{'-'*10}|{'-'*10}|{'-'*7}|-------------------|")
for (tool, route), s in sorted(med.items(), key=lambda kv: (kv[0][1], kv[1])):
    ratio = f"{pipe / s:.2f}" if pipe else "-"
    mem = f"{float(rss.group(1)):.0f} MiB" if tool.startswith("ferry") and rss else "-"
    print(f"| {tool:<18} | {route:<11} | {s:>8.2f} | {rows / s:>8.0f} | {ratio:>5} | {mem:<17} |")

def check(label, value, target, ok):
    print(f"  {'PASS' if ok else 'MISS'}  {label}: {value} (target {target})")
print("\n== Targets")
def ratio_of(a, b):
    return med[b] / med[a] if a in med and b in med else None
checks = [
    ("PG->PG throughput vs COPY pipe", ratio_of(("ferry", "PG->PG"), ("copy-binary", "PG->PG")), 0.8),
    ("PG->PG vs pgloader", ratio_of(("ferry", "PG->PG"), ("pgloader-pg", "PG->PG")), 2.0),
    ("PG->PG vs Sling", ratio_of(("ferry", "PG->PG"), ("sling-pg", "PG->PG")), 2.0),
    ("SQLite->PG vs pgloader", ratio_of(("ferry-sqlite", "SQLite->PG"), ("pgloader-sqlite", "SQLite->PG")), 1.5),
    ("SQLite->PG vs Sling", ratio_of(("ferry-sqlite", "SQLite->PG"), ("sling-sqlite", "SQLite->PG")), 1.5),
]
if "ferry" in inter and "copy-binary" in inter:
    checks.insert(1, ("PG->PG throughput vs COPY pipe, interleaved runs", statistics.median(inter["copy-binary"]) / statistics.median(inter["ferry"]), 0.8))
if "driver" in drv and "copy-binary" in drv:
    checks.append(("driver-level copy vs COPY pipe", statistics.median(drv["copy-binary"]) / statistics.median(drv["driver"]), 0.9))
for label, v, target in checks:
    if v is None: print(f"  ----  {label}: not measured"); continue
    check(label, f"{v:.2f}x", f">= {target}x", v >= target)
if rss: check("executor peak RSS", f"{float(rss.group(1)):.0f} MiB", "< 150 MiB", float(rss.group(1)) < 150)
for layout, (rate, p99ms) in lat.items():
    check(f"GET /v1/batch/job/{{id}} p99 at ~500 rps ({layout}, {rate:.0f} rps reached)", f"{p99ms:.2f} ms", "< 10 ms",
          p99ms < 10 and rate >= 475)
