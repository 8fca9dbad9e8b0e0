// Names of document types and person categories as a clerk knows them, for messages.

import type { DocumentType, PersonCategory } from './event.ts';

export const DOCUMENT_NAMES: Readonly<Record<DocumentType, { uk: string; en: string }>> = {
  passport_booklet: { uk: 'паспорт громадянина України (книжечка)', en: 'passport booklet' },
  id_card: { uk: 'паспорт громадянина України у формі картки', en: 'ID-card passport' },
  temporary_certificate: { uk: 'тимчасове посвідчення громадянина України', en: 'temporary certificate of a citizen' },
  temporary_residence_permit: { uk: 'посвідка на тимчасове проживання', en: 'temporary residence permit' },
  permanent_residence_permit: { uk: 'посвідка на постійне проживання', en: 'permanent residence permit' },
  refugee_certificate: { uk: 'посвідчення біженця', en: 'refugee certificate' },
  additional_protection_certificate: { uk: 'посвідчення особи, яка потребує додаткового захисту', en: 'certificate of a person in need of additional protection' },
  temporary_protection_certificate: { uk: 'посвідчення особи, якій надано тимчасовий захист', en: 'temporary protection certificate' },
  asylum_applicant_certificate: { uk: 'довідка про звернення за захистом в Україні', en: 'asylum applicant’s certificate' },
  birth_certificate: { uk: 'свідоцтво про народження', en: 'birth certificate' },
};

export const CATEGORY_NAMES: Readonly<Record<PersonCategory, { uk: string; en: string }>> = {
  citizen: { uk: 'громадянина України', en: 'a citizen of Ukraine' },
  foreigner: { uk: 'іноземця', en: 'a foreigner' },
  stateless: { uk: 'особи без громадянства', en: 'a stateless person' },
  refugee: { uk: 'біженця', en: 'a refugee' },
  protection: { uk: 'особи, яка потребує додаткового або отримала тимчасовий захист', en: 'a person under additional or temporary protection' },
};
