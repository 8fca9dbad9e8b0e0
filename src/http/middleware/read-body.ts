// Request bodies are read as a stream under a limit: a declared Content-Length above it is refused
// before a byte is read, and an undeclared (chunked) body is cut off as soon as it passes it, so no
// body is ever held in memory beyond its limit. What a refused (or unauthenticated) request still
// sends is discarded by @hono/node-server for at most 500 ms or 64 MiB, then the connection is
// closed: a lingering close, so the client gets its 413 instead of a reset. The bytes must be UTF-8 (decoded fatally: a lost character is refused, not
// replaced by U+FFFD).
import type { Context } from 'hono';
import { ProblemError } from '../../errors.ts';

export const tooLarge = (limit: number) =>
  new ProblemError({
    status: 413,
    code: 'BODY_TOO_LARGE',
    message: { uk: `Тіло запиту більше за ${limit} байт.`, en: `The request body is larger than ${limit} bytes.` },
  });

const incomplete = () =>
  new ProblemError({
    status: 400,
    code: 'BODY_INCOMPLETE',
    message: { uk: 'Тіло запиту обірвалося: з’єднання закрито до його кінця.', en: 'The request body was cut short: the connection closed before its end.' },
  });

export async function readBodyBytes(c: Context, limitBytes: number): Promise<Uint8Array> {
  const declared = c.req.header('content-length');
  if (declared !== undefined && Number(declared) > limitBytes) throw tooLarge(limitBytes);
  // A declared length within the limit ends the body there (HTTP framing), so it is read whole:
  // @hono/node-server then takes it straight from the socket, without a web Request and its stream.
  if (declared !== undefined && DIGITS.test(declared) && c.req.header('transfer-encoding') === undefined) return readDeclared(c, limitBytes);
  const reader = c.req.raw.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: Awaited<ReturnType<typeof reader.read>>;
    try {
      chunk = await reader.read();
    } catch {
      throw incomplete(); // the client went away mid-body: its problem, not an error of ours
    }
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limitBytes);
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks);
}

const DIGITS = /^\d+$/;

async function readDeclared(c: Context, limitBytes: number): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await c.req.raw.arrayBuffer());
  } catch {
    throw incomplete(); // the client went away mid-body
  }
  if (bytes.byteLength > limitBytes) throw tooLarge(limitBytes);
  return bytes;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function readBodyText(c: Context, limitBytes: number): Promise<string> {
  const bytes = await readBodyBytes(c, limitBytes);
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ProblemError({
      status: 400,
      code: 'BODY_NOT_UTF8',
      pointer: '',
      message: {
        uk: 'Тіло запиту не є коректним UTF-8 (можливо, його надіслано в іншому кодуванні, наприклад Windows-1251).',
        en: 'The request body is not valid UTF-8 (it may have been sent in another encoding, such as Windows-1251).',
      },
    });
  }
}
