// Which events a channel may settle. The live channel (/xroad/dms, DMS's CA) settles live events
// only; the sandbox channel (/xroad/dms-sandbox, the sandbox mock's CA) sandbox events only, so a key
// that signs for the sandbox can never mark a live event registered or refused.
import type { Events } from '../store/events.ts';
import type { Outcomes } from '../store/outcomes.ts';

export function outcomesOf(outcomes: Pick<Outcomes, 'recordOutcome'>, events: Pick<Events, 'getEvent'>, sandbox: boolean): Pick<Outcomes, 'recordOutcome'> {
  return {
    recordOutcome: async (outcome, receivedAt, evidence) => {
      const event = await events.getEvent(outcome.gatewayEventId);
      if (!event || event.sandbox !== sandbox) return { kind: 'message_unknown' };
      return outcomes.recordOutcome(outcome, receivedAt, evidence);
    },
  };
}
