/**
 * Where client components find the English catalogue (lib/i18n/catalogue.ts puts it there: the
 * browser by the root layout's script, the server render on globalThis). No import of the catalogue
 * here: a client bundle must not carry it.
 */
import type { Catalogue } from './texts';

export const TEXTS_GLOBAL = '__RAIL_EN_TEXTS__';

/** The English catalogue if it is loaded, else null (then texts stay Chinese). */
export function loadedCatalogue(): Catalogue | null {
  return ((globalThis as Record<string, unknown>)[TEXTS_GLOBAL] as Catalogue | undefined) ?? null;
}
