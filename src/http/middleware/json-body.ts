// Reads a JSON request body once: the media type is checked and the size limited before anything
// is parsed. The raw text is kept on the context for the idempotency fingerprint.
import { createMiddleware } from 'hono/factory';
import { ProblemError } from '../../errors.ts';
import type { AppEnv } from '../app-env.ts';

const tooLarge = (limit: number) =>
  new ProblemError({
    status: 413,
    code: 'BODY_TOO_LARGE',
    message: { uk: `Тіло запиту більше за ${limit} байт.`, en: `The request body is larger than ${limit} bytes.` },
  });

export const rawJsonBody = (limitBytes: number) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      throw new ProblemError({
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: {
          uk: 'Тіло запиту має бути JSON із заголовком Content-Type: application/json.',
          en: 'The request body must be JSON sent with Content-Type: application/json.',
        },
      });
    }
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > limitBytes) throw tooLarge(limitBytes);
    const reader = c.req.raw.body?.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limitBytes) {
        await reader.cancel();
        throw tooLarge(limitBytes);
      }
      chunks.push(value);
    }
    const bytes = Buffer.concat(chunks);
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    c.set('rawBody', text);
    await next();
  });

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ProblemError({
      status: 400,
      code: 'BODY_NOT_JSON',
      pointer: '',
      message: {
        uk: `Тіло запиту не є коректним JSON (${err instanceof Error ? err.message : 'помилка розбору'}).`,
        en: `The request body is not valid JSON (${err instanceof Error ? err.message : 'parse error'}).`,
      },
    });
  }
}
