// What the console offers to whom. Only the offer: Operations enforces the same rules on every call,
// so a hidden button is a courtesy, never the protection.
import { hasRole, type Principal } from '../auth/principal.ts';
import { cancelApplies, retryKind } from '../delivery/model/operator-actions.ts';
import type { DeliveryStatus } from '../delivery/model/status.ts';

/** Retry, cancel, replays and revealing personal data. */
export const canAct = (p: Principal): boolean => hasRole(p, 'operator');

/** Operators see every register and the audit log; a register sees only its own events. */
export const isOperator = (p: Principal): boolean => p.kind === 'operator';

/** A retry applies to what failed, was rejected (resent as a new message) or is waiting for a retry. */
export const retryApplies = (s: DeliveryStatus): boolean => retryKind(s) !== null;

export { cancelApplies };
