/**
 * 送票: delivery of paper tickets / 报销凭证 by courier — states, the transition table, the fee table
 * and the cancellation rule. Pure: no I/O, money in integer fen, time passed in.
 *
 * Source: ../shared/provider-docs/ticket-delivery-cancellation.md (a product document, a blog-style
 * survey of WeChat ticketing; its train rows are what we implement):
 *   - opening paragraph l.4 "部分平台将“取消送票”与“退票”捆绑,导致用户误操作后损失票款": cancelling a
 *     delivery never refunds the ticket (two separate actions, named 取消送票 and 退票);
 *   - §二 l.16 "火车票 | 发车前48小时 | 15%(48-24小时)/ 50%(24-6小时) | 列车出发时间" and l.19
 *     "在发车前6小时关闭线上取消通道,强制线下窗口处理": the time rule (`deliveryCancelTimeSchedule`);
 *   - §三 l.23 "已接单未取件 | 可全额取消 | 用户承担运费(若有)", l.24 "配送中(含电子票推送) | 需支付配送费+票款10% |
 *     快递员/系统故障导致超时除外", l.25 "已签收(含电子票激活) | 不可取消,按退票处理": the state rule;
 *   - §三 l.26 "顺丰等快递公司一旦扫描“派送中”,微信取消按钮即失效,但可通过拦截物流功能追回包裹(成功率约70%)":
 *     interception (拦截物流), which may fail;
 *   - §四 l.31 "网络中断导致取消失败 | 自动顺延至下次操作,不扣费", l.32 "重复取消操作 | 提示“已处理”并关闭窗口",
 *     l.33 "支付未完成时取消 | 需先完成支付再退票": retried cancels charge nothing, a repeated cancel answers
 *     已处理, and only a paid (issued) order may request delivery (`canRequestDelivery`).
 *
 * Our readings (rules marked verify in lib/domain/rules.ts):
 *   - §二's percentages are of the fare (票款), as §三's "票款10%" is: the document's other rows
 *     (电影票 全额, 景区门票 20 %) are shares of the ticket price;
 *   - the state rule and the time rule both apply to one cancellation; the fare share charged is the
 *     larger of the two (10 % in 配送中 vs 15 %/50 % by time), never their sum, and in 配送中 the
 *     delivery fee is kept on top of it;
 *   - when the courier or the system caused the delay ("快递员/系统故障导致超时除外") nothing is charged;
 *   - §二 gives no rule for the delivery fee itself: the fee table by distance band and speed is ours
 *     (`deliveryFeeTable`, verify), built on §一 l.12 "火车票配送周期短(通常24小时内)".
 */
import type { Fen } from './money';
import { ruleAt, type DeliveryCancelBand } from './rules';

// ---- states -----------------------------------------------------------------------------------------

export const DELIVERY_STATES = [
  'pending_payment',
  'awaiting_pickup',
  'in_transit',
  'intercepting',
  'intercept_refused',
  'signed',
  'cancelled',
  'intercepted',
  'lost',
] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const DELIVERY_STATE_LABELS: Readonly<Record<DeliveryState, string>> = {
  pending_payment: '待支付配送费',
  awaiting_pickup: '已接单未取件',
  in_transit: '配送中',
  intercepting: '拦截中',
  intercept_refused: '拦截失败,继续配送',
  signed: '已签收',
  cancelled: '已取消送票',
  intercepted: '已拦截退回',
  lost: '包裹丢失',
};

export const deliveryStateLabel = (s: string): string => DELIVERY_STATE_LABELS[s as DeliveryState] ?? `未知状态 ${s}`;

/**
 * Every allowed transition; anything else is refused (a late or repeated courier event never moves a
 * delivery backwards). Acyclic: a refused interception does not return to 配送中 (a second
 * interception of the same parcel is not offered), it goes on to 已签收 or 包裹丢失.
 *   - pending_payment → awaiting_pickup when the fee is paid and the courier took the shipment;
 *     → cancelled (unpaid: nothing to refund, §四 l.33).
 *   - awaiting_pickup (已接单未取件) → in_transit (picked up), cancelled (§三 l.23 可全额取消), lost.
 *   - in_transit (配送中) → signed, cancelled (§三 l.24: fee + 10 %), intercepting (§三 l.26), lost.
 *   - intercepting → intercepted (追回), intercept_refused (failed), lost.
 *   - intercept_refused → signed, lost.
 *   - signed (已签收, §三 l.25 不可取消,按退票处理), cancelled, intercepted, lost: final.
 */
export const DELIVERY_TRANSITIONS: Readonly<Record<DeliveryState, readonly DeliveryState[]>> = {
  pending_payment: ['awaiting_pickup', 'cancelled'],
  awaiting_pickup: ['in_transit', 'cancelled', 'lost'],
  in_transit: ['signed', 'cancelled', 'intercepting', 'lost'],
  intercepting: ['intercepted', 'intercept_refused', 'lost'],
  intercept_refused: ['signed', 'lost'],
  signed: [],
  cancelled: [],
  intercepted: [],
  lost: [],
};

export const isDeliveryState = (s: string): s is DeliveryState => (DELIVERY_STATES as readonly string[]).includes(s);

export function canDeliveryTransition(from: DeliveryState, to: DeliveryState): boolean {
  return DELIVERY_TRANSITIONS[from].includes(to);
}

/** Final states: nothing moves them any more. */
export const isDeliveryFinal = (s: DeliveryState): boolean => DELIVERY_TRANSITIONS[s].length === 0;

/** Open deliveries (the admin list): paid and not yet final. */
export const OPEN_DELIVERY_STATES: readonly DeliveryState[] = DELIVERY_STATES.filter(
  (s) => s !== 'pending_payment' && !isDeliveryFinal(s),
);

/** The rank of a state along the longest path (a courier status older than ours is ignored). */
export function deliveryRank(s: DeliveryState): number {
  const memo = new Map<DeliveryState, number>();
  const depth = (x: DeliveryState): number => {
    const known = memo.get(x);
    if (known !== undefined) return known;
    const preds = DELIVERY_STATES.filter((p) => DELIVERY_TRANSITIONS[p].includes(x));
    const d = preds.length === 0 ? 0 : 1 + Math.max(...preds.map(depth));
    memo.set(x, d);
    return d;
  };
  return depth(s);
}

// ---- requesting -------------------------------------------------------------------------------------

/**
 * Delivery may be requested only for an issued order (§四 l.33 "支付未完成时取消 | 需先完成支付再退票": an
 * unpaid order has no ticket to send). `orderStatus` is the portal's order status code (8 = 出票成功).
 */
export function canRequestDelivery(orderStatus: number): { ok: true } | { ok: false; reason: string } {
  if (orderStatus === 8) return { ok: true };
  return { ok: false, reason: '只有已支付并出票成功的订单才能申请送票,请先完成支付。' };
}

// ---- fee table ----------------------------------------------------------------------------------------

export type DistanceBand = 'sameCity' | 'sameProvince' | 'neighbouring' | 'far' | 'remote';
export type DeliverySpeed = 'standard' | 'express';

export const DISTANCE_BAND_LABELS: Readonly<Record<DistanceBand, string>> = {
  sameCity: '同城',
  sameProvince: '省内',
  neighbouring: '邻近省份',
  far: '跨省',
  remote: '偏远地区',
};
export const SPEED_LABELS: Readonly<Record<DeliverySpeed, string>> = { standard: '标准快递', express: '次日达' };

/** Provinces the fee table treats as remote (偏远地区), by the name as written in an address. */
export const REMOTE_PROVINCES: readonly string[] = ['新疆维吾尔自治区', '西藏自治区', '青海省', '内蒙古自治区'];

/** Provinces grouped into regions: two provinces of one region count as 邻近. */
const REGIONS: readonly (readonly string[])[] = [
  ['北京市', '天津市', '河北省', '山西省', '内蒙古自治区'],
  ['上海市', '江苏省', '浙江省', '安徽省', '福建省', '江西省', '山东省'],
  ['河南省', '湖北省', '湖南省'],
  ['广东省', '广西壮族自治区', '海南省'],
  ['重庆市', '四川省', '贵州省', '云南省', '西藏自治区'],
  ['陕西省', '甘肃省', '青海省', '宁夏回族自治区', '新疆维吾尔自治区'],
  ['辽宁省', '吉林省', '黑龙江省'],
];

/** The distance band between the sender (the ticket office) and the address, by province and city. */
export function distanceBand(
  from: { province: string; city: string },
  to: { province: string; city: string },
): DistanceBand {
  if (REMOTE_PROVINCES.includes(to.province) && from.province !== to.province) return 'remote';
  if (from.province === to.province) return from.city === to.city ? 'sameCity' : 'sameProvince';
  const region = (p: string) => REGIONS.findIndex((r) => r.includes(p));
  const a = region(from.province);
  return a >= 0 && a === region(to.province) ? 'neighbouring' : 'far';
}

export interface DeliveryQuote {
  band: DistanceBand;
  speed: DeliverySpeed;
  feeFen: Fen;
  /** Promised hours from pickup to signature. */
  etaHours: number;
}

/** The delivery fee for a band and speed (rules.ts `deliveryFeeTable`, on the date `at`). */
export function quoteDelivery(band: DistanceBand, speed: DeliverySpeed, at: Date = new Date()): DeliveryQuote {
  const row = ruleAt('deliveryFeeTable', at)[band][speed];
  return { band, speed, feeFen: row.feeFen, etaHours: row.etaHours };
}

// ---- cancelling ---------------------------------------------------------------------------------------

export interface CancelInput {
  state: DeliveryState;
  departureAt: Date;
  now: Date;
  /** The delivery fee paid. */
  deliveryFeeFen: Fen;
  /** The fare of the tickets in the parcel (the base of the percentages). */
  fareFen: Fen;
  /** Shipping already spent before pickup (§三 l.23 用户承担运费(若有)); usually 0. */
  shippingSpentFen?: Fen;
  /** The courier or the system caused the delay (§三 l.24 快递员/系统故障导致超时除外): nothing charged. */
  courierAtFault?: boolean;
}

export type CancelQuote =
  | {
      allowed: true;
      /** Part of the delivery fee kept (not refunded). */
      keptFeeFen: Fen;
      /** Part of the delivery fee refunded. */
      refundFeeFen: Fen;
      /** Share of the fare charged on top (its percent in `farePercent`). */
      fareChargeFen: Fen;
      farePercent: number;
      /** keptFeeFen + fareChargeFen: what cancelling costs. */
      totalChargeFen: Fen;
      /** One Chinese sentence: why this amount. */
      basis: string;
    }
  | {
      allowed: false;
      reason: string;
      /** 已签收: the ticket may be refunded instead (a separate action, 退票). */
      offerTicketRefund: boolean;
    };

const MINUTE_MS = 60_000;

/** The share of the fare the time rule charges, or null in the last 6 h (no online cancellation). */
export function timeFarePercent(departureAt: Date, now: Date, at: Date = now): number | null {
  const minutesLeft = (departureAt.getTime() - now.getTime()) / MINUTE_MS;
  const bands: readonly DeliveryCancelBand[] = ruleAt('deliveryCancelTimeSchedule', at);
  for (const b of bands) if (minutesLeft >= b.atLeastMinutesBefore) return b.percent;
  return null;
}

/** What cancelling the delivery costs now, or why it cannot be cancelled online. */
export function quoteCancellation(i: CancelInput): CancelQuote {
  const { state, now } = i;
  if (state === 'signed' || state === 'intercept_refused')
    return {
      allowed: false,
      reason:
        state === 'signed'
          ? '票据已签收,送票不能再取消;如不再出行,请另行办理退票(退票按 12306 退票规则收费)。'
          : '拦截未成功,包裹继续派送,送票不能再取消;签收后如不再出行,请另行办理退票。',
      offerTicketRefund: state === 'signed',
    };
  if (state === 'intercepting')
    return { allowed: false, reason: '包裹正在拦截中,请等待拦截结果。', offerTicketRefund: false };
  if (isDeliveryFinal(state))
    return { allowed: false, reason: `送票已是「${deliveryStateLabel(state)}」,无需取消。`, offerTicketRefund: false };
  if (state === 'pending_payment')
    return {
      allowed: true,
      keptFeeFen: 0,
      refundFeeFen: 0,
      fareChargeFen: 0,
      farePercent: 0,
      totalChargeFen: 0,
      basis: '配送费尚未支付,取消不收取任何费用。',
    };
  const fee = i.deliveryFeeFen;
  if (i.courierAtFault)
    return {
      allowed: true,
      keptFeeFen: 0,
      refundFeeFen: fee,
      fareChargeFen: 0,
      farePercent: 0,
      totalChargeFen: 0,
      basis: '延误由快递或系统造成,取消送票不收取费用,配送费全额退回。',
    };
  const byTime = timeFarePercent(i.departureAt, now);
  if (byTime === null) {
    const hours = ruleAt('deliveryCancelTimeSchedule', now).at(-1)!.atLeastMinutesBefore / 60;
    return {
      allowed: false,
      reason: `距发车已不足 ${hours} 小时,线上不能取消送票,请到车站窗口办理。`,
      offerTicketRefund: false,
    };
  }
  const inTransit = state === 'in_transit';
  const byState = inTransit ? ruleAt('deliveryInTransitFarePercent', now) : 0;
  const farePercent = Math.max(byState, byTime);
  const fareChargeFen = Math.round((i.fareFen * farePercent) / 100);
  const keptFeeFen = inTransit ? fee : Math.min(fee, i.shippingSpentFen ?? 0);
  const parts: string[] = [];
  if (inTransit) parts.push('配送中取消需支付配送费');
  else if (keptFeeFen > 0) parts.push('已产生的运费由您承担');
  if (farePercent > 0) parts.push(`票款的 ${farePercent}%(${byState >= byTime ? '配送中取消' : '按距发车时间'})`);
  return {
    allowed: true,
    keptFeeFen,
    refundFeeFen: fee - keptFeeFen,
    fareChargeFen,
    farePercent,
    totalChargeFen: keptFeeFen + fareChargeFen,
    basis: parts.length === 0 ? '已接单未取件,距发车 48 小时以上,可全额取消。' : `${parts.join(',加收')}。`,
  };
}

/** Interception (拦截物流) is offered only while the parcel is 配送中 (§三 l.26). */
export const canIntercept = (s: DeliveryState): boolean => s === 'in_transit';
