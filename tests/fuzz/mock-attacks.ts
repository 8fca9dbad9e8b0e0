// Attack messages for the mock DMS, each built from a message the gateway really signed: XML entity
// expansion, external entities, deep nesting, huge attributes, broken and wrapped signatures, wrong
// namespaces, foreign encodings, and random byte flips. `mustReject` says whether any answer but a
// SOAP Client fault (a rejection) is a failure; a random flip may leave the signed parts intact.
import type { Rng } from '../chaos/random.ts';

export interface MockAttack {
  kind: string;
  body: string | Uint8Array;
  contentType: string;
  mustReject: boolean;
}

const SOAP = 'text/xml; charset=utf-8';

function swapFirst(xml: string, pattern: RegExp, replace: (m: string) => string): string {
  return xml.replace(pattern, replace);
}

export function mockAttack(rng: Rng, original: string, n: number): MockAttack {
  // A fresh xrd:id each time, so no attack is answered as a repeat of the message it was made from.
  const hex = (len: number) => Array.from({ length: len }, () => '0123456789abcdef'[rng.int(0, 15)]).join('');
  const signed = original.replace(/(<xrd:id>)[^<]*/, `$1${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`);
  const doctype = (d: string) => signed.replace(/^(<\?xml[^>]*\?>)?/, (decl) => `${decl}${d}`);
  const at = (kind: string, body: string | Uint8Array, mustReject = true, contentType = SOAP): MockAttack => ({ kind, body, contentType, mustReject });
  switch (n % 16) {
    case 0: {
      const lol = `<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>`;
      return at('entity_expansion', doctype(lol).replace('<xrd:userId>', '<xrd:userId>&lol9;'));
    }
    case 1: return at('external_entity', doctype(`<!DOCTYPE x [<!ENTITY xxe SYSTEM "${rng.pick(['file:///etc/passwd', 'http://127.0.0.1:1/x', '/proc/self/environ'])}">]>`).replace('<xrd:userId>', '<xrd:userId>&xxe;'));
    case 2: return at('parameter_entity', doctype('<!DOCTYPE x [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'));
    case 3: {
      const depth = rng.int(500, 3_000); // deeper costs the mock seconds per message (see the README's security section)
      return at('deep_nesting', signed.replace('</SOAP-ENV:Body>', `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</SOAP-ENV:Body>`));
    }
    case 4: return at('huge_attribute', signed.replace(/<reg:(\w+)>/, (_m, name: string) => `<reg:${name} x="${'A'.repeat(rng.int(20_000, 200_000))}">`));
    case 5: return at('many_attributes', signed.replace(/<reg:(\w+)>/, (_m, name: string) => `<reg:${name} ${Array.from({ length: rng.int(200, 2_000) }, (_, i) => `a${i}="1"`).join(' ')}>`));
    case 6: return at('signature_value_flipped', swapFirst(signed, /<(\w+:)?SignatureValue>([A-Za-z0-9+/])/, (m) => m.slice(0, -1) + (m.endsWith('A') ? 'B' : 'A')));
    case 7: return at('digest_flipped', swapFirst(signed, /<(\w+:)?DigestValue>([A-Za-z0-9+/])/, (m) => m.slice(0, -1) + (m.endsWith('A') ? 'B' : 'A')));
    case 8: return at('signed_body_altered', signed.replace(/(<reg:lastName>)([^<]*)/, (_m, open: string, name: string) => `${open}${name}а`));
    case 9: return at('signature_removed', signed.replace(/<(\w+:)?Signature[\s>][\s\S]*<\/(\w+:)?Signature>/, ''));
    case 10: return at('wrapped_second_body', signed.replace(/<\/([\w-]+:)?Body>/, (m) => `${m}<SOAP-ENV:Body Id="evil"><x/></SOAP-ENV:Body>`));
    case 11: return at('wrong_envelope_namespace', signed.replaceAll('http://schemas.xmlsoap.org/soap/envelope/', 'http://www.w3.org/2003/05/soap-envelope'));
    case 12: return at('wrong_xroad_namespace', signed.replaceAll('http://x-road.eu/xsd/xroad.xsd', 'http://x-road.eu/xsd/evil.xsd'));
    case 13: return at('utf16_declared', Buffer.from(signed.replace(/encoding="[^"]*"/, 'encoding="UTF-16"'), 'utf16le'), false, 'text/xml; charset=utf-16');
    case 14: return at('not_xml', rng.pick(['', 'not xml', '<', '<?xml version="1.0"?>', '{"json": true}', '\u0000\u0001', '<a>'.repeat(10)]));
    default: {
      const bytes = Buffer.from(signed);
      for (let i = 0; i < rng.int(1, 8); i++) bytes[rng.int(0, bytes.length - 1)] = rng.int(0, 255);
      return at('random_flips', bytes, false);
    }
  }
}
