// Decides which fault, if any, the next SOAP request gets: the scripted sequence first, then the
// probabilistic rules in order. One decision per request, taken when the request arrives.
import { NO_FAULTS } from './fault-config.ts';
import type { FaultConfig, FaultSpec } from './fault-config.ts';
import type { OutcomeSpec } from './outcome-script.ts';
import { seededRandom } from './prng.ts';
import type { Random } from './prng.ts';

export interface FaultPlanView {
  config: FaultConfig;
  /** Sequence entries already consumed. */
  consumed: number;
  remaining: number;
  /** Requests that got a fault from a rule (after the sequence ran out). */
  ruleHits: number;
}

export class FaultPlan {
  #config: FaultConfig = NO_FAULTS;
  #position = 0;
  #ruleHits = 0;
  #random: Random = Math.random;
  #outcomePosition = 0;
  // Its own draws: scripting outcomes must not change which requests a seeded fault plan hits.
  #outcomeRandom: Random = Math.random;

  set(config: FaultConfig): void {
    this.#config = config;
    this.#position = 0;
    this.#ruleHits = 0;
    this.#outcomePosition = 0;
    this.#random = config.seed === undefined ? Math.random : seededRandom(config.seed);
    this.#outcomeRandom = config.seed === undefined ? Math.random : seededRandom((config.seed + 0x9e3779b9) >>> 0);
  }

  clear(): void {
    this.set(NO_FAULTS);
  }

  view(): FaultPlanView {
    const { sequence } = this.#config;
    return { config: this.#config, consumed: this.#position, remaining: sequence.length - this.#position, ruleHits: this.#ruleHits };
  }

  /** The scripted final outcome of a message just accepted, or null for the default (registered). */
  nextOutcome(): OutcomeSpec | null {
    const script = this.#config.outcomes;
    if (!script) return null;
    const scripted = script.sequence[this.#outcomePosition];
    if (scripted) {
      this.#outcomePosition++;
      return scripted;
    }
    for (const { probability, ...spec } of script.rules) if (this.#outcomeRandom() < probability) return spec as OutcomeSpec;
    return null;
  }

  /** The fault for the request that just arrived, or null to answer normally. */
  next(): FaultSpec | null {
    const scripted = this.#config.sequence[this.#position];
    if (scripted) {
      this.#position++;
      return scripted.type === 'none' ? null : scripted;
    }
    for (const { probability, ...fault } of this.#config.rules) {
      if (this.#random() < probability) {
        this.#ruleHits++;
        return fault.type === 'none' ? null : fault;
      }
    }
    return null;
  }
}
