/// The panels drawn from the runs: tiles, runs with their charts, failures, skipped rows.
extension DashboardPage {
    static let runPanelsScript = #"""
const failed = (j) => j.status === "FAILED" || j.status === "ABANDONED" || j.status === "STOPPED";
const settled = (j) => failed(j) || j.status === "COMPLETED";

// Each step's check after its last commit (bundle option reconcile). A settled run's checks no longer change, so
// they are fetched once and kept; a running one's are read again at each refresh.
const CHECKS = {};
async function loadChecks(data) {
  await Promise.all(data.jobs.slice(0, 25).filter((j) => !(j.jobExecutionId in CHECKS)).map(async (j) => {
    try {
      const c = await api(`/v1/batch/job/${j.jobExecutionId}/reconciliation`);
      if (settled(j)) CHECKS[j.jobExecutionId] = c; else data.liveChecks = {...data.liveChecks, [j.jobExecutionId]: c};
    } catch (e) { if (e.status === 401) throw e; }
  }));
}
function checkLine(j, live) {
  const c = CHECKS[j.jobExecutionId] || (live || {})[j.jobExecutionId];
  if (!c || !c.stepsChecked) return "";
  const checked = c.steps.filter((s) => s.reconciliation);
  const methods = [...new Set(checked.map((s) => s.reconciliation.method))].join("/");
  const bad = checked.filter((s) => !s.reconciliation.equal);
  // Every difference is rows the steps skipped on purpose (the skip policy): say so beside it.
  const skipped = bad.length && bad.every((s) => s.explainedBySkips) ? bad.reduce((n, s) => n + s.explainedBySkips, 0) : 0;
  const hint = skipped ? ` <span class="skipped-hint">(${num(skipped)} row${skipped === 1 ? "" : "s"} skipped)</span>` : "";
  const tip = bad.map((s) => `${s.stepName}: ${(s.reconciliation.differingKeys || []).slice(0, 3).map((k) => Object.entries(k.key).map(([n, v]) => n + "=" + v).join(" ") + " " + k.kind).join(", ") || s.reconciliation.message || "counts differ"}`).join("; ");
  return `<div class="sub check" data-check="${c.equal ? "equal" : "differs"}"${tip ? ` title="${esc(tip)}"` : ""}>${esc(methods)} check: ${c.equal ? "equal" : `<span class="differs">${bad.length} step${bad.length === 1 ? " differs" : "s differ"}</span>${hint}`}</div>`;
}

function tilesPanel({jobs}) {
  const count = (f) => jobs.filter(f).length;
  const tiles = [["Runs", jobs.length], ["Completed", count((j) => j.status === "COMPLETED")],
    ["Failed or stopped", count(failed)], ["Running", count((j) => ["STARTING", "STARTED", "STOPPING"].includes(j.status))],
    ["Rows written", num(jobs.reduce((s, j) => s + j.writeCount, 0))], ["Rows skipped", num(jobs.reduce((s, j) => s + j.writeSkipCount, 0))]];
  return `<div class="tiles" id="tiles">${tiles.map(([l, v]) => `<div class="tile"><div class="label">${l}</div><div class="value">${v}</div></div>`).join("")}</div>`;
}

function runsPanel({jobs, samples, liveChecks}) {
  if (!jobs.length) return `<section class="card" id="runs"><h2>Runs</h2><p class="empty">No runs yet: launch one with <code>ferry run &lt;bundle&gt; --wait</code>.</p></section>`;
  const rows = jobs.map((j) => `<tr class="run" data-job="${j.jobExecutionId}" data-status="${esc(j.status)}">
      <td class="nowrap"><b>#${j.jobExecutionId}</b><div class="sub">run ${j.runNumber}${j.rerunNumber ? " · rerun " + j.rerunNumber : ""}</div></td>
      <td>${esc(j.bundleName)}<div class="sub">${j.steps.length} step${j.steps.length === 1 ? "" : "s"}</div></td>
      <td>${badge(j.status)}${checkLine(j, liveChecks)}</td>
      <td class="nowrap">${esc(when(j.startTime || j.createTime))}</td>
      <td class="num">${esc(duration(j.elapsedMillis))}</td>
      <td class="num">${num(j.writeCount)}</td>
      <td class="num">${rate(j.rowsPerSecond)}</td>
      <td class="num">${j.writeSkipCount ? `<span class="skips">${num(j.writeSkipCount)}</span>` : "0"}</td>
      <td>${throughputChart(j, samples)}</td></tr>`).join("");
  return `<section class="card" id="runs"><h2>Runs <small>newest first</small></h2><table>
    <thead><tr><th>Run</th><th>Bundle</th><th>Status</th><th>Started</th><th class="num">Duration</th><th class="num">Rows</th>
    <th class="num">Rows/s</th><th class="num">Skips</th><th>Throughput</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function failuresPanel({jobs}) {
  const list = jobs.filter(failed);
  const items = list.map((j) => {
    const failedSteps = j.steps.filter((s) => s.exitMessage && s.status !== "COMPLETED");
    const msg = j.exitMessage || (failedSteps[0] && failedSteps[0].exitMessage) || j.status;
    const steps = failedSteps.filter((s) => !msg.includes(s.exitMessage));
    return `<div class="failure" data-job="${j.jobExecutionId}"><div class="title">#${j.jobExecutionId} ${esc(j.jobName)} ${badge(j.status)} <span class="sub">${esc(when(j.endTime || j.startTime))}</span></div>
      <div class="msg">${esc(msg)}</div>
      ${steps.map((s) => `<div class="sub">${esc(s.stepName)}: ${esc(s.exitMessage)}</div>`).join("")}
      ${j.exceptionDetails ? `<details><summary>details</summary><pre>${esc(j.exceptionDetails)}</pre></details>` : ""}</div>`;
  }).join("");
  return `<section class="card" id="failures"><h2>Failures <small>${list.length}</small></h2>${items || `<p class="empty">No failed runs.</p>`}</section>`;
}

function skipsPanel({jobs, skips}) {
  const list = jobs.filter((j) => j.writeSkipCount > 0);
  const items = list.map((j) => {
    const rows = (skips[j.jobExecutionId] || []).map((r) => `<div class="sub">${esc(r.stepName || "")} key ${esc((r.key || []).join(", "))}${r.sqlState ? " · SQLSTATE " + esc(r.sqlState) : ""}: <span class="reason">${esc(r.reason)}</span></div>`).join("");
    return `<div class="skip" data-job="${j.jobExecutionId}"><div class="title"><b>#${j.jobExecutionId} ${esc(j.jobName)}</b> — ${num(j.writeSkipCount)} row${j.writeSkipCount === 1 ? "" : "s"} skipped</div>${rows}</div>`;
  }).join("");
  return `<section class="card" id="skipped"><h2>Skipped rows <small>the target refused them; the source rows are kept</small></h2>${items || `<p class="empty">No skipped rows.</p>`}</section>`;
}

"""#
}
