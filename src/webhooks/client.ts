// Posts one webhook with undici: a timeout for the whole exchange (WEBHOOK_TIMEOUT), no redirects
// followed (a 3xx is a failure: a redirect could lead anywhere), the answer's body not read, and,
// unless private URLs are allowed, a refusal to connect to a private address whatever the name
// resolved to (checked at connect time, so a name re-pointed after registration is caught too).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import { bareHost, isLocalHost, isPrivateAddress } from './addresses.ts';

export type WebhookOutcome = { kind: 'answer'; status: number } | { kind: 'fault'; error: string };

export interface WebhookClient {
  post(url: string, body: string, headers: Record<string, string>, signal?: AbortSignal): Promise<WebhookOutcome>;
  close(): Promise<void>;
}

const PRIVATE_REFUSED = 'private_address: the endpoint resolves to a private or loopback address (WEBHOOK_ALLOW_PRIVATE_URLS=false)';

/** dns.lookup that refuses private and loopback addresses. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 4);
    const found = addresses.find((a) => !isPrivateAddress(a.address));
    if (!found || addresses.some((a) => isPrivateAddress(a.address))) return callback(new Error(PRIVATE_REFUSED), '', 4);
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, found.address, found.family);
  });
};

export function createWebhookClient(options: { timeoutMs: number; allowPrivate: boolean }): WebhookClient {
  const agent = new Agent({
    connect: { timeout: options.timeoutMs, ...(options.allowPrivate ? {} : { lookup: publicOnlyLookup }) },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    keepAliveTimeout: 10_000,
  });
  return {
    async post(url, body, headers, signal) {
      const host = new URL(url).hostname;
      if (!options.allowPrivate && (isLocalHost(host) || isPrivateAddress(bareHost(host)))) return { kind: 'fault', error: PRIVATE_REFUSED };
      const timeout = AbortSignal.timeout(options.timeoutMs);
      try {
        const res = await request(url, {
          method: 'POST',
          dispatcher: agent,
          body,
          headers: { 'content-type': 'application/json', 'user-agent': 'rtg-gateway-webhooks', ...headers },
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        // Only the status counts; a little of the body is drained so the connection can be reused, then dropped.
        await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
        return { kind: 'answer', status: res.statusCode };
      } catch (err) {
        if (timeout.aborted) return { kind: 'fault', error: `timeout: no answer within ${options.timeoutMs} ms` };
        if (signal?.aborted) return { kind: 'fault', error: 'aborted: the gateway is stopping' };
        const code = (err as { code?: string }).code;
        const message = err instanceof Error ? err.message : String(err);
        return { kind: 'fault', error: `${code ?? 'network_error'}: ${message}`.slice(0, 300) };
      }
    },
    close: () => agent.close(),
  };
}
