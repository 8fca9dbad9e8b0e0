import type { EventStatus } from '../../delivery/model/status.ts';
import { statusHint, statusLabel } from '../format/labels.ts';
import { html } from '../html.ts';

/** The status as a coloured label; the hover text says what it means. */
export const StatusBadge = ({ status }: { status: EventStatus }) =>
  html`<span class="badge ${status}" title="${statusHint(status)}" data-status="${status}">${statusLabel(status)}</span>`;
