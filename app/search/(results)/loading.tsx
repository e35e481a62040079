import { PageLoading } from '@/components/layout/page-loading';

/**
 * Shown while the page waits for the provider's 余票 answer (a cache miss). In the (results) group so
 * that it wraps this page only: the cached page (../cached) is kept as whole HTML, not a fallback with
 * its content streamed after it.
 */
export default function SearchLoading() {
  return <PageLoading title="车票查询" waiting="正在查询余票…" />;
}
