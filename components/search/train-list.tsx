'use client';

import { useTranslations } from 'next-intl';
import { useDeferredValue, useSyncExternalStore } from 'react';
import { formatFen } from '@/lib/format';
import { useTx } from '@/lib/i18n/client';
import { StopsDisclosure } from './stops-disclosure';

/**
 * One train of a result list, as little as the card shows (the page sends these as data, not as a
 * rendered tree: the RSC payload stays a few KB for ~45 trains).
 */
export interface TrainRow {
  /** The provider whose answer listed it: the booking and 抢票 links carry it. */
  provider: string;
  trainCode: string;
  trainNo: string;
  fromStation: string;
  toStation: string;
  fromTime: string;
  toTime: string;
  arriveDays: number;
  runMinutes: number;
  /**
   * seatType, name, price in fen, tickets left, priced "from" (berths), bookable: 预订 (or 抢票 when sold
   * out) offered. 无座 is not bookable (FAQ §7): it is shown as information only.
   */
  seats: [number, string, number, number, boolean, boolean][];
  /** The class 无座 is sold with (the lowest seated class, FAQ §7), for the 无座 note. */
  standingWith: string | null;
}

type TrainsT = ReturnType<typeof useTranslations<'search.trains'>>;

function availability(left: number, t: TrainsT): { text: string; tone: string } {
  if (left <= 0) return { text: t('leftNone'), tone: 'text-slate-500' };
  if (left >= 20) return { text: t('leftMany'), tone: 'text-green-700' };
  return { text: t('leftCount', { count: left }), tone: 'text-amber-700' };
}

/** "5小时30分" (lib/format formatDuration) in the page's language: "5 h 30 min". */
export const durationText = (t: TrainsT, minutes: number) =>
  t('duration', { h: Math.floor(minutes / 60), m: minutes % 60 });

const noSubscription = () => () => {};
const isBrowser = () => true;
const isServer = () => false;

/** Query values as typed (UTF-8), escaping only what would break the query string. */
const q = (s: string) => s.replace(/[%&#+=?\s]/g, encodeURIComponent);

/**
 * The result cards. The server renders the first `serverRows` (the cached page: a short HTML answer,
 * the rest of the list is in its data) and the browser adds the others as soon as it runs; without
 * JavaScript a link leads to the full list rendered by the server (`moreHref`).
 */
export function TrainList({
  trains,
  date,
  serverRows = Infinity,
  moreHref,
  customerId,
}: {
  trains: TrainRow[];
  date: string;
  serverRows?: number;
  moreHref?: string;
  /** Agency staff booking for this customer of theirs: the booking links carry it; no 抢票. */
  customerId?: string | undefined;
}) {
  // false while rendering on the server and hydrating, true right after (no state, no effect). The
  // rest of the list is rendered as a deferred, interruptible render, so adding ~40 cards does not
  // block the page's main thread in one long task right after hydration.
  const t = useTranslations('search.trains');
  const tx = useTx();
  const mounted = useDeferredValue(useSyncExternalStore(noSubscription, isBrowser, isServer));
  const shown = mounted ? trains : trains.slice(0, serverRows);
  if (trains.length === 0) {
    return <p className="rounded-lg bg-white p-6 text-center text-slate-600 shadow-sm">{t('empty')}</p>;
  }
  return (
    <>
      <ul className="flex flex-col gap-3" aria-label={t('listLabel')}>
        {shown.map((train) => (
          <li
            key={`${train.trainNo}-${train.fromStation}`}
            className="tcard"
            aria-label={t('cardLabel', { code: train.trainCode })}
          >
            {/* One row on a phone in either language: longer (English) station names wrap in their column. */}
            <div className="flex items-center gap-x-3 sm:gap-x-6">
              <h2 className="w-16 shrink-0 text-xl font-semibold text-brand-800 sm:w-20">{train.trainCode}</h2>
              <div className="flex min-w-0 flex-1 items-center gap-3 text-center sm:flex-none">
                <div>
                  <div className="text-lg font-semibold" data-testid="depart-time">
                    {train.fromTime}
                  </div>
                  <div className="text-sm text-slate-600">{tx(train.fromStation)}</div>
                </div>
                <div className="text-xs text-slate-500">
                  {durationText(t, train.runMinutes)}
                  <div aria-hidden="true">⟶</div>
                </div>
                <div>
                  <div className="text-lg font-semibold" data-testid="arrive-time">
                    {train.toTime}
                    {train.arriveDays > 0 && (
                      <sup
                        className="ml-0.5 text-xs text-red-700"
                        aria-label={
                          train.arriveDays === 1 ? t('arriveNextDay') : t('arriveDaysLater', { days: train.arriveDays })
                        }
                      >
                        +{train.arriveDays}
                      </sup>
                    )}
                  </div>
                  <div className="text-sm text-slate-600">{tx(train.toStation)}</div>
                </div>
              </div>
            </div>
            <ul
              className="mt-2 grid grid-cols-2 gap-2 sm:mt-3 sm:grid-cols-4"
              aria-label={t('seatsLabel', { code: train.trainCode })}
            >
              {train.seats.map(([seatType, name, priceFen, left, fromPrice, bookable]) => {
                const a = availability(left, t);
                const query = `train=${q(train.trainCode)}&from=${q(train.fromStation)}&to=${q(train.toStation)}&date=${date}&seat=${seatType}&provider=${q(train.provider)}`;
                const forCustomer = customerId ? `&customer=${q(customerId)}` : '';
                return (
                  <li key={seatType} className="seat">
                    <span className="font-medium">{tx(name)}</span>
                    <span>
                      {formatFen(priceFen)}
                      {fromPrice && <span className="text-xs text-slate-500">{t('fromPrice')}</span>}
                    </span>
                    <span className={a.tone}>{t('left', { text: a.text })}</span>
                    {!bookable ? (
                      // Information only: 无座 is never booked as a class (FAQ §7); it comes with the
                      // lowest class when that is sold out and the traveller accepts 无座.
                      <span className="mt-1 text-xs text-slate-500" data-testid="standing-info">
                        {train.standingWith ? t('standingWith', { seat: tx(train.standingWith) }) : t('standingAlone')}
                      </span>
                    ) : left > 0 ? (
                      <a
                        href={`/book?${query}${forCustomer}`}
                        className="seat-book"
                        aria-label={t('bookLabel', { code: train.trainCode, seat: tx(name) })}
                      >
                        {t('book')}
                      </a>
                    ) : (
                      <>
                        <span className="seat-sold">{t('soldOut')}</span>
                        {!customerId && (
                          <a
                            href={`/grab/new?${query}`}
                            className="seat-grab"
                            aria-label={t('grabLabel', { code: train.trainCode, seat: tx(name) })}
                          >
                            {t('grab')}
                          </a>
                        )}
                      </>
                    )}
                  </li>
                );
              })}
            </ul>
            <StopsDisclosure
              trainCode={train.trainCode}
              trainNo={train.trainNo}
              date={date}
              from={train.fromStation}
              to={train.toStation}
            />
          </li>
        ))}
      </ul>
      {shown.length < trains.length && moreHref && (
        <p className="mt-3 text-center text-sm">
          <a href={moreHref} className="text-brand-700 underline">
            {t('showAll', { count: trains.length })}
          </a>
        </p>
      )}
    </>
  );
}
