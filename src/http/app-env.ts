import type { Register } from '../store/store.ts';

/** What middleware puts on the Hono context for the handlers after it. */
export interface AppEnv {
  Variables: {
    requestId: string;
    register: Register;
    /** The raw request body, read once under the size limit. */
    rawBody: string;
  };
}
