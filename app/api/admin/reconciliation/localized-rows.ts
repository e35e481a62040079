import { localText } from '@/lib/i18n/catalogue';
import { DEFAULT_LOCALE, type Locale } from '@/lib/i18n/config';

/**
 * A reconciliation CSV in the request's language: lib/reconcile writes its header and labels in
 * Chinese; in English the header row and the label columns go through their English (messages/en-texts),
 * everything else (order numbers, names, amounts, Beijing times) as it is.
 */
export async function* localizedRows(
  rows: AsyncGenerator<string[]>,
  locale: Locale,
  labelColumns: readonly number[],
): AsyncGenerator<string[]> {
  let header = true;
  for await (const row of rows) {
    if (locale === DEFAULT_LOCALE) yield row;
    else yield row.map((c, i) => (header || labelColumns.includes(i) ? localText(locale, c) : c));
    header = false;
  }
}
