/**
 * Juhe (聚合数据 火车订票, data id 173; shared/provider-docs/juhe-train-api.md) behind the provider port:
 * form-encoded POSTs to `{baseUrl}/<endpoint>` with `key`, the envelope `{reason, result, error_code}`,
 * telecodes instead of station names, account-wide callbacks (setPush) signed md5("juhe"+key+orderid+
 * user_orderid), no 改签, no 12306 accounts. The client (client.ts) speaks the wire; this file maps
 * domain ⇄ wire; mappers.ts maps the answers. README.md beside lib/provider lists every quirk handled.
 */
import { parseChooseSeats } from '@/lib/domain/seats';
import { shanghaiDate } from '@/lib/time';
import { MSG, ProviderError } from '../../errors';
import type { HoldPassenger, HoldRequest, ProviderMethod, TicketProvider } from '../../port';
import { readJuheCallback } from './callback';
import { createJuheClient, type JuheClient, type JuhePassengerArg } from './client';
import {
  ID_TYPE_OF_CARD,
  PIAOTYPE_NAMES,
  SEAT_CHOICE_TYPES,
  STANDING_SEAT_TYPE,
  UNSUPPORTED_CARDS,
  ZWCODE_OF_SEAT,
  ZWNAME,
} from './codes';
import type { JuheConfig } from './config';
import { refusedHere } from './errors';
import { fenToYuanText, toOrderDetail, toTrainLine, yuanTextToFen } from './mappers';
import { createStationBook, LOCAL_STATION_TABLE_TTL_MS, type StationBook } from './stations';

/**
 * §14 passporttypeseid: "1 二代身份证, 2 一代身份证, C 港澳通行证, G 台湾通行证, B 护照" — domain 1, 3, 4, 2
 * (ID_TYPE_OF_CARD); §19 "Panhe 8 外国人永久居留身份证 and 9 港澳台居民居住证 have no Juhe code".
 */
export const JUHE_CARD_TYPES: readonly number[] = Object.keys(ID_TYPE_OF_CARD).map(Number);

/** §3 "At most **5 passengers** per order". */
export const JUHE_MAX_PASSENGERS = 5;

/**
 * Where a traveller changes a ticket instead (FAQ §36, §20): "乘客去火车站取此车票 … 乘客决定改签" and
 * "有退票、改签等涉及到退款的事件发生时,会将订单信息推送到此地址" — Juhe has no 改签 API; a station
 * change's fare difference comes back later as a refund event (refundTimeline 线下改签退款).
 */
export const JUHE_CHANGE_ELSEWHERE =
  '聚合数据不支持在线改签。如需改签,请旅客持购票时使用的有效身份证件到火车站售票窗口办理;' +
  '改签产生的票价差额由聚合数据核实后以退款形式退回(聚合数据常见问题第36条:线下改签退款)。';

/** Reads only (and the station table): the resilience layer may repeat these. Not hold, not confirm. */
const IDEMPOTENT = new Set<ProviderMethod>(['search', 'stops', 'detail', 'balance']);

/** The Juhe callback kinds, as paths `/api/provider/juhe/callbacks/<kind>` (§16.2). */
export const JUHE_CALLBACK_KINDS = ['submit', 'pay', 'refund'] as const;

/** A balance.php `result` (shape undocumented, §11/§21): a number or text, or {balance|money: …}. */
export function balanceFenOf(result: unknown): number | null {
  const read = (v: unknown): number | null => {
    if (typeof v !== 'number' && typeof v !== 'string') return null;
    try {
      return yuanTextToFen(v);
    } catch {
      return null;
    }
  };
  if (result && typeof result === 'object' && !Array.isArray(result)) {
    const r = result as Record<string, unknown>;
    for (const k of ['balance', 'money', 'amount', 'remain']) {
      const fen = read(r[k]);
      if (fen !== null) return fen;
    }
    return null;
  }
  return read(result);
}

/** The zwcode a passenger is booked with; 无座 is the train's lowest seated class with standing accepted (§14). */
function zwcodeFor(seatType: number, trainCode: string): string {
  if (seatType === STANDING_SEAT_TYPE) return /^[GDC]/i.test(trainCode) ? ZWCODE_OF_SEAT[4]! : ZWCODE_OF_SEAT[10]!;
  const code = ZWCODE_OF_SEAT[seatType];
  if (!code) throw refusedHere('submit', '聚合数据不能预订该席别,请选择其他席别。', MSG.BAD_SEAT);
  return code;
}

function passengerArg(p: HoldPassenger, i: number, trainCode: string): JuhePassengerArg {
  const unsupported = UNSUPPORTED_CARDS[p.cardType];
  if (unsupported)
    throw refusedHere('submit', `聚合数据不支持使用${unsupported}购票,请改用其他证件或其他供应商。`, MSG.BAD_PASSENGER);
  const id = ID_TYPE_OF_CARD[p.cardType];
  if (!id) throw refusedHere('submit', '聚合数据不支持该证件类型。', MSG.BAD_PASSENGER);
  if (p.ticketType === 3) throw refusedHere('submit', '聚合数据不能预订学生票,请选择成人票。', MSG.BAD_PASSENGER);
  const piaotypename = PIAOTYPE_NAMES[p.ticketType];
  if (!piaotypename) throw refusedHere('submit', '聚合数据不支持该票种。', MSG.BAD_PASSENGER);
  if (p.priceFen === null) throw refusedHere('submit', '缺少票价,请重新查询余票后再下单。', MSG.PRICE_MISMATCH);
  const zwcode = zwcodeFor(p.seatType, trainCode);
  return {
    passengerid: i + 1,
    passengersename: p.name,
    piaotype: String(p.ticketType),
    piaotypename,
    passporttypeseid: id.code,
    passporttypeseidname: id.name,
    passportseno: p.cardNo,
    price: fenToYuanText(p.priceFen),
    zwcode,
    zwname: ZWNAME[zwcode]!,
  };
}

/** Refusals decided before anything is sent (§20.6 limits, §14 codes). */
function checkHold(r: HoldRequest): void {
  // §3 "user_orderid … ≤ 50 chars".
  if (!r.customerOrderNo || r.customerOrderNo.length > 50)
    throw refusedHere('submit', '订单号须为 1–50 个字符。', MSG.BAD_PARAMS);
  if (r.passengers.length === 0) throw refusedHere('submit', '请至少添加一位乘客。', MSG.BAD_PARAMS);
  if (r.passengers.length > JUHE_MAX_PASSENGERS)
    throw refusedHere('submit', `聚合数据每个订单最多 ${JUHE_MAX_PASSENGERS} 位乘客,请分开下单。`, MSG.BAD_PARAMS);
  if (r.chooseSleeper && !/^0*$/.test(r.chooseSleeper.trim()))
    throw refusedHere('submit', '聚合数据不支持选铺,卧铺铺位由 12306 随机分配。', MSG.BAD_PARAMS);
  if (r.chooseSeats?.trim()) {
    if (!SEAT_CHOICE_TYPES.includes(r.seatType))
      throw refusedHere('submit', '该席别不支持选座(聚合数据只在商务座、一等座、二等座选座)。', MSG.BAD_PARAMS);
    const picks = parseChooseSeats(r.chooseSeats, r.seatType, r.passengers.length);
    if (!picks.ok) throw refusedHere('submit', picks.error, MSG.BAD_PARAMS);
  }
}

export function createJuheProvider(config: JuheConfig, client: JuheClient = createJuheClient(config)) {
  const stations: StationBook = config.localStations
    ? createStationBook(config.localStations, Date.now, LOCAL_STATION_TABLE_TTL_MS)
    : createStationBook(() => client.stations());
  const detailOptions = { payWindowMinutes: config.payWindowMinutes };

  /** A mapping failure of an answer that parsed (an impossible date, an unknown ID type): malformed. */
  const mapped = <T>(endpoint: string, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof ProviderError) throw e;
      throw new ProviderError({
        kind: 'malformed',
        message: `聚合数据返回数据无法转换(${endpoint}):${e instanceof Error ? e.message : String(e)}`,
        endpoint,
        cause: e,
      });
    }
  };
  const noChange = () => Promise.reject(refusedHere(null, JUHE_CHANGE_ELSEWHERE, MSG.CHANGE_NOT_ALLOWED));

  const provider: TicketProvider & { client: JuheClient; stations: StationBook } = {
    id: 'juhe',
    label: '聚合数据',
    client,
    stations,
    capabilities: {
      change: false,
      changeElsewhere: JUHE_CHANGE_ELSEWHERE,
      seatChoice: true,
      berthChoice: false,
      maxPassengers: JUHE_MAX_PASSENGERS,
      trainAccount: false,
      standingByDefault: true,
      stops: false,
      balance: true,
      confirmChecksAmount: false,
      // juhe-train-api.md l.406: piaotype "3 学生票 (not documented as bookable)".
      studentTickets: false,
      cardTypes: JUHE_CARD_TYPES,
    },
    idempotent: IDEMPOTENT,
    callbackAck: 'success',
    callbackKinds: JUHE_CALLBACK_KINDS,

    async search(q) {
      const [from, to] = await Promise.all([stations.codeOf(q.from), stations.codeOf(q.to)]);
      const list = await client.ticketsAvailable({ train_date: q.date, from_station: from, to_station: to });
      return mapped('ticketsAvailable', () => list.map((t) => toTrainLine(t, q.date, (code) => stations.nameOf(code))));
    },
    stops: () => Promise.reject(refusedHere(null, '聚合数据没有经停站查询接口。')),
    async hold(r) {
      checkHold(r);
      const passengers = r.passengers.map((p, i) => passengerArg(p, i, r.trainCode));
      const [from, to] = await Promise.all([stations.codeOf(r.fromStation), stations.codeOf(r.toStation)]);
      const standing =
        r.acceptStanding ||
        r.seatType === STANDING_SEAT_TYPE ||
        r.passengers.some((p) => p.seatType === STANDING_SEAT_TYPE);
      const { orderid } = await client.submit({
        user_orderid: r.customerOrderNo,
        train_date: shanghaiDate(r.departAt),
        from_station_code: from,
        to_station_code: to,
        from_station_name: r.fromStation,
        to_station_name: r.toStation,
        checi: r.trainCode,
        passengers,
        // §20.7 "Standing tickets default to yes: send is_accept_standing=no unless the traveller accepted 无座".
        is_accept_standing: standing ? 'yes' : 'no',
        choose_seats: r.chooseSeats?.trim().toUpperCase() || undefined,
      });
      return { orderNo: orderid };
    },
    // §19 "pay … no `payAmount` check": the amount is not sent.
    async confirm(orderNo) {
      await client.pay(orderNo);
    },
    async cancel(orderNo) {
      await client.cancel(orderNo);
    },
    async detail(orderNo) {
      const o = await client.orderStatus(orderNo);
      return mapped('orderStatus', () => toOrderDetail(o, detailOptions));
    },
    async refundTicket(r) {
      const id = ID_TYPE_OF_CARD[r.cardType];
      if (!id) throw refusedHere('refund', '聚合数据不支持该证件类型。', MSG.BAD_PASSENGER);
      await client.refund(r.orderNo, [
        { ticket_no: r.ticketNo, passengername: r.name, passporttypeseid: id.code, passportseno: r.cardNo },
      ]);
    },
    applyChange: noChange,
    confirmChange: noChange,
    cancelChange: noChange,
    async balance() {
      return balanceFenOf(await client.balance());
    },
    // §1 cityCode all=1 (name, code; "Juhe has no pinyin fields", §19), read by the daily sync job.
    stationList: async () =>
      (await client.stations()).map((s) => ({ name: s.name, code: s.code.toUpperCase(), pinyin: '', shortChar: '' })),
    readCallback: (c) => readJuheCallback(c, config.key),
    async setup(callbackBase) {
      const base = `${callbackBase.replace(/\/+$/, '')}/api/provider/juhe/callbacks`;
      await client.setPush({
        submit_callback: `${base}/submit`,
        pay_callback: `${base}/pay`,
        refund_callback: `${base}/refund`,
      });
    },
    accounts: null,
  };
  return provider;
}
