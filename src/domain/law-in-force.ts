// Rules that changed with the law, kept as data with validity dates: an event is judged by the rules
// in force on its event date (the Europe/Kyiv date of occurredAt), never by today's. The fee table
// (fee-schedule.ts) is the third such table. Sources, cited where each row is:
//   seed 002 = /work/shared/seeds/002_82faffbd1df109ee.txt, the DMS card under CMU 207 (the law before);
//   Law 1871-IX «Про надання публічних (електронних публічних) послуг щодо декларування та реєстрації
//   місця проживання в Україні», in force 01.12.2021 (domain.md, "Events the registers produce");
//   CMU 265 of 07.02.2022, which replaced CMU 207 (domain.md, same place).

export interface Dated {
  /** First and last day (inclusive, Europe/Kyiv) the row applies to. */
  from: string;
  to: string;
  /** The act and the place in it, for people reading the table. */
  source: string;
}

/** The `to` of a row still in force. */
export const IN_FORCE = '9999-12-31';

export function inForceOn<T extends Dated>(table: readonly T[], date: string): T | undefined {
  return table.find((row) => row.from <= date && date <= row.to);
}

/** Up to which age a person presents the birth certificate with (or as) the registration document. */
export interface BirthCertificateRule extends Dated {
  /** Required while the person is younger than this many full years. */
  requiredUnder: number;
}

export const BIRTH_CERTIFICATE_RULES: readonly BirthCertificateRule[] = [
  {
    from: '1900-01-01', to: '2022-02-06', requiredUnder: 16,
    source: 'CMU 207, Rules of registration: «Свідоцтво про народження (для осіб, що не досягли 16-річного віку)» (seed 002 l.101; deregistration l.149)',
  },
  {
    from: '2022-02-07', to: IN_FORCE, requiredUnder: 14,
    source: 'CMU 265 of 07.02.2022 (replaced CMU 207): the birth certificate for children under 14; from 14 the passport alone',
  },
];

/** Whether declaration of the place of residence (декларування) exists on the date. */
export interface DeclarationRule extends Dated {
  available: boolean;
}

export const DECLARATION_RULES: readonly DeclarationRule[] = [
  {
    from: '1900-01-01', to: '2021-11-30', available: false,
    source: 'Before Law 1871-IX only registration existed (seed 002 l.10, l.93: «Реєстрація/зняття з реєстрації місця проживання/перебування»)',
  },
  {
    from: '2021-12-01', to: IN_FORCE, available: true,
    source: 'Law 1871-IX, in force 01.12.2021: declaration of the place of residence beside registration (domain.md)',
  },
];
