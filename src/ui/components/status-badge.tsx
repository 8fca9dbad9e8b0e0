import type { EventStatus } from '../../delivery/model/status.ts';
import { statusHint, statusLabel } from '../format/labels.ts';

/** The status as a coloured label; the hover text says what it means. */
export const StatusBadge = ({ status }: { status: EventStatus }) => (
  <span class={`badge ${status}`} title={statusHint(status)} data-status={status}>
    {statusLabel(status)}
  </span>
);
