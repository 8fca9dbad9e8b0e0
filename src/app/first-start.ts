// A fresh installation has no registers and no operators. So that the README's curl works at once,
// the first start creates a demo register and an admin operator, whose secrets are DEMO_API_KEY and
// DEMO_OPERATOR_TOKEN, or random ones printed once.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Logger } from 'pino';
import { generateApiKey, generateOperatorToken, type SecretHasher } from '../auth/api-keys.ts';
import { uuidv7 } from '../ids.ts';
import type { Access } from '../store/access.ts';

export const DEMO_REGISTER = {
  code: '26376375',
  name: 'Демонстраційний реєстр (Управління адміністративних послуг Білоцерківської міської ради)',
};
export const DEMO_OPERATOR_NAME = 'demo-admin';

export async function ensureFirstStartAccess(store: Pick<Access, 'countRegisters' | 'createRegister' | 'countOperators' | 'createOperator'>, secrets: { demoApiKey?: string; demoOperatorToken?: string }, hasher: SecretHasher, logger: Logger): Promise<void> {
  if ((await store.countRegisters()) === 0) {
    const key = secrets.demoApiKey ?? generateApiKey();
    const created = await unlessRaced(() => store.createRegister({ id: uuidv7(), ...DEMO_REGISTER, apiKeyHash: hasher.hash(key), createdAt: Date.now() }), () => store.countRegisters());
    if (created) {
      logger.info({ registerCode: DEMO_REGISTER.code }, 'no registers configured: created the demo register');
      if (!secrets.demoApiKey) show(`Demo register ${DEMO_REGISTER.code} created. Its API key (shown once):`, key, logger);
    }
  }
  if ((await store.countOperators()) === 0) {
    const token = secrets.demoOperatorToken ?? generateOperatorToken();
    const created = await unlessRaced(() => store.createOperator({ id: uuidv7(), name: DEMO_OPERATOR_NAME, role: 'admin', tokenHash: hasher.hash(token), createdAt: Date.now() }), () => store.countOperators());
    if (created) {
      logger.info({ operator: DEMO_OPERATOR_NAME }, 'no operators configured: created an admin operator');
      if (!secrets.demoOperatorToken) show(`Operator "${DEMO_OPERATOR_NAME}" (admin) created. Its token (shown once):`, token, logger);
    }
  }
}

/**
 * Several instances starting together on one empty database race to create the same demo entry;
 * the unique code lets one win. A loser finds the entry there and carries on (printing nothing:
 * its secret was never stored).
 */
async function unlessRaced(create: () => Promise<void>, count: () => Promise<number>): Promise<boolean> {
  try {
    await create();
    return true;
  } catch (err) {
    if ((await count()) > 0) return false;
    throw err;
  }
}

// Shown on the terminal, never logged: the log (pino writes to stdout too) is kept and shipped
// elsewhere. Under a service manager stdout is the log, so the secret goes to the controlling
// terminal if there is one, and otherwise nowhere: the operator then makes one with `operators add`.
function show(title: string, secret: string, logger: Logger): void {
  const text = `\n${title}\n\n  ${secret}\n\n`;
  if (process.stdout.isTTY) {
    process.stdout.write(text);
    return;
  }
  try {
    const tty = openSync('/dev/tty', 'w');
    try {
      writeSync(tty, text);
    } finally {
      closeSync(tty);
    }
  } catch {
    logger.warn(
      { hint: 'node src/main.ts operators add --name <name> --role admin (or registers add), or set DEMO_API_KEY / DEMO_OPERATOR_TOKEN' },
      'no terminal to show a first-start secret on; it is not written to the log',
    );
  }
}
