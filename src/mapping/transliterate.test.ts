import { describe, expect, it } from 'vitest';
import { transliterate } from './transliterate.ts';

// The examples column of the table in CMU Resolution No. 55 of 27.01.2010, letter by letter.
const TABLE: Array<[string, string]> = [
  ['Алушта', 'Alushta'], ['Андрій', 'Andrii'],
  ['Борщагівка', 'Borshchahivka'], ['Борисенко', 'Borysenko'],
  ['Вінниця', 'Vinnytsia'], ['Володимир', 'Volodymyr'],
  ['Гадяч', 'Hadiach'], ['Богдан', 'Bohdan'], ['Згурський', 'Zghurskyi'],
  ['Ґалаґан', 'Galagan'], ['Ґорґани', 'Gorgany'],
  ['Донецьк', 'Donetsk'], ['Дмитро', 'Dmytro'],
  ['Рівне', 'Rivne'], ['Олег', 'Oleh'], ['Есмань', 'Esman'],
  ['Єнакієве', 'Yenakiieve'], ['Гаєвич', 'Haievych'], ["Короп'є", 'Koropie'],
  ['Житомир', 'Zhytomyr'], ['Жанна', 'Zhanna'], ['Жежелів', 'Zhezheliv'],
  ['Закарпаття', 'Zakarpattia'], ['Казимирчук', 'Kazymyrchuk'],
  ['Медвин', 'Medvyn'], ['Михайленко', 'Mykhailenko'],
  ['Іванків', 'Ivankiv'], ['Іващенко', 'Ivashchenko'],
  ['Їжакевич', 'Yizhakevych'], ['Кадиївка', 'Kadyivka'], ["Мар'їне", 'Marine'],
  ['Йосипівка', 'Yosypivka'], ['Стрий', 'Stryi'], ['Олексій', 'Oleksii'],
  ['Київ', 'Kyiv'], ['Коваленко', 'Kovalenko'],
  ['Лебедин', 'Lebedyn'], ['Леонід', 'Leonid'],
  ['Миколаїв', 'Mykolaiv'], ['Маринич', 'Marynych'],
  ['Ніжин', 'Nizhyn'], ['Наталія', 'Nataliia'],
  ['Одеса', 'Odesa'], ['Онищенко', 'Onyshchenko'],
  ['Полтава', 'Poltava'], ['Петро', 'Petro'],
  ['Решетилівка', 'Reshetylivka'], ['Рибчинський', 'Rybchynskyi'],
  ['Суми', 'Sumy'], ['Соломія', 'Solomiia'],
  ['Тернопіль', 'Ternopil'], ['Троць', 'Trots'],
  ['Ужгород', 'Uzhhorod'], ['Уляна', 'Uliana'],
  ['Фастів', 'Fastiv'], ['Філіпчук', 'Filipchuk'],
  ['Харків', 'Kharkiv'], ['Христина', 'Khrystyna'],
  ['Біла Церква', 'Bila Tserkva'], ['Стеценко', 'Stetsenko'],
  ['Чернівці', 'Chernivtsi'], ['Шевченко', 'Shevchenko'],
  ['Шостка', 'Shostka'], ['Кишеньки', 'Kyshenky'],
  ['Щербухи', 'Shcherbukhy'], ['Гоща', 'Hoshcha'], ['Гаращенко', 'Harashchenko'],
  ['Юрій', 'Yurii'], ['Корюківка', 'Koriukivka'],
  ['Яготин', 'Yahotyn'], ['Ярошенко', 'Yaroshenko'], ['Костянтин', 'Kostiantyn'], ["Знам'янка", 'Znamianka'], ['Феодосія', 'Feodosiia'],
  ['Згорани', 'Zghorany'], ['Розгон', 'Rozghon'],
];

describe('transliterate (CMU No. 55 of 27.01.2010)', () => {
  it.each(TABLE)('%s → %s', (cyrillic, latin) => {
    expect(transliterate(cyrillic)).toBe(latin);
  });

  it('treats every common apostrophe alike and drops it', () => {
    for (const apostrophe of ["'", '’', 'ʼ', '`']) expect(transliterate(`Короп${apostrophe}є`)).toBe('Koropie');
  });

  it('starts a word again after a hyphen or a space', () => {
    expect(transliterate('Іванова-Юрченко')).toBe('Ivanova-Yurchenko');
    expect(transliterate('Анна Ярина')).toBe('Anna Yaryna');
  });

  it('keeps a word written in capitals in capitals', () => {
    expect(transliterate('ЩЕРБУХИ')).toBe('SHCHERBUKHY');
    expect(transliterate('ЗГОРАНИ')).toBe('ZGHORANY');
    expect(transliterate('ЮРІЙ')).toBe('YURII');
  });

  it('leaves what is not a Ukrainian letter as it is', () => {
    expect(transliterate('O\'Brien 2')).toBe('O\'Brien 2');
  });

  it('composes a decomposed Ї before looking it up', () => {
    expect(transliterate('І\u0308жакевич')).toBe('Yizhakevych');
  });
});
