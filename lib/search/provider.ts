/**
 * The booking pages' reads from the provider (余票 search, 经停站). The wire format is mapped by
 * lib/provider (toTrainLine, toStop); this file only shapes the portal's own TrainOffer from it.
 * Orders go through lib/orders (service, operations, provider).
 */
import 'server-only';
import { ProviderError, type TrainLine } from '@/lib/provider';
import { primaryProvider } from '@/lib/provider/registry';
import { shanghaiTime } from '@/lib/time';
import { trainClassOf, type TrainOffer } from './types';

/** A provider refusal with its message for the user (as opposed to a transport failure). */
export class ProviderBusinessError extends Error {}

async function business<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ProviderError && e.kind === 'business') throw new ProviderBusinessError(e.message);
    throw e;
  }
}

export function offerOf(l: TrainLine): TrainOffer {
  return {
    trainCode: l.trainCode,
    trainNo: l.trainNo,
    trainClass: trainClassOf(l.trainCode),
    fromStation: l.fromStation,
    toStation: l.toStation,
    departAt: l.departAt,
    arriveAt: l.arriveAt,
    fromTime: shanghaiTime(l.departAt),
    toTime: shanghaiTime(l.arriveAt),
    arriveDays: l.arriveDays || 0,
    runMinutes: l.runMinutes,
    beginStation: l.beginStation,
    endStation: l.endStation,
    canChooseSeats: l.canChooseSeat,
    canChooseSleeper: l.canChooseSleeper,
    saleTime: l.saleTime,
    seats: l.seats.map((s) => ({ ...s, berths: s.berths.map((b) => ({ ...b })) })),
  };
}

export async function providerSearch(from: string, to: string, date: string): Promise<TrainOffer[]> {
  const lines = await business(primaryProvider().search({ from, to, date }));
  return lines.map(offerOf);
}

export async function providerStops(q: { trainCode: string; trainNo: string; date: string; from: string; to: string }) {
  const stops = await business(primaryProvider().stops(q));
  return stops.map((s) => ({
    index: s.index,
    station: s.stationName,
    arrive: s.arrive,
    depart: s.depart,
    stopMinutes: s.stopMinutes,
  }));
}
