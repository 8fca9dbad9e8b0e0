import { describe, expect, it } from 'vitest';
import type { Destination } from '../config/destinations.ts';
import { versionAfterRetired, versionForNewMessage } from './contract-version.ts';

const CUTOVER = Date.parse('2027-01-01T00:00:00+02:00');
const dms: Destination = {
  name: 'dms',
  url: null,
  versions: ['dms-registration-v1', 'dms-registration-v2'],
  cutovers: [{ version: 'dms-registration-v2', from: CUTOVER, fromText: '2027-01-01T00:00:00+02:00' }],
};

describe('the version of a message, chosen when it is first signed', () => {
  it('is the version in force at the moment of signing', () => {
    expect(versionForNewMessage(dms, CUTOVER - 1, 'dms-registration-v1')).toBe('dms-registration-v1');
    expect(versionForNewMessage(dms, CUTOVER, 'dms-registration-v1')).toBe('dms-registration-v2');
  });

  it('never goes below the floor a re-map raised, even before the cut-over', () => {
    expect(versionForNewMessage(dms, CUTOVER - 1, 'dms-registration-v2')).toBe('dms-registration-v2');
  });

  it('skips a version DMS said is retired, and leaves the answer to DMS when nothing newer is left', () => {
    expect(versionForNewMessage(dms, CUTOVER - 1, 'dms-registration-v1', new Set(['dms-registration-v1']))).toBe('dms-registration-v2');
    expect(versionForNewMessage(dms, CUTOVER, 'dms-registration-v1', new Set(['dms-registration-v2']))).toBe('dms-registration-v2');
  });

  it('re-maps a retired version to the next one, cut-over or not, and to none after the newest', () => {
    expect(versionAfterRetired(dms, CUTOVER - 1, 'dms-registration-v1')).toBe('dms-registration-v2');
    expect(versionAfterRetired(dms, CUTOVER + 1, 'dms-registration-v1')).toBe('dms-registration-v2');
    expect(versionAfterRetired(dms, CUTOVER + 1, 'dms-registration-v2')).toBeNull();
  });

  it('uses the only version of a destination that accepts one', () => {
    const v1Only: Destination = { ...dms, versions: ['dms-registration-v1'], cutovers: [] };
    expect(versionForNewMessage(v1Only, CUTOVER + 1, 'dms-registration-v1')).toBe('dms-registration-v1');
    expect(versionAfterRetired(v1Only, CUTOVER + 1, 'dms-registration-v1')).toBeNull();
  });
});
