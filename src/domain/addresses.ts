// Address rules: the КАТОТТГ code of every address names a place a person can live at (katottg.ts),
// and a move, or a declaration with the previous place removed at once, goes somewhere else.

import type { Address, RegistrationEvent } from './event.ts';
import { finding, type Finding } from './findings.ts';
import { isSettlementLevelOrBelow, katottgProblem, type KatottgProblem } from './katottg.ts';

const MESSAGES: Readonly<Record<KatottgProblem, [uk: string, en: string]>> = {
  KATOTTG_FORMAT: [
    'Код КАТОТТГ має вигляд UA і 17 цифр (наприклад, UA32020010010081183).',
    'A КАТОТТГ code is UA followed by 17 digits (e.g. UA32020010010081183).',
  ],
  KATOTTG_OBLAST_UNKNOWN: [
    'Дві цифри після UA мають позначати область, АР Крим, Київ або Севастополь, а такого коду області в КАТОТТГ немає.',
    'The two digits after UA must name an oblast, Crimea, Kyiv or Sevastopol; КАТОТТГ has no such oblast code.',
  ],
  KATOTTG_LEVELS_INCONSISTENT: [
    'Рівні коду КАТОТТГ не відповідають жодному шаблону кодифікатора: кожен рівень підпорядкований вищому (лише населені пункти зони відчуження стоять безпосередньо під областю, без району й громади).',
    'The levels of the КАТОТТГ code fit no pattern of the codifier: each level hangs under the one above (only exclusion-zone settlements stand straight under their oblast, with no raion or hromada).',
  ],
};

function katottgFindings(address: Address, at: string): Finding[] {
  const problem = katottgProblem(address.katottg);
  if (problem) return [finding(problem, at, ...MESSAGES[problem])];
  if (!isSettlementLevelOrBelow(address.katottg)) {
    return [finding('KATOTTG_NOT_SETTLEMENT_LEVEL', at,
      'Код КАТОТТГ позначає область, район або громаду, а не населений пункт: вкажіть код міста, селища, села (або району в місті).',
      'The КАТОТТГ code names an oblast, raion or hromada, not a settlement: send the code of the city, town or village (or city district).')];
  }
  return [];
}

const comparable = (value: string | undefined): string =>
  (value ?? '').normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

function sameAddress(a: Address, b: Address): boolean {
  const keys = ['katottg', 'street', 'building', 'block', 'apartment'] as const;
  return keys.every((key) => comparable(a[key]) === comparable(b[key]));
}

export function checkAddresses(event: RegistrationEvent): Finding[] {
  const out = katottgFindings(event.address, '/address/katottg');
  const previous = event.previousAddress;
  if (previous) out.push(...katottgFindings(previous, '/previousAddress/katottg'));
  if (previous && sameAddress(event.address, previous)) {
    out.push(finding('ADDRESS_MOVE_SAME', '/previousAddress',
      'Попередня адреса збігається з новою: для реєстрації з одночасним зняттям з попереднього місця проживання вони мають відрізнятися.',
      'The previous address equals the new one: a move needs two different addresses.'));
  }
  return out;
}
