/// The `/dashboard` page: one self-contained HTML document (inline CSS and script, nothing from a CDN).
///
/// The page itself carries no data and needs no key: its script asks for the API key once (a form field), keeps it
/// in the browser's localStorage and calls the `/v1` JSON API with the `X-API-Key` header — the key never travels
/// in a URL. It redraws every few seconds. Panels are a list in the script (`PANELS`), each drawn from what the
/// loaders fetched (`LOADERS`); the style, the formatting, the chart and the panels live in files of their own.
enum DashboardPage {
    static let html = """
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Ferry · Dashboard</title>
<style>
\(style)</style>
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
\(formatScript)\(chartScript)\(runPanelsScript)\(flowsPanelScript)\(manifestsPanelScript)\(mainScript)</script>
</body>
</html>
"""
}
