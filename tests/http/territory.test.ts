// A register's territory at the door: an event whose address is outside the КАТОТТГ codes the
// register serves is refused (422 ADDRESS_OUTSIDE_TERRITORY) and not stored; a move's previous
// address may be anywhere; a register without codes serves all of Ukraine.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, expectProblem, type TestApp } from '../support/http-app.ts';
import { REPO } from '../support/xsd.ts';

const read = (name: string) => JSON.parse(readFileSync(path.join(REPO, 'contracts/events/v1/examples', name), 'utf8')) as Record<string, unknown> & { address: Record<string, unknown>; previousAddress?: Record<string, unknown> };
const registered = read('residence-registered.citizen-id-card.json');
const moved = read('residence-moved.from-kupiansk.json');

const BILA_TSERKVA_HROMADA = 'UA32020010000093088';
const KUPIANSK = 'UA63080090010026457';
const BILA_TSERKVA = 'UA32020010010081183';

let t: TestApp;
let registerId: string;
beforeAll(async () => {
  t = await createTestApp();
  registerId = (await t.store.territory.registerIdByCode('26376375')) as string;
});
afterAll(() => t.close());

const inKupiansk = (eventId: string) => ({ ...registered, eventId, address: { ...registered.address, katottg: KUPIANSK } });

it('accepts any address for a register without codes, as the demo register is', async () => {
  expect(await t.store.territory.territoryOf(registerId)).toEqual([]);
  expect((await t.post(inKupiansk('TER-1'))).status).toBe(202);
});

it('refuses an address outside the register\'s hromada, and accepts one of its settlements', async () => {
  await t.store.territory.setTerritory(registerId, [BILA_TSERKVA_HROMADA]);
  const refused = await expectProblem(await t.post(inKupiansk('TER-2')), 422, 'ADDRESS_OUTSIDE_TERRITORY');
  expect(refused.pointer).toBe('/address/katottg');
  expect(refused.message.en).toContain(KUPIANSK);
  // nothing stored: the same eventId is free for a corrected event
  expect((await t.post({ ...registered, eventId: 'TER-2' })).status).toBe(202);
});

it('does not check a move\'s previous address, but does check where the person moves to', async () => {
  await t.store.territory.setTerritory(registerId, [BILA_TSERKVA_HROMADA]);
  expect(moved.previousAddress?.katottg).toBe(KUPIANSK);
  expect((await t.post({ ...moved, eventId: 'TER-3' })).status).toBe(202);
  const away = { ...moved, eventId: 'TER-4', address: { ...moved.address, katottg: KUPIANSK }, previousAddress: { ...moved.previousAddress, katottg: BILA_TSERKVA } };
  await expectProblem(await t.post(away), 422, 'ADDRESS_OUTSIDE_TERRITORY');
});

it('serves all of Ukraine again when its codes are cleared', async () => {
  await t.store.territory.setTerritory(registerId, []);
  expect((await t.post(inKupiansk('TER-5'))).status).toBe(202);
});
