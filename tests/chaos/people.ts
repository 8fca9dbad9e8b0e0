// Made-up people a territorial community register might hold: adult citizens with an ID card or a
// passport booklet (some of the older ones without an УНЗР) and foreigners or stateless people with
// a residence permit. A person keeps one document for the whole run, because the gateway keys a
// person without an УНЗР by their document: a new document would make them someone else.
import type { IdentityDocument, Person } from '../../src/domain/event.ts';
import { makeRnokpp, makeUnzr } from './identifiers.ts';
import { addDays, addYears } from './kyiv-time.ts';
import type { Rng } from './random.ts';

export interface ChaosPerson {
  /** How the harness names the person in its output: never personal data. */
  ref: string;
  registerIndex: number;
  person: Person;
  document: IdentityDocument;
}

const MALE = ['Андрій', 'Олег', 'Сергій', 'Денис', 'Тарас', 'Богдан', 'Іван', 'Микола', 'Юрій', 'Василь', 'Ярослав', 'Остап'];
const FEMALE = ['Олена', 'Наталія', 'Ірина', 'Оксана', 'Марія', 'Тетяна', 'Софія', 'Галина', 'Юлія', 'Катерина', 'Дарина', 'Ганна'];
const PATRONYMICS: ReadonlyArray<readonly [male: string, female: string]> = [
  ['Петрович', 'Петрівна'], ['Іванович', 'Іванівна'], ['Михайлович', 'Михайлівна'], ['Васильович', 'Василівна'],
  ['Олександрович', 'Олександрівна'], ['Андрійович', 'Андріївна'], ['Сергійович', 'Сергіївна'], ['Степанович', 'Степанівна'],
];
const SURNAMES = ['Коваленко', 'Бондаренко', 'Шевченко', 'Литвиненко', 'Павленко', 'Мельник', 'Кравчук', "Прокоп'юк", 'Ткаченко', 'Олійник', 'Савчук', 'Гнатюк', 'Мороз', 'Руденко'];
const BIRTH_PLACES = ['м. Біла Церква, Київська обл.', 'м. Київ', 'с. Шкарівка, Білоцерківський р-н, Київська обл.', "м. Куп'янськ, Харківська обл.", 'м. Обухів, Київська обл.', 'м. Львів'];
const FOREIGN = [
  { citizenship: 'MDA', birthPlace: 'Кишинів, Молдова', male: 'Іон', female: 'Ана', surname: 'Чебан' },
  { citizenship: 'GEO', birthPlace: 'Тбілісі, Грузія', male: 'Георгій', female: 'Ніно', surname: 'Беридзе' },
  { citizenship: 'POL', birthPlace: 'Люблін, Польща', male: 'Марек', female: 'Агнешка', surname: 'Новак' },
  { citizenship: 'AZE', birthPlace: 'Баку, Азербайджан', male: 'Рашид', female: 'Лейла', surname: 'Алієв' },
];
const BOOKLET_SERIES = ['АВ', 'ВК', 'КМ', 'СН', 'СО', 'МЕ', 'НК', 'ТТ', 'ЕР', 'ВС'];

const digits = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.int(0, 9)).join('');

/**
 * One person, born so that they are an adult on `firstEventDate`, with a document issued before it
 * and (for a permit) valid until after `lastPossibleDate`.
 */
export function makePerson(rng: Rng, index: number, registerIndex: number, firstEventDate: string, lastPossibleDate: string): ChaosPerson {
  const sex = rng.chance(0.5) ? 'male' : 'female';
  const birthDate = addDays(addYears(firstEventDate, -rng.int(19, 84)), -rng.int(0, 364));
  // Serials follow the index, so no two people of a run share an УНЗР or a document number.
  const serial = 1 + (index % 9999);
  const ref = `p${String(index + 1).padStart(5, '0')}`;
  const latestIssue = addDays(firstEventDate, -30);

  if (rng.chance(0.8)) {
    const idCard = rng.chance(0.65);
    const person: Person = {
      ...(idCard || rng.chance(0.5) ? { unzr: makeUnzr(birthDate, serial) } : {}),
      ...(rng.chance(0.85) ? { rnokpp: makeRnokpp(birthDate, index, sex) } : {}),
      lastName: rng.pick(SURNAMES),
      firstName: rng.pick(sex === 'male' ? MALE : FEMALE),
      patronymic: rng.pick(PATRONYMICS)[sex === 'male' ? 0 : 1],
      sex,
      birthDate,
      birthPlace: rng.pick(BIRTH_PLACES),
      category: 'citizen',
    };
    const document: IdentityDocument = idCard ? idCardOf(rng, index, birthDate, latestIssue) : bookletOf(rng, index, birthDate, latestIssue);
    return { ref, registerIndex, person, document };
  }

  const origin = rng.pick(FOREIGN);
  const stateless = rng.chance(0.2);
  const person: Person = {
    ...(rng.chance(0.7) ? { unzr: makeUnzr(birthDate, serial) } : {}),
    ...(rng.chance(0.5) ? { rnokpp: makeRnokpp(birthDate, index, sex) } : {}),
    lastName: origin.surname,
    firstName: sex === 'male' ? origin.male : origin.female,
    sex,
    birthDate,
    birthPlace: origin.birthPlace,
    category: stateless ? 'stateless' : 'foreigner',
    ...(stateless ? {} : { citizenship: origin.citizenship }),
  };
  const permanent = rng.chance(0.3);
  const issuedOn = addDays(latestIssue, -rng.int(0, 700));
  const document: IdentityDocument = {
    type: permanent ? 'permanent_residence_permit' : 'temporary_residence_permit',
    number: `${String(index).padStart(5, '0')}${digits(rng, 4)}`,
    issuedOn,
    issuer: '3220',
    validUntil: addDays(lastPossibleDate, rng.int(30, 700)),
  };
  return { ref, registerIndex, person, document };
}

function idCardOf(rng: Rng, index: number, birthDate: string, latestIssue: string): IdentityDocument {
  const earliest = maxDate(addYears(birthDate, 14), addYears(latestIssue, -9));
  const issuedOn = between(rng, earliest, latestIssue);
  return { type: 'id_card', number: `0${String(index).padStart(5, '0')}${digits(rng, 3)}`, issuedOn, issuer: rng.pick(['3210', '3220', '8034']), validUntil: addYears(issuedOn, 10) };
}

function bookletOf(rng: Rng, index: number, birthDate: string, latestIssue: string): IdentityDocument {
  const issuedOn = between(rng, addYears(birthDate, 16), minDate(addYears(birthDate, 25), latestIssue));
  return {
    type: 'passport_booklet',
    series: rng.pick(BOOKLET_SERIES),
    number: `${String(index % 10_000).padStart(4, '0')}${digits(rng, 2)}`,
    issuedOn,
    issuer: 'Білоцерківським МВ ГУ МВС України в Київській обл.',
  };
}

function between(rng: Rng, from: string, to: string): string {
  const days = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000));
  return addDays(from, rng.int(0, days));
}

const maxDate = (a: string, b: string) => (a > b ? a : b);
const minDate = (a: string, b: string) => (a < b ? a : b);
