import { SearchSkeleton } from '@/components/search/search-skeleton';

/**
 * Shown at once while the page waits for the provider's 余票 answer (a cache miss). In the (results)
 * group so that it wraps this page only: the cached page (../cached) is kept as whole HTML, not a
 * fallback with its content streamed after it (there the search button's pending state shows the wait).
 */
export default function SearchLoading() {
  return <SearchSkeleton />;
}
