/// The throughput chart of a run (an inline SVG), drawn from the orchestrator's progress samples.
extension DashboardPage {
    static let chartScript = #"""
// Samples of finished runs never change: fetched once. Running ones are fetched on every refresh.
const SAMPLES = new Map();
async function loadSamples(data) {
  await Promise.all(data.jobs.map(async (j) => {
    const done = !["STARTING", "STARTED", "STOPPING"].includes(j.status);
    if (done && SAMPLES.has(j.jobExecutionId)) return;
    try { SAMPLES.set(j.jobExecutionId, (await api(`/v1/batch/job/${j.jobExecutionId}/progress/samples`)).steps); } catch (e) {
      if (e.status === 401) throw e;
    }
  }));
  data.samples = SAMPLES;
}

// One step's rows written over time as segments of constant rate: from its start (0 rows) through each sample to
// its end (or now) at its last known count.
function stepSegments(step, sampled) {
  if (!step.startTime) return [];
  const start = ms(step.startTime), end = step.endTime ? ms(step.endTime) : start + (step.elapsedMillis || 0);
  const points = [[start, 0], ...((sampled && sampled.samples) || []).map((p) => [ms(p.at), p.writeCount]), [Math.max(end, start + 1), step.writeCount]];
  const segs = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, wa] = points[i], [b, wb] = points[i + 1];
    if (b > a) segs.push({a, b, r: Math.max(0, (wb - wa) * 1000 / (b - a))});
  }
  return segs;
}

// Rows/s over the run's time: each step's sampled rate, summed where steps overlap (parallel pairs or
// partitions), drawn as a stepped area; one point per sample.
function throughputChart(job, samples) {
  const W = 240, H = 52, P = 3;
  const sampled = (samples && samples.get(job.jobExecutionId)) || [];
  const used = new Set();
  const spans = job.steps.flatMap((s) => {
    const match = sampled.find((x) => x.stepName === s.stepName && !used.has(x.stepExecutionId));
    if (match) used.add(match.stepExecutionId);
    return stepSegments(s, match);
  });
  const points = sampled.reduce((n, x) => n + x.samples.length, 0);
  const color = job.status === "FAILED" || job.status === "ABANDONED" ? "#c0362c"
              : job.status === "COMPLETED" ? "#12805c" : job.status === "STOPPED" ? "#a15c07" : "#2563eb";
  const title = `<title>${esc(job.jobName)} #${job.jobExecutionId}: ${esc(rate(job.rowsPerSecond))} rows/s over ${esc(duration(job.elapsedMillis))}, ${points} sample${points === 1 ? "" : "s"}</title>`;
  const open = `<svg class="throughput-chart" data-job="${job.jobExecutionId}" data-samples="${points}" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img">${title}`;
  if (!spans.length) {
    return `${open}<line x1="${P}" y1="${H - P}" x2="${W - P}" y2="${H - P}" stroke="#d0d5dd"/><text x="${P + 2}" y="${H / 2 + 4}" font-size="11" fill="#98a2b3">no rows yet</text></svg>`;
  }
  const t0 = Math.min(...spans.map((s) => s.a)), t1 = Math.max(...spans.map((s) => s.b));
  const cuts = [...new Set(spans.flatMap((s) => [s.a, s.b]))].sort((x, y) => x - y);
  const segs = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i], b = cuts[i + 1];
    segs.push({a, b, r: spans.filter((s) => s.a <= a && s.b >= b).reduce((sum, s) => sum + s.r, 0)});
  }
  const top = Math.max(...segs.map((s) => s.r));
  const peak = Math.max(1, top);
  const x = (t) => P + (W - 2 * P) * (t - t0) / Math.max(1, t1 - t0);
  const y = (r) => H - P - (H - 2 * P - 12) * r / peak;
  let d = `M${x(t0).toFixed(1)},${H - P}`;
  for (const s of segs) d += ` L${x(s.a).toFixed(1)},${y(s.r).toFixed(1)} L${x(s.b).toFixed(1)},${y(s.r).toFixed(1)}`;
  d += ` L${x(t1).toFixed(1)},${H - P} Z`;
  return `${open}<line x1="${P}" y1="${H - P}" x2="${W - P}" y2="${H - P}" stroke="#d0d5dd"/>`
    + `<path d="${d}" fill="${color}" fill-opacity="0.18" stroke="${color}" stroke-width="1.5" stroke-linejoin="round"/>`
    + `<text x="${P + 1}" y="10" font-size="10" fill="#667085">${top > 0 ? `peak ${esc(rate(top))} rows/s` : "no rows written"}</text></svg>`;
}

"""#
}
