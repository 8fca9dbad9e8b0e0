// The territory of a register from the command line:
//   registers add --code 12345678 --name "…" --territory UA32…,UA32…   (with `add`, see access.ts)
//   registers set-territory --code 12345678 --territory UA32…,UA32…     replace its codes
//   registers set-territory --code 12345678 --territory ""              all of Ukraine again
import { parseArgs } from 'node:util';
import type { Config } from '../config/config.ts';
import { katottgProblem, normaliseKatottg } from '../domain/katottg.ts';
import { dataFields } from '../store/crypto/data-keys.ts';
import { openStore } from '../store/open-store.ts';

/** The codes of a `--territory` list, each a valid КАТОТТГ code; a message naming the bad ones otherwise. */
export function parseTerritory(list: string): { ok: true; codes: string[] } | { ok: false; message: string } {
  const codes = list.split(',').map((c) => normaliseKatottg(c)).filter((c) => c !== '');
  const bad = codes.filter((c) => katottgProblem(c) !== undefined);
  if (bad.length > 0) return { ok: false, message: `not КАТОТТГ codes: ${bad.map((c) => `${c} (${katottgProblem(c)})`).join(', ')}` };
  return { ok: true, codes: [...new Set(codes)] };
}

const describe = (codes: readonly string[]) => (codes.length === 0 ? 'all of Ukraine' : codes.join(', '));

export async function setTerritoryCommand(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { code: { type: 'string' }, territory: { type: 'string' } } });
  if (!values.code || values.territory === undefined) {
    console.error('usage:\n  registers set-territory --code <ЄДРПОУ> --territory UA…,UA…   (an empty list: all of Ukraine)');
    return 2;
  }
  const territory = parseTerritory(values.territory);
  if (!territory.ok) {
    console.error(territory.message);
    return 2;
  }
  const store = await openStore(config, dataFields(config));
  try {
    const registerId = await store.territory.registerIdByCode(values.code);
    if (!registerId) {
      console.error(`no register with code ${values.code}`);
      return 1;
    }
    await store.territory.setTerritory(registerId, territory.codes);
    console.log(`Register ${values.code} serves: ${describe(territory.codes)}.`);
    return 0;
  } finally {
    await store.close();
  }
}
