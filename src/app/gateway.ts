// The composition root of `serve`: store, signing key, worker (delivering to DMS_URL, and sandbox
// events to a mock DMS of its own), replay runner, housekeeping and HTTP server, started in that
// order and stopped in the reverse one. The development mock standing in for DMS is not part of it:
// src/app/serve.ts starts it beside the gateway when DMS_URL is unset.
import { randomBytes } from 'node:crypto';
import type { ServerOptions } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { createDmsClient } from '../delivery/dms-client.ts';
import { DeliveryWorker } from '../delivery/worker.ts';
import { createApp } from '../http/app.ts';
import { createRateLimits } from '../http/rate-limit/limits.ts';
import { serverTimeoutOptions } from '../http/server-timeouts.ts';
import { httpsServerOptions, readTlsMaterial, reloadTls } from '../http/tls.ts';
import { readDmsTls } from '../delivery/dms-tls.ts';
import type { DmsContract } from '../mapping/contract.ts';
import { versionForNewMessage } from '../delivery/contract-version.ts';
import { createContracts } from '../mapping/versions.ts';
import { signEnvelope } from '../signing/sign.ts';
import { evidenceObserver } from '../evidence/evidence-observer.ts';
import { GatewayMetrics } from '../metrics/gateway-metrics.ts';
import { createNoticeOperations } from '../notices/operations.ts';
import { createOperations } from '../operations/create-operations.ts';
import type { OperationsDeps } from '../operations/deps.ts';
import { ReplayRunner } from '../operations/replay-runner.ts';
import { dataFields } from '../store/crypto/data-keys.ts';
import { openStore } from '../store/open-store.ts';
import { secretHasher } from '../auth/api-keys.ts';
import { loadPepper } from '../auth/pepper.ts';
import type { Store } from '../store/open-store.ts';
import { combineObservers } from '../delivery/combine-observers.ts';
import { ensureFirstStartAccess } from './first-start.ts';
import { startMaintenance } from './maintenance.ts';
import { setUpSigningKey } from './signing-key.ts';
import { dmsAnswerVerifier } from './dms-answer-trust.ts';
import { readFileSync } from 'node:fs';
import { dmsInboundRoutes } from '../dms-inbound/route.ts';
import { outcomesOf } from '../dms-inbound/outcomes-of.ts';
import type { NoticeSink } from '../notices/notice.ts';
import { splitPemBundle } from '../signing/pem.ts';
import { createWebhookClient } from '../webhooks/client.ts';
import { createWebhookManagement } from '../webhooks/manage.ts';
import { WebhookWorker } from '../webhooks/worker.ts';

export interface RunningGateway {
  url: string;
  dmsUrl: string;
  /** The sandbox's mock DMS (events posted with test keys); null when it cannot start (see startSandboxDms). */
  sandboxDmsUrl: string | null;
  store: Store;
  worker: DeliveryWorker;
  /** SIGHUP: re-reads TLS_CERT_FILE, TLS_KEY_FILE and TLS_CLIENT_CA_FILE for new connections; false without TLS or when a file is unusable (the old one stays). */
  reloadTls(): boolean;
  close(): Promise<void>;
}

export interface GatewayOptions {
  /** Where verified DMS notices go; the store's notices aggregate unless a test gives another. */
  noticeSink?: (store: Store) => NoticeSink;
}

export async function startGateway(config: Config, logger: Logger, options: GatewayOptions = {}): Promise<RunningGateway> {
  // Unusable certificate files stop the start before anything is opened, naming the variable.
  const tls = config.tls ? { config: config.tls, material: readTlsMaterial(config.tls) } : undefined;
  const dmsTls = readDmsTls(config.dmsTls);
  // Personal data at rest is encrypted under the data keys (DATA_KEYS_FILE / DATA_KEY), outside the database.
  const store = await openStore(config, dataFields(config));
  const closers: Array<() => Promise<void>> = [() => store.close()];
  try {
    const signing = setUpSigningKey(config);
    logger.info({ algorithm: signing.key.algorithm, subject: signing.key.subject, notAfter: signing.key.notAfter }, 'signing key loaded');

    const dmsUrl = config.dmsUrl;
    if (!dmsUrl) throw new Error('startGateway needs DMS_URL; src/app/serve.ts starts the mock DMS for it in development');

    if (dmsTls && new URL(dmsUrl).protocol !== 'https:') {
      logger.warn({ dmsUrl }, 'DMS_CLIENT_CERT_FILE / DMS_SERVER_CA_FILE are set but DMS_URL is not https: they are not used');
    }
    const hasher = secretHasher(loadPepper(config));
    if (config.signing.keyFile && !config.secretPepper.value && !config.secretPepper.file) {
      logger.warn({ file: 'DEV_CERTS_DIR/secret-pepper' }, 'production signing key but no SECRET_PEPPER(_FILE): key hashes use the development pepper file');
    }
    // Kept encrypted under the data key (a plaintext one from before is encrypted in place, unchanged):
    // a wrong data key stops the start here, before anything else is written.
    const personKeySecret = await store.access.getOrCreateSecret('person_key_secret', () => randomBytes(32).toString('base64url'));
    await ensureFirstStartAccess(store.access, { demoApiKey: config.demoApiKey, demoOperatorToken: config.demoOperatorToken }, hasher, logger);
    const bound = await store.clientCerts.boundRegisters();
    if (bound > 0 && !config.tls?.clientCaFile) {
      logger.warn({ registers: bound }, 'registers are bound to TLS client certificates but TLS_CLIENT_CA_FILE is unset: no certificate can be checked, so their keys are refused');
    }

    // Every version the gateway speaks: a message signed in one the destination no longer lists is
    // still resent and understood. New messages are made only in the destination's versions.
    const destination = config.destination;
    const contracts: ReadonlyMap<string, DmsContract> = createContracts(config.xroad);
    const retired = new Set<string>();
    const client = createDmsClient({
      connectTimeoutMs: config.delivery.connectTimeoutMs,
      responseTimeoutMs: config.delivery.responseTimeoutMs,
      connections: config.delivery.concurrency,
      tls: dmsTls,
    });
    closers.unshift(() => client.close());
    const metrics = new GatewayMetrics();
    // Loaded on demand: the mock's code is not a static dependency of the gateway (tests/architecture).
    const sandbox = config.delivery.workerEnabled ? await (await import('./dev-mock-dms.ts')).startSandboxDms(config, signing.devCaFile, logger.child({ component: 'sandbox-dms' })) : null;
    if (sandbox) closers.unshift(() => sandbox.close());
    else if (config.delivery.workerEnabled) logger.warn('the sandbox mock DMS cannot start (production signing key, no MOCK_DMS_TRUSTED_CA_FILE): events posted with test keys wait, undelivered');
    const worker = new DeliveryWorker(
      {
        deliveries: store.deliveries,
        // A recorded outcome may have written webhooks (the outbox): the webhook worker looks at once.
        observer: combineObservers(evidenceObserver(), metrics.observer, { recorded: () => webhookWorker.wake() }),
        contracts,
        sign: (xml) => signEnvelope(xml, signing.key),
        verifyAnswer: dmsAnswerVerifier(config, logger),
        client,
        dmsUrl,
        ...(sandbox ? { sandbox: { dmsUrl: sandbox.dmsUrl, verifyAnswer: sandbox.verifyAnswer } } : {}),
        destination,
        retired,
        policy: { schedule: config.delivery.retrySchedule, jitter: config.delivery.jitter, retryAfterMaxMs: config.delivery.retryAfterMaxMs },
        logger: logger.child({ component: 'worker' }),
      },
      config.delivery,
    );
    const webhookClient = createWebhookClient({ timeoutMs: config.webhooks.timeoutMs, allowPrivate: config.webhooks.allowPrivateUrls });
    closers.unshift(() => webhookClient.close());
    const webhookWorker = new WebhookWorker(
      { webhooks: store.webhooks, client: webhookClient, logger: logger.child({ component: 'webhooks' }) },
      { ...config.webhooks, pollMs: config.delivery.pollMs, jitter: config.delivery.jitter, breaker: config.delivery.breaker },
    );
    // The port is the one actually listened on, set once the server listens (PORT=0 picks a free one).
    const self = { host: config.host, port: config.port, publicUrl: config.publicUrl };
    const webhooks = createWebhookManagement({
      webhooks: store.webhooks,
      urlPolicy: { allowPrivate: config.webhooks.allowPrivateUrls, self },
      rotationOverlapMs: config.webhooks.rotationOverlapMs,
      now: Date.now,
      onDue: () => webhookWorker.wake(),
    });
    const maintenance = startMaintenance(
      store,
      { idempotencyRetentionMs: config.idempotencyRetentionMs, retentionDays: config.retentionDays },
      logger.child({ component: 'maintenance' }),
    );
    closers.unshift(async () => maintenance.stop());

    let replays: ReplayRunner | null = null;
    const operationsDeps: OperationsDeps = {
      store,
      personKeySecret,
      breakers: () => [worker.breaker.snapshot()],
      onDue: () => worker.wake(),
      onReplay: () => replays?.wake(),
      now: Date.now,
      versionNow: (contract, now) => versionForNewMessage(destination, now, contract, retired),
    };
    const operations = createOperations(operationsDeps);
    replays = new ReplayRunner(operationsDeps, logger.child({ component: 'replays' }));
    const keyValidUntil = () => signing.key.notAfter.getTime() - config.keyValidityWarningDays * 86_400_000;

    const dmsCaPems = config.dmsCaFile ? splitPemBundle(readFileSync(config.dmsCaFile, 'utf8')) : null;
    if (!dmsCaPems) logger.warn('DMS_CA_FILE is unset: POST /xroad/dms (final outcomes and notices from DMS) is off, nothing could authenticate them');
    const dmsInbound = dmsCaPems
      ? dmsInboundRoutes({
          caPems: dmsCaPems,
          dms: config.xroad.service,
          signingKey: () => signing.key,
          outcomes: outcomesOf(store.outcomes, store.events, false),
          notices: options.noticeSink?.(store) ?? store.notices,
          now: Date.now,
          logger: logger.child({ component: 'dms-inbound' }),
        })
      : undefined;
    // The sandbox's mock pushes its final outcomes here, signed by its own (development) DMS key.
    const dmsSandboxInbound = sandbox
      ? dmsInboundRoutes({
          caPems: sandbox.caPems,
          dms: config.xroad.service,
          signingKey: () => signing.key,
          outcomes: outcomesOf(store.outcomes, store.events, true),
          notices: null,
          now: Date.now,
          logger: logger.child({ component: 'dms-inbound', sandbox: true }),
        })
      : undefined;

    const notices = createNoticeOperations({ notices: store.notices, audit: store.audit, evidence: store.evidence, territory: store.territory, now: Date.now });
    const app = createApp({
      dmsInbound,
      dmsSandboxInbound,
      access: { ...store.access, hasher, clientCerts: { required: config.tls?.clientCertRequired ?? false, bindingsOf: store.clientCerts.bindingsOf } },
      notices,
      consoleSession: config.consoleSession,
      events: store.events,
      idempotency: store.idempotency,
      logger,
      personKeySecret,
      territoryOf: store.territory.territoryOf,
      noticeRoutedTo: store.notices.isRoutedTo,
      // Only the floor: a message's version is decided when it is first signed (versionForNewMessage).
      contract: destination.versions[0]!,
      feeMismatch: config.rules.feeMismatch,
      bodyLimitBytes: config.bodyLimitBytes,
      idempotencyRetentionMs: config.idempotencyRetentionMs,
      operations,
      webhooks,
      onAccepted: () => {
        metrics.ingested.inc();
        worker.wake();
      },
      metricsToken: config.metricsToken,
      rateLimits: createRateLimits(config.rateLimits),
      metrics: () => metrics.render(store.log, [worker.breaker.snapshot()], Date.now()),
      health: async () => {
        const storeOk = await store.access.countRegisters().then(() => true, () => false);
        // Not ready when the certificate expires within READY_KEY_VALIDITY_DAYS: renew it in time.
        const keyOk = Date.now() < keyValidUntil();
        const workerOk = worker.isRunning || !config.delivery.workerEnabled;
        return { ok: storeOk && keyOk && workerOk, checks: { store: storeOk, signingKey: keyOk, worker: workerOk } };
      },
    });

    if (config.delivery.workerEnabled) {
      worker.start();
      closers.unshift(() => worker.stop());
      // Other instances' accepted events and retries wake this worker too (PostgreSQL).
      const stopListening = store.onDue?.(() => worker.wake());
      if (stopListening) closers.unshift(async () => stopListening());
      webhookWorker.start();
      closers.unshift(() => webhookWorker.stop());
      replays.start();
      const runner = replays;
      closers.unshift(() => runner.stop());
    }
    const timeouts = serverTimeoutOptions(config.server);
    const server = tls
      ? await listen(app.fetch, config.host, config.port, { ...timeouts, ...httpsServerOptions(tls.material, tls.config, config.server.headersTimeoutMs) }, true)
      : await listen(app.fetch, config.host, config.port, timeouts, false);
    closers.unshift(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const port = (server.address() as AddressInfo).port;
    self.port = port;
    const url = `${tls ? 'https' : 'http'}://${config.host}:${port}`;
    sandbox?.setCallbackUrl(`${url}/xroad/dms-sandbox`);
    logger.info({ url, dmsUrl, sandboxDmsUrl: sandbox?.dmsUrl, ...(tls ? { certificate: tls.material.served, clientCertificates: Boolean(tls.config.clientCaFile) } : {}) }, 'rtg-gateway is listening');

    return {
      url,
      dmsUrl,
      sandboxDmsUrl: sandbox?.dmsUrl ?? null,
      store,
      worker,
      reloadTls: () => {
        if (!tls) {
          logger.warn('SIGHUP: no TLS on the listener (TLS_CERT_FILE unset), nothing to reload');
          return false;
        }
        return reloadTls(server as HttpsServer, tls.config, logger);
      },
      close: async () => {
        for (const close of closers) await close().catch((err: unknown) => logger.error({ err }, 'shutdown step failed'));
      },
    };
  } catch (err) {
    for (const close of closers) await close().catch(() => undefined);
    throw err;
  }
}

function listen(fetch: (req: Request) => Response | Promise<Response>, hostname: string, port: number, serverOptions: ServerOptions, https: boolean): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const options = https ? { fetch, hostname, port, serverOptions, createServer: createHttpsServer } : { fetch, hostname, port, serverOptions };
    const server = serve(options, () => resolve(server));
    server.once('error', reject);
  });
}
