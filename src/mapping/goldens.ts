// The golden cases: every valid example of the event contract, normalised by the gateway's rules as
// on ingest, mapped by every contract version with fixed ids. The test compares them with the files
// in each version's golden/ folder; `npm run golden` (write-goldens.ts) writes those files.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/config.ts';
import { validateEvent } from '../ingest/validate-event.ts';
import { CONTRACT_VERSIONS, type ContractVersion } from './versions.ts';

export const EXAMPLES_DIR = fileURLToPath(new URL('../../contracts/events/v1/examples/', import.meta.url));
export const GOLDEN_IDS = { gatewayEventId: '019ab3c0-0000-7000-8000-000000000001', messageId: '019ab3c0-0000-7000-8000-000000000002', registerCode: '26376375' };
const NOW = new Date('2026-11-23T12:00:00Z');

export interface GoldenCase {
  version: ContractVersion;
  example: string;
  goldenFile: string;
  xml: string;
  serviceCode: string;
}

export const exampleNames = (): string[] => readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json')).sort();

export function goldenCase(version: ContractVersion, example: string): GoldenCase {
  const validated = validateEvent(JSON.parse(readFileSync(EXAMPLES_DIR + example, 'utf8')), { now: NOW, feeMismatch: 'reject' });
  if (!validated.ok) throw new Error(`${example} is not valid: ${JSON.stringify(validated.issues)}`);
  const { xml, serviceCode } = version.create(loadConfig({}).xroad).buildRequest(validated.event, GOLDEN_IDS);
  const goldenFile = fileURLToPath(new URL(example.replace(/\.json$/, '.xml'), version.goldenDir));
  return { version, example, goldenFile, xml, serviceCode };
}

export function goldenCases(): GoldenCase[] {
  return CONTRACT_VERSIONS.flatMap((version) => exampleNames().map((example) => goldenCase(version, example)));
}
