// --events DIR: a vendor's exported events checked without a gateway, by the gateway's own
// validation (src/ingest/validate-event.ts): each file accepted (with its warnings) or refused with
// its code and pointer.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateEvent } from '../ingest/validate-event.ts';
import type { Result } from './scenario.ts';

export function checkEventFiles(dir: string, options: { feeMismatch: 'warn' | 'reject'; now?: Date }): Result[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return files.map((file) => {
    const started = performance.now();
    const text = readFileSync(path.join(dir, file), 'utf8');
    const result = (passed: boolean, why: string, answer: unknown): Result => ({
      group: `events in ${dir}`,
      name: file,
      passed,
      why,
      // The file's content stays out of the report: a vendor's exports hold real people's data.
      exchanges: [{ request: { method: 'CHECK', url: file, headers: {}, body: `(${text.length} characters, not copied into the report)` }, answer: { status: passed ? 202 : 422, headers: {}, body: JSON.stringify(answer, null, 2) } }],
      atMock: [],
      durationMs: Math.round(performance.now() - started),
    });
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      return result(false, `refused: BODY_NOT_JSON at (the body): ${err instanceof Error ? err.message : 'parse error'}`, { code: 'BODY_NOT_JSON', pointer: '' });
    }
    const validated = validateEvent(body, { now: options.now ?? new Date(), feeMismatch: options.feeMismatch });
    if (validated.ok) {
      const warnings = validated.warnings.map((w) => `${w.code} at ${w.pointer}`);
      return result(true, `accepted${warnings.length ? ` with warnings: ${warnings.join(', ')}` : ''}`, { status: 'accepted', warnings: validated.warnings });
    }
    const [first, ...more] = validated.issues;
    const also = more.length ? ` (also ${more.map((i) => `${i.code} at ${i.pointer || '(the body)'}`).join(', ')})` : '';
    return result(false, `refused: ${first?.code} at ${first?.pointer || '(the body)'}: ${first?.message.en}${also}`, { code: first?.code, pointer: first?.pointer, errors: validated.issues });
  });
}
