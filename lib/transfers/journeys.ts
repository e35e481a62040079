/**
 * The journeys with one change out of the legs the provider answered, pure (lib/search/transfers.ts
 * asks for the legs): every first × second leg of a place the connection rules accept
 * (lib/domain/transfers.ts), within transferMaxTotalFactor × the fastest direct train (or the fastest
 * transfer when there is none); ranked with seats on both legs first, then by arrival, total time and
 * price; each train run in at most one journey (its best); at most `limit`.
 *
 * Booking link (read by the trip booking, app/trips/new): each journey's `bookHref` is
 *   /trips/new?kind=transfer&leg1=<provider>:<trainCode>:<fromStation>:<toStation>:<date>&leg2=<same>
 * with <date> the leg's departure date (yyyy-MM-dd, Beijing) and each parameter URL-encoded as a whole
 * (URLSearchParams); station names contain no ':'.
 */
import { checkConnection, compareJourneys, type ConnectionKind, withinTotalLimit } from '@/lib/domain/transfers';
import type { TrainOffer } from '@/lib/search/types';
import { shanghaiDate } from '@/lib/time';
import { tripLink } from '@/lib/trips/links';

export interface TransferLeg {
  provider: TrainOffer['provider'];
  trainCode: string;
  trainNo: string;
  fromStation: string;
  toStation: string;
  departAt: string;
  arriveAt: string;
  fromTime: string;
  toTime: string;
  /** Departure date (Beijing), the booking's date. */
  date: string;
  runMinutes: number;
  /** Lowest fare with seats left (fen), null when sold out. */
  lowestFen: number | null;
  seatsLeft: number;
  saleTime: string | null;
}

export interface TransferJourney {
  legs: [TransferLeg, TransferLeg];
  connection: { kind: ConnectionKind; station: string; toStation: string; waitMinutes: number; minMinutes: number };
  totalMinutes: number;
  departAt: string;
  arriveAt: string;
  /** Sum of both legs' lowest fares with seats; null when either leg is sold out. */
  priceFen: number | null;
  available: boolean;
  bookHref: string;
}

const MINUTE_MS = 60_000;

function cheapest(o: TrainOffer): { fen: number | null; left: number } {
  let fen: number | null = null;
  let left = 0;
  for (const s of o.seats)
    if (s.left > 0) {
      left += s.left;
      if (fen === null || s.priceFen < fen) fen = s.priceFen;
    }
  return { fen, left };
}

function legOf(o: TrainOffer): TransferLeg {
  const c = cheapest(o);
  return {
    provider: o.provider,
    trainCode: o.trainCode,
    trainNo: o.trainNo,
    fromStation: o.fromStation,
    toStation: o.toStation,
    departAt: o.departAt.toISOString(),
    arriveAt: o.arriveAt.toISOString(),
    fromTime: o.fromTime,
    toTime: o.toTime,
    date: shanghaiDate(o.departAt),
    runMinutes: o.runMinutes,
    lowestFen: c.fen,
    seatsLeft: c.left,
    saleTime: o.saleTime,
  };
}

/** The booking link of a journey (see the module comment for the exact shape). */
export function transferBookHref(
  legs: readonly Pick<TransferLeg, 'provider' | 'trainCode' | 'fromStation' | 'toStation' | 'date'>[],
): string {
  return tripLink('transfer', legs[0]!, legs[1]!);
}

/** The legs of one place: first legs from the origin to it, second legs from it to the destination. */
export interface PlaceLegs {
  firsts: readonly TrainOffer[];
  seconds: readonly TrainOffer[];
}

export function assembleJourneys(
  places: readonly PlaceLegs[],
  o: {
    fastestDirectMinutes: number | null;
    /** The rules' day (yyyy-MM-dd). */
    day: string;
    cityOf: (station: string) => string | null;
    limit: number;
  },
): TransferJourney[] {
  // Every connection the rules accept, kept light (legs and links are built for the chosen ones only).
  interface Found {
    a: TrainOffer;
    b: TrainOffer;
    kind: ConnectionKind;
    waitMinutes: number;
    minMinutes: number;
    totalMinutes: number;
    priceFen: number | null;
  }
  const cheapestOf = new Map<TrainOffer, number | null>();
  const fare = (o: TrainOffer) => {
    if (!cheapestOf.has(o)) cheapestOf.set(o, cheapest(o).fen);
    return cheapestOf.get(o)!;
  };
  const found: Found[] = [];
  for (const { firsts, seconds } of places)
    for (const a of firsts)
      for (const b of seconds) {
        const verdict = checkConnection(
          a,
          b,
          { arrive: o.cityOf(a.toStation), depart: o.cityOf(b.fromStation) },
          o.day,
        );
        if (!verdict.ok) continue;
        const fa = fare(a);
        const fb = fare(b);
        found.push({
          a,
          b,
          kind: verdict.kind,
          waitMinutes: verdict.waitMinutes,
          minMinutes: verdict.minMinutes,
          totalMinutes: Math.round((b.arriveAt.getTime() - a.departAt.getTime()) / MINUTE_MS),
          priceFen: fa !== null && fb !== null ? fa + fb : null,
        });
      }

  const reference =
    o.fastestDirectMinutes ?? (found.length ? found.reduce((m, j) => Math.min(m, j.totalMinutes), Infinity) : null);
  const ranked = found
    .filter((j) => withinTotalLimit(j.totalMinutes, reference, o.day))
    .sort(
      (x, y) =>
        Number(y.priceFen !== null) - Number(x.priceFen !== null) ||
        compareJourneys(
          { arriveAt: x.b.arriveAt, totalMinutes: x.totalMinutes, priceFen: x.priceFen },
          { arriveAt: y.b.arriveAt, totalMinutes: y.totalMinutes, priceFen: y.priceFen },
        ),
    );
  // Each train in at most one journey (its best): a varied list rather than one train with every connection.
  const used = new Set<string>();
  const journeys: TransferJourney[] = [];
  for (const j of ranked) {
    const k1 = `${j.a.trainNo}|${j.a.departAt.getTime()}`;
    const k2 = `${j.b.trainNo}|${j.b.departAt.getTime()}`;
    if (used.has(k1) || used.has(k2)) continue;
    used.add(k1);
    used.add(k2);
    const legs: [TransferLeg, TransferLeg] = [legOf(j.a), legOf(j.b)];
    journeys.push({
      legs,
      connection: {
        kind: j.kind,
        station: j.a.toStation,
        toStation: j.b.fromStation,
        waitMinutes: j.waitMinutes,
        minMinutes: j.minMinutes,
      },
      totalMinutes: j.totalMinutes,
      departAt: legs[0].departAt,
      arriveAt: legs[1].arriveAt,
      priceFen: j.priceFen,
      available: j.priceFen !== null,
      bookHref: transferBookHref(legs),
    });
    if (journeys.length >= o.limit) break;
  }
  return journeys;
}
