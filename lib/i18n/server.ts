/**
 * The server side's translators for a request: `getTx()` for lib's Chinese texts (lib/i18n/texts.ts),
 * next-intl's `getTranslations` for the portal's own messages.
 */
import 'server-only';
import type { Locale } from './config';
import { requestLocale } from './request-locale';
import { localText } from './catalogue';

export type Tx = (text: string) => string;

export async function getTx(locale?: Locale): Promise<Tx> {
  const l = locale ?? (await requestLocale());
  return (text) => localText(l, text);
}

export { requestLocale };
