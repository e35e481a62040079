/**
 * next-intl's request configuration (next.config.ts names this file): the locale from the cookie,
 * the messages of that locale, Beijing time for every date and time formatted on the server.
 * In a force-static page (the cached search page) request cookies read as empty: Chinese, which is
 * why lib/search/cached-search.ts rewrites only requests without the English cookie.
 */
import { getRequestConfig } from 'next-intl/server';
import { isLocale, TIME_ZONE } from './config';
import { MESSAGES } from './messages';
import { requestLocale } from './request-locale';

export default getRequestConfig(async ({ locale: explicit }) => {
  const locale = isLocale(explicit) ? explicit : await requestLocale();
  return { locale, messages: MESSAGES[locale], timeZone: TIME_ZONE };
});
