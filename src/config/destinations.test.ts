import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONTRACT_VERSION_NAMES } from '../mapping/versions.ts';
import { ConfigError } from './config.ts';
import { type Destination, loadDestinations, newestAllowed, parseDestinations, versionInForce } from './destinations.ts';

const V1 = 'dms-registration-v1';
const V2 = 'dms-registration-v2';
const V3 = 'dms-registration-v3';
const KNOWN = [V1, V2, V3];
const at = (iso: string) => Date.parse(iso);

function problemsOf(text: string): string[] {
  try {
    parseDestinations(text, KNOWN, 'd.json');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('no error');
}

describe('loadDestinations', () => {
  it('parses the example in the repository', () => {
    const example = fileURLToPath(new URL('./destinations.example.json', import.meta.url));
    expect(loadDestinations(example, CONTRACT_VERSION_NAMES)).toEqual([
      {
        name: 'dms',
        url: 'https://trembita-ss.example.gov.ua/',
        versions: [V1, V2],
        cutovers: [{ version: V2, from: at('2026-12-31T22:00:00Z'), fromText: '2027-01-01T00:00:00+02:00' }],
      },
    ]);
  });

  it('without a file: the built-in mock (or DMS_URL), every version, the oldest in force', () => {
    const [d] = loadDestinations(undefined, CONTRACT_VERSION_NAMES);
    expect(d).toEqual({ name: 'dms', url: null, versions: [V1, V2], cutovers: [] });
    expect(versionInForce(d!, at('2030-01-01T00:00:00Z'))).toBe(V1);
  });

  it('names the file when it cannot be read', () => {
    const missing = path.join(mkdtempSync(path.join(tmpdir(), 'dest-')), 'nope.json');
    expect(() => loadDestinations(missing, KNOWN)).toThrow(/DMS_DESTINATIONS_FILE .*nope\.json: cannot be read \(ENOENT\)/);
  });

  it('reads a file given by path', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'dest-')), 'd.json');
    writeFileSync(file, JSON.stringify({ destinations: [{ name: 'kyiv', url: 'http://127.0.0.1:9701/', versions: [V2, V1] }] }));
    expect(loadDestinations(file, KNOWN)[0]!.versions).toEqual([V1, V2]);
  });
});

describe('parseDestinations: a malformed file names the line and the field', () => {
  it('a JSON syntax error', () => {
    expect(problemsOf('{\n  "destinations": [\n    { "name": "dms", }\n  ]\n}')).toEqual([expect.stringMatching(/^d\.json line 3: not valid JSON/)]);
  });

  it('an unknown version, a bad cut-over date and an unknown field, each on its line', () => {
    const text = [
      '{ "destinations": [',
      '  { "name": "dms",',
      '    "url": "https://dms.example/",',
      '    "versions": ["dms-registration-v1", "dms-registration-v9"],',
      '    "cutover": [],',
      '    "cutovers": [{ "version": "dms-registration-v1", "from": "2027-01-01T00:00:00+02:00" }] },',
      '  { "name": "lviv", "url": "https://dms.example/", "versions": ["dms-registration-v1", "dms-registration-v2"],',
      '    "cutovers": [{ "version": "dms-registration-v2", "from": "2027-01-01" }] }',
      '] }',
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(/^d\.json line 5: destinations\[0\]\.cutover: unknown field/),
      expect.stringMatching(/^d\.json line 4: destinations\[0\]\.versions\[1\]: "dms-registration-v9" is not one of/),
      expect.stringMatching(/^d\.json line 6: destinations\[0\]\.cutovers\[0\]\.version: "dms-registration-v1" is the oldest version here/),
      expect.stringMatching(/^d\.json line 8: destinations\[1\]\.cutovers\[0\]\.from: required: a date-time with its offset/),
    ]);
  });

  it('a missing URL, a duplicate name, a cut-over for a version not accepted, cut-overs out of order', () => {
    const text = [
      '{ "destinations": [',
      '  { "name": "dms", "versions": ["dms-registration-v1"] },',
      '  { "name": "dms", "url": "ftp://x/", "versions": ["dms-registration-v1", "dms-registration-v2", "dms-registration-v3"],',
      '    "cutovers": [',
      '      { "version": "dms-registration-v3", "from": "2027-01-01T00:00:00+02:00" },',
      '      { "version": "dms-registration-v2", "from": "2027-06-01T00:00:00+03:00" }] },',
      '  { "name": "odesa", "url": "https://o.example/", "versions": ["dms-registration-v1"],',
      '    "cutovers": [{ "version": "dms-registration-v2", "from": "2027-01-01T00:00:00Z" }] }',
      '] }',
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(/^d\.json line 2: destinations\[0\]\.url: required: an http\(s\) URL/),
      expect.stringMatching(/^d\.json line 3: destinations\[1\]\.name: "dms" is used twice/),
      expect.stringMatching(/^d\.json line 3: destinations\[1\]\.url: required: an http\(s\) URL/),
      expect.stringMatching(/^d\.json line 4: destinations\[1\]\.cutovers: dms-registration-v3 comes into force before dms-registration-v2/),
      expect.stringMatching(/^d\.json line 8: destinations\[2\]\.cutovers\[0\]\.version: must be one of this destination's versions \(dms-registration-v1\)/),
    ]);
  });

  it('not the expected shape at all', () => {
    expect(problemsOf('[]')).toEqual([expect.stringMatching(/^d\.json line 1: destinations: the file must be/)]);
    expect(problemsOf('{"destinations": []}')).toEqual([expect.stringMatching(/at least one destination/)]);
  });
});

describe('versionInForce and newestAllowed', () => {
  const d: Destination = {
    name: 'dms',
    url: 'https://dms.example/',
    versions: [V1, V2, V3],
    cutovers: [{ version: V2, from: at('2027-01-01T00:00:00+02:00'), fromText: '' }],
  };

  it('switches at the cut-over, to the millisecond, and not to a version without one', () => {
    expect(versionInForce(d, at('2026-12-31T21:59:59.999Z'))).toBe(V1);
    expect(versionInForce(d, at('2026-12-31T22:00:00Z'))).toBe(V2);
    expect(versionInForce(d, at('2040-01-01T00:00:00Z'))).toBe(V2);
  });

  it('after DMS retires a version: the version in force if newer, else the next one', () => {
    const before = at('2026-06-01T00:00:00Z');
    const after = at('2027-06-01T00:00:00Z');
    expect(newestAllowed(d, before, [V1])).toBe(V2);
    expect(newestAllowed(d, after, [V1])).toBe(V2);
    expect(newestAllowed(d, after, [V2])).toBe(V3);
    expect(newestAllowed(d, after, [V1, V2])).toBe(V3);
    expect(newestAllowed(d, after, [V3])).toBeNull();
    expect(newestAllowed(d, before, [])).toBe(V1);
  });
});
