// Binding a register to its TLS client certificate (mTLS) from the command line:
//   registers bind-cert --register 12345678 --cert-file register.pem       by the certificate's SHA-256 fingerprint
//   registers bind-cert --register 12345678 --fingerprint AB:CD:…          the same, the fingerprint given
//   registers bind-cert --register 12345678 --subject "C=UA, O=…, CN=…"    any certificate of the client CA with this subject
//   registers unbind-cert --register 12345678 [one of the three above]      removes that binding, or every one
// A bound register's key is accepted only with a matching certificate; binding a second one lets a
// renewed certificate overlap the old.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { normaliseFingerprint, oneLineSubject, type ClientCertBinding } from '../auth/client-cert.ts';
import type { Config } from '../config/config.ts';
import { openStore } from '../store/open-store.ts';
import { dataFields } from '../store/crypto/data-keys.ts';
import type { CliOutput } from './access.ts';

const USAGE =
  'usage:\n' +
  '  registers bind-cert --register <ЄДРПОУ> --cert-file <certificate.pem> | --fingerprint <SHA-256> | --subject "C=UA, O=…, CN=…"\n' +
  '  registers unbind-cert --register <ЄДРПОУ> [--cert-file … | --fingerprint … | --subject …]   (none: every binding)';

type Values = { register?: string; 'cert-file'?: string; fingerprint?: string; subject?: string };

/** The binding the options name, null when none does, or a message. */
export function bindingFromOptions(v: Values): { ok: true; binding: ClientCertBinding | null } | { ok: false; message: string } {
  const given = [v['cert-file'], v.fingerprint, v.subject].filter((x) => x !== undefined);
  if (given.length > 1) return { ok: false, message: 'name the certificate one way: --cert-file, --fingerprint or --subject' };
  if (v['cert-file'] !== undefined) {
    try {
      return { ok: true, binding: { kind: 'fingerprint', value: new X509Certificate(readFileSync(v['cert-file'])).fingerprint256 } };
    } catch {
      return { ok: false, message: `${v['cert-file']}: not a readable PEM certificate` };
    }
  }
  if (v.fingerprint !== undefined) {
    const value = normaliseFingerprint(v.fingerprint);
    return value ? { ok: true, binding: { kind: 'fingerprint', value } } : { ok: false, message: 'not a SHA-256 fingerprint (64 hex digits, colons optional)' };
  }
  if (v.subject !== undefined) {
    const value = oneLineSubject(v.subject);
    return /(^|, )CN=./.test(value) ? { ok: true, binding: { kind: 'subject', value } } : { ok: false, message: 'a subject names at least its CN, e.g. "C=UA, O=…, CN=…"' };
  }
  return { ok: true, binding: null };
}

export async function registerCertCommand(config: Config, action: 'bind-cert' | 'unbind-cert', args: string[], out: CliOutput = console, now: () => number = Date.now): Promise<number> {
  let values: Values;
  try {
    ({ values } = parseArgs({ args, options: { register: { type: 'string' }, 'cert-file': { type: 'string' }, fingerprint: { type: 'string' }, subject: { type: 'string' } } }));
  } catch {
    out.error(USAGE);
    return 2;
  }
  const parsed = bindingFromOptions(values);
  if (!parsed.ok) out.error(parsed.message);
  if (!parsed.ok || !values.register || !/^\d{8}$/.test(values.register) || (action === 'bind-cert' && !parsed.binding)) {
    out.error(USAGE);
    return 2;
  }
  const { register } = values;
  const binding = parsed.binding;
  const store = await openStore(config, dataFields(config));
  try {
    if (action === 'bind-cert' && binding) {
      const result = await store.clientCerts.bind(register, binding, now());
      if (result === 'unknown_register') return notFound(out, register);
      out.log(`Register ${register}: ${result === 'bound' ? 'bound to' : 'already bound to'} the client certificate with ${binding.kind} ${binding.value}. Its key is now accepted only over TLS with a matching certificate issued by TLS_CLIENT_CA_FILE.`);
      return 0;
    }
    const unbound = await store.clientCerts.unbind(register, binding ?? undefined);
    if (unbound === null) return notFound(out, register);
    const { removed, left } = unbound;
    out.log(`Register ${register}: ${removed} binding(s) removed; ${left === 0 ? 'its key alone is accepted again (unless TLS_CLIENT_CERT_REQUIRED)' : `${left} left`}.`);
    return 0;
  } finally {
    await store.close();
  }
}

function notFound(out: CliOutput, code: string): number {
  out.error(`register ${code} not found`);
  return 1;
}
