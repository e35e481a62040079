/**
 * The portal's use of the provider: binds lib/provider's client to the environment and maps its
 * wire types to the portal's own (integer fen, Date). Nothing else in the portal touches the client.
 */
import 'server-only';
import type { Order, OrderTicket } from '@/db/schema';
import { fenToYuan, yuanToFen } from '@/lib/domain/money';
import {
  createProviderClient,
  ProviderError,
  providerConfigFromEnv,
  verifyCallbackSign,
  wire,
  type ProviderClient,
} from '@/lib/provider';
import { trainClassOf, type BerthKind, type TrainOffer } from './types';

let client: ProviderClient | undefined;
export function provider(): ProviderClient {
  client ??= createProviderClient(providerConfigFromEnv());
  return client;
}

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

/** Wire datetimes are Beijing wall-clock time. */
export function wireToDate(s: string): Date {
  return new Date(`${s.replace(' ', 'T')}${s.length === 16 ? ':00' : ''}+08:00`);
}

export function dateToWire(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

const BERTH: Record<number, { kind: BerthKind; name: string }> = {
  1: { kind: 'lower', name: '下铺' },
  2: { kind: 'middle', name: '中铺' },
  3: { kind: 'upper', name: '上铺' },
};

export function toOffer(l: wire.TrainLineWire): TrainOffer {
  const [h, m] = l.runTime.split(':').map(Number) as [number, number];
  return {
    trainCode: l.trainCode,
    trainNo: l.trainNo,
    trainClass: trainClassOf(l.trainCode),
    fromStation: l.fromStation,
    toStation: l.toStation,
    departAt: wireToDate(l.fromDateTime),
    arriveAt: wireToDate(l.toDateTime),
    fromTime: l.fromTime,
    toTime: l.toTime,
    arriveDays: Number(l.arrive_days) || 0,
    runMinutes: h * 60 + m,
    beginStation: l.beginStation ?? null,
    endStation: l.endStation ?? null,
    canChooseSeats: l.isSupportChooseSeat ?? false,
    canChooseSleeper: l.isSupportChooseSleeper ?? false,
    seats: l.Seats.map((s) => ({
      seatType: s.seatType,
      name: s.seatTypeName,
      priceFen: yuanToFen(s.ticketPrice),
      left: s.leftTicketNum,
      berths: (s.otherSeats ?? [])
        .filter((b) => BERTH[b.sleeperType])
        .map((b) => ({ ...BERTH[b.sleeperType]!, priceFen: yuanToFen(b.ticketPrice) })),
    })),
  };
}

export async function providerSearch(from: string, to: string, date: string): Promise<TrainOffer[]> {
  const data = await business(provider().search({ fromStation: from, toStation: to, fromDate: date }));
  return (data.trainLines ?? []).map(toOffer);
}

export async function providerStops(q: { trainCode: string; trainNo: string; date: string; from: string; to: string }) {
  const data = await business(
    provider().stops({
      trainCode: q.trainCode,
      trainNo: q.trainNo,
      fromDate: q.date,
      fromStation: q.from,
      toStation: q.to,
    }),
  );
  const t = (s: string) => (/^\d{2}[:;]\d{2}$/.test(s) ? s.replace(';', ':') : null);
  return data.map((s) => ({
    index: s.stationId,
    station: s.stationName,
    arrive: t(s.arriveTime),
    depart: t(s.startTime),
    stopMinutes: /^\d+$/.test(s.interval) ? Number(s.interval) : null,
  }));
}

function portalUrl(): string {
  return (
    process.env.PORTAL_PUBLIC_URL ||
    process.env.NEXTAUTH_URL ||
    `http://localhost:${process.env.PORT ?? 3000}`
  ).replace(/\/$/, '');
}

export async function providerCreateOrder(order: Order, tickets: OrderTicket[]): Promise<{ orderNo: string }> {
  return business(
    provider().createOrder({
      customerOrderNo: order.customerOrderNo,
      contactName: tickets[0]?.passengerName ?? '旅客',
      contactMobile: order.contactMobile ?? '',
      trainCode: order.trainCode,
      fromStation: order.fromStation,
      toStation: order.toStation,
      fromDateTime: dateToWire(order.departureAt),
      toDateTime: dateToWire(order.arrivalAt ?? order.departureAt),
      trainAccount: process.env.PROVIDER_TRAIN_ACCOUNT || 'sandbox',
      trainPassword: process.env.PROVIDER_TRAIN_PASSWORD || 'sandbox123',
      isChooseSeats: !!order.chooseSeats,
      chooseSeats: order.chooseSeats,
      chooseSleeper: order.chooseSleeper ?? '',
      isAcceptStanding: order.acceptStanding,
      callBackUrl: `${portalUrl()}/api/provider/callbacks/order`,
      refundTicketCallbackUrl: `${portalUrl()}/api/provider/callbacks/refund`,
      passengers: tickets.map((t) => ({
        name: t.passengerName,
        cardType: Number(t.idType),
        cardNo: t.idNo,
        mobile: order.contactMobile,
        ticketType: t.ticketType,
        seatType: order.seatType,
      })),
    }),
  );
}

export interface ProviderOrderSnapshot {
  raw: unknown;
  orderNo: string;
  status: number;
  totalFen: number | null;
  payLimitAt: Date | null;
  failureReason: string | null;
  ticketEntrance: string | null;
  tickets: {
    name: string;
    cardNo: string;
    ticketType: number;
    status: number;
    ticketNo: string | null;
    seatNo: string | null;
    priceFen: number | null;
    refundFeeFen: number | null;
    refundAmountFen: number | null;
  }[];
}

const fen = (y: number | null | undefined) => (y === null || y === undefined ? null : yuanToFen(y));

export function toSnapshot(d: wire.OrderDetailWire, raw: unknown): ProviderOrderSnapshot {
  return {
    raw,
    orderNo: d.orderNo,
    status: d.orderStatus,
    totalFen: fen(d.orderAmount),
    payLimitAt: d.payLimitTime ? wireToDate(d.payLimitTime) : null,
    failureReason: d.unFinishedReason ?? null,
    ticketEntrance: d.ticketEntrance ?? null,
    tickets: d.trainTickets.map((t) => ({
      name: t.name,
      cardNo: t.cardNo,
      ticketType: t.ticketType,
      status: t.ticketStatus,
      ticketNo: t.ticketNo ?? null,
      seatNo: t.seatNo ?? null,
      priceFen: fen(t.ticketPrice),
      refundFeeFen: fen(t.refundTicketPoundage),
      refundAmountFen: fen(t.refundTicketAmount),
    })),
  };
}

export async function providerOrderDetail(orderNo: string): Promise<ProviderOrderSnapshot> {
  const d = await business(provider().orderDetail(orderNo));
  return toSnapshot(d, d);
}

export async function providerConfirm(orderNo: string, payAmountFen: number): Promise<void> {
  await business(provider().confirmOrder(orderNo, fenToYuan(payAmountFen)));
}

export async function providerCancel(orderNo: string): Promise<void> {
  await business(provider().cancelOrder(orderNo));
}

export type CallbackParse =
  | { ok: true; eventType: string; orderNo: string; customerOrderNo: string | null; snapshot: ProviderOrderSnapshot }
  | { ok: false; reason: 'bad_sign' | 'invalid'; message: string; orderNo?: string; eventType?: string };

export function parseCallback(raw: string): CallbackParse {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'invalid', message: 'not JSON' };
  }
  const parsed = wire.callbackPayload.safeParse(json);
  if (!parsed.success)
    return { ok: false, reason: 'invalid', message: parsed.error.issues[0]?.message ?? 'invalid payload' };
  const secret = providerConfigFromEnv().secretKey;
  if (!verifyCallbackSign(secret, parsed.data.orderNo, parsed.data.sign))
    return {
      ok: false,
      reason: 'bad_sign',
      message: 'sign mismatch',
      orderNo: parsed.data.orderNo,
      eventType: parsed.data.eventType,
    };
  return {
    ok: true,
    eventType: parsed.data.eventType,
    orderNo: parsed.data.orderNo,
    customerOrderNo: parsed.data.customerOrderNo ?? null,
    snapshot: toSnapshot(parsed.data, json),
  };
}
