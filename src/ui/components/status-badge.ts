import type { EventStatus } from '../../delivery/model/status.ts';
import { statusHint, statusLabel } from '../format/labels.ts';
import { html } from '../html.ts';

/** The status as a coloured label; the hover text says what it means. */
export const StatusBadge = ({ status }: { status: EventStatus }) =>
  html`<span class="badge ${status}" title="${statusHint(status)}" data-status="${status}">${statusLabel(status)}</span>`;

/** An event posted with a test key: delivered to the built-in mock DMS, never to DMS. */
export const SandboxBadge = () => html`<span class="badge sandbox" title="Тестова подія (ключ rtg_test_…): доставлена в тестовий макет ДМС, не в ДМС" data-sandbox="true">Тест</span>`;
