// Housekeeping that runs beside the worker: idempotency records past their published retention
// are removed, and personal data of deliveries finished more than RETENTION_DAYS ago is purged
// (digests and metadata stay, so the evidence chain still verifies), so is that of notices every
// recipient acknowledged as long ago, and finished webhook messages
// with their attempts are removed after as long. Each instance runs it; the
// statements are idempotent, so several instances do no harm.
import type { Logger } from 'pino';
import type { Idempotency } from '../store/idempotency.ts';
import type { Retention } from '../store/retention.ts';
import type { Webhooks } from '../store/webhooks.ts';

export interface Maintenance {
  runOnce(): Promise<void>;
  stop(): void;
}

export interface MaintenanceOptions {
  idempotencyRetentionMs: number;
  retentionDays: number;
  everyMs?: number;
}

export function startMaintenance(
  store: { idempotency: Pick<Idempotency, 'purgeIdempotency'>; retention: Retention; webhooks?: Pick<Webhooks, 'purgeFinished'> },
  options: MaintenanceOptions, logger: Logger): Maintenance {
  const runOnce = async () => {
    const now = Date.now();
    try {
      const keys = await store.idempotency.purgeIdempotency(now - options.idempotencyRetentionMs);
      const purged = await store.retention.purgePersonalData(now - options.retentionDays * 86_400_000, now);
      const webhookMessages = (await store.webhooks?.purgeFinished(now - options.retentionDays * 86_400_000)) ?? 0;
      if (keys > 0 || purged.events > 0 || purged.notices > 0 || webhookMessages > 0) {
        logger.info({ idempotencyKeys: keys, events: purged.events, evidence: purged.evidence, notices: purged.notices, webhookMessages }, 'retention purge');
      }
    } catch (err) {
      logger.error({ err }, 'maintenance failed');
    }
  };
  const timer = setInterval(() => void runOnce(), options.everyMs ?? Math.min(options.idempotencyRetentionMs / 4, 3_600_000));
  timer.unref();
  void runOnce();
  return { runOnce, stop: () => clearInterval(timer) };
}
