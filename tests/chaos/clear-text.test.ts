import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findClearText } from './clear-text.ts';
import type { ChaosPerson } from './people.ts';

const person = {
  ref: 'P7',
  registerIndex: 0,
  person: { unzr: '19900127-00021', rnokpp: '3275306281', lastName: 'Шевченко', firstName: 'Олена', birthDate: '1990-01-27', birthPlace: 'м. Київ', category: 'citizen' },
  document: { type: 'passport_booklet', series: 'АВ', number: '123456' },
} as ChaosPerson;
const dir = mkdtempSync(path.join(tmpdir(), 'rtg-clear-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the clear-text check of a chaos run', () => {
  it('finds each kind of identifier in any file under the folders, naming the file and whose, not the value', () => {
    writeFileSync(path.join(dir, 'gateway.log'), '{"msg":"ok","unzr":"19900127-00021"}\n');
    writeFileSync(path.join(dir, 'db.sqlite'), Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from('АВ123456 Шевченко', 'utf8')]));
    writeFileSync(path.join(dir, 'clean.log'), 'enc1:k1:AAAA 3275306');
    expect(findClearText([dir], [person])).toEqual([
      { file: 'db.sqlite', what: 'document number of P7' },
      { file: 'db.sqlite', what: 'surname of P7' },
      { file: 'gateway.log', what: 'УНЗР of P7' },
    ]);
  });
});
