/** Times are stored as timestamptz and always shown in Asia/Shanghai (UTC+8, no DST). */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

export const SHANGHAI = 'Asia/Shanghai';

export function formatShanghai(d: Date, pattern = 'yyyy-MM-dd HH:mm'): string {
  return format(new TZDate(d.getTime(), SHANGHAI), pattern);
}

/** Today's calendar date in Shanghai as yyyy-MM-dd. */
export function shanghaiDate(d: Date = new Date()): string {
  return formatShanghai(d, 'yyyy-MM-dd');
}
