/**
 * A stored failure reason (the provider's text, or our own words) in plain words, with the provider's
 * text kept for a details line (lib/domain/refusals; the code is inferred from the text). Its own
 * module so that pages of other aggregates (grab) use it without reaching the order views.
 */
import { plainFailure, type PlainFailure, type RefusalPath } from '@/lib/domain/refusals';
import { inferMsgCode } from '@/lib/provider/errors';

export function failureOf(path: RefusalPath, reason: string | null): Pick<PlainFailure, 'text' | 'raw'> | null {
  if (!reason) return null;
  const { text, raw } = plainFailure(path, inferMsgCode(reason), reason);
  return { text, raw };
}

/**
 * A timeline note in today's words: the timeline names 12306, not "供应商" (notes written before it
 * did are stored as they were: 供应商订单号 …, 供应商报告退票 …).
 */
export function timelineNote(note: string | null): string | null {
  if (!note) return note;
  const no = /^供应商订单号 (\S+)$/.exec(note);
  if (no) return `已提交 12306（出票渠道订单号 ${no[1]}）`;
  // Spaced as new notes are ("未收到 12306 的"), but not at the start or before punctuation.
  return note
    .replace(/(^|.)供应商/g, (_m, before: string) =>
      before && before !== ' ' ? `${before} 12306 ` : `${before}12306 `,
    )
    .replace(/ {2,}/g, ' ');
}
