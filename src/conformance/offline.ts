// --events DIR: a vendor's exported events checked without a gateway, by the gateway's own
// validation (src/ingest/validate-event.ts): each file accepted (with its warnings) or refused with
// its code and pointer.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ProblemError } from '../errors.ts';
import { parseJson } from '../http/middleware/json-body.ts';
import { validateEvent } from '../ingest/validate-event.ts';
import { readTextOrBytes } from './contract-events.ts';
import type { Result } from './scenario.ts';

export function checkEventFiles(dir: string, options: { feeMismatch: 'warn' | 'reject'; now?: Date }): Result[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return files.map((file) => {
    const started = performance.now();
    const content = readTextOrBytes(path.join(dir, file));
    const text = typeof content === 'string' ? content : '';
    const result = (passed: boolean, why: string, answer: unknown): Result => ({
      group: `events in ${dir}`,
      name: file,
      passed,
      why,
      // The file's content stays out of the report: a vendor's exports hold real people's data.
      exchanges: [{ request: { method: 'CHECK', url: file, headers: {}, body: `(${typeof content === 'string' ? `${text.length} characters` : `${content.length} bytes`}, not copied into the report)` }, answer: { status: passed ? 202 : 422, headers: {}, body: JSON.stringify(answer, null, 2) } }],
      atMock: [],
      durationMs: Math.round(performance.now() - started),
    });
    // As the gateway's door does: a body that is not UTF-8 is refused before it is parsed.
    if (typeof content !== 'string') return result(false, 'refused: BODY_NOT_UTF8 at (the body): the file is not UTF-8', { code: 'BODY_NOT_UTF8', pointer: '' });
    let body: unknown;
    try {
      // The gateway's own parser: the same nesting bound and the same BODY_NOT_JSON.
      body = parseJson(text);
    } catch (err) {
      if (!(err instanceof ProblemError)) throw err;
      return result(false, `refused: ${err.code} at ${err.pointer || '(the body)'}: ${err.messages.en}`, { code: err.code, pointer: err.pointer ?? '' });
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
