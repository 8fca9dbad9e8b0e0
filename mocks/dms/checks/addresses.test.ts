// Address comparison as a person would make it: field by field, ignoring case, spacing, the
// apostrophe variants and Unicode composition, and nothing else.
import { describe, expect, it } from 'vitest';
import { NS } from '../../../src/xml/namespaces.ts';
import { parseXmlSafely } from '../../../src/xml/safe-parse.ts';
import { sameAddress } from './addresses.ts';

const address = (fields: Record<string, string>, ns: string = NS.reg) =>
  parseXmlSafely(`<reg:address xmlns:reg="${ns}">${Object.entries(fields).map(([k, v]) => `<reg:${k}>${v}</reg:${k}>`).join('')}</reg:address>`).documentElement!;

const BASE = { katottg: 'UA32020010010081183', street: "вул. Об'їзна", building: '7', block: 'А', apartment: '12' };

describe('sameAddress', () => {
  it('matches an identical address', () => {
    expect(sameAddress(address(BASE), address(BASE))).toBe(true);
  });

  it.each(['katottg', 'street', 'building', 'block', 'apartment'])('tells addresses apart by %s', (field) => {
    expect(sameAddress(address(BASE), address({ ...BASE, [field]: 'інше' }))).toBe(false);
  });

  it('tells a missing field from a present one', () => {
    const { block: _block, ...withoutBlock } = BASE;
    expect(sameAddress(address(BASE), address(withoutBlock))).toBe(false);
    expect(sameAddress(address(withoutBlock), address(withoutBlock))).toBe(true);
  });

  it('ignores fields it does not compare (postal code)', () => {
    expect(sameAddress(address({ ...BASE, postalCode: '09100' }), address({ ...BASE, postalCode: '01001' }))).toBe(true);
  });

  it('ignores case, repeated and surrounding spaces', () => {
    expect(sameAddress(address(BASE), address({ ...BASE, street: "  ВУЛ.   об'ЇЗНА ", block: 'а' }))).toBe(true);
  });

  it.each(['’', 'ʼ', '`', "'"])('treats the apostrophe %s as any other', (apostrophe) => {
    expect(sameAddress(address(BASE), address({ ...BASE, street: `вул. Об${apostrophe}їзна` }))).toBe(true);
  });

  it('does not treat other punctuation as an apostrophe', () => {
    expect(sameAddress(address(BASE), address({ ...BASE, street: 'вул. Об"їзна' }))).toBe(false);
  });

  it('compares composed and decomposed letters as the same', () => {
    const decomposed = 'вул. Об\'\u0456\u0308зна';
    expect(decomposed).not.toBe("вул. Об'їзна");
    expect(sameAddress(address(BASE), address({ ...BASE, street: decomposed }))).toBe(true);
  });

  it('reads the fields in the namespace it is given, v1 by default', () => {
    const v2a = address(BASE, NS.regV2);
    const v2b = address({ ...BASE, apartment: '13' }, NS.regV2);
    expect(sameAddress(v2a, v2b, NS.regV2)).toBe(false);
    // Read in v1's namespace, v2 elements are all absent, so any two look the same.
    expect(sameAddress(v2a, v2b)).toBe(true);
    expect(sameAddress(address(BASE), address({ ...BASE, apartment: '13' }))).toBe(false);
  });
});
