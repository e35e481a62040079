import { createHash } from 'node:crypto';
import texts from '@/messages/en-texts';
import type { Locale } from './config';
import { TEXTS_GLOBAL } from './client-catalogue';
import { translateText, type Catalogue } from './texts';

export const EN_TEXTS: Catalogue = texts;

/**
 * The English catalogue for client components, as a script the browser caches (≈ 200 KB, 3,400 of
 * its entries station names: handed down as a prop it was in the payload of every English page).
 * Served by app/i18n/en-texts/route.ts at EN_TEXTS_SRC (the content's hash in the address, so a new
 * catalogue is a new address) and loaded before hydration by the root layout on English pages; on the
 * server the same object is on globalThis for the server render of client components.
 */
export const EN_TEXTS_SCRIPT = `self.${TEXTS_GLOBAL}=${JSON.stringify(EN_TEXTS)};`;
export const EN_TEXTS_SRC = `/i18n/en-texts?v=${createHash('sha256').update(EN_TEXTS_SCRIPT).digest('hex').slice(0, 16)}`;
(globalThis as Record<string, unknown>)[TEXTS_GLOBAL] = EN_TEXTS;

/** A server text in the locale (jobs, e-mails: the recipient's locale). */
export const localText = (locale: Locale, text: string): string => translateText(locale, text, EN_TEXTS);
