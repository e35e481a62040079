/**
 * What an order may ask of its provider, read from the provider's capabilities (lib/provider/port.ts),
 * never from its name. Pure and safe on the client: the booking form shows the same limits the server
 * enforces, the order page the same 改签 answer the server gives.
 */
import { idTypeLabel } from '@/lib/domain/passenger';
import { MAX_PASSENGERS_PER_ORDER } from '@/lib/domain/rules';
import type { ProviderCapabilities } from '@/lib/provider/port';

/** A provider as the pages need it: its id, the label travellers see and what it can do. */
export interface ProviderFacts {
  id: string;
  label: string;
  capabilities: ProviderCapabilities;
}

/** Passengers one order may carry with this provider (never more than the portal's own limit). */
export function passengerLimit(caps: Pick<ProviderCapabilities, 'maxPassengers'>): number {
  return Math.min(MAX_PASSENGERS_PER_ORDER, caps.maxPassengers);
}

export function passengerLimitMessage(label: string, max: number): string {
  return `经${label}出票的订单最多 ${max} 位乘客，请减少乘客或分两单预订。`;
}

/** The 选铺 refusal for a provider without berth choice. */
export const berthChoiceMessage = (label: string): string => `经${label}出票不支持选铺，铺位由 12306 分配。`;
/** The 选座 refusal for a provider without seat choice. */
export const seatChoiceMessage = (label: string): string => `经${label}出票不支持选座，座位由 12306 分配。`;

/** What the booking form says about 无座 for a provider that sells it unless told otherwise. */
export function standingNote(p: Pick<ProviderFacts, 'label' | 'capabilities'>): string | null {
  return p.capabilities.standingByDefault
    ? `${p.label}在所选席别售完时默认会出无座票；我们会按您在这里的选择明确告诉它是否接受无座。`
    : null;
}

/** When no plain words came with a provider that cannot change tickets online. */
export const CHANGE_ELSEWHERE_FALLBACK = '该订单不支持在线改签，如需改签请持乘车证件到车站售票窗口办理。';

/**
 * Why a 改签 cannot be asked for online, in the provider's plain words, or null when it can. The order
 * page shows it where the 改签 button would be; the server refuses a change request with it.
 */
export function changeUnavailable(caps: Pick<ProviderCapabilities, 'change' | 'changeElsewhere'>): string | null {
  if (caps.change) return null;
  return caps.changeElsewhere?.trim() || CHANGE_ELSEWHERE_FALLBACK;
}

export interface BookingChoices {
  passengers: number;
  chooseSeats?: string | undefined;
  chooseSleeper?: string | undefined;
  /** The chosen ticket types (学生票 only where the provider sells it). */
  ticketTypes?: readonly number[] | undefined;
  /** The IDs the tickets are booked on (known once the passengers are read): their card types. */
  documents?: readonly { name: string; cardType: number | string }[];
}

/** The 学生票 refusal for a provider whose document does not list it as bookable. */
export const studentTicketMessage = (label: string): string =>
  `经${label}出票不支持学生票（其接口文档未列学生票为可预订票种），请改选成人票或换用其他出票渠道。`;

/** The ticket types the booking form offers for this provider (学生票 = 3 only with capabilities.studentTickets). */
export function bookableTicketTypes<T extends { value: number }>(
  caps: Pick<ProviderCapabilities, 'studentTickets'>,
  types: readonly T[],
): T[] {
  return types.filter((t) => t.value !== 3 || caps.studentTickets);
}

/** The refusal of a card type the provider cannot book (capabilities.cardTypes). */
export const cardTypeMessage = (label: string, name: string, cardType: number | string): string =>
  `经${label}出票不能使用${idTypeLabel(String(cardType))}购票（${name}）：请为该乘客改用其他证件，或选择其他出票渠道。`;

/** The booking's requests this provider cannot honour, each with its field and a message naming the limit. */
export function bookingCapabilityIssues(
  p: Pick<ProviderFacts, 'label' | 'capabilities'>,
  v: BookingChoices,
): { path: 'passengers' | 'chooseSeats' | 'chooseSleeper'; message: string }[] {
  const out: { path: 'passengers' | 'chooseSeats' | 'chooseSleeper'; message: string }[] = [];
  const max = passengerLimit(p.capabilities);
  if (v.passengers > max) out.push({ path: 'passengers', message: passengerLimitMessage(p.label, max) });
  if (v.chooseSeats && !p.capabilities.seatChoice)
    out.push({ path: 'chooseSeats', message: seatChoiceMessage(p.label) });
  // '000' is the berth picker's "no preference".
  if (v.chooseSleeper && v.chooseSleeper !== '000' && !p.capabilities.berthChoice)
    out.push({ path: 'chooseSleeper', message: berthChoiceMessage(p.label) });
  if (v.ticketTypes?.includes(3) && !p.capabilities.studentTickets)
    out.push({ path: 'passengers', message: studentTicketMessage(p.label) });
  for (const d of v.documents ?? [])
    if (!p.capabilities.cardTypes.includes(Number(d.cardType)))
      out.push({ path: 'passengers', message: cardTypeMessage(p.label, d.name, d.cardType) });
  return out;
}

/**
 * A grab's passenger limit: a grab may end up booked with any configured provider (whichever search
 * finds the seats, as rotation moves), so it must fit the strictest of them as well as the grab's own
 * rule.
 */
export function strictestPassengerLimit(
  providers: readonly Pick<ProviderFacts, 'label' | 'capabilities'>[],
  ceiling: number,
): { max: number; by: string | null } {
  let max = ceiling;
  let by: string | null = null;
  for (const p of providers) {
    const m = passengerLimit(p.capabilities);
    if (m < max) {
      max = m;
      by = p.label;
    }
  }
  return { max, by };
}
