// Every string of an event ends up in XML. Characters XML 1.0 cannot carry are refused at the door,
// so an accepted event can always be delivered. The set, from XML 1.0's Char production
// (#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]) and its §2.2 note:
// - outside Char: C0 controls but tab, LF, CR; lone surrogates; U+FFFE, U+FFFF;
// - discouraged by §2.2, never part of a name or an address: DEL and C1 controls (U+007F–U+009F)
//   and the noncharacters (U+FDD0–U+FDEF, the last two code points of every plane);
// - U+FFFD, the replacement character, separately: it is what a text becomes after a decoder lost
//   characters somewhere before us, so the person's real data is not in it.
import { pointerSegment, type Issue } from '../errors.ts';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]/;
const REPLACEMENT = /\uFFFD/;

export function textIssue(value: string, at: string): Issue | null {
  if (FORBIDDEN.test(value)) {
    return {
      code: 'TEXT_FORBIDDEN_CHARACTER',
      pointer: at,
      message: {
        uk: `Поле ${at || '/'} містить керівний або недопустимий символ (наприклад, U+0000–U+001F).`,
        en: `Field ${at || '/'} contains a control or otherwise forbidden character (such as U+0000–U+001F).`,
      },
    };
  }
  if (REPLACEMENT.test(value)) {
    return {
      code: 'TEXT_REPLACEMENT_CHARACTER',
      pointer: at,
      message: {
        uk: `Поле ${at || '/'} містить символ заміни U+FFFD («�»): частину тексту втрачено під час перекодування. Надішліть текст у UTF-8 без втрат.`,
        en: `Field ${at || '/'} contains the replacement character U+FFFD ("�"): part of the text was lost in a conversion. Send the text in UTF-8 without loss.`,
      },
    };
  }
  return null;
}

/** Every text of a parsed body; iterative, so no nesting can overflow the stack. */
export function checkText(value: unknown, at = ''): Issue[] {
  const issues: Issue[] = [];
  // A member's pointer is spelled out only when needed (an issue, or members below it): most texts are fine.
  const stack: Array<[unknown, string, string | number | undefined]> = [[value, at, undefined]];
  while (stack.length > 0) {
    const [v, parent, key] = stack.pop() as [unknown, string, string | number | undefined];
    if (typeof v === 'string') {
      if (!FORBIDDEN.test(v) && !REPLACEMENT.test(v)) continue;
      const issue = textIssue(v, key === undefined ? parent : `${parent}/${pointerSegment(key)}`);
      if (issue) issues.push(issue);
    } else if (v !== null && typeof v === 'object') {
      const p = key === undefined ? parent : `${parent}/${pointerSegment(key)}`;
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], p, i]);
      } else {
        const keys = Object.keys(v);
        for (let i = keys.length - 1; i >= 0; i--) stack.push([(v as Record<string, unknown>)[keys[i] as string], p, keys[i]]);
      }
    }
  }
  return issues;
}
