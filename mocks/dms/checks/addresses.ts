// Compares two reg:AddressType elements the way a person would: case, spacing and the several
// apostrophes Ukrainian text is typed with do not make a different address.
import type { Element } from '@xmldom/xmldom';
import { NS } from '../../../src/xml/namespaces.ts';
import { childText } from '../soap/dom.ts';

const FIELDS = ['katottg', 'street', 'building', 'block', 'apartment'] as const;
const APOSTROPHES = /[’ʼ`']/g;

function normalized(value: string | undefined): string {
  return (value ?? '').normalize('NFC').toLowerCase().replace(APOSTROPHES, "'").replace(/\s+/g, ' ').trim();
}

/** `reg`: the namespace of the message's contract version. */
export function sameAddress(a: Element, b: Element, reg: string = NS.reg): boolean {
  return FIELDS.every((field) => normalized(childText(a, reg, field)) === normalized(childText(b, reg, field)));
}
