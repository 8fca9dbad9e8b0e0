// Identifiers the gateway makes: UUID version 7 (RFC 9562), so ids sort by creation time.
import { randomBytes } from 'node:crypto';

// Random bytes are drawn in batches (as crypto.randomUUID does): a call per id cost more than the
// rest of the id. Each byte is used once.
const BATCH = 4096;
let pool = Buffer.alloc(0);
let used = 0;

/** Random bytes 8–15 of an id (6 and 7 hold the counter). */
function randomTail(bytes: Buffer): void {
  if (used + 8 > pool.length) {
    pool = randomBytes(BATCH);
    used = 0;
  }
  pool.copy(bytes, 8, used, used + 8);
  used += 8;
}

let lastMs = 0;
let counter = 0;

export function uuidv7(now = Date.now()): string {
  // Within one millisecond a 12-bit counter keeps ids from one process strictly increasing.
  if (now === lastMs) counter = (counter + 1) & 0xfff;
  else {
    lastMs = now;
    counter = 0;
  }
  const bytes = Buffer.allocUnsafe(16);
  randomTail(bytes);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The creation time (ms) a UUIDv7 carries in its first 48 bits. */
export function uuidv7Time(id: string): number {
  return parseInt(id.replaceAll('-', '').slice(0, 12), 16);
}
