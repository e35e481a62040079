'use client';

/**
 * The client side of lib/i18n/texts.ts: the root layout says whether the page is English (a Chinese
 * page needs no catalogue: its texts are the source) and loads the English catalogue as a cached
 * script before hydration (lib/i18n/catalogue.ts); `useTx()` translates a server text (a state label,
 * an error an action returned) in a client component.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { loadedCatalogue } from './client-catalogue';
import { englishOf } from './texts';

const EnglishContext = createContext(false);

export function TextsProvider({ english, children }: { english: boolean; children: ReactNode }) {
  return <EnglishContext.Provider value={english}>{children}</EnglishContext.Provider>;
}

export function useTx(): (text: string) => string {
  const catalogue = useContext(EnglishContext) ? loadedCatalogue() : null;
  return (text) => (catalogue ? englishOf(text, catalogue) : text);
}
