#!/usr/bin/env python3
"""Where one Ferry PG->PG copy's time goes, beside the psql | psql pipe of the same run: the client's side
(bench/ferry-copy.sh's FERRY_COPY_TIMES: registering, launching, waiting for COMPLETED), the executor's phases
(ferry_executor_step_seconds_total{phase} and ferry_executor_writer_seconds_total{phase}, /metrics scraped before
and after the copy) and what is left: the claim's wake-up, the orchestrator and the client's RF06 polling.
   step-breakdown.py BEFORE.metrics AFTER.metrics CLIENT_TIMES PIPE_SECONDS"""
import re, sys

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

steps, writer = delta("ferry_executor_step_seconds_total"), delta("ferry_executor_writer_seconds_total")
times = dict(line.split() for line in open(client) if len(line.split()) == 2)
times = {k: float(v) for k, v in times.items()}
total = sum(times.values())
ms = lambda s: f"{s * 1000:8.1f} ms"

print(f"pipe {pipe:.2f} s; Ferry through the API {total:.2f} s ({pipe / total:.2f}x the pipe); Ferry - pipe = {total - pipe:+.2f} s")
print("client (bench/ferry-copy.sh):")
for k in ("register", "launch", "wait"):
    if k in times: print(f"  {k:<28}{ms(times[k])}")
print("executor, one step (ferry_executor_step_seconds_total):")
order = ["credentials", "connect", "discover", "prepare_target", "rows", "final_commit", "finish_report"]
for k in order:
    if k in steps: print(f"  {k:<28}{ms(steps[k])}")
for k in ("reader_wait", "write", "commit"):
    if k in writer: print(f"    rows: writer {k:<15}{ms(writer[k])}")
fixed = sum(v for k, v in steps.items() if k != "rows")
rest = times.get("wait", 0.0) - sum(steps.values())
print(f"  {'around the rows (sum)':<28}{ms(fixed)}")
print(f"outside the executor: launch -> claim, orchestrator, RF06 polling (wait - step phases){ms(rest)}")
