/// The dashboard's CSS (inline: the page loads nothing from elsewhere).
extension DashboardPage {
    static let style = #"""
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
.s-enabled { background:var(--okbg); color:var(--ok); }
.s-disabled { background:var(--idlebg); color:var(--idle); }
.flow-run { cursor:help; }
.watermark b { font-weight:600; color:var(--ink); font-variant-numeric:tabular-nums; }
.s-valid { background:var(--okbg); color:var(--ok); }
.s-invalid, .s-error { background:var(--badbg); color:var(--bad); }
.s-checking { background:var(--runbg); color:var(--run); }
code.hash { font-size:12px; color:var(--muted); }
button.verify-manifest { font:inherit; font-size:12px; padding:2px 9px; border-radius:6px; border:1px solid #cfd4dc;
                         background:#fff; color:var(--ink); cursor:pointer; margin-left:4px; }
button.verify-manifest:disabled { color:var(--muted); cursor:default; }
.verify-text { word-break:break-word; }
.check .differs { color:var(--bad); font-weight:600; }
.check .skipped-hint { color:var(--muted); }

"""#
}
