// Standard Webhooks signatures with the `standardwebhooks` package. Secrets are `whsec_` + base64 of
// 32 random bytes; during a rotation both the new and the previous secret sign, space-separated in
// one webhook-signature header, so a receiver verifies with whichever it holds.
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export function signedHeaders(secrets: readonly string[], messageId: string, at: number, payload: string): SignedHeaders {
  const timestamp = new Date(at);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(messageId, timestamp, payload)).join(' '),
  };
}
