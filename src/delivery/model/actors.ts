// Who acts on a delivery, and how the audit log names them.

export type OperatorRole = 'viewer' | 'operator' | 'admin';

/** Who did something: an operator by name, a register by code, or the gateway itself. */
export type Actor =
  | { kind: 'operator'; id: string; name: string }
  | { kind: 'register'; id: string; code: string }
  /** A bulk replay job acting for the operator who started it. */
  | { kind: 'replay'; jobId: string; requestedBy: string }
  | { kind: 'system' };

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'operator':
      return `operator:${actor.name}`;
    case 'register':
      return `register:${actor.code}`;
    case 'replay':
      return `replay:${actor.jobId} (${actor.requestedBy})`;
    case 'system':
      return 'system';
  }
}
