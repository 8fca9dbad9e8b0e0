import type { ConsoleSession } from '../console-env.ts';
import { html } from '../html.ts';
import { CSRF_FIELD } from '../middleware/csrf-token.ts';

/** The hidden field every POST form carries. */
export const CsrfField = ({ session }: { session: ConsoleSession }) => html`<input type="hidden" name="${CSRF_FIELD}" value="${session.csrfToken}">`;
