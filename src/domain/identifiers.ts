// Rules for the person's and the applicant's УНЗР and the person's РНОКПП, with messages a clerk
// can act on. The identifier arithmetic lives in unzr.ts and rnokpp.ts.

import type { RegistrationEvent } from './event.ts';
import type { EventFacts } from './event-facts.ts';
import { finding, type Finding } from './findings.ts';
import { rnokppBirthDate, rnokppProblem, rnokppSex } from './rnokpp.ts';
import { unzrDate, unzrProblem, type UnzrProblem } from './unzr.ts';

const UNZR_MESSAGES: Readonly<Record<UnzrProblem, [uk: string, en: string]>> = {
  UNZR_FORMAT: [
    'УНЗР має вигляд РРРРММДД-ННННК: 8 цифр дати народження, дефіс і ще 5 цифр (наприклад, 19550212-01110).',
    'An УНЗР is YYYYMMDD-NNNNC: 8 digits of the birth date, a hyphen and 5 more digits (e.g. 19550212-01110).',
  ],
  UNZR_DATE_INVALID: [
    'Перші 8 цифр УНЗР не є справжньою датою (РРРРММДД): перевірте номер.',
    'The first 8 digits of the УНЗР are not a real date (YYYYMMDD): check the number.',
  ],
  UNZR_SERIAL_ZERO: [
    'Порядковий номер в УНЗР (4 цифри після дефіса) не може бути 0000: перевірте номер.',
    'The УНЗР serial (the 4 digits after the hyphen) cannot be 0000: check the number.',
  ],
  UNZR_CHECK_DIGIT: [
    'Остання (контрольна) цифра УНЗР не відповідає іншим цифрам: номер введено з помилкою. Звірте його з документом.',
    'The УНЗР check digit does not match the other digits: the number was mistyped. Compare it with the document.',
  ],
};

/** Findings for one УНЗР at pointer `at`; the birth date is compared when known. */
export function unzrFindings(unzr: string, birthDate: string | undefined, at: string, today: string): Finding[] {
  const problem = unzrProblem(unzr);
  if (problem) return [finding(problem, at, ...UNZR_MESSAGES[problem])];
  const encoded = unzrDate(unzr);
  if (encoded > today) {
    return [finding('UNZR_DATE_IN_FUTURE', at,
      'Дата, закладена в УНЗР, ще не настала: перевірте номер.', 'The date encoded in the УНЗР is in the future: check the number.')];
  }
  if (birthDate !== undefined && encoded !== birthDate) {
    return [finding('UNZR_BIRTH_DATE_MISMATCH', at,
      'Дата в УНЗР (перші 8 цифр) не збігається з датою народження: УНЗР ніколи не змінюється, тож помилка в одному з полів.',
      'The date in the УНЗР (its first 8 digits) differs from the birth date: an УНЗР never changes, so one of the two is wrong.')];
  }
  return [];
}

export function rnokppFindings(event: RegistrationEvent): Finding[] {
  const { rnokpp, birthDate, sex } = event.person;
  if (rnokpp === undefined) return [];
  const at = '/person/rnokpp';
  const problem = rnokppProblem(rnokpp);
  if (problem === 'RNOKPP_FORMAT') {
    return [finding(problem, at,
      'РНОКПП складається з 10 цифр. Якщо особа відмовилася від РНОКПП через релігійні переконання, не передавайте це поле.',
      'An РНОКПП is 10 digits. If the person refused one on religious grounds, leave the field out.')];
  }
  if (problem === 'RNOKPP_CHECK_DIGIT') {
    return [finding(problem, at,
      'Остання (контрольна) цифра РНОКПП не відповідає іншим цифрам: номер введено з помилкою.',
      'The РНОКПП check digit does not match the other digits: the number was mistyped.')];
  }
  if (rnokppBirthDate(rnokpp) !== birthDate) {
    return [finding('RNOKPP_BIRTH_DATE_MISMATCH', at,
      'Перші п’ять цифр РНОКПП кодують іншу дату народження, ніж зазначена для особи.',
      'The first five digits of the РНОКПП encode a different birth date than the person’s.')];
  }
  if (sex !== undefined && rnokppSex(rnokpp) !== sex) {
    return [finding('RNOKPP_SEX_MISMATCH', at,
      'Дев’ята цифра РНОКПП вказує на іншу стать, ніж зазначена. Подію прийнято; перевірте дані.',
      'The ninth digit of the РНОКПП suggests a different sex than the one sent. Accepted; please check.')];
  }
  return [];
}

/**
 * Documents that always carry the holder's УНЗР (printed as «Запис №»): without it the event is
 * incomplete. Other holders (a passport booklet, a довідка, a birth certificate) may have none.
 */
const DOCUMENTS_WITH_UNZR: ReadonlySet<string> = new Set(['id_card']);

function missingUnzr(event: RegistrationEvent): Finding[] {
  if (event.person.unzr !== undefined || !DOCUMENTS_WITH_UNZR.has(event.document.type)) return [];
  return [finding('UNZR_REQUIRED', '/person/unzr',
    'Паспорт у формі картки завжди містить УНЗР (поле «Запис №»): передайте його в person.unzr.',
    'An ID-card passport always carries the УНЗР (the «Запис №» field): send it in person.unzr.')];
}

export function checkIdentifiers(event: RegistrationEvent, facts: EventFacts): Finding[] {
  const { unzr, birthDate } = event.person;
  const applicantUnzr = event.applicant?.unzr;
  return [
    ...missingUnzr(event),
    ...(unzr === undefined ? [] : unzrFindings(unzr, birthDate, '/person/unzr', facts.today)),
    ...rnokppFindings(event),
    ...(applicantUnzr === undefined ? [] : unzrFindings(applicantUnzr, event.applicant?.birthDate, '/applicant/unzr', facts.today)),
  ];
}
