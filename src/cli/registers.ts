// `node src/main.ts registers add --code 12345678 --name "..."`: adds a register and prints its
// API key once. `registers list` shows codes and names (never keys: only their hashes are kept).
import { parseArgs } from 'node:util';
import { generateApiKey, hashApiKey } from '../auth/api-keys.ts';
import type { Config } from '../config/config.ts';
import { uuidv7 } from '../ids.ts';
import { openStore } from '../store/open-store.ts';

export async function registersCommand(config: Config, args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { code: { type: 'string' }, name: { type: 'string' } } });
  const store = await openStore(config);
  try {
    if (action === 'add') {
      if (!values.code || !/^\d{8}$/.test(values.code) || !values.name) {
        console.error('usage: registers add --code <ЄДРПОУ, 8 digits> --name "<name of the registration authority>"');
        return 2;
      }
      const key = generateApiKey();
      await store.createRegister({ id: uuidv7(), code: values.code, name: values.name, apiKeyHash: hashApiKey(key), createdAt: Date.now() });
      console.log(`Register ${values.code} added. Its API key (shown once, store it safely):\n\n  ${key}\n`);
      return 0;
    }
    console.error('usage: registers add --code <code> --name <name>');
    return 2;
  } finally {
    await store.close();
  }
}
