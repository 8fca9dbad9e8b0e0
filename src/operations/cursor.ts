// Opaque page cursors: the position of the last item shown, base64url JSON.
import { ProblemError } from '../errors.ts';
import type { LogPosition } from '../store/delivery-log.ts';

export function encodeCursor(position: LogPosition): string {
  return Buffer.from(JSON.stringify([position.receivedAt, position.id])).toString('base64url');
}

const damaged = () =>
  new ProblemError({
    status: 400,
    code: 'CURSOR_INVALID',
    pointer: '/cursor',
    message: { uk: 'Курсор сторінки пошкоджено: візьміть його з попередньої відповіді.', en: 'The page cursor is damaged: take it from the previous answer.' },
  });

/** The audit log pages by entry id. */
export function encodeIdCursor(id: number): string {
  return Buffer.from(JSON.stringify([id])).toString('base64url');
}

export function decodeIdCursor(cursor: string | null): number | null {
  if (cursor === null || cursor === '') return null;
  try {
    const [id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown];
    if (typeof id === 'number' && Number.isInteger(id)) return id;
  } catch {
    // fall through to the error below
  }
  throw damaged();
}

export function decodeCursor(cursor: string | null): LogPosition | null {
  if (cursor === null || cursor === '') return null;
  try {
    const [receivedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof receivedAt === 'number' && typeof id === 'string') return { receivedAt, id };
  } catch {
    // fall through to the error below
  }
  throw damaged();
}
