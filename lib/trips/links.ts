/**
 * The trip booking link (/trips/new?kind=transfer|round&leg1=…&leg2=…): each leg is
 * `<provider>:<trainCode>:<fromStation>:<toStation>:<date>[:<seatType>]`, URL-encoded; the provider
 * may be empty (the first configured). Pure: the transfer results, the round-trip results and the
 * page itself use it.
 */
import { z } from 'zod';
import { isValidDate } from '@/lib/time';

export interface TripLegLink {
  provider?: string;
  trainCode: string;
  fromStation: string;
  toStation: string;
  date: string;
  seatType?: number;
}

export function formatLegParam(l: TripLegLink): string {
  return [
    l.provider ?? '',
    l.trainCode,
    l.fromStation,
    l.toStation,
    l.date,
    ...(l.seatType ? [String(l.seatType)] : []),
  ].join(':');
}

export function parseLegParam(raw: string): TripLegLink | null {
  const parts = raw.split(':');
  if (parts.length < 5 || parts.length > 6) return null;
  const [provider, trainCode, fromStation, toStation, date, seat] = parts.map((p) => p.trim());
  if (!trainCode || !/^[A-Z]?\d{1,5}$/.test(trainCode) || !fromStation || !toStation || !date || !isValidDate(date))
    return null;
  if (fromStation.length > 40 || toStation.length > 40) return null;
  const seatType = seat ? Number(seat) : undefined;
  if (seatType !== undefined && (!Number.isInteger(seatType) || seatType < 1 || seatType > 99)) return null;
  return {
    ...(provider ? { provider } : {}),
    trainCode,
    fromStation,
    toStation,
    date,
    ...(seatType ? { seatType } : {}),
  };
}

export function tripLink(kind: 'transfer' | 'round', leg1: TripLegLink, leg2: TripLegLink): string {
  return `/trips/new?${new URLSearchParams({ kind, leg1: formatLegParam(leg1), leg2: formatLegParam(leg2) }).toString()}`;
}

const leg = z.string().transform((s, ctx) => {
  const l = parseLegParam(s);
  if (!l) {
    ctx.addIssue({ code: 'custom', message: '行程链接无效' });
    return z.NEVER;
  }
  return l;
});
export const tripLinkQuery = z.object({ kind: z.enum(['transfer', 'round']), leg1: leg, leg2: leg });
