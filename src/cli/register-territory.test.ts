// The territory commands against a real SQLite store: `registers add --territory` and
// `registers set-territory`, with bad codes refused before anything is written.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { dataFields } from '../store/crypto/data-keys.ts';
import { openStore } from '../store/open-store.ts';
import { accessCommand } from './access.ts';
import { parseTerritory } from './register-territory.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'rtg-territory-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
vi.spyOn(console, 'log').mockImplementation(() => undefined);
vi.spyOn(console, 'error').mockImplementation(() => undefined);

async function territoryOf(code: string): Promise<string[] | null> {
  const store = await openStore(config, dataFields(config));
  try {
    const id = await store.territory.registerIdByCode(code);
    return id ? store.territory.territoryOf(id) : null;
  } finally {
    await store.close();
  }
}

it('reads a list of КАТОТТГ codes, normalising a Cyrillic prefix, and names the bad ones', () => {
  expect(parseTerritory(' УА32020010000093088 ,UA80000000000093317,')).toEqual({ ok: true, codes: ['UA32020010000093088', 'UA80000000000093317'] });
  expect(parseTerritory('')).toEqual({ ok: true, codes: [] });
  expect(parseTerritory('UA32020010000093088,UA99')).toMatchObject({ ok: false, message: expect.stringContaining('UA99 (KATOTTG_FORMAT)') });
});

it('adds a register with its territory, replaces and clears it, and refuses bad codes', async () => {
  expect(await accessCommand(config, 'registers', ['add', '--code', '44556677', '--name', 'ЦНАП', '--territory', 'UA32020010000093088'])).toBe(0);
  expect(await territoryOf('44556677')).toEqual(['UA32020010000093088']);
  expect(await accessCommand(config, 'registers', ['set-territory', '--code', '44556677', '--territory', 'UA80000000000093317,UA32000000000030281'])).toBe(0);
  expect(await territoryOf('44556677')).toEqual(['UA32000000000030281', 'UA80000000000093317']);
  expect(await accessCommand(config, 'registers', ['set-territory', '--code', '44556677', '--territory', 'UA32000000000030281,UA00'])).toBe(2);
  expect(await territoryOf('44556677')).toEqual(['UA32000000000030281', 'UA80000000000093317']);
  expect(await accessCommand(config, 'registers', ['set-territory', '--code', '44556677', '--territory', ''])).toBe(0);
  expect(await territoryOf('44556677')).toEqual([]);
  expect(await accessCommand(config, 'registers', ['set-territory', '--code', '11111111', '--territory', ''])).toBe(1);
  expect(await accessCommand(config, 'registers', ['add', '--code', '55667788', '--name', 'x', '--territory', 'UA1'])).toBe(2);
  expect(await territoryOf('55667788')).toBeNull();
});
