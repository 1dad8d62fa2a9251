#!/usr/bin/env python3
"""Where one Ferry PG->PG copy's time goes, beside the psql | psql pipe of the same run: the client's side
(bench/ferry-copy.sh's FERRY_COPY_TIMES: registering, launching, waiting for COMPLETED), the executor's phases
(ferry_executor_step_seconds_total{phase} and ferry_executor_writer_seconds_total{phase}, /metrics scraped before
and after the copy) and what is left: the claim's wake-up, the orchestrator and the client's RF06 polling.

A big table runs as several key ranges (partitions), each its own step execution, several at once: the phase
counters then add up the seconds of every range, more than the wall time. So the phases are shown summed and per
range, and the executor's wall time is the job's span on the executor (first range's start to last range's end,
from the partitions route), which is what "outside the executor" is measured against.
   step-breakdown.py BEFORE.metrics AFTER.metrics CLIENT_TIMES PIPE_SECONDS [PARTITIONS.json]"""
import json, re, sys
from datetime import datetime

before, after, client, pipe = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])

def series(path, name):
    out = {}
    for line in open(path):
        m = re.match(name + r'\{phase="([a-z_]+)"\}\s+([0-9.eE+-]+)', line)
        if m: out[m.group(1)] = float(m.group(2))
    return out

def delta(name):
    a, b = series(before, name), series(after, name)
    return {k: b[k] - a.get(k, 0.0) for k in b}

def partitions(path):
    """[(start, end)] of each range in seconds since the epoch; [] when the route gave nothing usable."""
    try:
        items = json.load(open(path))["partitions"]
        stamp = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
        return [(stamp(p["startTime"]), stamp(p["endTime"])) for p in items if p.get("startTime") and p.get("endTime")]
    except (OSError, ValueError, KeyError, TypeError):
        return []

steps, writer = delta("ferry_executor_step_seconds_total"), delta("ferry_executor_writer_seconds_total")
times = dict(line.split() for line in open(client) if len(line.split()) == 2)
times = {k: float(v) for k, v in times.items()}
ranges = partitions(sys.argv[5]) if len(sys.argv) > 5 else []
count = max(len(ranges), 1)
total = sum(times.values())
ms = lambda s: f"{s * 1000:9.1f} ms"

print(f"pipe {pipe:.2f} s; Ferry through the API {total:.2f} s ({pipe / total:.2f}x the pipe); Ferry - pipe = {total - pipe:+.2f} s")
print("client (bench/ferry-copy.sh):")
for k in ("register", "launch", "wait"):
    if k in times: print(f"  {k:<28}{ms(times[k])}")
if ranges:
    span = max(e for _, e in ranges) - min(s for s, _ in ranges)
    print(f"executor: {len(ranges)} key range(s); first start -> last end {ms(span)} (the job's span on the executor)")
else:
    span = sum(steps.values())
    print("executor: one step (no partitions listed; its span = the sum of its phases)")
print(f"  {'phase (ferry_executor_step_seconds_total)':<44}{'all ranges':>12}{'per range':>12}")
order = ["credentials", "connect", "discover", "prepare_target", "rows", "final_commit", "primary_key", "reconcile",
         "finish_report"]
for k in order + sorted(set(steps) - set(order)):   # a phase this list does not know yet is shown too
    if k in steps: print(f"  {k:<44}{ms(steps[k])}{ms(steps[k] / count)}")
for k in ("reader_wait", "write", "commit"):
    if k in writer: print(f"    rows: writer {k:<30}{ms(writer[k])}{ms(writer[k] / count)}")
fixed = sum(v for k, v in steps.items() if k != "rows")
print(f"  {'around the rows (sum of the other phases)':<44}{ms(fixed)}{ms(fixed / count)}")
rest = times.get("wait", 0.0) - span
print(f"outside the executor: launch -> first claim, last range -> COMPLETED seen (wait - span){ms(rest)}")
