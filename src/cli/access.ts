// Access management from the command line (the secrets are printed once, only their hashes kept):
//   registers add --code 12345678 --name "…"       a register and its API key
//   operators add --name olena --role operator      an operator (viewer | operator | admin) and its token
import { parseArgs } from 'node:util';
import { generateApiKey, generateOperatorToken, hashApiKey } from '../auth/api-keys.ts';
import type { Config } from '../config/config.ts';
import { uuidv7 } from '../ids.ts';
import { openStore } from '../store/open-store.ts';
import type { OperatorRole } from '../delivery/model/actors.ts';
import { parseTerritory, setTerritoryCommand } from './register-territory.ts';

const ROLES: OperatorRole[] = ['viewer', 'operator', 'admin'];

export async function accessCommand(config: Config, kind: 'registers' | 'operators', args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (kind === 'registers' && action === 'set-territory') return setTerritoryCommand(config, rest);
  const { values } = parseArgs({ args: rest, options: { code: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, territory: { type: 'string' } } });
  if (action !== 'add') return usage();
  const territory = parseTerritory(values.territory ?? '');
  if (!territory.ok) return usage(territory.message);
  if (kind === 'registers' && (!values.code || !/^\d{8}$/.test(values.code) || !values.name)) return usage();
  if (kind === 'operators' && (!values.name || !ROLES.includes(values.role as OperatorRole))) return usage();

  const store = await openStore(config);
  try {
    if (kind === 'registers') {
      const key = generateApiKey();
      const id = uuidv7();
      await store.access.createRegister({ id, code: values.code as string, name: values.name as string, apiKeyHash: hashApiKey(key), createdAt: Date.now() });
      if (territory.codes.length > 0) await store.territory.setTerritory(id, territory.codes);
      const serving = territory.codes.length === 0 ? 'all of Ukraine' : territory.codes.join(', ');
      console.log(`Register ${values.code} added, serving ${serving}. Its API key (shown once, store it safely):\n\n  ${key}\n`);
    } else {
      const token = generateOperatorToken();
      await store.access.createOperator({ id: uuidv7(), name: values.name as string, role: values.role as OperatorRole, tokenHash: hashApiKey(token), createdAt: Date.now() });
      console.log(`Operator ${values.name} (${values.role}) added. The token (shown once, store it safely):\n\n  ${token}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

function usage(problem?: string): number {
  if (problem) console.error(problem);
  console.error('usage:\n  registers add --code <ЄДРПОУ, 8 digits> --name "<registration authority>" [--territory UA…,UA…]\n  registers set-territory --code <ЄДРПОУ> --territory UA…,UA…\n  operators add --name <name> --role viewer|operator|admin');
  return 2;
}
