/**
 * The booking pages' reads from the providers (余票 search, 经停站), routed: a search goes to the first
 * provider in rotation (lib/provider/rotation.ts, PROVIDERS order) whose circuit takes calls, and when
 * it times out, fails in transport or its circuit is open, to the next. A refusal (e.g. an unknown
 * station) is the provider's answer and is not failed over. The wire format is mapped by lib/provider
 * (each adapter); this file only shapes the portal's own TrainOffer from the domain types.
 * Orders go through lib/orders (service, operations, provider).
 */
import 'server-only';
import { ProviderError, type ProviderId, type TicketProvider, type TrainLine } from '@/lib/provider';
import { configuredProviders, primaryProvider } from '@/lib/provider/registry';
import { acceptsCalls, failoverAfterMs, RejectedCall } from '@/lib/provider/resilience';
import { providersInRotation } from '@/lib/provider/rotation';
import { shanghaiTime } from '@/lib/time';
import { trainClassOf, type TrainOffer } from './types';

/** A provider refusal with its message for the user (as opposed to a transport failure). */
export class ProviderBusinessError extends Error {}

/** Every provider that was tried failed (or could not be asked): nobody answered. */
export class ProvidersUnavailableError extends Error {
  constructor(readonly failedOver: FailedOver[]) {
    super('余票查询暂时不可用，请稍后再试。');
  }
}

/** Why a provider was passed over: a transport failure kind, or refused by the resilience layer. */
export type FailoverReason = 'timeout' | 'network' | 'http' | 'malformed' | 'circuit_open' | 'bulkhead';

export interface FailedOver {
  provider: ProviderId;
  /** Shown to travellers (盘河, 聚合数据). */
  label: string;
  reason: FailoverReason;
}

/** A 余票 answer and where it came from. */
export interface SearchAnswer {
  /** The provider that answered (each offer carries it too). */
  provider: ProviderId;
  label: string;
  offers: TrainOffer[];
  /** The providers tried (or skipped) before it, in order, and why they did not answer. */
  failedOver: FailedOver[];
}

async function business<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ProviderError && e.kind === 'business') throw new ProviderBusinessError(e.message);
    throw e;
  }
}

export function offerOf(l: TrainLine, provider: ProviderId): TrainOffer {
  return {
    provider,
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

/** One provider's 余票, unrouted (the booking's fresh look at the provider the traveller chose). */
export async function providerSearch(
  from: string,
  to: string,
  date: string,
  provider: TicketProvider = primaryProvider(),
): Promise<TrainOffer[]> {
  const lines = await business(provider.search({ from, to, date }));
  return lines.map((l) => offerOf(l, provider.id));
}

/**
 * The providers to ask, in order: those in rotation. Should none be (the admin page refuses to take
 * out the last one, but PROVIDERS may change under the settings), all configured ones.
 */
async function candidates(): Promise<TicketProvider[]> {
  const inRotation = await providersInRotation();
  return inRotation.length ? inRotation : configuredProviders();
}

/**
 * Asks `providers` in turn until one answers: an open circuit is skipped without a call, a transport
 * failure passes to the next, a refusal is the answer (thrown as ProviderBusinessError).
 */
async function routed<T>(
  providers: TicketProvider[],
  ask: (p: TicketProvider) => Promise<T>,
): Promise<{ value: T; provider: TicketProvider; failedOver: FailedOver[] }> {
  const failedOver: FailedOver[] = [];
  for (const [i, p] of providers.entries()) {
    if (!acceptsCalls(p)) {
      failedOver.push({ provider: p.id, label: p.label, reason: 'circuit_open' });
      continue;
    }
    // With another provider to ask, a hanging one is given one attempt's time, not its retries too.
    const limit = i < providers.length - 1 ? failoverAfterMs(p) : null;
    try {
      return { value: await business(limit === null ? ask(p) : within(ask(p), limit, p)), provider: p, failedOver };
    } catch (e) {
      // A refusal left business() as ProviderBusinessError: what is left here is a transport failure.
      if (!(e instanceof ProviderError)) throw e;
      const reason = e instanceof RejectedCall ? e.reason : (e.kind as Exclude<typeof e.kind, 'business'>);
      failedOver.push({ provider: p.id, label: p.label, reason });
    }
  }
  throw new ProvidersUnavailableError(failedOver);
}

/** `call`, or a timeout ProviderError after `ms` (the call itself goes on; its answer is dropped). */
function within<T>(call: Promise<T>, ms: number, p: TicketProvider): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ProviderError({ kind: 'timeout', message: `${p.label}接口超时，已切换`, endpoint: 'search' })),
      ms,
    );
  });
  call.catch(() => undefined); // a failure after the switch is nobody's to handle
  return Promise.race([call, late]).finally(() => clearTimeout(timer));
}

/** 余票 from the first provider in rotation that answers (see the file's comment). */
export async function routedSearch(from: string, to: string, date: string): Promise<SearchAnswer> {
  const { value, provider, failedOver } = await routed(await candidates(), (p) => p.search({ from, to, date }));
  return {
    provider: provider.id,
    label: provider.label,
    offers: value.map((l) => offerOf(l, provider.id)),
    failedOver,
  };
}

/** 经停站 from the first provider in rotation that has them (capabilities.stops), failing over alike. */
export async function providerStops(q: { trainCode: string; trainNo: string; date: string; from: string; to: string }) {
  const withStops = (await candidates()).filter((p) => p.capabilities.stops);
  if (!withStops.length) throw new ProviderBusinessError('经停站暂时无法查询。');
  const { value } = await routed(withStops, (p) => p.stops(q));
  return value.map((s) => ({
    index: s.index,
    station: s.stationName,
    arrive: s.arrive,
    depart: s.depart,
    stopMinutes: s.stopMinutes,
  }));
}
