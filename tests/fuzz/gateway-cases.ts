// Mutated requests for the gateway, drawn from a seeded random source: valid events of the contract
// with fields removed, retyped, renamed or filled with hostile text; bodies cut, flipped or made
// invalid UTF-8; wrong headers and keys; every route, including the console's and unknown paths.
import type { Rng } from '../chaos/random.ts';

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export interface Secrets {
  apiKey: string;
  operatorToken: string;
}

const HOSTILE_STRINGS = [
  '', ' ', 'x'.repeat(5000), '\u0000', '\uFFFD', '\uFFFE', '\uD800', 'a\u202Eb', '😀', '\u0085', '\uFDD0', '<![CDATA[x]]>', '&amp;&lt;', ']]>',
  '<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd', '%00', '${jndi:ldap://x}', '{{7*7}}', '\r\nSet-Cookie: x=1', 'Ї'.repeat(300),
  '19880315-04171', '0000000000', '2026-02-30', '9999-12-31T23:59:59+14:00', '-1', '1e309', 'NaN', '𝕏'.repeat(100),
];
const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', 'isPrototypeOf'];

function hostileValue(rng: Rng, depth = 0): unknown {
  switch (rng.int(0, 9)) {
    case 0: return rng.pick(HOSTILE_STRINGS);
    case 1: return rng.int(-(2 ** 31), 2 ** 31) * (rng.chance(0.5) ? 1 : 0.5);
    case 2: return null;
    case 3: return rng.chance(0.5);
    case 4: return depth < 3 ? Array.from({ length: rng.int(0, 5) }, () => hostileValue(rng, depth + 1)) : [];
    case 5: return depth < 3 ? { [rng.pick(PROTO_NAMES)]: hostileValue(rng, depth + 1) } : {};
    case 6: return rng.pick(HOSTILE_STRINGS) + rng.pick(HOSTILE_STRINGS);
    case 7: return String.fromCodePoint(rng.int(0, 0x10ffff));
    case 8: return Array.from({ length: rng.int(100, 3000) }, (_, i) => i);
    default: return { kind: rng.pick(['paid', 'exempt', 'other']), amount: rng.pick(['49.92', '0.00', '-1.00', '1,5']) };
  }
}

type Json = Record<string, unknown>;

function paths(value: unknown, at: string[] = [], out: string[][] = []): string[][] {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push([...at, k]);
      paths(v, [...at, k], out);
    }
  }
  return out;
}

function mutateObject(rng: Rng, event: Json): Json {
  const copy = JSON.parse(JSON.stringify(event)) as Json;
  const times = rng.int(1, 3);
  for (let i = 0; i < times; i++) {
    const all = paths(copy);
    const target = rng.pick(all);
    const parentPath = target.slice(0, -1);
    let parent: Json = copy;
    for (const k of parentPath) parent = parent[k] as Json;
    const key = target[target.length - 1] as string;
    switch (rng.int(0, 5)) {
      case 0: delete parent[key]; break;
      case 1: parent[key] = hostileValue(rng); break;
      case 2: Object.defineProperty(parent, rng.pick(PROTO_NAMES), { value: hostileValue(rng), enumerable: true, configurable: true, writable: true }); break;
      case 3: parent[`${key}${rng.pick(['_', 'X', ' ', ''])}extra`] = hostileValue(rng); break;
      case 4: if (typeof parent[key] === 'string') parent[key] = (parent[key] as string) + rng.pick(HOSTILE_STRINGS); break;
      default: if (typeof parent[key] === 'string') parent[key] = (parent[key] as string).toUpperCase(); break;
    }
  }
  return copy;
}

function mutateText(rng: Rng, text: string): string | Uint8Array {
  switch (rng.int(0, 7)) {
    case 0: return text.slice(0, rng.int(0, text.length));
    case 1: { const d = rng.int(1, 60_000); return `${'['.repeat(d)}${']'.repeat(rng.chance(0.5) ? d : 0)}`; }
    case 2: { const bytes = Buffer.from(text); for (let i = 0; i < rng.int(1, 5); i++) bytes[rng.int(0, bytes.length - 1)] = rng.int(0, 255); return bytes; }
    case 3: return `\uFEFF${text}`;
    case 4: return text.replace('{', `{"eventId": "dup", "eventId": ${JSON.stringify(rng.pick(HOSTILE_STRINGS))}, `);
    case 5: return `${text}${' '.repeat(rng.int(0, 70_000))}`;
    case 6: { const at = rng.int(0, text.length); return Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([rng.pick([0xc3, 0xff, 0xed, 0x80, 0xf4])]), Buffer.from(text.slice(at))]); }
    default: return text.replaceAll('"', rng.pick(["'", '`', '“']));
  }
}

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/json; charset=windows-1251', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset="UTF-8"', 'application/JSON', ''];

export function gatewayCase(rng: Rng, examples: Json[], secrets: Secrets, n: number): FuzzRequest {
  const auth = () => rng.pick([`Bearer ${secrets.apiKey}`, `Bearer ${secrets.operatorToken}`, `Bearer ${secrets.apiKey}x`, 'Bearer', `Basic ${secrets.apiKey}`, '', `bearer  ${secrets.operatorToken} `]);
  const json = (extra: Record<string, string> = {}) => ({ authorization: rng.chance(0.9) ? `Bearer ${rng.chance(0.5) ? secrets.operatorToken : secrets.apiKey}` : auth(), 'content-type': rng.chance(0.85) ? 'application/json' : rng.pick(CONTENT_TYPES), ...extra });
  const id = () => rng.pick(['01900000-0000-7000-8000-000000000000', 'x', '..%2f..%2fetc', '%00', 'a'.repeat(3000), '1 OR 1=1', '01900000-0000-7000-8000-00000000000' + rng.int(0, 9)]);
  const roll = rng.int(0, 99);
  if (roll < 55) {
    const event = { ...rng.pick(examples), eventId: `FZ-${n}` };
    const mutated = rng.chance(0.97) ? mutateObject(rng, event) : event;
    const text = JSON.stringify(mutated);
    const body = rng.chance(0.3) ? mutateText(rng, text) : text;
    const key = rng.chance(0.9) ? `fz-${n}` : rng.pick(['', ' ', 'key with spaces', '%D0%BA', 'k'.repeat(300), 'fz-1']);
    return { method: 'POST', path: '/v1/events', headers: { authorization: rng.chance(0.9) ? `Bearer ${secrets.apiKey}` : auth(), 'content-type': rng.chance(0.9) ? 'application/json' : rng.pick(CONTENT_TYPES), ...(key ? { 'idempotency-key': key } : {}) }, body };
  }
  if (roll < 65) {
    const q = rng.pick(['status=failed', 'status=nope', 'limit=0', 'limit=99999', 'from=2026-13-45', 'to=x', 'cursor=%ZZ', 'cursor=eyJ4Ijo', 'unzr=19880315-04171', 'register=%27', 'type=' + 'x'.repeat(5000), '']);
    return { method: 'GET', path: `/v1/events?${q}`, headers: { authorization: auth() } };
  }
  if (roll < 72) return { method: 'GET', path: `/v1/events/${id()}${rng.pick(['', '/message'])}`, headers: { authorization: auth() } };
  if (roll < 80) {
    const body = rng.chance(0.5) ? JSON.stringify(hostileValue(rng)) : JSON.stringify({ unzr: rng.pick(HOSTILE_STRINGS), status: hostileValue(rng), limit: hostileValue(rng), cursor: hostileValue(rng) });
    return { method: 'POST', path: '/v1/events/search', headers: json(), body: rng.chance(0.2) ? mutateText(rng, body) : body };
  }
  if (roll < 86) {
    const action = rng.pick(['retry', 'cancel', 'reveal']);
    const body = rng.chance(0.7) ? JSON.stringify({ reason: hostileValue(rng) }) : rng.chance(0.5) ? '' : mutateText(rng, '{"reason":"x"}');
    return { method: 'POST', path: `/v1/events/${id()}/${action}`, headers: json(), body };
  }
  if (roll < 90) {
    const body = JSON.stringify({ filter: rng.chance(0.5) ? { status: rng.pick(['failed', 'rejected', 'delivered', 'x']), from: rng.pick(HOSTILE_STRINGS) } : hostileValue(rng), reason: hostileValue(rng) });
    return rng.chance(0.8) ? { method: 'POST', path: '/v1/replays', headers: json(), body } : { method: rng.pick(['GET', 'POST']), path: `/v1/replays/${id()}${rng.pick(['', '/cancel'])}`, headers: json() };
  }
  if (roll < 95) {
    const form = rng.pick([`secret=${secrets.operatorToken}`, 'secret=', `secret=${'%FF'.repeat(100)}`, 'secret=x&secret=y', `_csrf=x&reason=${'y'.repeat(3000)}`, '%%%', 'a'.repeat(6000)]);
    const page = rng.pick(['/ui/login', '/ui', '/ui/events', '/ui/events/search', `/ui/events/${id()}/retry`, '/ui/replays', '/ui/logout', '/ui/audit']);
    const cookie: Record<string, string> = rng.chance(0.5) ? { cookie: `rtg_console=${rng.pick([secrets.operatorToken, 'x', '%00'])}` } : {};
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...cookie };
    if (rng.chance(0.7)) headers.origin = 'http://127.0.0.1';
    return { method: rng.pick(['GET', 'POST']), path: page, headers, body: form };
  }
  const path = rng.pick(['/metrics', '/readyz', '/healthz', '/v1/audit?limit=-1', '/v1/audit?cursor=zz', '/%2e%2e/%2e%2e/etc/passwd', '/v1/events/../../', '/' + 'a'.repeat(8000), '/v1/%ff', '/ui/%E0%A4%A']);
  return { method: rng.pick(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'POST']), path, headers: { authorization: auth() } };
}

/** Malformed HTTP on a raw socket: smuggling pairs, bad framing, oversized headers. */
export function rawCase(rng: Rng, host: string): string {
  return rng.pick([
    `POST /v1/events HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    `POST /v1/events HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nabcdefg`,
    `GET / HTTP/1.1\r\nHost: ${host}\r\nX: ${'a'.repeat(20_000)}\r\n\r\n`,
    `GET /\u0000 HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
    `POST /v1/events HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n`,
    `GET / HTTP/9.9\r\n\r\n`,
    `\r\n\r\n\r\n`,
    `POST /v1/events/search HTTP/1.1\r\nHost: ${host}\r\nContent-Length: -1\r\n\r\n`,
    `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n`,
  ]);
}
