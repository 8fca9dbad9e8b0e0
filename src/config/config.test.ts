import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { formatDuration, parseDuration, parseDurationList } from './duration.ts';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({}, '/srv/rtg');
    expect(config.port).toBe(8080);
    expect(config.mockDmsPort).toBe(8081);
    expect(config.dataDir).toBe('/srv/rtg/data');
    expect(config.dmsUrl).toBeUndefined();
    expect(config.signing.algorithm).toBe('rsa-sha256');
    expect(config.xroad.service).toEqual({ xRoadInstance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode: '37508470', subsystemCode: 'VIS' });
    expect(config.delivery.retrySchedule[0]).toBe(5000);
    // about three days in all
    const total = config.delivery.retrySchedule.reduce((a, b) => a + b, 0);
    expect(total / 86_400_000).toBeGreaterThan(2.5);
    expect(total / 86_400_000).toBeLessThan(3.5);
  });

  it('embeds the default destination (the mock or DMS_URL, both versions, v1 in force) and loads the file when given', () => {
    expect(loadConfig({}).destination).toEqual({ name: 'dms', url: null, versions: ['dms-registration-v1', 'dms-registration-v2'], cutovers: [] });
    const dir = mkdtempSync(path.join(tmpdir(), 'rtg-dest-'));
    try {
      writeFileSync(path.join(dir, 'ok.json'), JSON.stringify({ destinations: [{ name: 'dms', url: 'https://dms.example/', versions: ['dms-registration-v1', 'dms-registration-v2'], cutovers: [{ version: 'dms-registration-v2', from: '2027-01-01T00:00:00+02:00' }] }] }));
      const config = loadConfig({ DMS_DESTINATIONS_FILE: 'ok.json' }, dir);
      expect(config.dmsUrl).toBe('https://dms.example/');
      expect(config.destination.cutovers).toEqual([{ version: 'dms-registration-v2', from: Date.parse('2027-01-01T00:00:00+02:00'), fromText: '2027-01-01T00:00:00+02:00' }]);

      // A malformed file stops the start with the line of the mistake.
      writeFileSync(path.join(dir, 'bad.json'), '{ "destinations": [\n  { "name": "dms", "url": "https://dms.example/",\n    "versions": ["dms-registration-v7"] }\n] }');
      expect(() => loadConfig({ DMS_DESTINATIONS_FILE: 'bad.json' }, dir)).toThrow(/bad\.json line 3: destinations\[0\]\.versions\[0\]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports every problem at once', () => {
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DMS_URL: 'ftp://x', RETRY_SCHEDULE: '5s,soon', SIGNING_KEY_FILE: 'k.pem' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'LOG_LEVEL', 'DMS_URL', 'RETRY_SCHEDULE', 'SIGNING_KEY_FILE and SIGNING_CERT_FILE']) expect(problems).toContain(name);
    }
  });

  it('reads where and when the built-in mock pushes final outcomes', () => {
    expect(loadConfig({})).toMatchObject({ mockDmsOutcomeDelayMs: 3000, mockDmsCallbackUrls: undefined });
    const config = loadConfig({ MOCK_DMS_OUTCOME_DELAY_MS: '250', MOCK_DMS_CALLBACK_URL: 'http://10.0.0.1:8080/xroad/dms, http://10.0.0.2:8080/xroad/dms' });
    expect(config.mockDmsOutcomeDelayMs).toBe(250);
    expect(config.mockDmsCallbackUrls).toEqual(['http://10.0.0.1:8080/xroad/dms', 'http://10.0.0.2:8080/xroad/dms']);
    expect(() => loadConfig({ MOCK_DMS_OUTCOME_DELAY_MS: 'soon', MOCK_DMS_CALLBACK_URL: 'ftp://x/' })).toThrow(/MOCK_DMS_OUTCOME_DELAY_MS[\s\S]*MOCK_DMS_CALLBACK_URL/);
  });

  it('refuses a lease shorter than an attempt can take', () => {
    expect(() => loadConfig({ DELIVERY_LEASE: '10s', DMS_RESPONSE_TIMEOUT: '30s' })).toThrow(/DELIVERY_LEASE/);
  });

  it('refuses a short demo key', () => {
    expect(() => loadConfig({ DEMO_API_KEY: 'short' })).toThrow(/DEMO_API_KEY/);
  });

  it('reads an X-Road client template without a member code', () => {
    expect(loadConfig({ XROAD_CLIENT: 'SEVDEIR/GOV/RTG-HOST' }).xroad.client).toEqual({ xRoadInstance: 'SEVDEIR', memberClass: 'GOV', subsystemCode: 'RTG-HOST' });
    expect(() => loadConfig({ XROAD_CLIENT: 'SEVDEIR' })).toThrow(/XROAD_CLIENT/);
  });
});

describe('durations', () => {
  it('parses the units people write', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('5s')).toBe(5000);
    expect(parseDuration('1.5m')).toBe(90_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('3d')).toBe(259_200_000);
    expect(parseDurationList('1s, 2s,3s')).toEqual([1000, 2000, 3000]);
    expect(() => parseDuration('5')).toThrow();
    expect(() => parseDurationList(' , ')).toThrow();
    expect(formatDuration(7_200_000)).toBe('2h');
    expect(formatDuration(1500)).toBe('1500ms');
  });
});
