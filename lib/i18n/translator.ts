/**
 * Translations outside a request: e-mails and notifications rendered by the worker in the
 * recipient's language (users.locale), CSV headers, anything not under next-intl's request config.
 */
// use-intl/core (next-intl's own core): no React, so the worker (react-server condition) can load it.
import { createTranslator } from 'use-intl/core';
import { TIME_ZONE, type Locale } from './config';
import { MESSAGES } from './messages';

export function translatorFor(locale: Locale) {
  return createTranslator({ locale, messages: MESSAGES[locale], timeZone: TIME_ZONE });
}
