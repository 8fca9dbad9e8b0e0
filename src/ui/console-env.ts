// What the console needs from the gateway, and what its middleware puts on the Hono context.
import type { Logger } from 'pino';
import type { Principal } from '../auth/principal.ts';
import type { Operations } from '../operations/operations.ts';
import type { Access } from '../store/access.ts';

export type ConsoleAccess = Pick<Access, 'getOrCreateSecret' | 'findRegisterByKeyHash' | 'findOperatorByTokenHash'>;

export interface ConsoleDeps {
  /** Sign-in (keys and tokens by hash) and the per-installation CSRF secret. */
  access: ConsoleAccess;
  /** Every read and action, with the same access rules as the JSON API. */
  operations: Operations;
  logger: Logger;
  now?: () => number;
}

/** The signed-in person as the pages see it. */
export interface ConsoleSession {
  principal: Principal;
  /** Put into every POST form; the server refuses a POST without it. */
  csrfToken: string;
}

export interface ConsoleEnv {
  Variables: {
    requestId: string;
    session: ConsoleSession;
  };
}
