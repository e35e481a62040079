'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';

/**
 * A record the server keeps moving (an order, a 抢票单), followed from the page: starts from the
 * server-rendered `initial`, reads `path` again (never from the HTTP cache) every `every(current)` ms
 * while that says so (false: stop). Returns the current record and `refresh`, which reads it now.
 */
export function useLive<T extends { id: string }>(
  kind: string,
  path: string,
  initial: T,
  every: (current: T) => number | false,
) {
  const qc = useQueryClient();
  const { data = initial } = useQuery({
    queryKey: [kind, initial.id],
    queryFn: async () => {
      const res = await fetch(path, { cache: 'no-store' });
      if (!res.ok) throw new Error(`${kind} ${res.status}`);
      return (await res.json()) as T;
    },
    initialData: initial,
    refetchInterval: (q) => (q.state.data ? every(q.state.data) : false),
  });
  const refresh = useCallback(() => qc.invalidateQueries({ queryKey: [kind, initial.id] }), [qc, kind, initial.id]);
  return [data, refresh] as const;
}
