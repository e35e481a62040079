/**
 * Server-action definitions for refunds and 改签 (run by lib/actions.ts `guarded`: session → role →
 * zod → body). Every body re-checks that the order is the caller's own (404 otherwise).
 */
import 'server-only';
import { z } from 'zod';
import type { GuardedDef } from '@/lib/actions';
import { AREA_ROLES } from '@/lib/auth/roles';
import { ownOrder } from '@/lib/orders/views';
import { AppError } from '@/lib/errors';
import { isValidDate, shanghaiDate } from '@/lib/time';
import {
  applyForChange,
  assertChangeable,
  assertChangeStations,
  cancelChangeByUser,
  changeableTickets,
  changeSearch,
  changeStationChoice,
  type ChangeStationChoice,
  confirmChangeByUser,
  quoteChange,
} from './changes';
import { findOffer } from '@/lib/search/search';
import { providerOf } from './provider';
import { refundQuote, requestRefunds, type RefundQuoteLine, type RefundResult } from './refunds';

const orderId = z.string().uuid('订单号无效。');
/**
 * A 改签's new travel date: a real date, not before today (Beijing). Said here in words: asked of the
 * provider, a past date came back as an error the traveller saw as "服务暂时不可用".
 */
const changeDate = z
  .string()
  .refine(isValidDate, { message: '日期无效。', abort: true })
  .refine((d) => d >= shanghaiDate(), '改签日期不能早于今天，请选择今天或以后的日期。');
const ticketIds = z.array(z.string().uuid()).min(1, '请至少选择一张车票。').max(9);

const quoteSchema = z.object({ orderId });
export const refundQuoteDef = {
  roles: AREA_ROLES.traveller,
  schema: quoteSchema,
  body: async (input, user) => refundQuote(await ownOrder(user!, input.orderId)),
} satisfies GuardedDef<typeof quoteSchema, RefundQuoteLine[]>;

const refundSchema = z.object({ orderId, ticketIds });
export const requestRefundsDef = {
  roles: AREA_ROLES.traveller,
  schema: refundSchema,
  body: async (input, user) => requestRefunds(await ownOrder(user!, input.orderId), input.ticketIds, user!.id),
} satisfies GuardedDef<typeof refundSchema, RefundResult[]>;

export interface ChangeTrainOption {
  trainCode: string;
  fromStation: string;
  toStation: string;
  departAt: string;
  arriveAt: string;
  fromTime: string;
  toTime: string;
  canChooseSeats: boolean;
  canChooseSleeper: boolean;
  seats: {
    seatType: number;
    name: string;
    priceFen: number;
    left: number;
    berths: { kind: 'lower' | 'middle' | 'upper'; priceFen: number }[];
  }[];
}

/** A station name of a change (checked against the station rules in lib/domain/change-stations.ts). */
const stationName = z.string().trim().min(1, '请选择车站。').max(40, '车站名过长。');

const stationsSchema = z.object({ orderId });
/** The stations the change dialog offers (same cities; any arrival while 变更到站 is allowed). */
export const changeStationsDef = {
  roles: AREA_ROLES.traveller,
  schema: stationsSchema,
  body: async (input, user) => {
    const order = await ownOrder(user!, input.orderId);
    assertChangeable(order);
    return changeStationChoice(order);
  },
} satisfies GuardedDef<typeof stationsSchema, ChangeStationChoice>;

const searchSchema = z.object({
  orderId,
  date: changeDate,
  fromStation: stationName.optional(),
  toStation: stationName.optional(),
});
export const changeSearchDef = {
  roles: AREA_ROLES.traveller,
  schema: searchSchema,
  body: async (input, user) => {
    const order = await ownOrder(user!, input.orderId);
    const offers = await changeSearch(order, input.date, input);
    return {
      changeable: (await changeableTickets(order)).map((t) => t.id),
      trains: offers.map((t) => ({
        trainCode: t.trainCode,
        fromStation: t.fromStation,
        toStation: t.toStation,
        departAt: t.departAt.toISOString(),
        arriveAt: t.arriveAt.toISOString(),
        fromTime: t.fromTime,
        toTime: t.toTime,
        canChooseSeats: t.canChooseSeats,
        canChooseSleeper: t.canChooseSleeper,
        // 无座 is never chosen directly (juhe FAQ §7).
        seats: t.seats
          .filter((s) => s.seatType !== 98)
          .map((s) => ({
            seatType: s.seatType,
            name: s.name,
            priceFen: s.priceFen,
            left: s.left,
            berths: s.berths.map((b) => ({ kind: b.kind, priceFen: b.priceFen })),
          })),
      })),
    };
  },
} satisfies GuardedDef<typeof searchSchema, { changeable: string[]; trains: ChangeTrainOption[] }>;

const changeSchema = z.object({
  orderId,
  ticketIds,
  date: changeDate,
  trainCode: z.string().regex(/^[A-Z]?\d{1,5}$/, '车次无效。'),
  /** The new departure (default: the original); another station of the same city only. */
  fromStation: stationName.optional(),
  toStation: stationName,
  seatType: z.coerce.number().int().min(1).max(99),
  /** The same 选座 / 选铺 as booking ("1A1B", "201"), checked against the class and the count. */
  chooseSeats: z.string().trim().max(40).optional(),
  chooseSleeper: z.string().trim().max(3).optional(),
});
/** A 改签 must change something: the same train, date, class and stations is refused before the provider is asked. */
function assertChangesSomething(
  order: { trainCode: string; departureAt: Date; seatType: number; fromStation: string; toStation: string },
  input: z.output<typeof changeSchema>,
): void {
  if (
    input.trainCode === order.trainCode &&
    (input.fromStation ?? order.fromStation) === order.fromStation &&
    input.date === shanghaiDate(order.departureAt) &&
    input.seatType === order.seatType &&
    input.toStation === order.toStation
  ) {
    const message = '所选车次、日期、席别与原车票相同，无需改签；请更换车次、日期或席别。';
    throw new AppError('validation', message, { trainCode: [message] });
  }
}

export const changeQuoteDef = {
  roles: AREA_ROLES.traveller,
  schema: changeSchema,
  body: async (input, user) => {
    const order = await ownOrder(user!, input.orderId);
    assertChangeable(order);
    assertChangesSomething(order, input);
    const fromStation = input.fromStation ?? order.fromStation;
    assertChangeStations(order, { fromStation, toStation: input.toStation });
    const chosen = (await changeableTickets(order)).filter((t) => input.ticketIds.includes(t.id));
    if (chosen.length !== input.ticketIds.length) throw new AppError('conflict', '所选车票不能改签。');
    const offer = await findOffer(fromStation, input.toStation, input.date, input.trainCode, providerOf(order));
    if (!offer) throw new AppError('not_found', '该车次在所选日期不可预订，请重新查询。');
    return quoteChange(chosen, offer, input.seatType, order.departureAt);
  },
} satisfies GuardedDef<typeof changeSchema, ReturnType<typeof quoteChange>>;

export const applyChangeDef = {
  roles: AREA_ROLES.traveller,
  schema: changeSchema,
  body: async (input, user) => {
    const order = await ownOrder(user!, input.orderId);
    assertChangeable(order);
    assertChangesSomething(order, input);
    return applyForChange(order, input, user!.id);
  },
} satisfies GuardedDef<typeof changeSchema, { changeId: string }>;

const changeIdSchema = z.object({ orderId, changeId: z.string().uuid('改签单号无效。') });
export const confirmChangeDef = {
  roles: AREA_ROLES.traveller,
  schema: changeIdSchema,
  body: async (input, user) => confirmChangeByUser(await ownOrder(user!, input.orderId), input.changeId, user!.id),
} satisfies GuardedDef<typeof changeIdSchema, { cashierUrl: string | null }>;

export const cancelChangeDef = {
  roles: AREA_ROLES.traveller,
  schema: changeIdSchema,
  body: async (input, user) => {
    await cancelChangeByUser(await ownOrder(user!, input.orderId), input.changeId, user!.id);
    return { ok: true as const };
  },
} satisfies GuardedDef<typeof changeIdSchema, { ok: true }>;
