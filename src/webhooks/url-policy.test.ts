import { describe, expect, it } from 'vitest';
import { ProblemError } from '../errors.ts';
import { checkWebhookUrl, type UrlPolicy } from './url-policy.ts';

const codeOf = (url: string, policy: UrlPolicy): string => {
  try {
    checkWebhookUrl(url, policy);
    return 'ok';
  } catch (err) {
    return err instanceof ProblemError ? err.code : 'thrown';
  }
};

describe('webhook URLs', () => {
  const dev: UrlPolicy = { allowPrivate: true, self: { host: '0.0.0.0', port: 8080, publicUrl: 'https://rtg.gov.example/' } };
  const prod: UrlPolicy = { allowPrivate: false, self: { host: '127.0.0.1', port: 8080 } };

  it('never lets the gateway call itself, private addresses allowed or not', () => {
    for (const url of ['http://127.0.0.1:8080/x', 'http://localhost:8080/', 'http://[::1]:8080/', 'http://0.0.0.0:8080/', 'https://rtg.gov.example/hook', 'https://RTG.gov.example:443/']) {
      expect(codeOf(url, dev), url).toBe('WEBHOOK_URL_SELF');
    }
    expect(codeOf('http://127.0.0.1:8080/x', prod)).toBe('WEBHOOK_URL_SELF');
  });

  it('allows loopback and private receivers on other ports in development only', () => {
    for (const url of ['http://127.0.0.1:9000/x', 'http://localhost:3000/', 'http://192.168.1.10/', 'http://10.0.0.1/', 'http://[fd00::1]/', 'http://[::ffff:127.0.0.1]:9000/']) {
      expect(codeOf(url, dev), url).toBe('ok');
      expect(codeOf(url, prod), url).toBe('WEBHOOK_URL_PRIVATE');
    }
  });

  it('judges an IPv6 address that carries an IPv4 address as that address (compatible, NAT64, 6to4)', () => {
    for (const url of ['http://[::127.0.0.1]:9000/', 'http://[64:ff9b::10.0.0.1]/', 'http://[64:ff9b::a9fe:a9fe]/', 'http://[2002:c0a8:0101::1]/', 'http://[64:ff9b:1::1]/']) {
      expect(codeOf(url, prod), url).toBe('WEBHOOK_URL_PRIVATE');
    }
    for (const url of ['http://[64:ff9b::8.8.8.8]/', 'http://[2002:0808:0808::1]/', 'http://[2a00:1450:4001::1]/']) {
      expect(codeOf(url, prod), url).toBe('ok');
    }
  });

  it('takes public http(s) URLs, normalised, and refuses other schemes and credentials', () => {
    expect(checkWebhookUrl('HTTPS://Register.Example/hooks?a=1', prod)).toBe('https://register.example/hooks?a=1');
    expect(codeOf('https://rtg.gov.example:8443/', dev)).toBe('ok');
    expect(codeOf('file:///etc/passwd', prod)).toBe('WEBHOOK_URL_SCHEME');
    expect(codeOf('https://a@register.example/', prod)).toBe('WEBHOOK_URL_CREDENTIALS');
    expect(codeOf(`https://register.example/${'a'.repeat(2000)}`, prod)).toBe('WEBHOOK_URL_INVALID');
  });
});
