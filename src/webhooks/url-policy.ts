// Which URLs an endpoint may have. Only http and https, without user:password, never the gateway
// itself (its listen address or its public URL: it would call itself on every event). Private and
// loopback addresses are refused unless WEBHOOK_ALLOW_PRIVATE_URLS (the SSRF stance: a register must
// not make the gateway reach into the network it sits in); the client checks the resolved address
// again when it connects, so a name that resolves to a private address is refused too.
import { networkInterfaces } from 'node:os';
import { ProblemError } from '../errors.ts';
import { bareHost, isLocalHost, isPrivateAddress } from './addresses.ts';

export interface UrlPolicy {
  allowPrivate: boolean;
  /** Where the gateway listens (HOST, PORT) and, when set, its public URL (PUBLIC_URL). */
  self: { host: string; port: number; publicUrl?: string };
}

const invalid = (code: string, uk: string, en: string) => new ProblemError({ status: 422, code, pointer: '/url', message: { uk, en } });

const defaultPort = (url: URL): number => (url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80);

/** The gateway's own addresses: its listen host, and every local interface when it listens on all of them. */
function ownHosts(host: string): Set<string> {
  const hosts = new Set([bareHost(host)]);
  if (host === '0.0.0.0' || host === '::') {
    for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) hosts.add(bareHost(i.address));
  }
  return hosts;
}

function pointsAtSelf(url: URL, self: UrlPolicy['self']): boolean {
  if (self.publicUrl !== undefined) {
    const own = new URL(self.publicUrl);
    if (own.hostname.toLowerCase() === url.hostname.toLowerCase() && defaultPort(own) === defaultPort(url)) return true;
  }
  if (defaultPort(url) !== self.port) return false;
  return isLocalHost(url.hostname) || ownHosts(self.host).has(bareHost(url.hostname));
}

/** The URL as it will be stored, or a 422 with a code saying what is wrong with it. */
export function checkWebhookUrl(raw: unknown, policy: UrlPolicy): string {
  if (typeof raw !== 'string' || raw.length > 2000 || !URL.canParse(raw)) {
    throw invalid('WEBHOOK_URL_INVALID', 'url має бути абсолютною адресою http(s) до 2000 символів.', 'url must be an absolute http(s) URL of up to 2000 characters.');
  }
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid('WEBHOOK_URL_SCHEME', `Схема «${url.protocol}» не підтримується: лише http або https.`, `The scheme "${url.protocol}" is not supported: http or https only.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw invalid(
      'WEBHOOK_URL_CREDENTIALS',
      'Адреса не може містити ім’я користувача чи пароль: перевіряйте підпис webhook-signature.',
      'The URL must not carry a user name or password: verify the webhook-signature instead.',
    );
  }
  if (pointsAtSelf(url, policy.self)) {
    throw invalid('WEBHOOK_URL_SELF', 'Адреса вказує на сам шлюз: вкажіть сервер реєстру.', 'The URL points at the gateway itself: give your register’s server.');
  }
  if (!policy.allowPrivate && (isLocalHost(url.hostname) || isPrivateAddress(url.hostname))) {
    throw invalid(
      'WEBHOOK_URL_PRIVATE',
      'Адреси локальних і приватних мереж заборонені (WEBHOOK_ALLOW_PRIVATE_URLS=false): вкажіть публічну адресу.',
      'Loopback and private network addresses are refused (WEBHOOK_ALLOW_PRIVATE_URLS=false): give a public address.',
    );
  }
  return url.toString();
}
