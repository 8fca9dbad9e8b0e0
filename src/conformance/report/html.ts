// One self-contained HTML page (inline CSS, no script, nothing fetched): each scenario with the
// requests, the answers, the message as the mock DMS received it, and why it passed or failed.
import type { Exchange, Result } from '../scenario.ts';
import { summaryLine } from './summary.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
const LIMIT = 20_000;
const cut = (s: string) => (s.length > LIMIT ? `${s.slice(0, LIMIT)}\n… (${s.length - LIMIT} more characters)` : s);

function pretty(body: string | null): string {
  if (body === null) return '';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function exchange(e: Exchange): string {
  const headers = (h: Record<string, string>) => Object.entries(h).map(([k, v]) => `${k}: ${v}`).join('\n');
  const answer = 'error' in e.answer ? `no answer: ${e.answer.error}` : `${e.answer.status}\n${headers(e.answer.headers)}\n\n${pretty(e.answer.body)}`;
  return `<div class="x"><h4>Request</h4><pre>${esc(cut(`${e.request.method} ${e.request.url}\n${headers(e.request.headers)}\n\n${pretty(e.request.body)}`))}</pre><h4>Answer</h4><pre>${esc(cut(answer))}</pre></div>`;
}

function scenario(r: Result): string {
  const mock = r.atMock.length ? `<h4>At the mock DMS</h4>${r.atMock.map((m) => `<pre>${esc(cut(m))}</pre>`).join('')}` : '';
  const notes = r.notes?.length ? `<ul class="notes">${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
  const [cls, label, verdict] = r.skipped ? ['skip', 'SKIP', 'Skipped'] : r.passed ? ['pass', 'PASS', 'Passed'] : ['fail', 'FAIL', 'Failed'];
  return `<details class="${cls}"${r.passed ? '' : ' open'}><summary><b>${label}</b> ${esc(r.name)} <span>${esc(r.why)}</span></summary><p class="why">${verdict}: ${esc(r.why)} (${r.durationMs} ms)</p>${notes}${r.exchanges.map(exchange).join('')}${mock}</details>`;
}

export interface ReportMeta {
  title: string;
  target: string;
  startedAt: Date;
  /** Sandbox (a test key) or live, said in the header; absent for offline checks. */
  mode?: string;
  /** Lines for the header (e.g. the 429s the kit waited out). */
  notes?: string[];
}

export function htmlReport(results: Result[], meta: ReportMeta): string {
  const groups = [...new Set(results.map((r) => r.group))];
  const failed = results.some((r) => !r.passed);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(meta.title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#1d2733;padding:0 16px}
h1{font-size:20px}.total{font-size:16px;font-weight:600;padding:8px 12px;border-radius:6px;display:inline-block}
.total.ok{background:#e3f4e8;color:#1f7a3d}.total.bad{background:#fbe4e2;color:#b3261e}
details{border:1px solid #d9dee5;border-radius:6px;margin:6px 0;padding:4px 10px;background:#fff}
details.fail{border-color:#b3261e}summary{cursor:pointer}summary b{display:inline-block;width:3.2em}
details.pass summary b{color:#1f7a3d}details.fail summary b{color:#b3261e}details.skip summary b{color:#8a6d00}.mode{font-weight:600}summary span{color:#5b6776;margin-left:8px}
pre{background:#f5f7fa;padding:8px;overflow:auto;white-space:pre-wrap;word-break:break-all;font-size:12px;max-height:420px}
h4{margin:8px 0 2px;font-size:13px}.why{font-weight:600}
</style></head><body>
<h1>${esc(meta.title)}</h1>
<p>${esc(meta.target)} · ${esc(meta.startedAt.toISOString())}</p>
${meta.mode ? `<p class="mode">Mode: ${esc(meta.mode)}</p>` : ''}
${(meta.notes ?? []).map((n) => `<p class="note">${esc(n)}</p>`).join('\n')}
<p class="total ${failed ? 'bad' : 'ok'}">${esc(summaryLine(results))}</p>
${groups.map((g) => `<h2>${esc(g)}</h2>\n${results.filter((r) => r.group === g).map(scenario).join('\n')}`).join('\n')}
</body></html>
`;
}
