// What the console needs from the gateway, and what its middleware puts on the Hono context.
import type { Logger } from 'pino';
import type { Principal } from '../auth/principal.ts';
import type { NoticeOperations } from '../notices/operations.ts';
import type { Operations } from '../operations/operations.ts';
import type { Access, CredentialLookup, SessionStore } from '../store/access.ts';
import type { SessionPolicy } from './middleware/session.ts';
import type { LoginThrottle } from '../http/rate-limit/login-throttle.ts';
import type { WebhookManagement } from '../webhooks/manage.ts';

export type ConsoleAccess = Pick<Access, 'getOrCreateSecret'> & CredentialLookup & SessionStore;

export interface ConsoleDeps {
  /** Sign-in (keys and tokens by hash), the sessions and the per-installation CSRF secret. */
  access: ConsoleAccess;
  /** Every read and action, with the same access rules as the JSON API. */
  operations: Operations;
  /** Notices from DMS (the Notices pages and the dashboard's unrouted count); without it the console has no Notices pages. */
  notices?: NoticeOperations;
  logger: Logger;
  now?: () => number;
  /** Session lifetime and idle timeout; 12 h and 30 min unless told. */
  consoleSession?: SessionPolicy;
  /** Failed sign-ins per client IP, with a growing lockout. */
  loginThrottle?: LoginThrottle;
  /** Webhook endpoints (the webhooks pages and the dashboard's notice); absent, the pages answer 404. */
  webhooks?: WebhookManagement;
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
