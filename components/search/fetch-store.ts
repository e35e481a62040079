'use client';

import { useSyncExternalStore } from 'react';

/**
 * A tiny per-tab fetch cache for the search pages' two lookups (station suggestions, 经停站), so those
 * pages load without a query library (react-query stays on the order pages, app/trips/layout.tsx).
 * Each key is fetched once; a failed fetch is tried again on the next `load`.
 */
interface Entry {
  data?: unknown;
  loading?: boolean;
  error?: boolean;
}
const entries = new Map<string, Entry>();
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};

export function load(key: string, fetcher: () => Promise<unknown>): void {
  const e = entries.get(key);
  if (e && !e.error) return;
  entries.set(key, { loading: true });
  emit();
  fetcher().then(
    (data) => {
      entries.set(key, { data });
      emit();
    },
    () => {
      entries.set(key, { error: true });
      emit();
    },
  );
}

export function useEntry<T>(key: string | null): { data: T | undefined; loading: boolean; error: boolean } {
  const e = useSyncExternalStore(
    subscribe,
    () => (key ? entries.get(key) : undefined),
    () => undefined,
  );
  return { data: e?.data as T | undefined, loading: !!e?.loading, error: !!e?.error };
}
