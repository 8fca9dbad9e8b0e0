import type { Principal } from '../auth/principal.ts';
import type { Register } from '../store/access.ts';
import type { IdempotentRequest } from './middleware/idempotency.ts';

export type { Principal };

/** What middleware puts on the Hono context for the handlers after it. */
export interface AppEnv {
  Variables: {
    requestId: string;
    principal: Principal;
    /** Set when the principal is a register. */
    register: Register;
    /** The raw request body, read once under the size limit. */
    rawBody: string;
    /** Set by the idempotency middleware: the request's key, for answerOnce. */
    idempotent: IdempotentRequest;
  };
}
