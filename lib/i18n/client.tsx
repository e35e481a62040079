'use client';

/**
 * The client side of lib/i18n/texts.ts: the root layout provides the English catalogue on English
 * pages only (a Chinese page needs none: its texts are the source), and `useTx()` translates a
 * server text (a state label, an error an action returned) in a client component.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { englishOf, type Catalogue } from './texts';

const TextsContext = createContext<Catalogue | null>(null);

export function TextsProvider({ catalogue, children }: { catalogue: Catalogue | null; children: ReactNode }) {
  return <TextsContext.Provider value={catalogue}>{children}</TextsContext.Provider>;
}

export function useTx(): (text: string) => string {
  const catalogue = useContext(TextsContext);
  return (text) => (catalogue ? englishOf(text, catalogue) : text);
}
