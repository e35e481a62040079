import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { PageProblem } from '@/components/layout/page-problem';
import { RoundTripPicker, type RoundRow } from '@/components/trips/round-trip-picker';
import { PRESALE_DAYS } from '@/lib/domain/rules';
import { SEAT_TYPE } from '@/lib/domain/seats';
import { getTx } from '@/lib/i18n/server';
import { searchTrains, SearchError } from '@/lib/search/search';
import type { TrainOffer } from '@/lib/search/types';
import { placeFromEnglish } from '@/lib/stations';
import { isValidDate, presaleWindow } from '@/lib/time';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('search.round');
  return { title: t('metaTitle') };
}

type SP = Promise<Record<string, string | string[] | undefined>>;

const query = z.object({
  from: z.string().trim().min(1).max(40),
  to: z.string().trim().min(1).max(40),
  date: z.string().refine(isValidDate),
  back: z.string().refine(isValidDate),
});

function rowOf(t: TrainOffer): RoundRow {
  const seated = t.seats.filter((s) => s.seatType !== SEAT_TYPE.STANDING);
  const open = seated.filter((s) => s.left > 0);
  const prices = (open.length ? open : seated).map((s) => s.priceFen);
  return {
    provider: t.provider,
    trainCode: t.trainCode,
    fromStation: t.fromStation,
    toStation: t.toStation,
    fromTime: t.fromTime,
    toTime: t.toTime,
    arriveDays: t.arriveDays,
    runMinutes: t.runMinutes,
    fromFen: prices.length ? Math.min(...prices) : null,
    seatsLeft: seated.reduce((a, s) => a + Math.max(0, s.left), 0),
  };
}

/** 往返 search: outbound (from → to on date) and return (to → from on back), both through the search cache. */
export default async function RoundSearchPage({ searchParams }: { searchParams: SP }) {
  const t = await getTranslations('search.round');
  const tr = await getTranslations('search.results');
  const tx = await getTx();
  const sp = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = query.safeParse(sp);
  if (!parsed.success) return <Problem title={t('title')}>{t('invalid')}</Problem>;
  const { date, back } = parsed.data;
  // A place typed in English searches its Chinese name.
  const [from, to] = [placeFromEnglish(parsed.data.from), placeFromEnglish(parsed.data.to)];
  const window = presaleWindow(new Date(), PRESALE_DAYS);
  for (const d of [date, back])
    if (d < window.first || d > window.last)
      return (
        <Problem title={t('title')}>{t('outOfWindow', { date: d, first: window.first, last: window.last })}</Problem>
      );
  if (back < date) return <Problem title={t('title')}>{t('backBeforeDate')}</Problem>;
  let outbound, inbound;
  try {
    [outbound, inbound] = await Promise.all([searchTrains(from, to, date), searchTrains(to, from, back)]);
  } catch (e) {
    if (e instanceof SearchError) return <Problem title={t('title')}>{tx(e.message)}</Problem>;
    throw e;
  }
  return (
    <section className="flex flex-col gap-3 sm:gap-5">
      <h1 className="text-2xl font-semibold">{t('heading', { from: tx(from), to: tx(to) })}</h1>
      <p className="text-sm text-slate-600" role="status">
        {t('summary', { date, outbound: outbound.offers.length, back, inbound: inbound.offers.length })}
      </p>
      {tr('beijingTime') && <p className="text-xs text-slate-500">{tr('beijingTime')}</p>}
      <RoundTripPicker
        date={date}
        back={back}
        outbound={outbound.offers.map(rowOf)}
        inbound={inbound.offers.map(rowOf)}
      />
      <p className="text-sm">
        <Link
          href={`/search?${new URLSearchParams({ from, to, date }).toString()}`}
          className="text-brand-700 underline"
        >
          {t('oneWay')}
        </Link>
      </p>
    </section>
  );
}

function Problem({ title, children }: { title: string; children: React.ReactNode }) {
  return <PageProblem title={title}>{children}</PageProblem>;
}
