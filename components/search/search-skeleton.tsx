import { getTranslations } from 'next-intl/server';
import { PageLoading } from '@/components/layout/page-loading';

/**
 * The results page while it waits for the provider's 余票 answer: the page's frame at once, grey
 * cards where the trains will be, and a status line saying what it waits for.
 */
export async function SearchSkeleton() {
  const t = await getTranslations('search');
  return (
    <PageLoading title={t('results.title')} waiting={t('skeleton.waiting')} testId="search-skeleton">
      {[0, 1, 2].map((i) => (
        <div key={i} className="tcard animate-pulse motion-reduce:animate-none">
          <div className="flex items-center gap-6">
            <div className="h-6 w-16 rounded bg-slate-200" />
            <div className="h-6 w-40 rounded bg-slate-200" />
          </div>
          <div className="mt-3 grid grid-cols-2 gap-2 sm:grid-cols-4">
            {[0, 1, 2, 3].map((j) => (
              <div key={j} className="h-20 rounded border border-slate-100 bg-slate-100" />
            ))}
          </div>
        </div>
      ))}
    </PageLoading>
  );
}
