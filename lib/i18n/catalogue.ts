import texts from '@/messages/en-texts';
import type { Locale } from './config';
import { translateText, type Catalogue } from './texts';

export const EN_TEXTS: Catalogue = texts;

/** The catalogue a page of this locale needs on the client: none for Chinese. */
export const textCatalogue = (locale: Locale): Catalogue | null => (locale === 'en' ? EN_TEXTS : null);

/** A server text in the locale (jobs, e-mails: the recipient's locale). */
export const localText = (locale: Locale, text: string): string => translateText(locale, text, EN_TEXTS);
