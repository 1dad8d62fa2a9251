/// The throughput chart of a run (an inline SVG).
extension DashboardPage {
    static let chartScript = #"""
// Rows/s over the run's time: each step contributes its average rate between its start and end, summed where
// steps overlap (parallel pairs), drawn as a stepped area.
function throughputChart(job) {
  const W = 240, H = 52, P = 3;
  const spans = job.steps.filter((s) => s.startTime).map((s) => {
    const a = ms(s.startTime); const b = s.endTime ? ms(s.endTime) : a + (s.elapsedMillis || 0);
    return {a, b: Math.max(b, a + 1), r: s.rowsPerSecond || 0, name: s.stepName};
  });
  const color = job.status === "FAILED" || job.status === "ABANDONED" ? "#c0362c"
              : job.status === "COMPLETED" ? "#12805c" : job.status === "STOPPED" ? "#a15c07" : "#2563eb";
  const title = `<title>${esc(job.jobName)} #${job.jobExecutionId}: ${esc(rate(job.rowsPerSecond))} rows/s over ${esc(duration(job.elapsedMillis))}</title>`;
  if (!spans.length) {
    return `<svg class="throughput-chart" data-job="${job.jobExecutionId}" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img">${title}<line x1="${P}" y1="${H - P}" x2="${W - P}" y2="${H - P}" stroke="#d0d5dd"/><text x="${P + 2}" y="${H / 2 + 4}" font-size="11" fill="#98a2b3">no rows yet</text></svg>`;
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
  return `<svg class="throughput-chart" data-job="${job.jobExecutionId}" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img">${title}`
    + `<line x1="${P}" y1="${H - P}" x2="${W - P}" y2="${H - P}" stroke="#d0d5dd"/>`
    + `<path d="${d}" fill="${color}" fill-opacity="0.18" stroke="${color}" stroke-width="1.5" stroke-linejoin="round"/>`
    + `<text x="${P + 1}" y="10" font-size="10" fill="#667085">${top > 0 ? `peak ${esc(rate(top))} rows/s` : "no rows written"}</text></svg>`;
}

"""#
}
