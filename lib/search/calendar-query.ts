/**
 * The calendar's query (GET /api/search/calendar): from, to, an optional date of the pre-sale window
 * (one day; without it, the whole window) and an optional 席别. Bad input is an AppError with a
 * Chinese message naming what is wrong (a 422), never a 500.
 */
import { z } from 'zod';
import { PRESALE_DAYS } from '@/lib/domain/rules';
import { SEAT_TYPE, SEAT_TYPE_NAMES } from '@/lib/domain/seats';
import { AppError, type FieldErrors } from '@/lib/errors';
import { isValidDate, presaleWindow } from '@/lib/time';

/** The classes one may ask the calendar about: every known class but 无座 and 其他. */
export const CALENDAR_SEAT_TYPES: readonly number[] = Object.keys(SEAT_TYPE_NAMES)
  .map(Number)
  .filter((s) => s !== SEAT_TYPE.STANDING && s !== SEAT_TYPE.OTHER);

const blankIsAbsent = (v: unknown) => (v === '' || v === null ? undefined : v);

export const calendarQuerySchema = z
  .object({
    from: z
      .string({ error: '请填写出发站。' })
      .trim()
      .min(1, { error: '请填写出发站。' })
      .max(40, { error: '出发站名称过长。' }),
    to: z
      .string({ error: '请填写到达站。' })
      .trim()
      .min(1, { error: '请填写到达站。' })
      .max(40, { error: '到达站名称过长。' }),
    date: z.preprocess(
      blankIsAbsent,
      z.string().refine(isValidDate, { error: '日期无效，应为 yyyy-MM-dd 格式的日期。' }).optional(),
    ),
    seat: z.preprocess(
      blankIsAbsent,
      z.coerce
        .number({ error: '席别无效。' })
        .refine((s) => CALENDAR_SEAT_TYPES.includes(s), { error: '席别无效。' })
        .optional(),
    ),
  })
  .refine((q) => q.from !== q.to, { path: ['to'], error: '出发站和到达站不能相同。' });

export type CalendarQueryInput = z.output<typeof calendarQuerySchema>;

/** The query read from the URL, or an AppError (422) whose message is the first thing wrong. */
export function parseCalendarQuery(raw: Record<string, unknown>, now: Date = new Date()): CalendarQueryInput {
  const parsed = calendarQuerySchema.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: FieldErrors = {};
    for (const issue of parsed.error.issues) (fieldErrors[issue.path.join('.') || '_form'] ??= []).push(issue.message);
    throw new AppError('validation', parsed.error.issues[0]?.message ?? '请求参数有误。', fieldErrors);
  }
  const { date } = parsed.data;
  const window = presaleWindow(now, PRESALE_DAYS);
  if (date !== undefined && (date < window.first || date > window.last)) {
    const message = `${date} 不在预售期内：可查询 ${window.first} 至 ${window.last}。`;
    throw new AppError('validation', message, { date: [message] });
  }
  return parsed.data;
}
