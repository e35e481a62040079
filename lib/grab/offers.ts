/**
 * Trains of a route and date for a grab order, including dates the provider does not sell yet
 * ("B 未到开抢时间"). Used by the create form and by createGrab, so both see the same trains and prices.
 */
import 'server-only';
import { presaleWindow } from '@/lib/time';
import { PRESALE_DAYS } from '@/lib/domain/rules';
import { searchOffers, SearchError } from '@/lib/search/search';
import type { TrainOffer } from '@/lib/search/types';
import { saleOpensAt } from '@/lib/search/calendar-day';

/** The provider's refusal of a date that is not on pre-sale yet ("不在预售期内" / "未到起售时间"). */
export const isBeforeSaleMessage = (msg: string): boolean => /预售期|起售/.test(msg);

export interface GrabOffers {
  offers: TrainOffer[];
  /**
   * The date is not on sale yet: offers come from `derivedFrom`, shifted to the date, with no seats.
   * (A date on its first day before the station's sale time is searchable: its offers carry saleTime.)
   */
  beforeSale: boolean;
  derivedFrom: string | null;
}

/**
 * 余票 of a route and date. A date after the pre-sale window cannot be searched, so its trains, prices
 * and departures are derived from the nearest searchable date (the window's last day) for the same
 * trains: the timetable repeats daily and fares do not depend on the date, so the train's departure
 * shifted by the days between is its departure on the wanted date. Seats show 0 until it sells.
 */
export async function grabOffers(from: string, to: string, date: string, now = new Date()): Promise<GrabOffers> {
  try {
    return { offers: await searchOffers(from, to, date), beforeSale: false, derivedFrom: null };
  } catch (e) {
    const { last } = presaleWindow(now, PRESALE_DAYS);
    if (!(e instanceof SearchError) || !isBeforeSaleMessage(e.message) || date <= last) throw e;
    const shift = Date.parse(`${date}T00:00:00Z`) - Date.parse(`${last}T00:00:00Z`);
    const offers = (await searchOffers(from, to, last)).map((o) => ({
      ...o,
      departAt: new Date(o.departAt.getTime() + shift),
      arriveAt: new Date(o.arriveAt.getTime() + shift),
      seats: o.seats.map((s) => ({ ...s, left: 0 })),
    }));
    return { offers, beforeSale: true, derivedFrom: last };
  }
}

/**
 * When a date goes on sale: on the day it enters the PRESALE_DAYS window, at the boarding station's
 * daily sale time ("每个车站每天有自己的起售时间", DOMAIN_NOTES: 北京南 12:45) as the provider's 余票 note
 * gives it ("12:45起售", TrainOffer.saleTime). Without the note (the station's time not seen yet) the
 * start of that day is the earliest it can be. The provider's own answer decides in the end: the
 * engine keeps a grab in B while it still shows the note or refuses the date.
 */
export function saleOpensOn(date: string, saleTime: string | null = null): Date {
  return saleOpensAt(date, saleTime ?? '00:00');
}

/** An offer of a date that does not sell yet: refused (after the window) or with a sale-time note. */
export const notOnSale = (answer: { beforeSale: boolean }, offer: TrainOffer | undefined): boolean =>
  answer.beforeSale || !!offer?.saleTime;
