// XSD validation with xmllint-wasm, which starts a Worker and compiles the wasm module on every
// call (~95 ms on a 2-core machine, whatever the document size). So each message costs one call at
// most — headers and body are two documents of the same run — and messages that arrive while runs
// are busy are validated together in the next run, which shares that fixed cost between them.
import { availableParallelism } from 'node:os';
import { memoryPages, validateXML } from 'xmllint-wasm';
import { loadSchemaSet } from './schema-files.ts';
import type { SchemaSet } from './schema-files.ts';
import { errorsFor } from './xmllint-output.ts';

export interface ValidationJob {
  /** A c:requestHeaders (or c:responseHeaders) document; see message-check.xsd. null: none. */
  headers: string | null;
  /** The body element as a document of its own; null to check the headers only. */
  body: string | null;
}

export interface ValidationResult {
  headerErrors: string[];
  bodyErrors: string[];
}

export interface SchemaValidatorOptions {
  maxConcurrentRuns?: number;
  maxBatchDocuments?: number;
  maxBatchBytes?: number;
}

interface Pending {
  job: ValidationJob;
  resolve: (result: ValidationResult) => void;
  reject: (err: unknown) => void;
}

export class SchemaValidator {
  readonly #schemas: SchemaSet = loadSchemaSet();
  readonly #queue: Pending[] = [];
  readonly #maxRuns: number;
  readonly #maxDocuments: number;
  readonly #maxBytes: number;
  #running = 0;
  #fileCounter = 0;
  /** xmllint runs and jobs so far: their ratio shows how well batching works under load. */
  readonly counters = { runs: 0, jobs: 0 };

  constructor(options: SchemaValidatorOptions = {}) {
    this.#maxRuns = options.maxConcurrentRuns ?? Math.max(1, Math.min(4, availableParallelism()));
    this.#maxDocuments = options.maxBatchDocuments ?? 32;
    this.#maxBytes = options.maxBatchBytes ?? 8 * 1024 * 1024;
  }

  validate(job: ValidationJob): Promise<ValidationResult> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ job, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#running < this.#maxRuns && this.#queue.length > 0) {
      const batch = this.#takeBatch();
      this.#running++;
      void this.#run(batch).finally(() => {
        this.#running--;
        this.#pump();
      });
    }
  }

  #takeBatch(): Pending[] {
    const batch: Pending[] = [];
    let bytes = 0;
    for (const next of this.#queue) {
      const size = (next.job.headers?.length ?? 0) + (next.job.body?.length ?? 0);
      if (batch.length > 0 && (batch.length >= this.#maxDocuments || bytes + size > this.#maxBytes)) break;
      batch.push(next);
      bytes += size;
    }
    this.#queue.splice(0, batch.length);
    return batch;
  }

  async #run(batch: Pending[]): Promise<void> {
    const named = batch.map((pending) => ({ pending, prefix: `m${++this.#fileCounter}` }));
    const files = named.flatMap(({ pending: { job }, prefix }) => [
      ...(job.headers === null ? [] : [{ fileName: `${prefix}-headers.xml`, contents: job.headers }]),
      ...(job.body === null ? [] : [{ fileName: `${prefix}-body.xml`, contents: job.body }]),
    ]);
    if (files.length === 0) {
      for (const { pending } of named) pending.resolve({ headerErrors: [], bodyErrors: [] });
      return;
    }
    this.counters.runs++;
    this.counters.jobs += batch.length;
    try {
      const result = await validateXML({
        xml: files,
        schema: [this.#schemas.main],
        preload: this.#schemas.imports,
        maxMemoryPages: memoryPages.GiB / 2,
      });
      for (const { pending, prefix } of named) {
        pending.resolve({
          headerErrors: pending.job.headers === null ? [] : errorsFor(`${prefix}-headers.xml`, result.rawOutput),
          bodyErrors: pending.job.body === null ? [] : errorsFor(`${prefix}-body.xml`, result.rawOutput),
        });
      }
    } catch (err) {
      for (const { pending } of named) pending.reject(err);
    }
  }
}
