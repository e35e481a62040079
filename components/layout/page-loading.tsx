import type { ReactNode } from 'react';
import { Spinner } from '@/components/ui/pending-button';

/**
 * The loading.tsx of a page that waits on the provider: its heading at once, a status line saying
 * what it waits for, and grey shapes where the content will be (`children`, else two plain blocks).
 * Only where the page never answers 404 or redirects: once the fallback has streamed, the status code
 * is 200 whatever the page does.
 */
export function PageLoading({
  title,
  waiting,
  testId = 'page-skeleton',
  children,
}: {
  title: string;
  waiting: string;
  testId?: string;
  children?: ReactNode;
}) {
  return (
    <section className="flex flex-col gap-3 sm:gap-5" aria-busy="true" data-testid={testId}>
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p role="status" className="flex items-center gap-2 rounded-lg bg-white p-4 text-slate-600 shadow-sm">
        <Spinner />
        {waiting}
      </p>
      <div aria-hidden="true" className="flex flex-col gap-3">
        {children ??
          [0, 1].map((i) => (
            <div key={i} className="animate-pulse rounded-lg bg-white p-4 shadow-sm motion-reduce:animate-none">
              <div className="h-5 w-1/3 rounded bg-slate-200" />
              <div className="mt-3 h-4 w-2/3 rounded bg-slate-100" />
            </div>
          ))}
      </div>
    </section>
  );
}
