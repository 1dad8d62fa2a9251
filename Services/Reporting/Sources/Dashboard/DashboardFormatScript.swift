/// The dashboard script's start: the key's storage name, number and time formatting, and the API call with the key.
extension DashboardPage {
    static let formatScript = #"""
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
  const year = d.getFullYear() === new Date().getFullYear() ? {} : {year: "numeric"};  // a tick years ahead says so
  return d.toLocaleDateString(undefined, {month: "short", day: "numeric", ...year}) + " " + d.toLocaleTimeString(undefined, {hour12: false});
}
const badge = (s) => `<span class="badge s-${esc(s)}">${esc(s)}</span>`;

async function api(path) {
  const res = await fetch(path, {headers: {"X-API-Key": localStorage.getItem(KEY) || "", "Accept": "application/json"}});
  let body = null;
  try { body = await res.json(); } catch (_) {}
  if (!res.ok) { const e = new Error((body && body.message) || ("HTTP " + res.status)); e.status = res.status; throw e; }
  return body;
}

"""#
}
