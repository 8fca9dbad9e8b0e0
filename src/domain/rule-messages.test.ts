// Every rule code pinned to the finding a register receives: the exact code, JSON pointer and both
// messages, and whether it refuses or only warns. Vendors match on codes, clerks act on the texts:
// a changed text or a pointer at the wrong field is a regression the code-only tables let through.
import { describe, expect, it } from 'vitest';
import citizenIdCard from '../../contracts/events/v1/examples/residence-registered.citizen-id-card.json' with { type: 'json' };
import newbornEmalyatko from '../../contracts/events/v1/examples/residence-registered.newborn-emalyatko.json' with { type: 'json' };
import childParentsApart from '../../contracts/events/v1/examples/residence-registered.child-under-14-parents-apart.json' with { type: 'json' };
import childElectronic from '../../contracts/events/v1/examples/residence-registered.child-electronic-qes-consent.json' with { type: 'json' };
import teenager from '../../contracts/events/v1/examples/residence-registered.teenager-id-card-and-birth-certificate.json' with { type: 'json' };
import foreignerPermit from '../../contracts/events/v1/examples/residence-registered.foreigner-temporary-residence-permit.json' with { type: 'json' };
import movedFromKupiansk from '../../contracts/events/v1/examples/residence-moved.from-kupiansk.json' with { type: 'json' };
import deregApplication from '../../contracts/events/v1/examples/residence-deregistered.application.json' with { type: 'json' };
import deregDeath from '../../contracts/events/v1/examples/residence-deregistered.death-certificate.json' with { type: 'json' };
import deregPermitExpired from '../../contracts/events/v1/examples/residence-deregistered.permit-expired.json' with { type: 'json' };
import deregGuardian from '../../contracts/events/v1/examples/residence-deregistered.guardian-with-approval.json' with { type: 'json' };
import asylum from '../../contracts/events/v1/examples/stay-registered.asylum-applicant.json' with { type: 'json' };
import deregPermitCancelled from '../../contracts/events/v1/examples/residence-deregistered.permit-cancelled.json' with { type: 'json' };
import deregImmigrationCancelled from '../../contracts/events/v1/examples/residence-deregistered.immigration-permit-cancelled.json' with { type: 'json' };
import deregEmigration from '../../contracts/events/v1/examples/residence-deregistered.emigration.json' with { type: 'json' };
import guardianMove from '../../contracts/events/v1/examples/residence-moved.guardian-moves-ward-with-approval.json' with { type: 'json' };
import declaredOnline from '../../contracts/events/v1/examples/residence-declared.online.json' with { type: 'json' };
import { RULE_CODES } from './codes.ts';
import type { RegistrationEvent } from './event.ts';
import { applyRules, type RuleContext } from './rules.ts';
import { makeRnokpp } from './rnokpp.ts';
import { makeUnzr } from './unzr.ts';

const CTX: RuleContext = { today: '2026-11-23', feeMismatch: 'reject' };
type Mutable = RegistrationEvent & Record<string, unknown>;
interface Pinned { code: string; pointer: string; uk: string; en: string }
type Case = [name: string, base: unknown, mutate: (e: Mutable) => void, expected: Pinned];

/** Codes that never refuse (RULES.md): the event is accepted and they come back as warnings. */
const WARNINGS = new Set(['RNOKPP_SEX_MISMATCH', 'DOCUMENT_EXPIRED', 'FEE_SCHEDULE_MISSING']);

const CASES: Case[] = [
  ['an act dated next year', citizenIdCard, (e) => { e.occurredAt = '2027-01-15T10:00:00+02:00'; }, {
    code: 'OCCURRED_AT_IN_FUTURE', pointer: '/occurredAt',
    uk: 'Дата й час події ще не настали: перевірте годинник системи реєстру та зазначений часовий пояс.',
    en: 'occurredAt is in the future: check the register system clock and the UTC offset sent.' }], // also FEE_AMOUNT_MISMATCH
  ['a birth date next year', citizenIdCard, (e) => { e.person.birthDate = '2027-01-01'; }, {
    code: 'PERSON_BIRTH_DATE_IN_FUTURE', pointer: '/person/birthDate',
    uk: 'Дата народження ще не настала.',
    en: 'The birth date is in the future.' }], // also ARRIVED_ON_BEFORE_BIRTH, UNZR_BIRTH_DATE_MISMATCH, RNOKPP_BIRTH_DATE_MISMATCH, DOCUMENT_ISSUED_BEFORE_BIRTH
  ['born the day after the act', newbornEmalyatko, (e) => { e.person.birthDate = '2026-11-22'; }, {
    code: 'PERSON_BORN_AFTER_EVENT', pointer: '/person/birthDate',
    uk: 'Дата народження пізніша за дату реєстраційної дії.',
    en: 'The person was born after the date of the registration act.' }], // also UNZR_BIRTH_DATE_MISMATCH, DOCUMENT_ISSUED_BEFORE_BIRTH, BIRTH_REGISTRATION_DATE_INCONSISTENT
  ['a placeholder birth date', citizenIdCard, (e) => { e.person.birthDate = '1900-01-01'; }, {
    code: 'PERSON_BIRTH_DATE_IMPLAUSIBLE', pointer: '/person/birthDate',
    uk: 'Особі за цією датою народження понад 125 років: ймовірно, введено умовну дату. Вкажіть справжню дату з документа.',
    en: 'This birth date makes the person older than 125: probably a placeholder. Send the date from the document.' }], // also UNZR_BIRTH_DATE_MISMATCH, RNOKPP_BIRTH_DATE_MISMATCH
  ['arrived after the registration', citizenIdCard, (e) => { e.arrivedOn = '2026-11-21'; }, {
    code: 'ARRIVED_ON_AFTER_EVENT', pointer: '/arrivedOn',
    uk: 'Дата прибуття пізніша за дату реєстрації: зареєструвати можна лише після прибуття.',
    en: 'The arrival date is after the registration date: a person is registered only after arriving.' }],
  ['arrived before birth', citizenIdCard, (e) => { e.arrivedOn = '1980-01-01'; }, {
    code: 'ARRIVED_ON_BEFORE_BIRTH', pointer: '/arrivedOn',
    uk: 'Дата прибуття (вибуття) раніша за дату народження.',
    en: 'The arrival (departure) date is before the birth date.' }], // also FEE_AMOUNT_MISMATCH
  ['an ID card without УНЗР', citizenIdCard, (e) => { delete e.person.unzr; }, {
    code: 'UNZR_REQUIRED', pointer: '/person/unzr',
    uk: 'Паспорт у формі картки завжди містить УНЗР (поле «Запис №»): передайте його в person.unzr.',
    en: 'An ID-card passport always carries the УНЗР (the «Запис №» field): send it in person.unzr.' }],
  ['an УНЗР of 12 digits', citizenIdCard, (e) => { e.person.unzr = '19880315-0417'; }, {
    code: 'UNZR_FORMAT', pointer: '/person/unzr',
    uk: 'УНЗР має вигляд РРРРММДД-ННННК: 8 цифр дати народження, дефіс і ще 5 цифр (наприклад, 19550212-01110).',
    en: 'An УНЗР is YYYYMMDD-NNNNC: 8 digits of the birth date, a hyphen and 5 more digits (e.g. 19550212-01110).' }],
  ['an УНЗР on 30 February', citizenIdCard, (e) => { e.person.unzr = '19880230-04171'; }, {
    code: 'UNZR_DATE_INVALID', pointer: '/person/unzr',
    uk: 'Перші 8 цифр УНЗР не є справжньою датою (РРРРММДД): перевірте номер.',
    en: 'The first 8 digits of the УНЗР are not a real date (YYYYMMDD): check the number.' }],
  ['an УНЗР dated next year', citizenIdCard, (e) => { e.person.unzr = makeUnzr('2027-03-15', 417); }, {
    code: 'UNZR_DATE_IN_FUTURE', pointer: '/person/unzr',
    uk: 'Дата, закладена в УНЗР, ще не настала: перевірте номер.',
    en: 'The date encoded in the УНЗР is in the future: check the number.' }],
  ['an УНЗР serial 0000', citizenIdCard, (e) => { e.person.unzr = '19880315-00000'; }, {
    code: 'UNZR_SERIAL_ZERO', pointer: '/person/unzr',
    uk: 'Порядковий номер в УНЗР (4 цифри після дефіса) не може бути 0000: перевірте номер.',
    en: 'The УНЗР serial (the 4 digits after the hyphen) cannot be 0000: check the number.' }],
  ['a mistyped УНЗР', citizenIdCard, (e) => { e.person.unzr = '19880315-04172'; }, {
    code: 'UNZR_CHECK_DIGIT', pointer: '/person/unzr',
    uk: 'Остання (контрольна) цифра УНЗР не відповідає іншим цифрам: номер введено з помилкою. Звірте його з документом.',
    en: 'The УНЗР check digit does not match the other digits: the number was mistyped. Compare it with the document.' }],
  ['a mistyped applicant УНЗР', newbornEmalyatko, (e) => { e.applicant!.unzr = '19921102-12036'; }, {
    code: 'UNZR_CHECK_DIGIT', pointer: '/applicant/unzr',
    uk: 'Остання (контрольна) цифра УНЗР не відповідає іншим цифрам: номер введено з помилкою. Звірте його з документом.',
    en: 'The УНЗР check digit does not match the other digits: the number was mistyped. Compare it with the document.' }],
  ['an УНЗР of another date', citizenIdCard, (e) => { e.person.unzr = makeUnzr('1988-03-16', 417); }, {
    code: 'UNZR_BIRTH_DATE_MISMATCH', pointer: '/person/unzr',
    uk: 'Дата в УНЗР (перші 8 цифр) не збігається з датою народження: УНЗР ніколи не змінюється, тож помилка в одному з полів.',
    en: 'The date in the УНЗР (its first 8 digits) differs from the birth date: an УНЗР never changes, so one of the two is wrong.' }],
  ['an РНОКПП holding a passport number', citizenIdCard, (e) => { e.person.rnokpp = 'АВ123456'; }, {
    code: 'RNOKPP_FORMAT', pointer: '/person/rnokpp',
    uk: 'РНОКПП складається з 10 цифр. Якщо особа відмовилася від РНОКПП через релігійні переконання, не передавайте це поле.',
    en: 'An РНОКПП is 10 digits. If the person refused one on religious grounds, leave the field out.' }],
  ['a mistyped РНОКПП', citizenIdCard, (e) => { e.person.rnokpp = '3221601215'; }, {
    code: 'RNOKPP_CHECK_DIGIT', pointer: '/person/rnokpp',
    uk: 'Остання (контрольна) цифра РНОКПП не відповідає іншим цифрам: номер введено з помилкою.',
    en: 'The РНОКПП check digit does not match the other digits: the number was mistyped.' }],
  ['an РНОКПП of another date', citizenIdCard, (e) => { e.person.rnokpp = makeRnokpp('1988-03-14', 160, 'male'); }, {
    code: 'RNOKPP_BIRTH_DATE_MISMATCH', pointer: '/person/rnokpp',
    uk: 'Перші п’ять цифр РНОКПП кодують іншу дату народження, ніж зазначена для особи.',
    en: 'The first five digits of the РНОКПП encode a different birth date than the person’s.' }],
  ['an РНОКПП of the other sex', citizenIdCard, (e) => { e.person.sex = 'female'; }, {
    code: 'RNOKPP_SEX_MISMATCH', pointer: '/person/rnokpp',
    uk: 'Дев’ята цифра РНОКПП вказує на іншу стать, ніж зазначена. Подію прийнято; перевірте дані.',
    en: 'The ninth digit of the РНОКПП suggests a different sex than the one sent. Accepted; please check.' }],
  ['a КОАТУУ code', citizenIdCard, (e) => { e.address.katottg = '3210300000'; }, {
    code: 'KATOTTG_FORMAT', pointer: '/address/katottg',
    uk: 'Код КАТОТТГ має вигляд UA і 17 цифр (наприклад, UA32020010010081183).',
    en: 'A КАТОТТГ code is UA followed by 17 digits (e.g. UA32020010010081183).' }],
  ['an unknown oblast', citizenIdCard, (e) => { e.address.katottg = 'UA99020010010081183'; }, {
    code: 'KATOTTG_OBLAST_UNKNOWN', pointer: '/address/katottg',
    uk: 'Дві цифри після UA мають позначати область, АР Крим, Київ або Севастополь, а такого коду області в КАТОТТГ немає.',
    en: 'The two digits after UA must name an oblast, Crimea, Kyiv or Sevastopol; КАТОТТГ has no such oblast code.' }],
  ['a hromada without raion', citizenIdCard, (e) => { e.address.katottg = 'UA32000010010081183'; }, {
    code: 'KATOTTG_LEVELS_INCONSISTENT', pointer: '/address/katottg',
    uk: 'Рівні коду КАТОТТГ не відповідають жодному шаблону кодифікатора: кожен рівень підпорядкований вищому (лише населені пункти зони відчуження стоять безпосередньо під областю, без району й громади).',
    en: 'The levels of the КАТОТТГ code fit no pattern of the codifier: each level hangs under the one above (only exclusion-zone settlements stand straight under their oblast, with no raion or hromada).' }],
  ['a hromada as the address', citizenIdCard, (e) => { e.address.katottg = 'UA32020010000093088'; }, {
    code: 'KATOTTG_NOT_SETTLEMENT_LEVEL', pointer: '/address/katottg',
    uk: 'Код КАТОТТГ позначає область, район або громаду, а не населений пункт: вкажіть код міста, селища, села (або району в місті).',
    en: 'The КАТОТТГ code names an oblast, raion or hromada, not a settlement: send the code of the city, town or village (or city district).' }],
  ['a hromada as the previous address', movedFromKupiansk, (e) => { e.previousAddress!.katottg = 'UA63080090000067457'; }, {
    code: 'KATOTTG_NOT_SETTLEMENT_LEVEL', pointer: '/previousAddress/katottg',
    uk: 'Код КАТОТТГ позначає область, район або громаду, а не населений пункт: вкажіть код міста, селища, села (або району в місті).',
    en: 'The КАТОТТГ code names an oblast, raion or hromada, not a settlement: send the code of the city, town or village (or city district).' }],
  ['a КОАТУУ previous address', movedFromKupiansk, (e) => { e.previousAddress!.katottg = '6325810100'; }, {
    code: 'KATOTTG_FORMAT', pointer: '/previousAddress/katottg',
    uk: 'Код КАТОТТГ має вигляд UA і 17 цифр (наприклад, UA32020010010081183).',
    en: 'A КАТОТТГ code is UA followed by 17 digits (e.g. UA32020010010081183).' }],
  ['a move to the same flat', movedFromKupiansk, (e) => { e.previousAddress = { ...e.address }; }, {
    code: 'ADDRESS_MOVE_SAME', pointer: '/previousAddress',
    uk: 'Попередня адреса збігається з новою: для реєстрації з одночасним зняттям з попереднього місця проживання вони мають відрізнятися.',
    en: 'The previous address equals the new one: a move needs two different addresses.' }],
  ['a booklet without series', deregApplication, (e) => { delete e.document.series; }, {
    code: 'DOCUMENT_SERIES_REQUIRED', pointer: '/document/series',
    uk: 'Документ «паспорт громадянина України (книжечка)» має серію: серія — дві літери кирилицею, номер — 6 цифр (АВ 123456).',
    en: 'A passport booklet has a series: series of two Cyrillic letters, number of 6 digits (АВ 123456).' }],
  ['an ID card with a series', citizenIdCard, (e) => { e.document.series = 'АА'; }, {
    code: 'DOCUMENT_SERIES_UNEXPECTED', pointer: '/document/series',
    uk: 'Документ «паспорт громадянина України у формі картки» не має серії: номер — 9 цифр, без серії.',
    en: 'A ID-card passport has no series: a 9-digit number, no series.' }],
  ['a booklet series with Э', deregApplication, (e) => { e.document.series = 'ЭК'; }, {
    code: 'DOCUMENT_SERIES_FORMAT', pointer: '/document/series',
    uk: 'Серія документа «паспорт громадянина України (книжечка)» має неправильний вигляд: серія — дві літери кирилицею, номер — 6 цифр (АВ 123456).',
    en: 'The series of the passport booklet is malformed: series of two Cyrillic letters, number of 6 digits (АВ 123456).' }],
  ['an ID card of 8 digits', citizenIdCard, (e) => { e.document.number = '04512378'; }, {
    code: 'DOCUMENT_NUMBER_FORMAT', pointer: '/document/number',
    uk: 'Номер документа «паспорт громадянина України у формі картки» має неправильний вигляд: номер — 9 цифр, без серії.',
    en: 'The number of the ID-card passport is malformed: a 9-digit number, no series.' }],
  ['a birth certificate series without the hyphen', teenager, (e) => { e.birthCertificate!.series = 'ZZ-БК'; }, {
    code: 'DOCUMENT_SERIES_FORMAT', pointer: '/birthCertificate/series',
    uk: 'Серія документа «свідоцтво про народження» має неправильний вигляд: серія — римське число, дефіс і дві літери кирилицею (I-БК), номер — 6 цифр.',
    en: 'The series of the birth certificate is malformed: series of a Roman numeral, a hyphen and two Cyrillic letters (I-БК), number of 6 digits.' }],
  ['an applicant document of 8 digits', childParentsApart, (e) => { e.applicant!.document = { type: 'id_card', number: '00331120' }; }, {
    code: 'DOCUMENT_NUMBER_FORMAT', pointer: '/applicant/document/number',
    uk: 'Номер документа «паспорт громадянина України у формі картки» має неправильний вигляд: номер — 9 цифр, без серії.',
    en: 'The number of the ID-card passport is malformed: a 9-digit number, no series.' }],
  ['a citizen with a permit', citizenIdCard, (e) => { e.document = { type: 'permanent_residence_permit', number: '000412783' }; }, {
    code: 'DOCUMENT_NOT_FOR_CATEGORY', pointer: '/document/type',
    uk: 'Документ «посвідка на постійне проживання» не подається для громадянина України. Можливі документи: паспорт громадянина України (книжечка); паспорт громадянина України у формі картки; тимчасове посвідчення громадянина України; свідоцтво про народження.',
    en: 'A permanent residence permit is not a document of a citizen of Ukraine. Possible documents: passport booklet; ID-card passport; temporary certificate of a citizen; birth certificate.' }],
  ['a refugee with an asylum certificate', asylum, (e) => { e.person.category = 'refugee'; }, {
    code: 'DOCUMENT_NOT_FOR_CATEGORY', pointer: '/document/type',
    uk: 'Документ «довідка про звернення за захистом в Україні» не подається для біженця. Можливі документи: посвідчення біженця; свідоцтво про народження.',
    en: 'A asylum applicant’s certificate is not a document of a refugee. Possible documents: refugee certificate; birth certificate.' }],
  ['an asylum certificate for residence', asylum, (e) => { e.type = 'residence.registered'; }, {
    code: 'DOCUMENT_STAY_ONLY', pointer: '/document/type',
    uk: 'До довідки про звернення за захистом вносять лише місце перебування: використайте подію stay.registered або stay.deregistered.',
    en: 'An asylum applicant’s certificate records a place of stay only: use stay.registered or stay.deregistered.' }],
  ['an adult with a birth certificate', citizenIdCard, (e) => { e.document = { type: 'birth_certificate', series: 'I-БК', number: '204817' }; }, {
    code: 'DOCUMENT_BIRTH_CERTIFICATE_AGE', pointer: '/document/type',
    uk: 'З 16 років свідоцтво про народження не є документом для реєстрації: потрібен паспорт або інший документ особи.',
    en: 'From the age of 16 a birth certificate is not the registration document: send the passport or another identity document.' }],
  ['an ID card in the birthCertificate field', teenager, (e) => { e.birthCertificate = { type: 'id_card', number: '005893214' }; }, {
    code: 'DOCUMENT_TYPE_MISMATCH', pointer: '/birthCertificate/type',
    uk: 'У полі birthCertificate може бути лише свідоцтво про народження (type = birth_certificate).',
    en: 'birthCertificate may only hold a birth certificate (type = birth_certificate).' }],
  ['an ID card issued after the act', citizenIdCard, (e) => { e.document.issuedOn = '2026-11-21'; }, {
    code: 'DOCUMENT_ISSUED_AFTER_EVENT', pointer: '/document/issuedOn',
    uk: 'Документ видано пізніше за дату реєстраційної дії: його не могли пред’явити. Перевірте дату видачі.',
    en: 'The document was issued after the registration act, so it could not have been presented. Check the issue date.' }],
  ['a power of attorney dated after the act', deregGuardian, (e) => { e.applicant!.authority!.issuedOn = '2026-11-03'; }, {
    code: 'DOCUMENT_ISSUED_AFTER_EVENT', pointer: '/applicant/authority/issuedOn',
    uk: 'Документ видано пізніше за дату реєстраційної дії: його не могли пред’явити. Перевірте дату видачі.',
    en: 'The document was issued after the registration act, so it could not have been presented. Check the issue date.' }],
  ['a document issued before birth', citizenIdCard, (e) => { e.document.issuedOn = '1987-04-02'; }, {
    code: 'DOCUMENT_ISSUED_BEFORE_BIRTH', pointer: '/document/issuedOn',
    uk: 'Документ видано раніше, ніж народилася його власниця чи власник: перевірте дату видачі.',
    en: 'The document was issued before its holder was born: check the issue date.' }],
  ['an expiry before issue', citizenIdCard, (e) => { e.document.validUntil = '2009-04-02'; }, {
    code: 'DOCUMENT_VALIDITY_BEFORE_ISSUE', pointer: '/document/validUntil',
    uk: 'Строк дії документа закінчується раніше, ніж його видано: перевірте дати.',
    en: 'The document expires before it was issued: check the dates.' }], // also DOCUMENT_EXPIRED
  ['a permit expired before the act', foreignerPermit, (e) => { e.document.validUntil = '2026-11-15'; }, {
    code: 'DOCUMENT_PERMIT_EXPIRED', pointer: '/document/validUntil',
    uk: 'Строк дії документа «посвідка на тимчасове проживання» закінчився до дати реєстрації: реєстрація можлива лише за чинною посвідкою.',
    en: 'The temporary residence permit had expired by the registration date: registration needs a valid permit.' }],
  ['an expired ID card', citizenIdCard, (e) => { e.document.validUntil = '2026-11-01'; }, {
    code: 'DOCUMENT_EXPIRED', pointer: '/document/validUntil',
    uk: 'Строк дії документа «паспорт громадянина України у формі картки» закінчився до дати реєстрації. Подію прийнято; перевірте дані.',
    en: 'The ID-card passport had expired by the registration date. Accepted; please check.' }],
  ['a 13-year-old without birth certificate', teenager, (e) => { delete e.birthCertificate; e.person.birthDate = '2013-03-08'; e.person.unzr = makeUnzr('2013-03-08', 1893); delete e.person.rnokpp; e.applicant = { role: 'parent', lastName: 'Кравчук', firstName: 'Андрій', document: { type: 'id_card', number: '003311208' } }; }, {
    code: 'BIRTH_CERTIFICATE_REQUIRED', pointer: '/birthCertificate',
    uk: 'На дату реєстраційної дії для особи, якій не виповнилося 14 років, потрібне також свідоцтво про народження.',
    en: 'On the date of the act a person under 14 also needs a birth certificate.' }],
  ['a 15-year-old without birth certificate before CMU 265', teenager, (e) => { delete e.birthCertificate; e.occurredAt = '2022-02-06T10:00:00+02:00'; e.arrivedOn = '2022-02-01'; e.person.birthDate = '2006-03-08'; e.person.unzr = makeUnzr('2006-03-08', 1893); delete e.person.rnokpp; e.document = { type: 'id_card', number: '005893214', issuedOn: '2020-04-15' }; e.fee = { kind: 'paid', amount: '37.22' }; }, {
    code: 'BIRTH_CERTIFICATE_REQUIRED', pointer: '/birthCertificate',
    uk: 'На дату реєстраційної дії для особи, якій не виповнилося 16 років, потрібне також свідоцтво про народження.',
    en: 'On the date of the act a person under 16 also needs a birth certificate.' }],
  ['a child under 14 alone', childParentsApart, (e) => { delete e.applicant; }, {
    code: 'PERSON_UNDER_14_ALONE', pointer: '/applicant',
    uk: 'Особа, якій не виповнилося 14 років, не може звернутися сама (підстава для відмови №3): заяву подає один із батьків або законний представник — передайте його в полі applicant.',
    en: 'A person under 14 cannot apply alone (refusal reason 3): a parent or legal representative applies, sent in applicant.' }],
  ['a stateless person with citizenship', asylum, (e) => { e.person.category = 'stateless'; }, {
    code: 'PERSON_CITIZENSHIP_CONFLICT', pointer: '/person/citizenship',
    uk: 'Для особи без громадянства не зазначають громадянство.',
    en: 'A stateless person has no citizenship to send.' }],
  ['a Ukrainian refugee', asylum, (e) => { e.person.category = 'refugee'; e.person.citizenship = 'UKR'; }, {
    code: 'PERSON_CITIZENSHIP_CONFLICT', pointer: '/person/citizenship',
    uk: 'Громадянин України не може бути іноземцем, біженцем чи особою під захистом в Україні: перевірте категорію або громадянство.',
    en: 'A Ukrainian citizen cannot be a foreigner, refugee or protected person in Ukraine: check the category or citizenship.' }], // also DOCUMENT_NOT_FOR_CATEGORY
  ['a child by proxy', childParentsApart, (e) => { e.applicant!.role = 'representative'; e.applicant!.authority = { kind: 'other', number: '877', issuedOn: '2026-11-05' }; }, {
    code: 'APPLICANT_ROLE_NOT_ALLOWED', pointer: '/applicant/role',
    uk: 'За дитину до 14 років звертається один із батьків або законний представник (role = parent або legal_representative), а не представник за довіреністю.',
    en: 'A child under 14 is represented by a parent or legal representative (role parent or legal_representative), not by proxy.' }],
  ['an adult by a parent', citizenIdCard, (e) => { e.applicant = { role: 'parent', lastName: 'Коваленко', firstName: 'Петро', document: { type: 'id_card', number: '003311208' } }; }, {
    code: 'APPLICANT_ROLE_NOT_ALLOWED', pointer: '/applicant/role',
    uk: 'Батьки не є законними представниками повнолітньої особи: за неї звертається представник за довіреністю (role = representative) або опікун (legal_representative).',
    en: 'Parents do not represent an adult: use representative (power of attorney) or legal_representative (guardian).' }],
  ['an applicant aged 13', childParentsApart, (e) => { delete e.applicant!.unzr; e.applicant!.birthDate = '2013-01-01'; }, {
    code: 'APPLICANT_UNDER_14', pointer: '/applicant/birthDate',
    uk: 'Заявникові не виповнилося 14 років: така особа не може подавати заяву (підстава для відмови №3).',
    en: 'The applicant is under 14 and cannot apply (refusal reason 3).' }],
  ['a guardian without authority', childParentsApart, (e) => { e.applicant!.role = 'legal_representative'; }, {
    code: 'APPLICANT_AUTHORITY_REQUIRED', pointer: '/applicant/authority',
    uk: 'Представник подає документ, що підтверджує його повноваження (довіреність, рішення про опіку): передайте його в applicant.authority.',
    en: 'A representative shows the document giving them authority (power of attorney, guardianship decision): send it in applicant.authority.' }],
  ['a person as their own representative', citizenIdCard, (e) => { e.applicant = { role: 'representative', lastName: 'Коваленко', firstName: 'Андрій', unzr: e.person.unzr, authority: { kind: 'other', number: '311', issuedOn: '2026-11-02' } }; }, {
    code: 'APPLICANT_SAME_AS_PERSON', pointer: '/applicant/unzr',
    uk: 'УНЗР заявника збігається з УНЗР особи: коли особа звертається сама, поле applicant не передають.',
    en: 'The applicant’s УНЗР is the person’s own: when people apply for themselves, leave applicant out.' }], // also APPLICANT_DOCUMENT_REQUIRED
  ['a death certificate as a power of attorney', deregEmigration, (e) => { e.applicant!.authority!.kind = 'death_certificate'; }, {
    code: 'APPLICANT_AUTHORITY_KIND', pointer: '/applicant/authority/kind',
    uk: 'Представник за довіреністю (role = representative) пред’являє довіреність, посвідчену в установленому законом порядку: applicant.authority.kind = power_of_attorney.',
    en: 'A representative by proxy (role representative) presents a power of attorney certified as the law requires: applicant.authority.kind power_of_attorney.' }],
  ['a representative at the ЦНАП without own document', deregEmigration, (e) => { delete e.applicant!.document; }, {
    code: 'APPLICANT_DOCUMENT_REQUIRED', pointer: '/applicant/document',
    uk: 'Коли заяву подає представник (зокрема один із батьків), він пред’являє документ, що посвідчує його особу: передайте його в applicant.document.',
    en: 'When a representative (a parent included) applies, they present their own identity document: send it in applicant.document.' }],
  ['a guardian registers a child online', childElectronic, (e) => { e.applicant = { role: 'legal_representative', lastName: 'Поліщук', firstName: 'Ганна', authority: { kind: 'other', number: '233', issuedOn: '2025-11-10' } }; }, {
    code: 'ELECTRONIC_CHILD_APPLICANT_NOT_PARENT', pointer: '/applicant/role',
    uk: 'В електронній формі місце проживання дитини до 14 років реєструють лише за заявою батьків (одного з них), підписаною кваліфікованим електронним підписом; опікун або інший представник звертається до органу реєстрації особисто (channel = cnap).',
    en: 'Online, a child under 14 is registered only on the application of the parents (or one of them) signed with a qualified e-signature; a guardian or another representative applies in person (channel cnap).' }],
  ['parents apart, no consent', childParentsApart, (e) => { delete e.applicant!.otherParentConsent; }, {
    code: 'CONSENT_REQUIRED', pointer: '/applicant/otherParentConsent',
    uk: 'Батьки зареєстровані за різними адресами: потрібна згода другого з батьків (або рішення суду чи органу опіки) — передайте її в otherParentConsent.',
    en: 'The parents live at different addresses: the other parent’s consent (or a court or guardianship decision) is required in otherParentConsent.' }],
  ['an online application with paper consent', childElectronic, (e) => { e.applicant!.otherParentConsent!.form = 'certified_written'; }, {
    code: 'CONSENT_FORM_NOT_ALLOWED', pointer: '/applicant/otherParentConsent/form',
    uk: 'В електронній заяві згода другого з батьків підтверджується його кваліфікованим електронним підписом або засвідчується КЕП нотаріуса.',
    en: 'In an electronic application the other parent consents with their qualified e-signature or a notary’s.' }],
  ['consent after the act', childParentsApart, (e) => { e.applicant!.otherParentConsent!.givenOn = '2026-11-13'; }, {
    code: 'CONSENT_AFTER_EVENT', pointer: '/applicant/otherParentConsent/givenOn',
    uk: 'Згоду другого з батьків датовано пізніше за реєстраційну дію: вона має бути до неї.',
    en: 'The other parent’s consent is dated after the registration act; it must come before.' }],
  ['єМалятко without ДРАЦС data', newbornEmalyatko, (e) => { delete e.birthRegistration; }, {
    code: 'EMALYATKO_BIRTH_REGISTRATION_REQUIRED', pointer: '/birthRegistration',
    uk: 'Реєстрація за «єМалятко» здійснюється виключно за даними ДРАЦС: передайте актовий запис про народження (birthRegistration).',
    en: 'An єМалятко registration rests on ДРАЦС data: send the birth act record (birthRegistration).' }],
  ['єМалятко as a stay registration', newbornEmalyatko, (e) => { e.type = 'stay.registered'; }, {
    code: 'EMALYATKO_EVENT_TYPE', pointer: '/type',
    uk: '«єМалятко» — це лише реєстрація (декларування) місця проживання дитини (type = residence.registered або residence.declared).',
    en: 'єМалятко only registers (declares) a child’s place of residence (type residence.registered or residence.declared).' }], // also FEE_NOT_CHARGED_FOR_STAY
  ['єМалятко for a 15-year-old', teenager, (e) => { e.channel = 'emalyatko'; }, {
    code: 'EMALYATKO_CHILD_TOO_OLD', pointer: '/person/birthDate',
    uk: 'За «єМалятко» реєструють місце проживання дитини до 14 років; для старшої особи оберіть канал cnap або electronic.',
    en: 'єМалятко registers children under 14; for an older person use the cnap or electronic channel.' }], // also EMALYATKO_BIRTH_REGISTRATION_REQUIRED
  ['a birth registered before birth', newbornEmalyatko, (e) => { e.birthRegistration!.registeredOn = '2026-10-19'; }, {
    code: 'BIRTH_REGISTRATION_DATE_INCONSISTENT', pointer: '/birthRegistration/registeredOn',
    uk: 'Дата державної реєстрації народження має бути не раніше дати народження і не пізніше реєстраційної дії.',
    en: 'The birth was registered before the child was born or after the registration act: check the date.' }],
  ['a death without certificate', deregDeath, (e) => { delete e.deregistration!.basisDocument; }, {
    code: 'DEREGISTRATION_BASIS_REQUIRED', pointer: '/deregistration/basisDocument',
    uk: 'Для зняття з реєстрації з цієї підстави потрібен документ-підстава (death_certificate): передайте його в basisDocument.',
    en: 'This deregistration ground rests on a basis document (death_certificate): send it in basisDocument.' }],
  ['a death on a court decision', deregDeath, (e) => { e.deregistration!.basisDocument!.kind = 'court_decision'; }, {
    code: 'DEREGISTRATION_BASIS_KIND', pointer: '/deregistration/basisDocument/kind',
    uk: 'Документ цього виду не є підставою для зняття з реєстрації з обраної підстави; очікується: death_certificate.',
    en: 'This kind of document does not support the chosen ground; expected: death_certificate.' }],
  ['a citizen on an expired permit', deregPermitExpired, (e) => { e.person.category = 'citizen'; }, {
    code: 'DEREGISTRATION_GROUND_NOT_FOR_CATEGORY', pointer: '/deregistration/ground',
    uk: 'Закінчення строку дії або скасування посвідки — підстава лише для іноземців та осіб без громадянства.',
    en: 'An expired or cancelled permit is a ground for foreigners and stateless persons only.' }], // also DOCUMENT_NOT_FOR_CATEGORY
  ['the immigration ground for a temporary permit', deregPermitCancelled, (e) => { e.deregistration!.ground = 'immigration_permit_cancelled'; }, {
    code: 'DEREGISTRATION_GROUND_NOT_FOR_DOCUMENT', pointer: '/deregistration/ground',
    uk: 'Ця підстава зняття з реєстрації стосується лише власника посвідки на постійне проживання (скасування дозволу на імміграцію); документ особи інший.',
    en: 'This ground applies to the holder of a permanent residence permit (the immigration permit cancelled) only; the person\'s document is another one.' }],
  ['the cancelled-permit ground for a permanent permit', deregImmigrationCancelled, (e) => { e.deregistration!.ground = 'permit_cancelled'; }, {
    code: 'DEREGISTRATION_GROUND_NOT_FOR_DOCUMENT', pointer: '/deregistration/ground',
    uk: 'Ця підстава зняття з реєстрації стосується лише власника посвідки на тимчасове проживання (для посвідки на постійне проживання — immigration_permit_cancelled); документ особи інший.',
    en: 'This ground applies to the holder of a temporary residence permit (for a permanent residence permit use immigration_permit_cancelled) only; the person\'s document is another one.' }],
  ['the expired ground for a permit still valid', deregPermitExpired, (e) => { e.document.validUntil = '2026-11-05'; }, {
    code: 'DEREGISTRATION_PERMIT_NOT_EXPIRED', pointer: '/document/validUntil',
    uk: 'Підстава permit_expired можлива лише після закінчення строку дії посвідки: передайте document.validUntil, раніший за дату зняття з реєстрації.',
    en: 'permit_expired applies only once the permit has run out: send document.validUntil earlier than the deregistration date.' }],
  ['a guardian moves a ward without approval', guardianMove, (e) => { delete e.deregistration; }, {
    code: 'MOVE_GUARDIANSHIP_APPROVAL_REQUIRED', pointer: '/deregistration/guardianshipApproval',
    uk: 'Опікун змінює місце проживання підопічного (дитини-сироти, дитини, позбавленої батьківського піклування, особи під опікою), тобто знімає його з попереднього місця: потрібне погодження органу опіки і піклування в deregistration.guardianshipApproval.',
    en: 'A guardian moving a ward (an orphan, a child without parental care, a person under guardianship) deregisters them from the previous address: the guardianship body’s approval is required in deregistration.guardianshipApproval.' }],
  ['a guardian deregisters without approval', deregGuardian, (e) => { delete e.deregistration!.guardianshipApproval; }, {
    code: 'DEREGISTRATION_GUARDIANSHIP_APPROVAL_REQUIRED', pointer: '/deregistration/guardianshipApproval',
    uk: 'Зняття з реєстрації дитини, позбавленої батьківського піклування, або особи під опікою здійснюється за погодженням органу опіки і піклування: передайте його в guardianshipApproval.',
    en: 'Deregistering a child without parental care or a person under guardianship needs the guardianship body’s approval in guardianshipApproval.' }],
  ['an approval of another kind', deregGuardian, (e) => { e.deregistration!.guardianshipApproval!.kind = 'other'; }, {
    code: 'DEREGISTRATION_GUARDIANSHIP_APPROVAL_KIND', pointer: '/deregistration/guardianshipApproval/kind',
    uk: 'У полі guardianshipApproval може бути лише погодження органу опіки і піклування (kind = guardianship_approval).',
    en: 'guardianshipApproval may only hold the guardianship body’s approval (kind guardianship_approval).' }],
  ['a declaration before Law 1871-IX', declaredOnline, (e) => { e.occurredAt = '2021-11-30T09:00:00+02:00'; e.arrivedOn = '2021-11-25'; e.fee = { kind: 'paid', amount: '13.60', paidOn: '2021-11-30' }; }, {
    code: 'DECLARATION_BEFORE_LAW', pointer: '/type',
    uk: 'Декларування місця проживання існує з 1 грудня 2021 року (Закон № 1871-IX); раніше місце проживання лише реєстрували: для дії до цієї дати використайте residence.registered або residence.moved.',
    en: 'Declaration of the place of residence exists from 1 December 2021 (Law 1871-IX); before that residence was registered: for an act before that date use residence.registered or residence.moved.' }],
  ['the seed-era amount in 2026', citizenIdCard, (e) => { e.fee = { kind: 'paid', amount: '13.60' }; }, {
    code: 'FEE_AMOUNT_MISMATCH', pointer: '/fee/amount',
    uk: 'Сума збору не відповідає тарифу на дату реєстрації: очікується 49.92 грн (у строк); строк — 30 днів від прибуття (для новонародженої дитини — 3 місяці від реєстрації народження).',
    en: 'The fee does not match the rate on the registration date: expected 49.92 UAH (on time); on time means within 30 days of arrival (for a newborn, 3 months of the birth registration).' }],
  ['a wrong amount with no arrival date', citizenIdCard, (e) => { delete e.arrivedOn; e.fee = { kind: 'paid', amount: '13.60' }; }, {
    code: 'FEE_AMOUNT_MISMATCH', pointer: '/fee/amount',
    uk: 'Сума збору не відповідає тарифу на дату реєстрації: очікується 49.92 грн (у строк) або 83.20 грн (із порушенням строку); строк — 30 днів від прибуття (для новонародженої дитини — 3 місяці від реєстрації народження).',
    en: 'The fee does not match the rate on the registration date: expected 49.92 UAH (on time) or 83.20 UAH (late); on time means within 30 days of arrival (for a newborn, 3 months of the birth registration).' }],
  ['a newborn marked exempt', newbornEmalyatko, (e) => { e.fee = { kind: 'exempt', ground: 'newborn' }; }, {
    code: 'FEE_NEWBORN_NOT_EXEMPT', pointer: '/fee/ground',
    uk: 'За реєстрацію місця проживання новонародженої дитини (зокрема за «єМалятко») адміністративний збір сплачується і фіксується; три місяці після державної реєстрації народження — це строк, а не звільнення. Передайте fee.kind = paid із сумою «у строк».',
    en: 'A newborn’s residence registration (єМалятко included) pays the fee, which is recorded; the three months after the birth registration are the on-time period, not an exemption. Send fee.kind paid with the on-time amount.' }],
  ['a stay charged', asylum, (e) => { e.fee = { kind: 'paid', amount: '49.92' }; }, {
    code: 'FEE_NOT_CHARGED_FOR_STAY', pointer: '/fee/kind',
    uk: 'За реєстрацію та зняття з реєстрації місця перебування адміністративний збір не справляється (збір встановлено за місце проживання): передайте fee.kind = exempt, ground = law.',
    en: 'Registering or deregistering a place of stay is free (the fee is for a place of residence): send fee.kind exempt, ground law.' }],
  ['included_in_move on a registration', citizenIdCard, (e) => { e.fee = { kind: 'exempt', ground: 'included_in_move' }; }, {
    code: 'FEE_EXEMPTION_NOT_APPLICABLE', pointer: '/fee/ground',
    uk: 'Підстава included_in_move стосується лише зняття з реєстрації, поєднаного з реєстрацією на новому місці: збір сплачують один раз — за реєстрацію.',
    en: 'included_in_move is only for the deregistration half of a move: the one fee is paid with the registration.' }],
  ['paid after the act', citizenIdCard, (e) => { e.fee = { kind: 'paid', amount: '49.92', paidOn: '2026-11-21' }; }, {
    code: 'FEE_PAID_AFTER_EVENT', pointer: '/fee/paidOn',
    uk: 'Збір сплачено пізніше за реєстраційну дію: квитанцію подають разом із заявою. Перевірте дату сплати.',
    en: 'The fee was paid after the registration act, but the receipt comes with the application. Check the payment date.' }],
  ['no fee table for 2027', citizenIdCard, (e) => { e.occurredAt = '2027-01-04T10:00:00+02:00'; e.arrivedOn = '2026-12-28'; e.fee = { kind: 'paid', amount: '49.92' }; }, {
    code: 'FEE_SCHEDULE_MISSING', pointer: '/fee/amount',
    uk: 'Шлюз не має тарифу адміністративного збору на цю дату, тож суму не перевірено. Подію прийнято.',
    en: 'The gateway has no fee table for this date, so the amount was not checked. Accepted.' }], // also OCCURRED_AT_IN_FUTURE
  ['a death certificate dated after the act', deregDeath, (e) => { e.deregistration!.basisDocument!.issuedOn = '2026-11-22'; }, {
    code: 'DOCUMENT_ISSUED_AFTER_EVENT', pointer: '/deregistration/basisDocument/issuedOn',
    uk: 'Документ видано пізніше за дату реєстраційної дії: його не могли пред’явити. Перевірте дату видачі.',
    en: 'The document was issued after the registration act, so it could not have been presented. Check the issue date.' }],
  ['a guardianship approval dated after the act', deregGuardian, (e) => { e.deregistration!.guardianshipApproval!.issuedOn = '2026-11-22'; }, {
    code: 'DOCUMENT_ISSUED_AFTER_EVENT', pointer: '/deregistration/guardianshipApproval/issuedOn',
    uk: 'Документ видано пізніше за дату реєстраційної дії: його не могли пред’явити. Перевірте дату видачі.',
    en: 'The document was issued after the registration act, so it could not have been presented. Check the issue date.' }],
  ['a birth certificate issued before birth', teenager, (e) => { e.birthCertificate!.issuedOn = '2000-01-01'; }, {
    code: 'DOCUMENT_ISSUED_BEFORE_BIRTH', pointer: '/birthCertificate/issuedOn',
    uk: 'Документ видано раніше, ніж народилася його власниця чи власник: перевірте дату видачі.',
    en: 'The document was issued before its holder was born: check the issue date.' }],
  ['an applicant document issued after the act', childParentsApart, (e) => { e.applicant!.document!.issuedOn = '2026-11-22'; }, {
    code: 'DOCUMENT_ISSUED_AFTER_EVENT', pointer: '/applicant/document/issuedOn',
    uk: 'Документ видано пізніше за дату реєстраційної дії: його не могли пред’явити. Перевірте дату видачі.',
    en: 'The document was issued after the registration act, so it could not have been presented. Check the issue date.' }],
  // A ground with several possible documents names them all, comma-separated.
  ['a DMS death notice without its document', deregDeath, (e) => { e.deregistration = { ground: 'dms_death_notice' }; }, {
    code: 'DEREGISTRATION_BASIS_REQUIRED', pointer: '/deregistration/basisDocument',
    uk: 'Для зняття з реєстрації з цієї підстави потрібен документ-підстава (dms_notice, foreign_death_document): передайте його в basisDocument.',
    en: 'This deregistration ground rests on a basis document (dms_notice, foreign_death_document): send it in basisDocument.' }],
  ['a DMS death notice resting on a death certificate', deregDeath, (e) => { e.deregistration = { ground: 'dms_death_notice', basisDocument: { kind: 'death_certificate', number: '1', issuedOn: '2026-10-31' } }; }, {
    code: 'DEREGISTRATION_BASIS_KIND', pointer: '/deregistration/basisDocument/kind',
    uk: 'Документ цього виду не є підставою для зняття з реєстрації з обраної підстави; очікується: dms_notice, foreign_death_document.',
    en: 'This kind of document does not support the chosen ground; expected: dms_notice, foreign_death_document.' }],
];

describe('each rule code as the register receives it', () => {
  it.each(CASES)('%s', (_name, base, mutate, { code, pointer, uk, en }) => {
    const event = structuredClone(base) as Mutable;
    mutate(event);
    const { issues, warnings } = applyRules(event, CTX);
    const [found, other] = WARNINGS.has(code) ? [warnings, issues] : [issues, warnings];
    expect(found).toContainEqual({ code, pointer, message: { uk, en } });
    expect(other.map((f) => f.code)).not.toContain(code);
  });

  it('covers every code the rules can produce on an event', () => {
    expect(new Set(CASES.map(([, , , { code }]) => code))).toEqual(new Set(Object.keys(RULE_CODES)));
  });
});
