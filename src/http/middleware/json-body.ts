// Reads a JSON request body once: the media type and charset are checked and the size limited
// before anything is parsed; the bytes must be UTF-8. The raw text is kept on the context for the
// idempotency fingerprint.
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ProblemError } from '../../errors.ts';
import type { AppEnv } from '../app-env.ts';
import { readBodyText } from './read-body.ts';

/** Operator commands (search, retry, cancel, reveal, replays) carry a filter and a reason at most. */
export const COMMAND_BODY_LIMIT = 16 * 1024;
/** Ten times the nesting of an event of the contract (3 levels): a bound so no walk over a body can overflow the stack. */
export const MAX_JSON_DEPTH = 32;

const unsupported = (code: string, uk: string, en: string) => new ProblemError({ status: 415, code, message: { uk, en } });

/** `application/json`, with no charset or `utf-8` (RFC 8259: JSON between systems is UTF-8). */
function checkJsonMediaType(header: string | undefined): void {
  const [type, ...params] = (header ?? '').split(';');
  if (type?.trim().toLowerCase() !== 'application/json') {
    throw unsupported(
      'UNSUPPORTED_MEDIA_TYPE',
      'Тіло запиту має бути JSON із заголовком Content-Type: application/json.',
      'The request body must be JSON sent with Content-Type: application/json.',
    );
  }
  for (const param of params) {
    const [name, value = ''] = param.split('=');
    if (name?.trim().toLowerCase() !== 'charset') continue;
    const charset = value.trim().replace(/^"(.*)"$/, '$1').toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8') {
      throw unsupported(
        'UNSUPPORTED_CHARSET',
        'Шлюз приймає JSON лише в кодуванні UTF-8: Content-Type: application/json або application/json; charset=utf-8.',
        'The gateway accepts JSON in UTF-8 only: Content-Type: application/json or application/json; charset=utf-8.',
      );
    }
  }
}

export const rawJsonBody = (limitBytes: number) =>
  createMiddleware<AppEnv>(async (c, next) => {
    checkJsonMediaType(c.req.header('content-type'));
    c.set('rawBody', await readBodyText(c, limitBytes));
    await next();
  });

/** The optional JSON body of an operator command, read after authentication under a small limit. */
export async function commandBody(c: Context): Promise<string> {
  const text = await readBodyText(c, COMMAND_BODY_LIMIT);
  if (text !== '' || c.req.header('content-type') !== undefined) checkJsonMediaType(c.req.header('content-type'));
  return text;
}

const notJson = (uk: string, en: string) => new ProblemError({ status: 400, code: 'BODY_NOT_JSON', pointer: '', message: { uk, en } });

/** JSON.parse with a nesting bound; the error names the position, never the text (it can be personal data). */
export function parseJson(text: string): unknown {
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new ProblemError({
      status: 400,
      code: 'JSON_TOO_DEEP',
      pointer: '',
      message: { uk: `Тіло запиту вкладене глибше за ${MAX_JSON_DEPTH} рівнів.`, en: `The request body is nested deeper than ${MAX_JSON_DEPTH} levels.` },
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const at = /position (\d+)/.exec(err instanceof Error ? err.message : '')?.[1];
    if (at === undefined) throw notJson('Тіло запиту не є коректним JSON.', 'The request body is not valid JSON.');
    throw notJson(`Тіло запиту не є коректним JSON (помилка в позиції ${at}).`, `The request body is not valid JSON (error at position ${at}).`);
  }
}

/** The deepest nesting of arrays and objects, counted without parsing (brackets inside strings do not count). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) max = Math.max(max, ++depth);
    else if (ch === 0x7d || ch === 0x5d) depth--;
  }
  return max;
}
