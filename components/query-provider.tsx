'use client';

import { QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { getQueryClient } from './query-client';

/**
 * react-query for the pages that poll and mutate (orders, grabs: app/trips/layout.tsx). The search
 * pages use the same client without a provider (components/query-client.ts), which keeps react-query
 * out of their first load.
 */
export function QueryProvider({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={getQueryClient()}>{children}</QueryClientProvider>;
}
