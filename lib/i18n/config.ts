/**
 * The portal's languages. Chinese is the default and the source of truth (rule texts are quoted from
 * the provider documents in Chinese); English is the second locale, for travellers who book with a
 * passport. The locale lives in a cookie (no URL prefix: every address stays the same in both
 * languages), set by the header's switch and, for a signed-in user, from `users.locale` at sign-in.
 */
export const LOCALES = ['zh', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh';
/** next-intl's own cookie name (its routing middleware would use the same). */
export const LOCALE_COOKIE = 'NEXT_LOCALE';
export const LOCALE_COOKIE_MAX_AGE = 400 * 86_400;

export const isLocale = (v: unknown): v is Locale =>
  typeof v === 'string' && (LOCALES as readonly string[]).includes(v);

/** The `<html lang>` of each locale (BCP 47). Both languages are written left to right. */
export const HTML_LANG: Readonly<Record<Locale, string>> = { zh: 'zh-CN', en: 'en' };

/** Every time on every page is Beijing time, in both languages (the page says so). */
export const TIME_ZONE = 'Asia/Shanghai';
