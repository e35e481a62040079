'use client';

import { useDeferredValue, useSyncExternalStore } from 'react';
import { formatDuration, formatFen } from '@/lib/format';
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

function availability(left: number): { text: string; tone: string } {
  if (left <= 0) return { text: '无', tone: 'text-slate-500' };
  if (left >= 20) return { text: '有', tone: 'text-green-700' };
  return { text: `${left}张`, tone: 'text-amber-700' };
}

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
  const mounted = useDeferredValue(useSyncExternalStore(noSubscription, isBrowser, isServer));
  const shown = mounted ? trains : trains.slice(0, serverRows);
  if (trains.length === 0) {
    return (
      <p className="rounded-lg bg-white p-6 text-center text-slate-600 shadow-sm">
        没有符合条件的车次，请调整筛选条件或日期。
      </p>
    );
  }
  return (
    <>
      <ul className="flex flex-col gap-3" aria-label="车次列表">
        {shown.map((t) => (
          <li key={`${t.trainNo}-${t.fromStation}`} className="tcard" aria-label={`车次 ${t.trainCode}`}>
            <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
              <h2 className="w-20 text-xl font-semibold text-brand-800">{t.trainCode}</h2>
              <div className="flex items-center gap-3 text-center">
                <div>
                  <div className="text-lg font-semibold" data-testid="depart-time">
                    {t.fromTime}
                  </div>
                  <div className="text-sm text-slate-600">{t.fromStation}</div>
                </div>
                <div className="text-xs text-slate-500">
                  {formatDuration(t.runMinutes)}
                  <div aria-hidden="true">⟶</div>
                </div>
                <div>
                  <div className="text-lg font-semibold" data-testid="arrive-time">
                    {t.toTime}
                    {t.arriveDays > 0 && (
                      <sup
                        className="ml-0.5 text-xs text-red-700"
                        aria-label={`${t.arriveDays === 1 ? '次日' : `${t.arriveDays}天后`}到达`}
                      >
                        +{t.arriveDays}
                      </sup>
                    )}
                  </div>
                  <div className="text-sm text-slate-600">{t.toStation}</div>
                </div>
              </div>
            </div>
            <ul className="mt-3 grid grid-cols-2 gap-2 sm:grid-cols-4" aria-label={`${t.trainCode} 席别`}>
              {t.seats.map(([seatType, name, priceFen, left, fromPrice, bookable]) => {
                const a = availability(left);
                const query = `train=${q(t.trainCode)}&from=${q(t.fromStation)}&to=${q(t.toStation)}&date=${date}&seat=${seatType}&provider=${q(t.provider)}`;
                const forCustomer = customerId ? `&customer=${q(customerId)}` : '';
                return (
                  <li key={seatType} className="seat">
                    <span className="font-medium">{name}</span>
                    <span>
                      {formatFen(priceFen)}
                      {fromPrice && <span className="text-xs text-slate-500"> 起</span>}
                    </span>
                    <span className={a.tone}>余票 {a.text}</span>
                    {!bookable ? (
                      // Information only: 无座 is never booked as a class (FAQ §7); it comes with the
                      // lowest class when that is sold out and the traveller accepts 无座.
                      <span className="mt-1 text-xs text-slate-500" data-testid="standing-info">
                        {t.standingWith ? `不单独出售（${t.standingWith}售完后随${t.standingWith}出票）` : '不单独出售'}
                      </span>
                    ) : left > 0 ? (
                      <a
                        href={`/book?${query}${forCustomer}`}
                        className="seat-book"
                        aria-label={`预订 ${t.trainCode} ${name}`}
                      >
                        预订
                      </a>
                    ) : (
                      <>
                        <span className="seat-sold">售罄</span>
                        {!customerId && (
                          <a
                            href={`/grab/new?${query}`}
                            className="seat-grab"
                            aria-label={`抢票 ${t.trainCode} ${name}`}
                          >
                            抢票
                          </a>
                        )}
                      </>
                    )}
                  </li>
                );
              })}
            </ul>
            <StopsDisclosure
              trainCode={t.trainCode}
              trainNo={t.trainNo}
              date={date}
              from={t.fromStation}
              to={t.toStation}
            />
          </li>
        ))}
      </ul>
      {shown.length < trains.length && moreHref && (
        <p className="mt-3 text-center text-sm">
          <a href={moreHref} className="text-brand-700 underline">
            查看全部 {trains.length} 趟车次
          </a>
        </p>
      )}
    </>
  );
}
