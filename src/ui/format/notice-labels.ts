// Notice kinds in the console's words.
import type { NoticeKind } from '../../notices/notice.ts';

const KINDS: Record<NoticeKind, string> = {
  person_died: 'Смерть особи',
  temporary_permit_expired: 'Закінчився строк посвідки на тимчасове проживання',
  temporary_permit_cancelled: 'Посвідку на тимчасове проживання скасовано',
  immigration_permit_cancelled: 'Дозвіл на імміграцію скасовано',
};

export const noticeKindLabel = (kind: string): string => KINDS[kind as NoticeKind] ?? kind;
