// Every rejection code the mock can give, with the Ukrainian faultstring that goes with it. Vendors
// match on the code; the faultstring is for the operator reading a log.

export const FAULT_STRINGS = {
  MALFORMED_XML: 'Повідомлення не є правильно сформованим XML або SOAP-конвертом',
  DTD_FORBIDDEN: 'Оголошення DTD та сутностей у повідомленні заборонені',
  CONTENT_TYPE_INVALID: 'Неприпустимий тип вмісту: очікується text/xml; charset=utf-8',
  SOAP_ACTION_MISSING: 'Відсутній HTTP-заголовок SOAPAction',
  MESSAGE_TOO_LARGE: 'Повідомлення перевищує допустимий розмір',
  XROAD_HEADER_INVALID: 'Заголовки X-Road відсутні або неправильні',
  SIGNATURE_MISSING: 'Повідомлення не підписане',
  SIGNATURE_DUPLICATED: 'Повідомлення містить більше одного підпису',
  SIGNATURE_INVALID: 'Електронний підпис повідомлення недійсний',
  CERTIFICATE_UNTRUSTED: 'Сертифікат підписувача не є довіреним',
  CERTIFICATE_EXPIRED: 'Строк дії сертифіката підписувача минув',
  SIGNATURE_WRAPPING: 'Підпис не охоплює оброблюваний вміст повідомлення',
  HEADERS_NOT_SIGNED: 'Підпис не охоплює заголовки X-Road повідомлення',
  ALGORITHM_NOT_ALLOWED: 'Алгоритм підпису не дозволений',
  SCHEMA_INVALID: 'Повідомлення не відповідає XML-схемі',
  SERVICE_BODY_MISMATCH: 'Вміст повідомлення не відповідає викликаному сервісу',
  REGISTER_MISMATCH: 'Код реєстру у повідомленні не збігається з кодом клієнта X-Road',
  UNZR_INVALID: 'Неправильний УНЗР',
  OCCURRED_IN_FUTURE: 'Дата події вказана в майбутньому',
  SAME_ADDRESS: 'Нова адреса збігається з попередньою',
  MESSAGE_ID_REUSED: 'Ідентифікатор повідомлення вже використано для іншої події',
  CONTRACT_VERSION_RETIRED: 'Версію контракту виведено з обігу: надішліть повідомлення в новішій версії',
} as const;

export type RejectionCode = keyof typeof FAULT_STRINGS;

/** Used for codes set through a `reject` fault, which the mock does not know in advance. */
export const GENERIC_REJECTION = 'Повідомлення відхилено ДМС';

export const SERVER_FAULT_STRING = 'Тимчасова помилка ДМС, повторіть спробу пізніше';

export function faultStringFor(code: string): string {
  return code in FAULT_STRINGS ? FAULT_STRINGS[code as RejectionCode] : GENERIC_REJECTION;
}
