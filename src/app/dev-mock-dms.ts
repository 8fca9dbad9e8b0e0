// The mock DMS (mocks/dms, its own app) started beside the gateway when DMS_URL is unset, alone
// (`mock-dms`), or as the sandbox's DMS: every gateway delivers events posted with test keys to a
// mock of its own on loopback, whatever DMS_URL says. The only module under src/ that imports
// mocks/; it is loaded on demand (src/app/serve.ts, src/app/gateway.ts), never by a static import.
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { devAnswerKey } from '../../mocks/dms/dev-answer-key.ts';
import { startMockDms, type RunningMockDms } from '../../mocks/dms/server.ts';
import type { Config } from '../config/config.ts';
import { verifyDmsAnswer } from '../signing/dms-answer.ts';
import { splitPemBundle } from '../signing/pem.ts';
import type { SandboxTarget } from '../delivery/attempt.ts';
import { startGateway, type GatewayOptions, type RunningGateway } from './gateway.ts';
import { setUpSigningKey } from './signing-key.ts';

/** The mock DMS on loopback, then the gateway delivering to it; close() stops both. */
export async function startGatewayWithMockDms(config: Config, logger: Logger, options: GatewayOptions = {}): Promise<RunningGateway> {
  const caFile = config.mockTrustedCaFile ?? setUpSigningKey(config).devCaFile;
  if (!caFile) throw new Error('DMS_URL is unset, so the built-in mock DMS starts; with production keys it needs MOCK_DMS_TRUSTED_CA_FILE');
  // Loopback only, whatever HOST says: its admin API shows raw messages and changes behaviour.
  const mock = await startMock(config, '127.0.0.1', caFile, logger.child({ component: 'mock-dms' }));
  logger.info({ url: mock.url }, 'DMS_URL is unset: the built-in mock DMS is running');
  try {
    // The gateway pins the CA that issued the mock's answer key, unless DMS_CA_FILE names another.
    const dmsCaFile = config.dmsCaFile ?? devAnswerKey(config.signing.devCertsDir).caCertFile;
    const gateway = await startGateway({ ...config, dmsUrl: mock.url, dmsCaFile }, logger, options);
    // The mock pushes final outcomes and notices to this gateway, unless MOCK_DMS_CALLBACK_URL names others.
    if (!config.mockDmsCallbackUrls) mock.state.outbox.setCallbackUrls([`${gateway.url}/xroad/dms`]);
    return {
      ...gateway,
      close: async () => {
        await gateway.close();
        await mock.close().catch((err: unknown) => logger.error({ err }, 'shutdown step failed'));
      },
    };
  } catch (err) {
    await mock.close().catch(() => undefined);
    throw err;
  }
}

/** The mock DMS alone, on HOST:MOCK_DMS_PORT (`mock-dms`). */
export async function startMockDmsAlone(config: Config, logger: Logger): Promise<RunningMockDms> {
  const caFile = config.mockTrustedCaFile ?? setUpSigningKey(config).devCaFile;
  if (!caFile) throw new Error('set MOCK_DMS_TRUSTED_CA_FILE to the CA the mock should trust');
  const mock = await startMock(config, config.host, caFile, logger);
  logger.info({ url: mock.url }, 'mock DMS is listening');
  return mock;
}

export interface SandboxDms extends SandboxTarget {
  /** The CA of its answer key: what the gateway's sandbox channel (/xroad/dms-sandbox) trusts. */
  caPems: string[];
  /** Where it pushes final outcomes: the gateway's sandbox channel, known once the gateway listens. */
  setCallbackUrl(url: string): void;
  close(): Promise<void>;
}

/**
 * The sandbox's own mock DMS: loopback, a random port, independent of DMS_URL and of the development
 * mock. Its answers are verified against the development DMS CA that issued its answer key. With
 * production signing keys it needs MOCK_DMS_TRUSTED_CA_FILE (the CA of the gateway's key); null
 * without it, and sandbox deliveries wait (never sent to DMS).
 */
export async function startSandboxDms(config: Config, devCaFile: string | null, logger: Logger): Promise<SandboxDms | null> {
  const caFile = config.mockTrustedCaFile ?? devCaFile;
  if (!caFile) return null;
  const mock = await startMock({ ...config, mockDmsPort: 0, mockDmsCallbackUrls: undefined }, '127.0.0.1', caFile, logger);
  const caPems = splitPemBundle(readFileSync(devAnswerKey(config.signing.devCertsDir).caCertFile, 'utf8'));
  return {
    dmsUrl: mock.url,
    verifyAnswer: (xml) => verifyDmsAnswer(xml, { caPems }),
    caPems,
    setCallbackUrl: (url) => mock.state.outbox.setCallbackUrls([url]),
    close: () => mock.close(),
  };
}

function startMock(config: Config, host: string, caFile: string, logger: Logger): Promise<RunningMockDms> {
  // The mock signs its answers with a development DMS key of its own (certs/dev/dms).
  const answerSigningKey = devAnswerKey(config.signing.devCertsDir).key;
  return startMockDms({
    port: config.mockDmsPort,
    host,
    adminToken: config.mockAdminToken,
    trustedCaPems: splitPemBundle(readFileSync(caFile, 'utf8')),
    answerSigningKey,
    logger,
    outcomeDelayMs: config.mockDmsOutcomeDelayMs,
    callbackUrls: config.mockDmsCallbackUrls,
    // It pushes as the DMS subsystem the gateway is configured to deliver to and to hear from.
    dmsIdentity: config.xroad.service,
  });
}
