import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';
import { SearchForm } from '@/components/search/search-form';
import { TrainList } from '@/components/search/train-list';
import { ResultFilters } from '@/components/search/result-filters';
import { PRESALE_DAYS } from '@/lib/booking/config';
import { applyFilters, filterSchema } from '@/lib/booking/filters';
import { searchOffers, SearchError } from '@/lib/booking/search';
import { isValidDate, presaleWindow } from '@/lib/domain/calendar';

export const metadata: Metadata = { title: '查询结果' };

const querySchema = z.object({
  from: z.string().trim().min(1).max(40),
  to: z.string().trim().min(1).max(40),
  date: z.string().refine(isValidDate),
});

type SP = Promise<Record<string, string | string[] | undefined>>;

/** Repeated keys (checkbox groups) become one comma-separated value, as the filters expect. */
function flat(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(',') : v;
}

export default async function SearchPage({ searchParams }: { searchParams: SP }) {
  const sp = await searchParams;
  const raw = Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, flat(v)]));
  const window = presaleWindow(new Date(), PRESALE_DAYS);
  const parsed = querySchema.safeParse(raw);
  const initial = { from: raw.from ?? '', to: raw.to ?? '', date: raw.date ?? window.first };

  let body: React.ReactNode;
  if (!parsed.success) {
    body = <Notice>请输入出发站、到达站和有效的出发日期。</Notice>;
  } else if (parsed.data.date < window.first || parsed.data.date > window.last) {
    body = (
      <Notice>
        {parsed.data.date} 不在预售期内：目前可购买 {window.first} 至 {window.last} 的车票。
      </Notice>
    );
  } else {
    const { from, to, date } = parsed.data;
    const filters = filterSchema.parse(raw);
    const result = await searchOffers(from, to, date).catch((e: unknown) => {
      if (e instanceof SearchError) return e;
      throw e;
    });
    if (result instanceof SearchError) {
      body = <Notice>{result.message}</Notice>;
    } else {
      const all = result;
      const shown = applyFilters(all, filters);
      body = (
        <div className="flex flex-col gap-4 lg:flex-row">
          <ResultFilters all={all} filters={filters} query={{ from, to, date }} />
          <div className="flex-1">
            <p className="mb-2 text-sm text-slate-600" role="status">
              {from} → {to}，{date}：共 {all.length} 趟车次
              {shown.length !== all.length ? `，筛选后 ${shown.length} 趟` : ''}
            </p>
            <TrainList trains={shown} date={date} />
          </div>
        </div>
      );
    }
  }

  return (
    <section className="flex flex-col gap-5">
      <h1 className="text-2xl font-semibold">车票查询</h1>
      <div className="rounded-lg bg-white p-4 shadow-sm">
        <SearchForm key={`${initial.from}|${initial.to}|${initial.date}`} initial={initial} window={window} />
      </div>
      {body}
      <p className="text-sm">
        <Link href="/" className="text-brand-700 underline">
          返回首页
        </Link>
      </p>
    </section>
  );
}

function Notice({ children }: { children: React.ReactNode }) {
  return (
    <p role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-900">
      {children}
    </p>
  );
}
