import { describe, expect, it } from 'vitest';
import type { IdentityDocument } from './event.ts';
import { documentFormatProblem, normaliseBirthSeries, normaliseDocument } from './documents.ts';

const doc = (d: Partial<IdentityDocument> & Pick<IdentityDocument, 'type' | 'number'>): IdentityDocument => d;

describe('document normalisation', () => {
  it.each([
    [doc({ type: 'passport_booklet', series: 'AB', number: '123456' }), 'АВ', '123456'], // Latin A, B
    [doc({ type: 'passport_booklet', series: ' ab ', number: ' 123 456 ' }), 'АВ', '123456'],
    [doc({ type: 'passport_booklet', number: 'АВ123456' }), 'АВ', '123456'],
    [doc({ type: 'passport_booklet', number: 'KM 123456' }), 'КМ', '123456'],
    [doc({ type: 'passport_booklet', number: 'АВ-123456' }), 'АВ', '123456'],
    [doc({ type: 'birth_certificate', series: 'І-БК', number: '123456' }), 'I-БК', '123456'], // Cyrillic І → Roman I
    [doc({ type: 'birth_certificate', series: 'i-bk', number: '123456' }), 'I-ВК', '123456'],
    [doc({ type: 'birth_certificate', series: 'ІІ – ЖТ', number: '123456' }), 'II-ЖТ', '123456'],
    [doc({ type: 'birth_certificate', series: 'IVБК', number: '123456' }), 'IV-БК', '123456'],
    [doc({ type: 'birth_certificate', number: 'І-БК 123456' }), 'I-БК', '123456'],
    [doc({ type: 'temporary_residence_permit', number: '000 412 783' }), undefined, '000412783'],
    [doc({ type: 'id_card', series: '  ', number: '004512378' }), undefined, '004512378'],
    [doc({ type: 'passport_booklet', number: 'АВ - 123456' }), 'АВ', '123456'],
    // Split only when the whole field is letters then digits, and only for a type that has series.
    [doc({ type: 'id_card', number: 'АВ 123456' }), undefined, 'АВ123456'],
    [doc({ type: 'passport_booklet', number: 'АВ 123456Б' }), undefined, 'АВ123456Б'],
    [doc({ type: 'passport_booklet', number: '1АВ 123456' }), undefined, '1АВ123456'],
  ])('%j → series %j, number %j', (input, series, number) => {
    const out = normaliseDocument(input);
    expect(out.series).toBe(series);
    expect(out.number).toBe(number);
  });

  it('composes a decomposed Ї (NFC) before mapping', () => {
    expect(normaliseDocument(doc({ type: 'passport_booklet', series: 'І\u0308К', number: '123456' })).series).toBe('ЇК');
  });

  it('leaves a series it cannot read as Roman-hyphen-letters as typed (upper-cased)', () => {
    expect(normaliseBirthSeries('1-бк')).toBe('1-БК');
    expect(normaliseBirthSeries(' cn ii ')).toBe('CN II');
  });

  it('never mutates its input', () => {
    const input = doc({ type: 'passport_booklet', series: 'ab', number: '123456' });
    normaliseDocument(input);
    expect(input.series).toBe('ab');
  });
});

describe('document formats', () => {
  const n = (d: IdentityDocument) => documentFormatProblem(normaliseDocument(d));
  it.each([
    [doc({ type: 'passport_booklet', series: 'АВ', number: '123456' }), undefined],
    [doc({ type: 'passport_booklet', number: '123456' }), 'DOCUMENT_SERIES_REQUIRED'],
    [doc({ type: 'passport_booklet', series: 'ЭЮ', number: '123456' }), 'DOCUMENT_SERIES_FORMAT'],
    [doc({ type: 'passport_booklet', series: 'АВС', number: '123456' }), 'DOCUMENT_SERIES_FORMAT'],
    [doc({ type: 'passport_booklet', series: 'АВ', number: '12345' }), 'DOCUMENT_NUMBER_FORMAT'],
    [doc({ type: 'id_card', number: '004512378' }), undefined],
    [doc({ type: 'id_card', number: '04512378' }), 'DOCUMENT_NUMBER_FORMAT'],
    [doc({ type: 'id_card', series: 'АА', number: '004512378' }), 'DOCUMENT_SERIES_UNEXPECTED'],
    [doc({ type: 'temporary_certificate', number: '104927' }), undefined],
    [doc({ type: 'temporary_certificate', series: 'ТП', number: '104927' }), undefined],
    [doc({ type: 'temporary_residence_permit', number: '000412783' }), undefined],
    [doc({ type: 'temporary_residence_permit', series: 'ІН', number: '12345/67890' }), undefined],
    [doc({ type: 'permanent_residence_permit', series: 'ІМ', number: '012345' }), undefined],
    [doc({ type: 'permanent_residence_permit', number: '00038516' }), 'DOCUMENT_NUMBER_FORMAT'],
    [doc({ type: 'refugee_certificate', series: 'НБ', number: '004215' }), undefined],
    [doc({ type: 'refugee_certificate', number: '004215' }), 'DOCUMENT_NUMBER_FORMAT'],
    [doc({ type: 'additional_protection_certificate', series: 'ДЗ', number: '001734' }), undefined],
    [doc({ type: 'temporary_protection_certificate', number: '000286123' }), undefined],
    [doc({ type: 'asylum_applicant_certificate', number: '003417' }), undefined],
    [doc({ type: 'asylum_applicant_certificate', number: '0034170000000' }), 'DOCUMENT_NUMBER_FORMAT'],
    [doc({ type: 'birth_certificate', series: 'I-БК', number: '482913' }), undefined],
    [doc({ type: 'birth_certificate', series: 'XIV-КИ', number: '482913' }), undefined],
    [doc({ type: 'birth_certificate', series: '1-БК', number: '482913' }), 'DOCUMENT_SERIES_FORMAT'],
    [doc({ type: 'birth_certificate', series: 'I-Б', number: '482913' }), 'DOCUMENT_SERIES_FORMAT'],
    [doc({ type: 'birth_certificate', number: '482913' }), 'DOCUMENT_SERIES_REQUIRED'],
  ])('%j → %s', (input, problem) => {
    expect(n(input)).toBe(problem);
  });
});
