/// The `/dashboard` page: one self-contained HTML document (inline CSS and script, nothing from a CDN).
///
/// The page itself carries no data and needs no key: its script asks for the API key once (a form field), keeps it
/// in the browser's localStorage and calls the `/v1` JSON API with the `X-API-Key` header — the key never travels
/// in a URL. It redraws every few seconds. Panels are a list in the script (`PANELS`), so flows and manifests
/// panels slot in beside runs, failures and skipped rows when those features land.
enum DashboardPage {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Ferry · Dashboard</title>
<style>
:root { --ink:#1d2430; --muted:#667085; --line:#e4e7ec; --bg:#f5f7fa; --card:#fff; --accent:#2563eb;
        --ok:#12805c; --okbg:#e3f5ed; --bad:#c0362c; --badbg:#fdecea; --run:#2563eb; --runbg:#e6efff;
        --warn:#a15c07; --warnbg:#fff4e0; --idle:#667085; --idlebg:#eef0f3; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color:var(--ink); background:var(--bg); }
header { background:#101828; color:#fff; padding:14px 28px; display:flex; align-items:center; gap:18px; }
header h1 { font-size:18px; margin:0; font-weight:650; letter-spacing:.2px; }
header h1 span { color:#93b4ff; font-weight:500; }
header .meta { margin-left:auto; color:#c9d2e3; font-size:12.5px; display:flex; gap:14px; align-items:center; }
header button { background:transparent; color:#c9d2e3; border:1px solid #475467; border-radius:6px; padding:3px 9px;
                font-size:12px; cursor:pointer; }
main { max-width:1240px; margin:0 auto; padding:22px 28px 40px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:16px 18px; margin-bottom:18px;
        box-shadow:0 1px 2px rgba(16,24,40,.04); }
.card h2 { font-size:15px; margin:0 0 12px; font-weight:650; }
.card h2 small { color:var(--muted); font-weight:400; margin-left:6px; }
#key-card form { display:flex; gap:10px; align-items:center; flex-wrap:wrap; }
#key-card input { font:inherit; padding:8px 10px; border:1px solid #cfd4dc; border-radius:7px; width:340px; }
#key-card button { font:inherit; padding:8px 14px; border-radius:7px; border:0; background:var(--accent); color:#fff; cursor:pointer; }
#key-card p { margin:0 0 10px; color:var(--muted); }
.notice { padding:9px 12px; border-radius:7px; margin-bottom:14px; }
.notice.error { background:var(--badbg); color:var(--bad); }
.tiles { display:grid; grid-template-columns:repeat(6, 1fr); gap:12px; margin-bottom:18px; }
.tile { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:12px 14px; }
.tile .label { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.4px; }
.tile .value { font-size:22px; font-weight:650; margin-top:2px; font-variant-numeric:tabular-nums; }
table { width:100%; border-collapse:collapse; }
th { text-align:left; font-size:12px; color:var(--muted); font-weight:600; text-transform:uppercase; letter-spacing:.3px;
     padding:6px 10px; border-bottom:1px solid var(--line); white-space:nowrap; }
td { padding:8px 10px; border-bottom:1px solid var(--line); vertical-align:middle; }
tr:last-child td { border-bottom:0; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
td .sub { color:var(--muted); font-size:12px; }
td.nowrap { white-space:nowrap; }
.badge { display:inline-block; padding:2px 9px; border-radius:999px; font-size:12px; font-weight:600; letter-spacing:.2px; }
.s-COMPLETED { background:var(--okbg); color:var(--ok); }
.s-FAILED, .s-ABANDONED { background:var(--badbg); color:var(--bad); }
.s-STARTED, .s-STARTING, .s-STOPPING { background:var(--runbg); color:var(--run); }
.s-STOPPED { background:var(--warnbg); color:var(--warn); }
.skips { color:var(--warn); font-weight:600; }
svg.throughput-chart { display:block; }
.failure { border-left:3px solid var(--bad); padding:4px 0 4px 12px; margin:0 0 14px; }
.failure:last-child { margin-bottom:0; }
.failure .title { font-weight:600; }
.failure .msg { color:var(--bad); margin-top:2px; word-break:break-word; }
.failure details { margin-top:6px; color:var(--muted); }
.failure pre, .skip pre { white-space:pre-wrap; word-break:break-word; background:#f8f9fb; border:1px solid var(--line);
                         border-radius:6px; padding:8px 10px; margin:6px 0 0; font-size:12px; }
.skip { border-left:3px solid var(--warn); padding:4px 0 4px 12px; margin:0 0 12px; }
.skip .reason { color:var(--warn); }
.empty { color:var(--muted); }
@media (max-width: 900px) { .tiles { grid-template-columns:repeat(3, 1fr); } }
</style>
</head>
<body>
<header>
  <h1>Ferry <span>dashboard</span></h1>
  <div class="meta"><span id="refreshed">not loaded yet</span><button id="forget" type="button" hidden>Forget API key</button></div>
</header>
<main>
  <section class="card" id="key-card" hidden>
    <h2>API key</h2>
    <p>Paste the key (<code>make run</code> prints it; it is in <code>.ferry/api-key</code>). It is kept in this browser only and sent in the <code>X-API-Key</code> header, never in a URL.</p>
    <form id="key-form" method="post" action="about:blank" autocomplete="off">
      <input id="key-input" type="password" placeholder="X-API-Key" aria-label="API key" required>
      <button type="submit">Save and load</button>
    </form>
  </section>
  <div id="notice"></div>
  <div id="panels"></div>
</main>
<script>
"use strict";
const KEY = "ferry.apiKey";
const REFRESH_MS = 3000;
const fmtInt = new Intl.NumberFormat("en-US");
const esc = (v) => String(v ?? "").replace(/[&<>"']/g, (c) => ({"&":"&amp;","<":"&lt;",">":"&gt;","\"":"&quot;","'":"&#39;"})[c]);
const num = (n) => (n === undefined || n === null) ? "–" : fmtInt.format(Math.round(n));
const rate = (r) => (r === undefined || r === null) ? "–" : (r >= 10000 ? (r / 1000).toFixed(r >= 100000 ? 0 : 1) + "k" : fmtInt.format(Math.round(r)));
const ms = (t) => t ? Date.parse(t) : NaN;
function duration(m) {
  if (!m) return "–";
  if (m < 1000) return m + " ms";
  const s = m / 1000;
  if (s < 60) return s.toFixed(s < 10 ? 2 : 1) + " s";
  const h = Math.floor(s / 3600), mi = Math.floor(s / 60) % 60, se = Math.floor(s) % 60;
  return (h ? h + "h " : "") + mi + "m " + String(se).padStart(2, "0") + "s";
}
function when(t) {
  if (!t) return "–";
  const d = new Date(t);
  return d.toLocaleDateString(undefined, {month: "short", day: "numeric"}) + " " + d.toLocaleTimeString(undefined, {hour12: false});
}
const badge = (s) => `<span class="badge s-${esc(s)}">${esc(s)}</span>`;

async function api(path) {
  const res = await fetch(path, {headers: {"X-API-Key": localStorage.getItem(KEY) || "", "Accept": "application/json"}});
  let body = null;
  try { body = await res.json(); } catch (_) {}
  if (!res.ok) { const e = new Error((body && body.message) || ("HTTP " + res.status)); e.status = res.status; throw e; }
  return body;
}

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

const failed = (j) => j.status === "FAILED" || j.status === "ABANDONED" || j.status === "STOPPED";

function tilesPanel(jobs) {
  const count = (f) => jobs.filter(f).length;
  const tiles = [["Runs", jobs.length], ["Completed", count((j) => j.status === "COMPLETED")],
    ["Failed or stopped", count(failed)], ["Running", count((j) => ["STARTING", "STARTED", "STOPPING"].includes(j.status))],
    ["Rows written", num(jobs.reduce((s, j) => s + j.writeCount, 0))], ["Rows skipped", num(jobs.reduce((s, j) => s + j.writeSkipCount, 0))]];
  return `<div class="tiles" id="tiles">${tiles.map(([l, v]) => `<div class="tile"><div class="label">${l}</div><div class="value">${v}</div></div>`).join("")}</div>`;
}

function runsPanel(jobs) {
  if (!jobs.length) return `<section class="card" id="runs"><h2>Runs</h2><p class="empty">No runs yet: launch one with <code>ferry run &lt;bundle&gt; --wait</code>.</p></section>`;
  const rows = jobs.map((j) => `<tr class="run" data-job="${j.jobExecutionId}" data-status="${esc(j.status)}">
      <td class="nowrap"><b>#${j.jobExecutionId}</b><div class="sub">run ${j.runNumber}${j.rerunNumber ? " · rerun " + j.rerunNumber : ""}</div></td>
      <td>${esc(j.bundleName)}<div class="sub">${j.steps.length} step${j.steps.length === 1 ? "" : "s"}</div></td>
      <td>${badge(j.status)}</td>
      <td class="nowrap">${esc(when(j.startTime || j.createTime))}</td>
      <td class="num">${esc(duration(j.elapsedMillis))}</td>
      <td class="num">${num(j.writeCount)}</td>
      <td class="num">${rate(j.rowsPerSecond)}</td>
      <td class="num">${j.writeSkipCount ? `<span class="skips">${num(j.writeSkipCount)}</span>` : "0"}</td>
      <td>${throughputChart(j)}</td></tr>`).join("");
  return `<section class="card" id="runs"><h2>Runs <small>newest first</small></h2><table>
    <thead><tr><th>Run</th><th>Bundle</th><th>Status</th><th>Started</th><th class="num">Duration</th><th class="num">Rows</th>
    <th class="num">Rows/s</th><th class="num">Skips</th><th>Throughput</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function failuresPanel(jobs) {
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

function skipsPanel(jobs, skips) {
  const list = jobs.filter((j) => j.writeSkipCount > 0);
  const items = list.map((j) => {
    const rows = (skips[j.jobExecutionId] || []).map((r) => `<div class="sub">${esc(r.stepName || "")} key ${esc((r.key || []).join(", "))}${r.sqlState ? " · SQLSTATE " + esc(r.sqlState) : ""}: <span class="reason">${esc(r.reason)}</span></div>`).join("");
    return `<div class="skip" data-job="${j.jobExecutionId}"><div class="title"><b>#${j.jobExecutionId} ${esc(j.jobName)}</b> — ${num(j.writeSkipCount)} row${j.writeSkipCount === 1 ? "" : "s"} skipped</div>${rows}</div>`;
  }).join("");
  return `<section class="card" id="skipped"><h2>Skipped rows <small>the target refused them; the source rows are kept</small></h2>${items || `<p class="empty">No skipped rows.</p>`}</section>`;
}

// Flows and manifests panels join this list when those features land.
const PANELS = [tilesPanel, runsPanel, failuresPanel, skipsPanel];

let timer = null;
async function refresh() {
  if (!localStorage.getItem(KEY)) { showKeyForm(); return; }
  try {
    const page = await api("/v1/batch/jobs/progress?size=25");
    const jobs = page.items;
    const skips = {};
    await Promise.all(jobs.filter((j) => j.writeSkipCount > 0).slice(0, 5).map(async (j) => {
      try { skips[j.jobExecutionId] = (await api(`/v1/batch/job/${j.jobExecutionId}/skips?size=3`)).items; } catch (_) {}
    }));
    document.getElementById("panels").innerHTML = PANELS.map((p) => p(jobs, skips)).join("");
    document.getElementById("notice").innerHTML = "";
    document.getElementById("refreshed").textContent = `${page.total} run${page.total === 1 ? "" : "s"} · updated ${new Date().toLocaleTimeString(undefined, {hour12: false})}`;
    document.getElementById("forget").hidden = false;
    document.getElementById("key-card").hidden = true;
  } catch (e) {
    if (e.status === 401) { localStorage.removeItem(KEY); showKeyForm("The API key was refused: paste the current one."); return; }
    document.getElementById("notice").innerHTML = `<div class="notice error">Could not load the runs: ${esc(e.message)}. Retrying…</div>`;
  }
  schedule();
}
function schedule() { clearTimeout(timer); timer = setTimeout(refresh, REFRESH_MS); }
function showKeyForm(message) {
  clearTimeout(timer);
  document.getElementById("key-card").hidden = false;
  document.getElementById("forget").hidden = true;
  document.getElementById("notice").innerHTML = message ? `<div class="notice error">${esc(message)}</div>` : "";
  document.getElementById("key-input").focus();
}
document.getElementById("key-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const key = document.getElementById("key-input").value.trim();
  if (!key) return;
  localStorage.setItem(KEY, key);
  document.getElementById("key-input").value = "";
  refresh();
});
document.getElementById("forget").addEventListener("click", () => { localStorage.removeItem(KEY); document.getElementById("panels").innerHTML = ""; showKeyForm(); });
document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });
refresh();
</script>
</body>
</html>
"""#
}
