/**
 * Translations outside a request: e-mails and notifications rendered by the worker in the
 * recipient's language (users.locale), CSV headers, anything not under next-intl's request config.
 */
import { createTranslator } from 'next-intl';
import { TIME_ZONE, type Locale } from './config';
import { MESSAGES } from './messages';

export function translatorFor(locale: Locale) {
  return createTranslator({ locale, messages: MESSAGES[locale], timeZone: TIME_ZONE });
}
