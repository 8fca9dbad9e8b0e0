// Every string of an event ends up in XML. Characters XML 1.0 cannot carry are refused at the door,
// so an accepted event can always be delivered.
import { pointerSegment, type Issue } from '../errors.ts';
import { hasForbiddenXmlCharacter } from '../xml/escape.ts';

export function checkText(value: unknown, at = ''): Issue[] {
  if (typeof value === 'string') {
    if (!hasForbiddenXmlCharacter(value)) return [];
    return [
      {
        code: 'TEXT_FORBIDDEN_CHARACTER',
        pointer: at,
        message: {
          uk: `Поле ${at || '/'} містить керівний або недопустимий символ (наприклад, U+0000–U+001F).`,
          en: `Field ${at || '/'} contains a control or otherwise forbidden character (such as U+0000–U+001F).`,
        },
      },
    ];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => checkText(v, `${at}/${i}`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => checkText(v, `${at}/${pointerSegment(k)}`));
  }
  return [];
}
