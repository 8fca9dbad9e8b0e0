// Ukrainian → Latin by the official table of CMU Resolution No. 55 of 27.01.2010 (the one used for
// names in passports). Є, Ї, Й, Ю, Я have one form at the start of a word and another inside it;
// "зг" becomes "zgh" so that it is not read as "ж"; the soft sign and the apostrophe are dropped.
// Characters outside the Ukrainian alphabet (spaces, hyphens, Latin letters, digits) pass unchanged.

const LETTERS: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', є: 'ie', ж: 'zh', з: 'z', и: 'y', і: 'i',
  ї: 'i', й: 'i', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u',
  ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ь: '', ю: 'iu', я: 'ia',
};
const WORD_INITIAL: Record<string, string> = { є: 'ye', ї: 'yi', й: 'y', ю: 'yu', я: 'ya' };
// ʼ (U+02BC) is the apostrophe Ukrainian orthography prescribes; the others are how it gets typed.
const APOSTROPHES = new Set(["'", '\u2019', '\u02BC', '`', '\u2018']);

const isLetter = (c: string | undefined) => c !== undefined && /\p{L}/u.test(c);
const isCyrillic = (c: string | undefined) => c !== undefined && /\p{Script=Cyrillic}/u.test(c);
const isUpper = (c: string) => c !== c.toLowerCase();

export function transliterate(text: string): string {
  const chars = [...text.normalize('NFC')];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const lower = c.toLowerCase();
    if (APOSTROPHES.has(c) && isCyrillic(chars[i - 1]) && isCyrillic(chars[i + 1])) continue;
    if (!(lower in LETTERS)) {
      out += c;
      continue;
    }
    // A word starts after anything that is not a letter or an in-word apostrophe (Короп'є → Koropie).
    const previous = chars[i - 1];
    const wordStart = !isLetter(previous) && !(previous !== undefined && APOSTROPHES.has(previous) && isCyrillic(chars[i - 2]));
    let latin = (wordStart && WORD_INITIAL[lower]) || LETTERS[lower]!;
    if (lower === 'г' && chars[i - 1]?.toLowerCase() === 'з') latin = 'gh';
    if (latin === '' || !isUpper(c)) {
      out += latin;
      continue;
    }
    // Capitals: "Щербухи" → "Shcherbukhy", but "ЩЕРБУХИ" → "SHCHERBUKHY".
    const neighbour = chars[i + 1] ?? chars[i - 1];
    const allCaps = neighbour !== undefined && isLetter(neighbour) && isUpper(neighbour);
    out += allCaps ? latin.toUpperCase() : latin[0]!.toUpperCase() + latin.slice(1);
  }
  return out;
}
