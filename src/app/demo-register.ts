// A fresh installation has no registers. So that the README's curl works at once, the first start
// creates a demo register whose key is DEMO_API_KEY, or a random key that is printed once.
import type { Logger } from 'pino';
import { generateApiKey, hashApiKey } from '../auth/api-keys.ts';
import { uuidv7 } from '../ids.ts';
import type { Store } from '../store/store.ts';

export const DEMO_REGISTER = {
  code: '26376375',
  name: 'Демонстраційний реєстр (Управління адміністративних послуг Білоцерківської міської ради)',
};

export async function ensureDemoRegister(store: Store, demoApiKey: string | undefined, logger: Logger): Promise<void> {
  if ((await store.countRegisters()) > 0) return;
  const key = demoApiKey ?? generateApiKey();
  await store.createRegister({ id: uuidv7(), ...DEMO_REGISTER, apiKeyHash: hashApiKey(key), createdAt: Date.now() });
  logger.info({ registerCode: DEMO_REGISTER.code }, 'no registers configured: created the demo register');
  if (!demoApiKey) {
    // Printed, not logged: the key is a secret and logs are kept and shipped elsewhere.
    process.stdout.write(`\nDemo register ${DEMO_REGISTER.code} created. Its API key (shown once):\n\n  ${key}\n\n`);
  }
}
