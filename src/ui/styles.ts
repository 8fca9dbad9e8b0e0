// The console's only stylesheet, inlined into every page: no external assets, nothing to build.
export const STYLES = `
:root { --ink:#1d2733; --muted:#5b6776; --line:#d9dee5; --bg:#f5f7fa; --card:#fff; --accent:#0b5cad;
  --ok:#1f7a3d; --warn:#a15c00; --bad:#b3261e; --wait:#4a5a6e; --block:#6b3fa0; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui, "Segoe UI", Roboto, "Noto Sans", sans-serif; color:var(--ink); background:var(--bg); }
a { color:var(--accent); }
header.top { display:flex; align-items:center; gap:24px; padding:10px 24px; background:#12304f; color:#fff; flex-wrap:wrap; }
header.top .brand { font-weight:600; }
header.top nav { display:flex; gap:16px; flex:1; }
header.top nav a { color:#dce9f7; text-decoration:none; padding:4px 0; border-bottom:2px solid transparent; }
header.top nav a.current { color:#fff; border-bottom-color:#fff; }
header.top .who { font-size:13px; color:#dce9f7; display:flex; gap:12px; align-items:center; }
header.top .who button { background:transparent; color:#fff; border:1px solid #8fb3d9; padding:2px 10px; }
main { max-width:1180px; margin:0 auto; padding:20px 24px 48px; }
h1 { font-size:22px; margin:4px 0 16px; display:flex; gap:12px; align-items:center; flex-wrap:wrap; }
h1 .mono { font-size:inherit; }
h2 { font-size:17px; margin:0 0 12px; }
section.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:16px 18px; margin-bottom:16px; }
.grid { display:grid; gap:16px; grid-template-columns:repeat(auto-fit, minmax(260px, 1fr)); }
.tiles { display:grid; gap:10px; grid-template-columns:repeat(auto-fit, minmax(130px, 1fr)); margin-bottom:16px; }
.tile { display:block; background:var(--card); border:1px solid var(--line); border-radius:8px; padding:10px 14px; text-decoration:none; color:var(--ink); }
.tile .n { font-size:26px; font-weight:600; display:block; }
.tile:hover { border-color:var(--accent); }
table { width:100%; border-collapse:collapse; font-size:14px; }
th, td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { color:var(--muted); font-weight:600; font-size:13px; }
td a.mono { white-space:nowrap; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
code, .mono { font-family:ui-monospace, "DejaVu Sans Mono", monospace; font-size:13px; }
dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:4px 16px; margin:0; }
dl.facts dt { color:var(--muted); }
dl.facts dd { margin:0; }
.badge { display:inline-block; padding:1px 10px; border-radius:999px; font-size:13px; font-weight:600; color:#fff; background:var(--wait); white-space:nowrap; }
.badge.delivered, .badge.registered { background:var(--ok); } .badge.rejected, .badge.failed, .badge.refused { background:var(--bad); }
.badge.retrying { background:var(--warn); } .badge.blocked { background:var(--block); } .badge.cancelled { background:#7a828c; }
.badge.closed { background:var(--ok); } .badge.open { background:var(--bad); } .badge.half_open { background:var(--warn); }
.badge.sandbox { background:#6a4fb0; }
.badge.running { background:var(--warn); } .badge.done { background:var(--ok); }
.notice { padding:10px 14px; border-radius:6px; margin-bottom:16px; border:1px solid; }
.notice.info { background:#eaf3fc; border-color:#b6d3f0; } .notice.ok { background:#e8f5ec; border-color:#a9d8b8; }
.notice.warn { background:#fff4e0; border-color:#f0cf95; } .notice.bad { background:#fdecea; border-color:#f1b0aa; }
form.filters { display:flex; flex-wrap:wrap; gap:10px 14px; align-items:flex-end; }
form.filters label, form.action label { display:flex; flex-direction:column; font-size:13px; color:var(--muted); gap:2px; }
input, select, textarea, button { font:inherit; }
input, select, textarea { padding:5px 8px; border:1px solid #b9c2cd; border-radius:5px; background:#fff; color:var(--ink); }
textarea { width:100%; min-height:54px; }
button { padding:6px 14px; border-radius:5px; border:1px solid var(--accent); background:var(--accent); color:#fff; cursor:pointer; }
button.secondary { background:#fff; color:var(--accent); }
button.danger { background:var(--bad); border-color:var(--bad); }
form.action { display:flex; flex-direction:column; gap:8px; }
.actions { display:grid; gap:16px; grid-template-columns:repeat(auto-fit, minmax(280px, 1fr)); }
.muted { color:var(--muted); } .small { font-size:13px; }
ol.timeline { list-style:none; margin:0; padding:0; border-left:3px solid var(--line); }
ol.timeline li { position:relative; margin:0 0 14px 0; padding-left:18px; }
ol.timeline li::before { content:""; position:absolute; left:-8px; top:6px; width:13px; height:13px; border-radius:50%; background:var(--wait); border:2px solid #fff; }
ol.timeline li.delivered::before { background:var(--ok); } ol.timeline li.rejected::before { background:var(--bad); } ol.timeline li.retryable::before { background:var(--warn); }
pre.xml { background:#0f1b29; color:#d6e2ef; padding:12px; border-radius:6px; overflow:auto; max-height:460px; font-size:12px; white-space:pre-wrap; word-break:break-all; }
details summary { cursor:pointer; color:var(--accent); }
.chart text { font-size:11px; fill:var(--muted); }
.legend { display:flex; gap:16px; font-size:13px; color:var(--muted); }
.legend i { display:inline-block; width:11px; height:11px; border-radius:2px; margin-right:5px; vertical-align:-1px; }
.pager { display:flex; justify-content:space-between; align-items:center; margin-top:12px; }
.progress { height:10px; background:var(--line); border-radius:5px; overflow:hidden; min-width:120px; }
.progress span { display:block; height:100%; background:var(--accent); }
.login { max-width:460px; margin:10vh auto; }
`;
