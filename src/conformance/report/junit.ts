// JUnit XML, the report every CI reads: one testsuite per group, one testcase per scenario.
import type { Result } from '../scenario.ts';

// XML 1.0 cannot carry most control characters, even escaped: they are dropped.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;
const escape = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string).replace(NOT_XML, '');
const seconds = (ms: number) => (ms / 1000).toFixed(3);

export function junitXml(results: Result[], name = 'rtg-gateway conformance'): string {
  const groups = new Map<string, Result[]>();
  for (const r of results) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
  const failed = results.filter((r) => !r.passed).length;
  const skipped = results.filter((r) => r.skipped).length;
  const total = results.reduce((s, r) => s + r.durationMs, 0);
  const suites = [...groups.entries()].map(([group, rs]) => {
    const cases = rs.map((r) => {
      const detail = r.exchanges.map((e) => `${e.request.method} ${e.request.url}\n${'error' in e.answer ? e.answer.error : `${e.answer.status}\n${e.answer.body}`}`).join('\n\n');
      const out = `<system-out>${escape([r.why, ...(r.notes ?? [])].join('\n'))}</system-out>`;
      const body = r.skipped ? `<skipped message="${escape(r.why)}"/>` : r.passed ? out : `<failure message="${escape(r.why)}">${escape(detail)}</failure>`;
      return `    <testcase classname="${escape(group)}" name="${escape(r.name)}" time="${seconds(r.durationMs)}">${body}</testcase>`;
    });
    const suiteFailed = rs.filter((r) => !r.passed).length;
    const suiteSkipped = rs.filter((r) => r.skipped).length;
    return `  <testsuite name="${escape(group)}" tests="${rs.length}" failures="${suiteFailed}" errors="0" skipped="${suiteSkipped}" time="${seconds(rs.reduce((s, r) => s + r.durationMs, 0))}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${escape(name)}" tests="${results.length}" failures="${failed}" errors="0" skipped="${skipped}" time="${seconds(total)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
