import type { ConsoleSession } from '../console-env.ts';
import { CSRF_FIELD } from '../middleware/csrf-token.ts';

/** The hidden field every POST form carries. */
export const CsrfField = ({ session }: { session: ConsoleSession }) => <input type="hidden" name={CSRF_FIELD} value={session.csrfToken} />;
