/// The manifests panel: the manifests export runs wrote, with their verify state.
extension DashboardPage {
    static let manifestsPanelScript = #"""
// Manifests of export runs (bundles with manifestOption): batch code, run, rerun, files, records, the SHA-256. The
// deep verify re-reads every file, so it never runs inside a refresh: once per page load for the newest manifest
// of each batch code, and on demand with the row's button. Its result is kept here across refreshes.
const VERIFY = {};
const manifestKey = (m) => `${m.batchCode}/${m.batchRunNumber}/${m.batchRerunNumber}`;

async function loadManifests(data) {
  const bundles = await api("/v1/data/bundles");
  const codes = [...new Set(bundles.filter((b) => b.manifestOption).map((b) => b.batchCode || b.bundleName))];
  const lists = await Promise.all(codes.slice(0, 20).map(async (code) => {
    try { return (await api(`/v1/manifests?batchCode=${encodeURIComponent(code)}`)).manifests.map((m) => ({...m, batchCode: code})); }
    catch (e) { if (e.status === 401) throw e; return []; }   // 404: the code has no manifest yet
  }));
  data.manifests = lists.flat().sort((a, b) => b.jobExecutionId - a.jobExecutionId);
  const newest = {};
  for (const m of data.manifests) newest[m.batchCode] = newest[m.batchCode] || m;
  setTimeout(() => Object.values(newest).forEach((m) => { if (!VERIFY[manifestKey(m)]) verifyManifest(m.batchCode, m.batchRunNumber, m.batchRerunNumber); }), 0);
}

async function verifyManifest(code, run, rerun) {
  const k = `${code}/${run}/${rerun}`;
  VERIFY[k] = {state: "checking", text: "re-reading the files…"};
  paintVerify(k);
  try {
    const v = await api(`/v1/manifests/${encodeURIComponent(code)}/${run}/${rerun}/verify?deep=true`);
    const bad = [v.manifest, ...v.files].filter((f) => f.status !== "ok");
    VERIFY[k] = v.valid ? {state: "valid", text: `${v.files.length} file${v.files.length === 1 ? "" : "s"} as written`}
      : {state: "invalid", text: bad.map((f) => `${f.fileName} ${f.status}`).join(", ")};
  } catch (e) {
    VERIFY[k] = {state: "error", text: e.message};
  }
  VERIFY[k].at = Date.now();
  paintVerify(k);
}

function verifyInner(k) {
  const v = VERIFY[k];
  const [code, run, rerun] = k.split("/");   // a batch code never holds a '/'
  const button = `<button type="button" class="verify-manifest" data-code="${esc(code)}" data-run="${esc(run)}" data-rerun="${esc(rerun)}"${v && v.state === "checking" ? " disabled" : ""}>${v ? "Verify again" : "Verify"}</button>`;
  if (!v) return `<span class="sub">not verified</span> ${button}`;
  return `<span class="badge s-${v.state}">${v.state}</span> ${button}<div class="sub verify-text">${esc(v.text)}${v.at ? " · " + esc(when(v.at)) : ""}</div>`;
}
function paintVerify(k) {
  const cell = document.querySelector(`td.verify[data-manifest="${CSS.escape(k)}"]`);
  if (cell) { cell.dataset.verify = VERIFY[k].state; cell.innerHTML = verifyInner(k); }
}
document.addEventListener("click", (ev) => {
  const b = ev.target.closest("button.verify-manifest");
  if (b) verifyManifest(b.dataset.code, b.dataset.run, b.dataset.rerun);
});

function manifestsPanel({manifests}) {
  if (!manifests) return "";
  if (!manifests.length) return `<section class="card" id="manifests"><h2>Manifests</h2><p class="empty">No manifests yet: an export bundle writes one per completed run (<code>ferry bundle create … --target FILES --manifest</code>).</p></section>`;
  const rows = manifests.slice(0, 25).map((m) => {
    const k = manifestKey(m);
    return `<tr class="manifest" data-manifest="${esc(k)}">
      <td><b>${esc(m.manifestFileName)}</b><div class="sub">${esc(m.batchCode)} · run ${m.batchRunNumber} · rerun ${m.batchRerunNumber}${m.previousManifestFileName ? " · after " + esc(m.previousManifestFileName) : ""}</div></td>
      <td class="nowrap">#${m.jobExecutionId}</td>
      <td class="num">${num(m.totalFiles)}</td>
      <td class="num">${num(m.recordsProcessed)}</td>
      <td class="nowrap">${esc(when(m.timeStamp))}</td>
      <td><code class="hash" title="${esc(m.hashAlgorithm)} ${esc(m.hashValue)}">${esc(m.hashValue.slice(0, 12))}…</code></td>
      <td class="verify" data-manifest="${esc(k)}" data-verify="${esc((VERIFY[k] || {state: "none"}).state)}">${verifyInner(k)}</td></tr>`;
  }).join("");
  return `<section class="card" id="manifests"><h2>Manifests <small>${manifests.length} · export runs' files with their SHA-256</small></h2><table>
    <thead><tr><th>Manifest</th><th>Job</th><th class="num">Files</th><th class="num">Records</th><th>Written</th><th>SHA-256</th><th>Verify</th></tr></thead>
    <tbody>${rows}</tbody></table></section>`;
}

"""#
}
