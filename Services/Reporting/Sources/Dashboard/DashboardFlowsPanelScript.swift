/// The flows panel: schedule, next tick, last runs and windows, watermarks.
extension DashboardPage {
    static let flowsPanelScript = #"""
// Flows: schedule, next tick, the last runs (status, window) and each pair's watermark — the high of the newest
// successful run, where the next run starts reading.
async function loadFlows(data) {
  const page = await api("/v1/flows?size=50");
  data.flows = page.items;
  data.flowTotal = page.total;
  data.flowRuns = {};
  await Promise.all(page.items.slice(0, 20).map(async (f) => {
    try { data.flowRuns[f.uid] = (await api(`/v1/flows/${f.uid}/runs?size=5`)).items; } catch (_) { data.flowRuns[f.uid] = []; }
  }));
}

function scheduleText(s) {
  if (s.frequency === "once") return "once at " + when(s.startTime * 1000);
  const n = s.interval || 1;
  return `every ${n === 1 ? "" : n + " "}${s.frequency}${n === 1 ? "" : "s"}${s.backfill ? " · backfill" : ""}`;
}

// A flow run's status in the colours of the batch statuses.
const FLOW_RUN_LOOK = {success: "COMPLETED", partialSuccess: "STOPPED", failed: "FAILED", inProgress: "STARTED", scheduled: "STARTING"};
function windowText(r) {
  if (!r.windowEndTime) return "";
  return `${r.windowStartTime ? when(r.windowStartTime) : "all history"} → ${when(r.windowEndTime)}`;
}
function flowRunBadge(r) {
  const tip = [`run ${r.id}`, r.trigger, r.jobExecutionId ? `job #${r.jobExecutionId}` : "", windowText(r),
    `${num(r.recordSummary.outputRecordCount)} rows`].filter(Boolean).join(" · ");
  return `<span class="badge s-${FLOW_RUN_LOOK[r.status] || "STARTING"} flow-run" data-run="${r.id}" title="${esc(tip)}">${esc(r.status)}</span>`;
}

function flowsPanel({jobs, flows, flowRuns, flowTotal}) {
  if (!flows) return "";
  if (!flows.length) return `<section class="card" id="flows"><h2>Flows</h2><p class="empty">No flows yet: <code>ferry flow create NAME --bundle B --every 1h</code>.</p></section>`;
  const bundles = Object.fromEntries(jobs.map((j) => [j.bundleId, j.bundleName]));
  const rows = flows.map((f) => {
    const runs = flowRuns[f.uid] || [];
    const last = runs[0];
    const good = runs.find((r) => r.status === "success" || r.status === "partialSuccess");
    const marks = good ? good.tables.filter((t) => t.deltaColumn) : [];
    const delta = (f.transformations.find((t) => t.params && t.params.deltaColumn) || {params: {}}).params.deltaColumn;
    return `<tr class="flow" data-flow="${f.uid}">
      <td><b>${esc(f.name)}</b><div class="sub">${esc(bundles[f.dataBundleId] || "bundle #" + f.dataBundleId)}${delta ? " · by " + esc(delta.name) : " · full reads"}</div></td>
      <td><span class="badge s-${esc(f.state)}">${esc(f.state)}</span></td>
      <td>${esc(scheduleText(f.scheduleParams))}</td>
      <td class="nowrap next-tick">${f.nextRunTime ? esc(when(f.nextRunTime * 1000)) : (f.state === "disabled" ? "–" : "none left")}</td>
      <td>${runs.length ? runs.map(flowRunBadge).join(" ") : `<span class="sub">not run yet</span>`}
        ${last && windowText(last) ? `<div class="sub">last window ${esc(windowText(last))}</div>` : ""}</td>
      <td class="watermarks">${marks.length ? marks.map((t) => `<div class="sub watermark">${esc(t.stepName)}: ${esc(t.deltaColumn)} ≤ <b>${esc(t.high || "–")}</b></div>`).join("") : `<span class="sub">–</span>`}</td></tr>`;
  }).join("");
  return `<section class="card" id="flows"><h2>Flows <small>${flowTotal} · scheduled bundles</small></h2><table>
    <thead><tr><th>Flow</th><th>State</th><th>Schedule</th><th>Next tick</th><th>Last runs</th><th>Watermarks</th></tr></thead>
    <tbody>${rows}</tbody></table></section>`;
}

"""#
}
