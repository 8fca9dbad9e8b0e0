// The Europe/Kyiv calendar day (YYYYMMDD) of an instant, for receipt and record numbers: the
// gateway's own Kyiv calendar (src/domain/dates.ts), which formats each UTC hour's date once.
import { kyivDateAt } from '../../../src/domain/dates.ts';

export const kyivDay = (at: Date): string => kyivDateAt(at.getTime()).replaceAll('-', '');
