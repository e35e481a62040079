/**
 * The portal's own view of trains, seats and orders (integer fen, Date). Built from the provider
 * client's domain types by lib/search/*; UI components depend only on these.
 */
import type { Fen } from '@/lib/domain/money';
import type { ProviderId } from '@/lib/provider/port';

export type TrainClass = 'G' | 'D' | 'C' | 'Z' | 'T' | 'K' | 'other';
export const TRAIN_CLASSES: { key: TrainClass; label: string }[] = [
  { key: 'G', label: 'G 高铁' },
  { key: 'D', label: 'D 动车' },
  { key: 'C', label: 'C 城际' },
  { key: 'Z', label: 'Z 直达' },
  { key: 'T', label: 'T 特快' },
  { key: 'K', label: 'K 快速' },
  { key: 'other', label: '其他' },
];

export function trainClassOf(trainCode: string): TrainClass {
  const c = trainCode.charAt(0).toUpperCase();
  return (['G', 'D', 'C', 'Z', 'T', 'K'] as const).find((k) => k === c) ?? 'other';
}

export type BerthKind = 'lower' | 'middle' | 'upper';

export interface SeatOffer {
  seatType: number;
  name: string;
  priceFen: Fen;
  left: number;
  berths: { kind: BerthKind; name: string; priceFen: Fen }[];
}

export interface TrainOffer {
  /** The provider whose answer this is (an order for it is placed with that provider). */
  provider: ProviderId;
  trainCode: string;
  trainNo: string;
  trainClass: TrainClass;
  fromStation: string;
  toStation: string;
  departAt: Date;
  arriveAt: Date;
  /** Local wall-clock times as the provider gives them (HH:mm). */
  fromTime: string;
  toTime: string;
  arriveDays: number;
  runMinutes: number;
  beginStation: string | null;
  endStation: string | null;
  canChooseSeats: boolean;
  canChooseSleeper: boolean;
  /** Not on sale yet: the boarding station sells this date from "HH:mm" (Beijing) on its first day. */
  saleTime: string | null;
  seats: SeatOffer[];
}
