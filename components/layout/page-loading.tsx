import { Spinner } from '@/components/ui/pending-button';

/**
 * The loading.tsx of a page that waits (on the provider, on the database): its heading at once, a
 * status line saying what it waits for, and grey shapes where the content will be.
 */
export function PageLoading({ title, waiting, blocks = 2 }: { title: string; waiting: string; blocks?: number }) {
  return (
    <section className="flex flex-col gap-5" aria-busy="true" data-testid="page-skeleton">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p role="status" className="flex items-center gap-2 rounded-lg bg-white p-4 text-slate-600 shadow-sm">
        <Spinner />
        {waiting}
      </p>
      {Array.from({ length: blocks }, (_, i) => (
        <div key={i} aria-hidden="true" className="animate-pulse rounded-lg bg-white p-4 shadow-sm motion-reduce:animate-none">
          <div className="h-5 w-1/3 rounded bg-slate-200" />
          <div className="mt-3 h-4 w-2/3 rounded bg-slate-100" />
          <div className="mt-2 h-4 w-1/2 rounded bg-slate-100" />
        </div>
      ))}
    </section>
  );
}
