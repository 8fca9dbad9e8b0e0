// Access management from the command line (the secrets are printed once, only their hashes kept):
//   registers add --code 12345678 --name "…"       a register and its API key
//   operators add --name olena --role operator      an operator (viewer | operator | admin) and its token
import { parseArgs } from 'node:util';
import { generateApiKey, generateOperatorToken, hashApiKey } from '../auth/api-keys.ts';
import type { Config } from '../config/config.ts';
import { uuidv7 } from '../ids.ts';
import { openStore } from '../store/open-store.ts';
import type { OperatorRole } from '../delivery/model/actors.ts';

const ROLES: OperatorRole[] = ['viewer', 'operator', 'admin'];

export async function accessCommand(config: Config, kind: 'registers' | 'operators', args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { code: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } } });
  if (action !== 'add') return usage();
  if (kind === 'registers' && (!values.code || !/^\d{8}$/.test(values.code) || !values.name)) return usage();
  if (kind === 'operators' && (!values.name || !ROLES.includes(values.role as OperatorRole))) return usage();

  const store = await openStore(config);
  try {
    if (kind === 'registers') {
      const key = generateApiKey();
      await store.access.createRegister({ id: uuidv7(), code: values.code as string, name: values.name as string, apiKeyHash: hashApiKey(key), createdAt: Date.now() });
      console.log(`Register ${values.code} added. Its API key (shown once, store it safely):\n\n  ${key}\n`);
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

function usage(): number {
  console.error('usage:\n  registers add --code <ЄДРПОУ, 8 digits> --name "<registration authority>"\n  operators add --name <name> --role viewer|operator|admin');
  return 2;
}
