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
