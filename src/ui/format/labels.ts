// Ukrainian names for the gateway's codes. Unknown codes are shown as they are (a new code must
// never break a page); codes such as FIELD_REQUIRED stay codes everywhere.
import type { OperatorRole } from '../../delivery/model/actors.ts';
import type { BreakerState } from '../../delivery/circuit-breaker.ts';
import type { EventStatus } from '../../delivery/model/status.ts';

export const STATUS_ORDER: readonly EventStatus[] = ['accepted', 'retrying', 'blocked', 'delivered', 'registered', 'refused', 'rejected', 'failed', 'cancelled'];

const STATUS: Record<EventStatus, string> = {
  accepted: 'Прийнято',
  retrying: 'Повторні спроби',
  blocked: 'Заблоковано',
  delivered: 'Доставлено',
  registered: 'Зареєстровано в ЄДДР',
  refused: 'Відмова ЄДДР',
  rejected: 'Відхилено ДМС',
  failed: 'Не доставлено',
  cancelled: 'Скасовано',
};

const STATUS_HINT: Record<EventStatus, string> = {
  accepted: 'чекає на першу спробу або на попередню подію цієї особи',
  retrying: 'спроба не вдалася, наступну заплановано',
  blocked: 'попередня подія цієї особи відхилена або не доставлена; потрібне рішення оператора',
  delivered: 'ДМС підтвердила отримання; остаточного рішення ЄДДР ще немає',
  registered: 'ЄДДР вніс запис; остаточно',
  refused: 'ЄДДР відмовив; остаточно, наступні події особи не блокує',
  rejected: 'ДМС відмовила по суті; остаточно, доки оператор не повторить',
  failed: 'спроби вичерпано; остаточно, доки оператор не повторить',
  cancelled: 'скасовано оператором',
};

export const EVENT_TYPE_LABEL: Record<string, string> = {
  'residence.registered': 'Реєстрація місця проживання',
  'stay.registered': 'Реєстрація місця перебування',
  'residence.deregistered': 'Зняття з реєстрації місця проживання',
  'stay.deregistered': 'Зняття з реєстрації місця перебування',
  'residence.moved': 'Реєстрація зі зняттям з попереднього місця проживання',
  'residence.declared': 'Декларування місця проживання',
};

const OUTCOME: Record<string, string> = {
  delivered: 'доставлено',
  rejected: 'відхилено ДМС',
  retryable: 'помилка, буде повтор',
};

const BREAKER: Record<BreakerState, string> = {
  closed: 'Працює',
  open: 'Пауза після збоїв',
  half_open: 'Пробна спроба',
};

const ROLE: Record<OperatorRole, string> = { viewer: 'перегляд', operator: 'оператор', admin: 'адміністратор' };

const AUDIT_ACTION: Record<string, string> = {
  retry: 'Повторна доставка',
  cancel: 'Скасування',
  reveal: 'Перегляд персональних даних',
  replay_start: 'Запуск масової повторної відправки',
  replay_cancel: 'Зупинка масової повторної відправки',
};

export const statusLabel = (s: EventStatus): string => STATUS[s] ?? s;
export const statusHint = (s: EventStatus): string => STATUS_HINT[s] ?? '';
export const eventTypeLabel = (t: string): string => EVENT_TYPE_LABEL[t] ?? t;
export const outcomeLabel = (o: string): string => OUTCOME[o] ?? o;
export const breakerLabel = (s: BreakerState): string => BREAKER[s] ?? s;
export const roleLabel = (r: OperatorRole): string => ROLE[r] ?? r;
export const auditActionLabel = (a: string): string => AUDIT_ACTION[a] ?? a;
