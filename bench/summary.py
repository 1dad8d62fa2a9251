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

# bench/scaling.sh: `pipe-N s…`, `ferry-N s…`, `rss-N MiB…` per stack of N executors; `ferry-big`, `rss-big` (BIG=1).
scaling = {}
for line in read("scaling.txt").splitlines():
    f = line.split()
    if len(f) > 1: scaling[f[0]] = f[1:]
def nums(key):
    try: return [float(x) for x in scaling.get(key, [])]
    except ValueError: return []
stacks = sorted(int(k[6:]) for k in scaling if re.fullmatch(r"ferry-\d+", k))
if stacks:
    slots = scaling.get("slots", ["default"])[0]
    print(f"\n== Scaling (bench/scaling.sh: PG->PG, default options, each stack of N executors beside its own pipe runs; "
          f"slots per executor: {slots})")
    print(f"| executors | median s | pipe median s | ratio | rows/s   | peak RSS per executor | ranges per executor | N split pipes s (ratio) |")
    print(f"|-----------|----------|---------------|-------|----------|-----------------------|---------------------|-------------------------|")
for n in stacks:
    f, p, r = nums(f"ferry-{n}"), nums(f"pipe-{n}"), scaling.get(f"rss-{n}", [])
    if not f or not p:
        print(f"| {n:>9} | FAILED   |               |       |          |                       |                     |                         |"); continue
    fm, pm = statistics.median(f), statistics.median(p)
    spread = scaling.get(f"ranges-{n}", ["?"])[0]
    sp = nums(f"split-{n}")
    ceiling = f"{statistics.median(sp):.2f} ({pm / statistics.median(sp):.2f}x)" if sp else "-"
    print(f"| {n:>9} | {fm:>8.2f} | {pm:>13.2f} | {pm / fm:>5.2f} | {rows / fm:>8.0f} | {' '.join(r) + ' MiB':<21} | {spread:<19} | {ceiling:<23} |")
for n, target in ((1, 0.9), (2, 1.0)):
    f, p = nums(f"ferry-{n}"), nums(f"pipe-{n}")
    if f and p:
        v = statistics.median(p) / statistics.median(f)
        check(f"PG->PG with {n} executor{'s' if n > 1 else ''} vs COPY pipe (scaling)", f"{v:.2f}x", f">= {target}x", v >= target)
    else: print(f"  ----  PG->PG with {n} executor(s) vs COPY pipe (scaling): not measured")
scale_rss = [float(x) for n in stacks for x in scaling.get(f"rss-{n}", [])]
if scale_rss:
    check("executor peak RSS, scaling (largest executor)", f"{max(scale_rss):.0f} MiB", "< 150 MiB", max(scale_rss) < 150)
big, one = nums("rss-big"), nums("rss-1")
if big and one:
    rows_big = scaling.get("big-rows", ["?"])[0]
    check(f"executor peak RSS flat from {rows} to {rows_big} rows (1 executor)", f"{one[0]:.0f} -> {big[0]:.0f} MiB",
          "< 150 MiB and <= 1.2x", big[0] < 150 and big[0] <= 1.2 * one[0])
elif stacks: print("  ----  executor peak RSS flat to 10M rows: not measured (BIG=1 bench/run.sh measures it)")

# bench/incremental.sh: `name seconds rowsRead rowsChanged equal|DIFFERS` for first, second, full-reload.
inc = {f[0]: f[1:] for f in (l.split() for l in read("incremental.txt").splitlines()) if f}
if inc:
    print("\n== Incremental (bench/incremental.sh: li_delta, 1 % of rows updated between two incremental runs)")
    print("| run         | s        | rows read | rows changed | target = source |")
    print("|-------------|----------|-----------|--------------|-----------------|")
    for name in ("first", "second", "full-reload"):
        f = inc.get(name)
        if f and f[0] != "FAILED": print(f"| {name:<11} | {float(f[0]):>8.2f} | {f[1]:>9} | {f[2]:>12} | {f[3]:<15} |")
        elif f: print(f"| {name:<11} | FAILED   |           |              |                 |")
    sec, full = inc.get("second"), inc.get("full-reload")
    if sec and full and sec[0] != "FAILED" and full[0] != "FAILED":
        check("incremental run after 1 % changed: rows read", f"{int(sec[1]):,} of {rows:,}", "<= 2 % of the table", int(sec[1]) <= rows * 0.02)
        check("incremental run vs full reload (truncate-insert), time", f"{float(sec[0]):.2f} s vs {float(full[0]):.2f} s",
              "faster", float(sec[0]) < float(full[0]))
        check("incremental target equals source (after each run)", " ".join(f[3] for f in inc.values()), "equal",
              all(f[3] == "equal" for f in inc.values()))
    else: print("  ----  incremental: not measured (a run failed)")

# bench/reconcile.sh: `copy s`, `digest s equal|…`, `count s equal|…`.
rec = {f[0]: f[1:] for f in (l.split() for l in read("reconcile.txt").splitlines()) if f}
if rec:
    copy = rec.get("copy", ["FAILED"])[0]
    if copy == "FAILED": print("\n  ----  reconcile: the copy failed")
    else:
        print(f"\n== Reconcile (bench/reconcile.sh: POST /v1/data/bundles/{{uid}}/reconcile after the copy, {float(copy):.2f} s)")
        for method in ("digest", "count"):
            if method in rec:
                s, eq = float(rec[method][0]), rec[method][1]
                print(f"  {method:<7}{s:>8.2f} s  {s / float(copy):.2f}x the copy's time  {eq}")
        if "digest" in rec:
            s, eq = float(rec["digest"][0]), rec["digest"][1]
            check("reconcile digest vs the copy's own time", f"{s / float(copy):.2f}x ({eq})", "< 0.5x, equal", s < 0.5 * float(copy) and eq == "equal")
