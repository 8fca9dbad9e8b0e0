// Runs bulk replay jobs in the background: claims a running job (with a lease, so a job whose
// process died is picked up by another), retries its matching events in batches, saves progress
// after each batch, and stops when the job is cancelled.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { PollingLoop } from '../delivery/polling-loop.ts';
import { uuidv7 } from '../ids.ts';
import type { LogFilter } from '../store/delivery-log.ts';
import type { ReplayJobRow } from '../store/replay-jobs.ts';
import type { OperationsDeps } from './deps.ts';
import type { ReplayFilter } from './operations.ts';

const BATCH = 50;
const LEASE_MS = 60_000;

export class ReplayRunner {
  private readonly owner = `replay-${randomUUID()}`;
  private readonly deps: OperationsDeps;
  private readonly logger: Logger;
  private readonly loop = new PollingLoop(
    () => this.round(),
    (err) => this.logger.error({ err }, 'a replay round crashed; the runner goes on'),
  );

  constructor(deps: OperationsDeps, logger: Logger) {
    this.deps = deps;
    this.logger = logger;
  }

  start(): void {
    this.loop.start();
  }

  wake(): void {
    this.loop.wake();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  private async round(): Promise<void> {
    try {
      const job = await this.deps.store.replayJobs.claimReplayJob(this.owner, this.deps.now(), LEASE_MS);
      if (job) {
        await this.work(job);
        return;
      }
    } catch (err) {
      this.logger.error({ err }, 'replay job failed; it will be picked up again');
    }
    await this.loop.sleep(5000);
  }

  /** Runs the job batch by batch until it is done, cancelled, or this process is stopping. */
  async work(job: ReplayJobRow): Promise<void> {
    const f = JSON.parse(job.filter) as ReplayFilter;
    const codes = await this.deps.store.access.registerCodes();
    const registerId = f.registerCode ? [...codes].find(([, code]) => code === f.registerCode)?.[0] ?? 'none' : undefined;
    // The job covers what matched when it started: later events are not its business.
    const receivedTo = Math.min(f.receivedTo ?? Number.MAX_SAFE_INTEGER, job.createdAt + 1);
    const filter: LogFilter = { status: f.status, registerId, type: f.type, receivedFrom: f.receivedFrom, receivedTo };
    const actor = { kind: 'replay', jobId: job.id, requestedBy: job.createdBy } as const;
    let progress = { processed: job.processed, retried: job.retried, skipped: job.skipped, afterReceived: job.afterReceived, afterId: job.afterId };
    while (this.loop.isRunning) {
      const after = progress.afterReceived !== null && progress.afterId !== null ? { receivedAt: progress.afterReceived, id: progress.afterId } : null;
      const rows = await this.deps.store.log.scanLog(filter, after, BATCH);
      for (const row of rows) {
        const now = this.deps.now();
        const versionNow = this.deps.versionNow && ((contract: string) => this.deps.versionNow!(contract, now));
        const result = await this.deps.store.deliveries.retryDelivery(row.id, actor, job.reason, now, uuidv7(), versionNow);
        progress = {
          processed: progress.processed + 1,
          retried: progress.retried + (result.kind === 'done' ? 1 : 0),
          skipped: progress.skipped + (result.kind === 'done' ? 0 : 1),
          afterReceived: row.receivedAt,
          afterId: row.id,
        };
      }
      const done = rows.length < BATCH;
      if (rows.length > 0) this.deps.onDue();
      const kept = await this.deps.store.replayJobs.saveReplayProgress(job.id, this.owner, progress, done, this.deps.now(), LEASE_MS);
      if (!kept || done) {
        this.logger.info({ jobId: job.id, ...progress, done, cancelled: !kept }, 'replay job stopped');
        return;
      }
    }
  }
}
