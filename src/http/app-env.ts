import type { Operator, Register } from '../store/store.ts';

/** Who is calling: a register (its API key) or an operator (a token with a role). */
export type Principal = { kind: 'register'; register: Register } | { kind: 'operator'; operator: Operator };

/** What middleware puts on the Hono context for the handlers after it. */
export interface AppEnv {
  Variables: {
    requestId: string;
    principal: Principal;
    /** Set when the principal is a register. */
    register: Register;
    /** The raw request body, read once under the size limit. */
    rawBody: string;
  };
}
