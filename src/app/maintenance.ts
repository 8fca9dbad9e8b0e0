// Housekeeping that runs beside the worker: idempotency records past their published retention are
// removed. Each instance runs it; the statements are idempotent, so several instances do no harm.
import type { Logger } from 'pino';
import type { Store } from '../store/store.ts';

export interface Maintenance {
  runOnce(): Promise<void>;
  stop(): void;
}

export function startMaintenance(store: Store, options: { idempotencyRetentionMs: number; everyMs?: number }, logger: Logger): Maintenance {
  const runOnce = async () => {
    try {
      const purged = await store.purgeIdempotency(Date.now() - options.idempotencyRetentionMs);
      if (purged > 0) logger.info({ purged }, 'expired idempotency keys removed');
    } catch (err) {
      logger.error({ err }, 'maintenance failed');
    }
  };
  const timer = setInterval(() => void runOnce(), options.everyMs ?? Math.min(options.idempotencyRetentionMs / 4, 3_600_000));
  timer.unref();
  return { runOnce, stop: () => clearInterval(timer) };
}
