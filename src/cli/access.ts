// Access management from the command line (the secrets are printed once, only their peppered hashes kept):
//   registers add --code 12345678 --name "…"           a register and its API key
//   operators add --name olena --role operator          an operator (viewer | operator | admin) and its token
//   keys add --register 12345678 --sandbox              a test key (rtg_test_…): its events go to the built-in mock DMS only
//   keys rotate --register 12345678 [--sandbox] [--overlap 1h]   a new API key; the old one works for the overlap (KEY_ROTATION_OVERLAP)
//   keys revoke --register 12345678 [--sandbox]         every key of the register (or only its test key) refused at once, its console sessions ended
//   operators rotate --name olena [--overlap 1h]        likewise for an operator's token
//   operators revoke --name olena
//   registers add … --territory UA…,UA…  /  registers set-territory --code … --territory …   (register-territory.ts)
//   registers bind-cert|unbind-cert --register … --cert-file|--fingerprint|--subject …     (register-certs.ts, mTLS)
// Every rotation and revocation is written to the audit log (who ran it, what, on whom; never the secret).
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { generateApiKey, generateOperatorToken, secretHasher } from '../auth/api-keys.ts';
import { loadPepper } from '../auth/pepper.ts';
import type { Config } from '../config/config.ts';
import { formatDuration, parseDuration } from '../config/duration.ts';
import { uuidv7 } from '../ids.ts';
import { sandboxCode } from '../store/access.ts';
import { dataFields } from '../store/crypto/data-keys.ts';
import { openStore } from '../store/open-store.ts';
import { registerCertCommand } from './register-certs.ts';
import { parseTerritory, setTerritoryCommand } from './register-territory.ts';
import type { OperatorRole } from '../delivery/model/actors.ts';

const ROLES: OperatorRole[] = ['viewer', 'operator', 'admin'];

export interface CliOutput {
  log(text: string): void;
  error(text: string): void;
}

export async function accessCommand(
  config: Config,
  kind: 'registers' | 'operators' | 'keys',
  args: string[],
  out: CliOutput = console,
  now: () => number = Date.now,
  actor: string = cliActor(),
): Promise<number> {
  const [action, ...rest] = args;
  if (kind === 'registers' && action === 'set-territory') return setTerritoryCommand(config, rest);
  if (kind === 'registers' && (action === 'bind-cert' || action === 'unbind-cert')) return registerCertCommand(config, action, rest, out, now);
  let values: { code?: string; name?: string; role?: string; register?: string; overlap?: string; territory?: string; sandbox?: boolean };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { code: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, register: { type: 'string' }, overlap: { type: 'string' }, territory: { type: 'string' }, sandbox: { type: 'boolean' } },
    }));
  } catch {
    return usage(out);
  }
  const territory = parseTerritory(values.territory ?? '');
  if (!territory.ok) {
    out.error(territory.message);
    return usage(out);
  }
  let overlapMs = config.keyRotationOverlapMs;
  if (values.overlap !== undefined) {
    try {
      overlapMs = values.overlap === '0' ? 0 : parseDuration(values.overlap);
    } catch {
      return usage(out);
    }
  }
  const task = pick(kind, action, values);
  if (!task) return usage(out);

  const hasher = secretHasher(loadPepper(config));
  const store = await openStore(config, dataFields(config));
  // The key's owner as stored: a register's sandbox twin holds its test keys.
  const keyOwner = values.sandbox ? sandboxCode(values.register as string) : (values.register as string);
  const which = values.sandbox ? `register ${values.register} (sandbox)` : `register ${values.register}`;
  const audit = (action: string, detail: Record<string, unknown>) => store.audit.appendAudit({ at: now(), actor, action, eventId: null, reason: null, detail });
  try {
    const at = now();
    switch (task) {
      case 'add-test-key': {
        const key = generateApiKey({ sandbox: true });
        if (!(await store.access.createSandboxRegister(values.register as string, { id: uuidv7(), apiKeyHash: hasher.hash(key), createdAt: at }))) {
          out.error(`register ${values.register} not found, or it has a test key already (\`keys rotate --register ${values.register} --sandbox\` replaces it)`);
          return 1;
        }
        await audit('key.added', { register: values.register, sandbox: true });
        out.log(`Register ${values.register}: test key (shown once). Events posted with it go to the built-in mock DMS, never to DMS:\n\n  ${key}\n`);
        return 0;
      }
      case 'add-register': {
        const key = generateApiKey();
        const id = uuidv7();
        await store.access.createRegister({ id, code: values.code as string, name: values.name as string, apiKeyHash: hasher.hash(key), createdAt: at });
        if (territory.codes.length > 0) await store.territory.setTerritory(id, territory.codes);
        const serving = territory.codes.length === 0 ? 'all of Ukraine' : territory.codes.join(', ');
        out.log(`Register ${values.code} added, serving ${serving}. Its API key (shown once, store it safely):\n\n  ${key}\n`);
        return 0;
      }
      case 'add-operator': {
        const token = generateOperatorToken();
        await store.access.createOperator({ id: uuidv7(), name: values.name as string, role: values.role as OperatorRole, tokenHash: hasher.hash(token), createdAt: at });
        out.log(`Operator ${values.name} (${values.role}) added. The token (shown once, store it safely):\n\n  ${token}\n`);
        return 0;
      }
      case 'rotate-key': {
        const key = generateApiKey({ sandbox: values.sandbox });
        if (!(await store.access.rotateRegisterKey(keyOwner, { newHash: hasher.hash(key), overlapMs, now: at }))) return notFound(out, which);
        await audit('key.rotated', { register: values.register, sandbox: values.sandbox === true, overlapMs });
        out.log(`${capital(which)}: new API key (shown once, store it safely):\n\n  ${key}\n\n${overlapNote(overlapMs, at)}`);
        return 0;
      }
      case 'rotate-token': {
        const token = generateOperatorToken();
        if (!(await store.access.rotateOperatorToken(values.name as string, { newHash: hasher.hash(token), overlapMs, now: at }))) return notFound(out, `operator ${values.name}`);
        await audit('operator.token_rotated', { operator: values.name, overlapMs });
        out.log(`Operator ${values.name}: new token (shown once, store it safely):\n\n  ${token}\n\n${overlapNote(overlapMs, at)}`);
        return 0;
      }
      case 'revoke-key':
        if (!(await store.access.revokeRegister(keyOwner, at))) return notFound(out, which);
        await audit('key.revoked', { register: values.register, sandbox: values.sandbox === true });
        out.log(
          values.sandbox
            ? `Register ${values.register}: its test key revoked. \`keys rotate --register ${values.register} --sandbox\` issues a new one.`
            : `Register ${values.register}: every API key (test keys too) revoked, its console sessions ended. \`keys rotate --register ${values.register}\` issues a new key.`,
        );
        return 0;
      case 'revoke-token':
        if (!(await store.access.revokeOperator(values.name as string, at))) return notFound(out, `operator ${values.name}`);
        await audit('operator.token_revoked', { operator: values.name });
        out.log(`Operator ${values.name}: token revoked, console sessions ended. \`operators rotate --name ${values.name}\` issues a new token.`);
        return 0;
    }
  } finally {
    await store.close();
  }
}

type Task = 'add-register' | 'add-operator' | 'add-test-key' | 'rotate-key' | 'rotate-token' | 'revoke-key' | 'revoke-token';

/** Who ran the command, as the audit log names it: the operating-system account. */
function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function pick(kind: string, action: string | undefined, v: { code?: string; name?: string; role?: string; register?: string; sandbox?: boolean }): Task | null {
  const code = (s: string | undefined) => s !== undefined && /^\d{8}$/.test(s);
  if (kind === 'registers' && action === 'add' && code(v.code) && v.name) return 'add-register';
  if (kind === 'operators' && action === 'add' && v.name && ROLES.includes(v.role as OperatorRole)) return 'add-operator';
  if (kind === 'operators' && action === 'rotate' && v.name) return 'rotate-token';
  if (kind === 'operators' && action === 'revoke' && v.name) return 'revoke-token';
  if (kind === 'keys' && action === 'add' && code(v.register) && v.sandbox) return 'add-test-key';
  if (kind === 'keys' && action === 'rotate' && code(v.register)) return 'rotate-key';
  if (kind === 'keys' && action === 'revoke' && code(v.register)) return 'revoke-key';
  return null;
}

const overlapNote = (overlapMs: number, at: number): string =>
  overlapMs > 0
    ? `The previous one keeps working for ${formatDuration(overlapMs)}, until ${new Date(at + overlapMs).toISOString()}.`
    : 'The previous one no longer works.';

function notFound(out: CliOutput, what: string): number {
  out.error(`${what} not found`);
  return 1;
}

function usage(out: CliOutput): number {
  out.error(
    'usage:\n' +
      '  registers add --code <ЄДРПОУ, 8 digits> --name "<registration authority>" [--territory UA…,UA…]\n' +
      '  registers set-territory --code <ЄДРПОУ> --territory UA…,UA…   (an empty list: all of Ukraine)\n' +
      '  registers bind-cert --register <code> --cert-file <pem> | --fingerprint <SHA-256> | --subject "C=UA, O=…, CN=…"\n' +
      '  registers unbind-cert --register <code> [--cert-file … | --fingerprint … | --subject …]\n' +
      '  keys add --register <code> --sandbox        (a test key, rtg_test_…)\n' +
      '  keys rotate --register <code> [--sandbox] [--overlap 1h]\n' +
      '  keys revoke --register <code> [--sandbox]\n' +
      '  operators add --name <name> --role viewer|operator|admin\n' +
      '  operators rotate --name <name> [--overlap 1h]\n' +
      '  operators revoke --name <name>',
  );
  return 2;
}
