import { Spinner } from '@/components/ui/pending-button';

/**
 * The results page while it waits for the provider's 余票 answer: the page's frame at once, the cards
 * as grey shapes where the trains will be, and a status line saying what it waits for.
 */
export function SearchSkeleton() {
  return (
    <section className="flex flex-col gap-3 sm:gap-5" aria-busy="true" data-testid="search-skeleton">
      <h1 className="text-2xl font-semibold">车票查询</h1>
      <p role="status" className="flex items-center gap-2 rounded-lg bg-white p-4 text-slate-600 shadow-sm">
        <Spinner />
        正在查询余票…
      </p>
      <ul className="flex flex-col gap-3" aria-hidden="true">
        {[0, 1, 2].map((i) => (
          <li key={i} className="tcard animate-pulse motion-reduce:animate-none">
            <div className="flex items-center gap-6">
              <div className="h-6 w-16 rounded bg-slate-200" />
              <div className="h-6 w-40 rounded bg-slate-200" />
            </div>
            <div className="mt-3 grid grid-cols-2 gap-2 sm:grid-cols-4">
              {[0, 1, 2, 3].map((j) => (
                <div key={j} className="h-20 rounded border border-slate-100 bg-slate-100" />
              ))}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
