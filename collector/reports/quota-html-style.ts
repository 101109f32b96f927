/** Inline stylesheet of the quota report page (screen and print; no web font, no external resource). */
export const QUOTA_HTML_STYLE = `
:root { color-scheme: light; --accent: #1f4e79; --hard: #fde2e1; --soft: #fff1d6; --line: #d9dee5; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, "Segoe UI", "DejaVu Sans", Arial, sans-serif; color: #1b1f24; background: #f6f7f9; }
header { background: var(--accent); color: #fff; padding: 20px 28px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 2px 0; }
header .scope { font-size: 16px; font-weight: 600; }
header .meta { opacity: .85; }
main { padding: 16px 28px 8px; }
section { margin-bottom: 26px; }
h2 { font-size: 17px; color: var(--accent); border-bottom: 2px solid var(--accent); padding-bottom: 4px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; min-width: 170px; }
.card .label { font-size: 12px; color: #56606b; }
.card .value { font-size: 20px; font-weight: 700; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #eef1f5; position: sticky; top: 0; }
td.num { text-align: right; white-space: nowrap; }
td.strong { font-weight: 700; }
td.path { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; word-break: break-all; }
tr.total td { font-weight: 700; background: #eef1f5; }
tr.over-hard td { background: var(--hard); }
tr.over-soft td { background: var(--soft); }
tr.over-hard td.status, tr.over-soft td.status { font-weight: 700; }
.bar { display: inline-block; width: 60px; height: 8px; background: #e6e9ee; border-radius: 4px; vertical-align: middle; overflow: hidden; }
.fill { display: block; height: 100%; }
.fill.normal { background: #3a7d44; } .fill.high { background: #d98e04; } .fill.full { background: #c0392b; }
.hint, .empty { color: #56606b; }
footer { padding: 4px 28px 20px; color: #56606b; font-size: 12px; }
@media print { body { background: #fff; } header { background: #fff; color: #000; border-bottom: 2px solid #000; } th { position: static; } }
`;
