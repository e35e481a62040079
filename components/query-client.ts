import { isServer, QueryClient } from '@tanstack/react-query';

function makeQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: 1 } } });
}

let browserClient: QueryClient | undefined;

/**
 * The one client cache: a single QueryClient per tab, shared by the order pages (QueryProvider) and the
 * search pages' lookups (station suggestions, 经停站), which pass it to useQuery themselves so the
 * search pages need no provider and load react-query only with those lookups. On the server a new one
 * per call, so no request sees another's data.
 */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  return (browserClient ??= makeQueryClient());
}
