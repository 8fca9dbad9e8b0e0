// DMS destinations: where messages go and which contract versions each accepts, from one JSON file
// (DMS_DESTINATIONS_FILE) or, without one, the embedded default. A mistake in the file stops the
// start with a message that names the file, the line and the field.
//
// The oldest version a destination accepts is in force from the start; each newer one comes into
// force at its cut-over (an ISO date-time with its offset). A newer version without a cut-over is
// accepted but only used when DMS retires the older ones (newestAllowed).
import { readFileSync } from 'node:fs';
import { findNodeAtLocation, getNodeValue, type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { ConfigError } from './config.ts';

export interface Cutover {
  version: string;
  /** Epoch milliseconds of the moment the version comes into force. */
  from: number;
  /** As written in the file, for display. */
  fromText: string;
}

export interface Destination {
  name: string;
  /** null: DMS_URL, or the built-in mock when that is unset. */
  url: string | null;
  /** Oldest first, in the order the gateway knows its versions. */
  versions: string[];
  cutovers: Cutover[];
}

/** The embedded default: the mock (or DMS_URL), both versions, v1 in force (no cut-over set). */
export function defaultDestinations(knownVersions: readonly string[]): Destination[] {
  return [{ name: 'dms', url: null, versions: [...knownVersions], cutovers: [] }];
}

export function loadDestinations(file: string | undefined, knownVersions: readonly string[]): Destination[] {
  if (!file) return defaultDestinations(knownVersions);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`DMS_DESTINATIONS_FILE ${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`]);
  }
  return parseDestinations(text, knownVersions, file);
}

export function parseDestinations(text: string, knownVersions: readonly string[], file = 'destinations'): Destination[] {
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  const problems: string[] = [];
  const problem = (node: Node | undefined, field: string, message: string) =>
    problems.push(`${file} line ${lineOf(node?.offset ?? 0)}: ${field}: ${message}`);

  const syntax: ParseError[] = [];
  const root = parseTree(text, syntax, { allowTrailingComma: false, disallowComments: true });
  if (syntax.length > 0 || !root) {
    const first = syntax[0];
    throw new ConfigError([`${file} line ${lineOf(first?.offset ?? 0)}: not valid JSON (${first ? printParseErrorCode(first.error) : 'empty'})`]);
  }

  const list = findNodeAtLocation(root, ['destinations']);
  if (root.type !== 'object' || !list || list.type !== 'array') {
    problem(list ?? root, 'destinations', 'the file must be {"destinations": [ … ]}');
    throw new ConfigError(problems);
  }
  const children = list.children ?? [];
  if (children.length === 0) problem(list, 'destinations', 'at least one destination is needed');

  const destinations: Destination[] = [];
  const names = new Set<string>();
  children.forEach((node, i) => {
    const at = `destinations[${i}]`;
    const field = (key: string) => findNodeAtLocation(node, [key]);
    if (node.type !== 'object') return void problem(node, at, 'must be an object');
    for (const property of node.children ?? []) {
      const key = property.children?.[0]?.value as string;
      if (!['name', 'url', 'versions', 'cutovers'].includes(key)) problem(property, `${at}.${key}`, 'unknown field (name, url, versions, cutovers)');
    }

    const name = field('name');
    if (name?.type !== 'string' || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(name.value as string)) {
      problem(name ?? node, `${at}.name`, 'required: lower-case letters, digits and hyphens');
    } else if (names.has(name.value as string)) problem(name, `${at}.name`, `"${name.value}" is used twice`);
    else names.add(name.value as string);

    const url = field('url');
    if (url?.type !== 'string' || !isHttpUrl(url.value as string)) problem(url ?? node, `${at}.url`, 'required: an http(s) URL');

    const versionsNode = field('versions');
    const versions: string[] = [];
    if (versionsNode?.type !== 'array' || (versionsNode.children ?? []).length === 0) {
      problem(versionsNode ?? node, `${at}.versions`, `required: a list of contract versions (${knownVersions.join(', ')})`);
    } else {
      versionsNode.children!.forEach((v, j) => {
        const value = getNodeValue(v) as unknown;
        if (typeof value !== 'string' || !knownVersions.includes(value)) problem(v, `${at}.versions[${j}]`, `${JSON.stringify(value)} is not one of ${knownVersions.join(', ')}`);
        else if (versions.includes(value)) problem(v, `${at}.versions[${j}]`, `"${value}" is listed twice`);
        else versions.push(value);
      });
    }
    versions.sort((a, b) => knownVersions.indexOf(a) - knownVersions.indexOf(b));

    const cutovers = parseCutovers(field('cutovers'), `${at}.cutovers`, versions, problem);
    if (name?.type === 'string' && url?.type === 'string') {
      destinations.push({ name: name.value as string, url: url.value as string, versions, cutovers });
    }
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return destinations;
}

type Problem = (node: Node | undefined, field: string, message: string) => void;

function parseCutovers(list: Node | undefined, at: string, versions: string[], problem: Problem): Cutover[] {
  if (!list) return [];
  if (list.type !== 'array') {
    problem(list, at, 'must be a list of {"version", "from"}');
    return [];
  }
  const cutovers: Cutover[] = [];
  (list.children ?? []).forEach((node, k) => {
    const here = `${at}[${k}]`;
    const version = findNodeAtLocation(node, ['version']);
    const from = findNodeAtLocation(node, ['from']);
    if (node.type !== 'object') return void problem(node, here, 'must be {"version", "from"}');
    for (const property of node.children ?? []) {
      const key = property.children?.[0]?.value as string;
      if (key !== 'version' && key !== 'from') problem(property, `${here}.${key}`, 'unknown field (version, from)');
    }
    const v = version?.value as unknown;
    const index = typeof v === 'string' ? versions.indexOf(v) : -1;
    if (index < 0) return void problem(version ?? node, `${here}.version`, `must be one of this destination's versions (${versions.join(', ')})`);
    if (index === 0) return void problem(version, `${here}.version`, `"${v}" is the oldest version here, in force from the start: a cut-over names a newer one`);
    if (cutovers.some((c) => c.version === v)) return void problem(version, `${here}.version`, `"${v}" has two cut-overs`);
    const fromText = from?.value as unknown;
    const fromMs = typeof fromText === 'string' ? parseOffsetDateTime(fromText) : null;
    if (fromMs === null) return void problem(from ?? node, `${here}.from`, 'required: a date-time with its offset, e.g. "2027-01-01T00:00:00+02:00"');
    cutovers.push({ version: v as string, from: fromMs, fromText: fromText as string });
  });
  // A newer version cannot come into force before an older one.
  const ordered = [...cutovers].sort((a, b) => versions.indexOf(a.version) - versions.indexOf(b.version));
  for (let i = 1; i < ordered.length; i++) {
    if (ordered[i]!.from < ordered[i - 1]!.from) {
      problem(list, at, `${ordered[i]!.version} comes into force before ${ordered[i - 1]!.version}`);
    }
  }
  return ordered;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseOffsetDateTime(value: string): number | null {
  if (!OFFSET_DATE_TIME.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** The version a message first signed at `now` is made in: the newest whose cut-over has come. */
export function versionInForce(destination: Destination, now: number): string {
  let inForce = destination.versions[0]!;
  for (const version of destination.versions.slice(1)) {
    const cutover = destination.cutovers.find((c) => c.version === version);
    if (cutover && cutover.from <= now) inForce = version;
  }
  return inForce;
}

/**
 * The version to re-map to when DMS has retired the versions in `exclude`: the version in force at
 * `now` if it is newer than every retired one, otherwise the next newer version the destination
 * accepts (DMS retiring a version brings its successor forward, cut-over or not); null when none is left.
 */
export function newestAllowed(destination: Destination, now: number, exclude: readonly string[]): string | null {
  const { versions } = destination;
  const newestRetired = Math.max(-1, ...exclude.map((v) => versions.indexOf(v)));
  const inForce = versions.indexOf(versionInForce(destination, now));
  if (inForce > newestRetired) return versions[inForce]!;
  return versions[newestRetired + 1] ?? null;
}
