/// The dashboard's refresh loop: the panels and their loaders, the key form.
extension DashboardPage {
    static let mainScript = #"""
// Each panel renders from `data`; loaders fill it after the runs (a loader that fails leaves its part empty, so one
// missing feature never blanks the page).
const PANELS = [tilesPanel, runsPanel, flowsPanel, manifestsPanel, failuresPanel, skipsPanel];
const LOADERS = [loadSkips, loadFlows, loadManifests, loadChecks, loadSamples];

async function loadSkips(data) {
  data.skips = {};
  await Promise.all(data.jobs.filter((j) => j.writeSkipCount > 0).slice(0, 5).map(async (j) => {
    try { data.skips[j.jobExecutionId] = (await api(`/v1/batch/job/${j.jobExecutionId}/skips?size=3`)).items; } catch (_) {}
  }));
}

let timer = null;
async function refresh() {
  if (!localStorage.getItem(KEY)) { showKeyForm(); return; }
  try {
    const page = await api("/v1/batch/jobs/progress?size=25");
    const data = {jobs: page.items};
    await Promise.all(LOADERS.map((load) => load(data).catch((e) => { if (e.status === 401) throw e; })));
    document.getElementById("panels").innerHTML = PANELS.map((p) => p(data)).join("");
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

"""#
}
