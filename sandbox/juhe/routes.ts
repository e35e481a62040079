/**
 * The Juhe 火车订票 API (data id 173, juhe-train-api.md) over the sandbox engine: GET|POST
 * /trainTickets/<name> (query string or form fields, §0), `key` on every call, answered
 * `{ reason, result, error_code }` with HTTP 200 (business refusals included). Faults of the juhe
 * front (global + its overlay, and the x-sandbox-fault header) apply to every call.
 */
import { randomInt } from 'node:crypto';
import { Hono, type Context, type HonoRequest } from 'hono';
import type postgres from 'postgres';
import { MSG, ORDER_STATUS } from '@/protocol/panhe/codes';
import { enqueueJob } from '../jobs';
import { SandboxError, type Engine, type FoundRun } from '../engine';
import { decideFault, parseFaultHeader, type FaultConfig } from '../faults';
import { wireDate, wireTime } from '../format';
import { stationList, stationOfTelecode, telecodeOf } from '../network';
import { BERTH_FIELDS, badParams, JUHE, JuheError, prefixOf, PRICE_FIELDS, SEAT_PREFIXES, yuan2 } from './codes';
import { loadView, queryObject, statusOf, type OrderView } from './order';
import { setPushUrls } from './pushes';
import {
  dateParam,
  pageParam,
  parseAcceptStanding,
  parseChooseSeats,
  parsePassengers,
  parseRefundTickets,
  required,
  telecodeParam,
  urlParam,
  type Params,
} from './wire';

export interface JuheDeps {
  sql: postgres.Sql;
  /** The engine acting for the Juhe key (its orders, its balance). */
  engine: Engine;
  appKey: string;
  /** The juhe front's faults (global settings with its overlay). */
  faults: () => FaultConfig;
  holdDelayMs: number;
  now: () => Promise<Date>;
  abort: AbortSignal;
  log: (s: string) => void;
  random?: () => number;
}

type Vars = { Variables: { params: Params; faults: FaultConfig } };
type Answer = { reason: string; result: unknown };

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/** dtype=xml: the envelope as a small XML document (the format is not documented; arrays as <item>). */
function toXml(x: unknown, tag = 'root'): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (x === null || x === undefined) return `<${tag}/>`;
  if (Array.isArray(x)) return `<${tag}>${x.map((v) => toXml(v, 'item')).join('')}</${tag}>`;
  if (typeof x === 'object')
    return `<${tag}>${Object.entries(x as Record<string, unknown>)
      .map(([k, v]) => toXml(v, k))
      .join('')}</${tag}>`;
  return `<${tag}>${esc(typeof x === 'string' ? x : JSON.stringify(x))}</${tag}>`;
}

function reply(
  params: Params | undefined,
  body: { reason: string; result: unknown; error_code: number },
  status = 200,
) {
  if (params?.dtype === 'xml')
    return new Response(`<?xml version="1.0" encoding="utf-8"?>${toXml(body)}`, {
      status,
      headers: { 'content-type': 'text/xml; charset=utf-8' },
    });
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

/** The query string, then a POST's form fields over it (urlencoded or multipart). */
async function readParams(
  req: Pick<HonoRequest, 'query' | 'method' | 'header' | 'text' | 'parseBody'>,
): Promise<Params> {
  const out: Params = { ...req.query() };
  if (req.method !== 'POST') return out;
  const type = req.header('content-type') ?? '';
  if (/^application\/x-www-form-urlencoded/i.test(type)) {
    for (const [k, v] of new URLSearchParams(await req.text())) out[k] = v;
  } else if (/^multipart\/form-data/i.test(type)) {
    const body = await req.parseBody();
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** Juhe order numbers as in the examples: JH + 10-digit seconds + 5 digits (JH151117251243259). */
const newOrderId = (at: Date) =>
  `JH${Math.floor(at.getTime() / 1000)}${String(randomInt(0, 100_000)).padStart(5, '0')}`;

const uniqueViolation = (e: unknown, constraint?: string) =>
  !!e &&
  typeof e === 'object' &&
  (e as { code?: string }).code === '23505' &&
  (constraint === undefined || (e as { constraint_name?: string }).constraint_name === constraint);

export function juheRoutes(d: JuheDeps): Hono<Vars> {
  const app = new Hono<Vars>();
  const random = d.random ?? Math.random;

  // ---- faults, fields, key ----------------------------------------------------------------------------
  app.use('*', async (c, next) => {
    const faults = { ...d.faults(), ...parseFaultHeader(c.req.header('x-sandbox-fault')) };
    const action = decideFault(faults, random);
    await sleep(action.latencyMs, d.abort);
    if (action.kind === 'timeout') {
      await sleep(action.hangMs, d.abort);
      return c.text('Gateway Timeout (sandbox fault injection)', 504);
    }
    if (action.kind === 'error') return c.text('Service Unavailable (sandbox fault injection)', action.status as 503);
    if (action.kind === 'malformed')
      return c.body('{"reason":"成功的返回","result":{"list":[{"train_code":"G', 200, {
        'content-type': 'application/json; charset=utf-8',
      });
    const params = await readParams(c.req);
    c.set('params', params);
    c.set('faults', faults);
    if (params.key !== d.appKey)
      return reply(params, { reason: '错误的请求KEY', result: null, error_code: JUHE.BAD_KEY });
    await next();
  });

  const endpoint = (name: string, handler: (p: Params, c: Context<Vars>) => Answer | Promise<Answer>) =>
    app.on(['GET', 'POST'], `/${name}`, async (c) => {
      try {
        const { reason, result } = await handler(c.get('params'), c);
        return reply(c.get('params'), { reason, result, error_code: JUHE.OK });
      } catch (e) {
        if (e instanceof JuheError)
          return reply(c.get('params'), { reason: e.message, result: null, error_code: e.code });
        d.log(`[sandbox] juhe ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
        return reply(c.get('params'), { reason: '系统内部异常', result: null, error_code: JUHE.INTERNAL });
      }
    });

  const { engine, sql } = d;

  /** A Juhe order of this key after the lazy expiry of its hold, or 217303. */
  async function order(orderId: string): Promise<OrderView> {
    await engine.expireIfDue(orderId);
    const v = await loadView(sql, orderId, d.appKey);
    if (!v) throw new JuheError(JUHE.NO_ORDER, `订单号${orderId}不存在`);
    return v;
  }

  // ---- 1 站点简码查询 ------------------------------------------------------------------------------------
  endpoint('cityCode', (p) => {
    if (p.all === '1')
      return {
        reason: '查询全部站点简码成功',
        result: stationList().map((s) => ({ name: s.stationName, code: s.stationCode })),
      };
    const name = required(p, 'stationName');
    const code = telecodeOf(name);
    if (!code) throw badParams(`未找到站点${name}的简码`);
    return { reason: '查询站点简码成功', result: { name, code } };
  });

  // ---- 2 余票查询 ----------------------------------------------------------------------------------------
  endpoint('ticketsAvailable', async (p) => {
    const date = dateParam(p, 'train_date');
    const from = stationOfTelecode(telecodeParam(p, 'from_station'));
    const to = stationOfTelecode(telecodeParam(p, 'to_station'));
    if (!from) throw badParams(`from_station不是有效的车站简码:${p.from_station}`);
    if (!to) throw badParams(`to_station不是有效的车站简码:${p.to_station}`);
    let found: FoundRun[];
    try {
      found = await engine.findRuns(from.name, to.name, date);
    } catch (e) {
      if (e instanceof SandboxError) throw badParams(e.message);
      throw e;
    }
    return { reason: '查询成功', result: { list: found.map(trainOf) } };
  });

  // ---- 3 提交订单(占座) ----------------------------------------------------------------------------------
  endpoint('submit', async (p) => {
    const userOrderId = required(p, 'user_orderid');
    if (userOrderId.length > 50) throw badParams('user_orderid不能超过50个字符');
    const date = dateParam(p, 'train_date');
    const now = await d.now();
    if (date < wireDate(now)) throw badParams('请不要输入一个今天以前的日期');
    const stations = (['from', 'to'] as const).map((side) => {
      const code = telecodeParam(p, `${side}_station_code`);
      const station = stationOfTelecode(code);
      if (!station) throw badParams(`${side}_station_code不是有效的车站简码:${code}`);
      const name = p[`${side}_station_name`]?.trim();
      if (name && name !== station.name)
        throw badParams(`${side}_station_name与${side}_station_code不符(${code}为${station.name})`);
      return { code, name: station.name };
    });
    const [from, to] = stations as [{ code: string; name: string }, { code: string; name: string }];
    const checi = required(p, 'checi').toUpperCase();
    const passengers = parsePassengers(p);
    const chooseSeats = parseChooseSeats(p, passengers.length);
    const acceptStanding = parseAcceptStanding(p);

    const existing = async () => {
      const [dup] = await sql<{ order_no: string }[]>`select order_no from sandbox.juhe_orders
        where app_key = ${d.appKey} and user_orderid = ${userOrderId}`;
      return dup ? { reason: '成功的返回', result: { orderid: dup.order_no } } : null;
    };
    const dup = await existing();
    if (dup) return dup;
    for (let attempt = 0; ; attempt++) {
      const orderNo = newOrderId(now);
      const row = {
        order_no: orderNo,
        app_key: d.appKey,
        user_orderid: userOrderId,
        passengers: passengers.map((x) => x.raw),
        checi,
        train_date: date,
        from_code: from.code,
        from_name: from.name,
        to_code: to.code,
        to_name: to.name,
        created_at: now,
      };
      const insertRow = (tx: postgres.TransactionSql, extra: Record<string, unknown> = {}) =>
        tx`insert into sandbox.juhe_orders ${tx({
          ...row,
          passengers: tx.json(row.passengers as postgres.JSONValue),
          ...extra,
        } as Record<string, unknown>)}`;
      try {
        const r = await engine.createAgentOrder({
          orderNo,
          customerOrderNo: userOrderId,
          front: 'juhe',
          trainCode: checi,
          fromStation: from.name,
          toStation: to.name,
          date,
          seatType: passengers[0]!.seatType,
          chooseSeats,
          acceptStanding,
          passengers: passengers.map((x) => ({
            name: x.name,
            cardType: x.cardType,
            cardNo: x.cardNo,
            ticketType: x.ticketType,
          })),
          afterInsert: async (tx) => void (await insertRow(tx)),
        });
        return { reason: '成功的返回', result: { orderid: r.orderNo } };
      } catch (e) {
        if (uniqueViolation(e, 'juhe_orders_user_key')) return (await existing())!;
        if (uniqueViolation(e) && attempt < 5) continue; // an order number drawn twice: draw again
        if (!(e instanceof SandboxError)) throw e;
        if (e.msgCode !== MSG.BAD_TRAIN) throw badParams(e.message);
        // The train does not call at the stations (FAQ §4): accepted, and the hold fails (status 1).
        try {
          await sql.begin(async (tx) => {
            await insertRow(tx, { reject_reason: e.message });
            await enqueueJob(tx, 'juheReject', orderNo, engine.holdDueAt(now)); // 12306 answers in the morning at night
          });
        } catch (x) {
          if (uniqueViolation(x, 'juhe_orders_user_key')) return (await existing())!;
          if (uniqueViolation(x) && attempt < 5) continue;
          throw x;
        }
        return { reason: '成功的返回', result: { orderid: orderNo } };
      }
    }
  });

  /** The refusal for an order not in status 2, naming its status (§4 "当前订单状态:4"). */
  const notHeld = (v: OrderView, what: '支付' | '取消') =>
    new JuheError(JUHE.BAD_STATE, `只有占座成功(状态为2)的订单才可以${what},当前订单状态:${statusOf(v).status}`);

  // ---- 4 请求出票(支付) ----------------------------------------------------------------------------------
  endpoint('pay', async (p, c) => {
    const orderId = required(p, 'orderid');
    const v = await order(orderId);
    if (!v.o) throw notHeld(v, '支付');
    try {
      await engine.pay(orderId);
    } catch (e) {
      if (!(e instanceof SandboxError)) throw e;
      const now = (await loadView(sql, orderId, d.appKey)) ?? v;
      if (e.msgCode === MSG.ORDER_EXPIRED) throw new JuheError(JUHE.LAPSED, '未在规定时间内支付,订单已失效');
      if (e.msgCode === MSG.UNPAID)
        throw new JuheError(JUHE.BALANCE, `支付失败,您的账户余额不足,需要扣费${yuan2(Number(now.o?.amount_fen ?? 0))}`);
      if (e.msgCode === MSG.NO_ORDER) throw new JuheError(JUHE.NO_ORDER, `订单号${orderId}不存在`);
      throw notHeld(now, '支付');
    }
    // Opt-in fault: the debit and the issue request committed, the answer says 10014.
    const rate = c.get('faults').payInternalErrorRate;
    if (rate > 0 && random() < rate) throw new JuheError(JUHE.INTERNAL, '系统内部异常');
    return { reason: '成功的返回', result: '出票请求已接收' };
  });

  // ---- 5 订单状态查询 ------------------------------------------------------------------------------------
  endpoint('orderStatus', async (p) => {
    const v = await order(required(p, 'orderid'));
    return { reason: '查询订单状态成功', result: queryObject(v) };
  });

  // ---- 6 线上退票 ----------------------------------------------------------------------------------------
  endpoint('refund', async (p) => {
    const orderId = required(p, 'orderid');
    const wanted = parseRefundTickets(p);
    const v = await order(orderId);
    const notRefundable = new JuheError(
      JUHE.REFUND_REFUSED,
      `订单${orderId}中不存在您提供的tickets参数中指定的可退的车票`,
    );
    if (!v.o) throw notRefundable;
    try {
      await engine.refundTickets(orderId, wanted);
    } catch (e) {
      if (!(e instanceof SandboxError)) throw e;
      // 309 five minutes after issue, 310 too close to departure, 311 child first, 312 printed at the
      // station (不支持网上退票: the window only): 12306's own words.
      if ([309, 310, MSG.CHILD_FIRST, MSG.NO_ONLINE_REFUND].includes(e.msgCode))
        throw new JuheError(JUHE.REFUND_REFUSED, e.message);
      throw notRefundable;
    }
    const after = await loadView(sql, orderId, d.appKey);
    const at = after?.tickets
      .map((t) => t.refund_requested_at)
      .filter((x): x is Date => !!x)
      .sort((a, b) => b.getTime() - a.getTime())[0];
    return {
      reason: '',
      result: { msg: '退票请求已接收,正在处理', refund_time: wireTime(at ?? (await d.now()), true), status: '6' },
    };
  });

  // ---- 7 历史订单查询 ------------------------------------------------------------------------------------
  endpoint('orders', async (p) => {
    const page = pageParam(p);
    const rows = await sql<{ order_no: string }[]>`select order_no from sandbox.juhe_orders
      where app_key = ${d.appKey} order by created_at desc, order_no desc limit 100 offset ${(page - 1) * 100}`;
    const list = [];
    for (const r of rows) {
      const v = await order(r.order_no);
      list.push(queryObject(v));
    }
    return { reason: '查询成功', result: list };
  });

  // ---- 9 取消待支付的订单 --------------------------------------------------------------------------------
  endpoint('cancel', async (p) => {
    const orderId = required(p, 'orderid');
    const v = await order(orderId);
    // A repeated cancel answers as done (ticket-delivery-cancellation §四 "重复取消操作 | 提示'已处理'").
    const repeated = v.o?.status === ORDER_STATUS.CANCELLED;
    if (!repeated && (!v.o || statusOf(v).status !== '2')) throw notHeld(v, '取消');
    try {
      if (!repeated) await engine.cancel(orderId);
    } catch (e) {
      if (!(e instanceof SandboxError)) throw e;
      if (e.msgCode === MSG.CANCEL_LOCKED) throw new JuheError(JUHE.CANCEL_LOCKED, e.message);
      throw notHeld((await loadView(sql, orderId, d.appKey)) ?? v, '取消');
    }
    const after = (await loadView(sql, orderId, d.appKey))!;
    return {
      reason: repeated ? '已处理' : '取消订单成功',
      result: {
        orderid: orderId,
        msg: statusOf(after).msg,
        status: '1',
        cancel_time: after.o?.cancelled_at ? wireTime(after.o.cancelled_at, true) : null,
      },
    };
  });

  // ---- 10 设置推送 ---------------------------------------------------------------------------------------
  endpoint('setPush', async (p) => {
    const urls = {
      submit_callback: urlParam(p, 'submit_callback'),
      pay_callback: urlParam(p, 'pay_callback'),
      refund_callback: urlParam(p, 'refund_callback'),
    };
    await setPushUrls(sql, d.appKey, urls, p.name?.trim() || null, await d.now());
    return { reason: '设置成功', result: urls };
  });

  // ---- 11 查询账户余额 -----------------------------------------------------------------------------------
  endpoint('balance.php', async () => ({ reason: '查询成功', result: { balance: yuan2(await engine.balance()) } }));

  app.all('*', (c) =>
    reply(
      c.get('params'),
      { reason: `接口不存在:${c.req.method} ${c.req.path}`, result: null, error_code: JUHE.NO_API },
      404,
    ),
  );
  return app;
}

/** One ticketsAvailable train (§2): flat `<seat>_num` strings and `<seat>_price` numbers. */
function trainOf(f: FoundRun): Record<string, unknown> {
  const r = f.run;
  const out: Record<string, unknown> = {
    train_code: r.trainCode,
    train_no: r.trainNo,
    train_type: r.trainCode.charAt(0),
    start_station_name: r.beginStation,
    end_station_name: r.endStation,
    from_station_name: r.fromStation,
    from_station_code: telecodeOf(r.fromStation) ?? '',
    to_station_name: r.toStation,
    to_station_code: telecodeOf(r.toStation) ?? '',
    start_time: r.fromTime,
    arrive_time: r.toTime,
    run_time: r.runTime,
    run_time_minute: String(r.runMinutes),
    arrive_days: String(r.arriveDays),
    train_start_date: r.runDate.replace(/-/g, ''),
    sale_date_time: f.saleStart.replace(':', ''),
    can_buy_now: f.onSale && f.seats.some((s) => s.left > 0) ? 'Y' : 'N',
    access_byidcard: '1',
    distance: Math.round(r.distanceKm),
    note: f.beforeSaleStart ? `${f.saleStart}起售` : '',
  };
  for (const [prefix] of SEAT_PREFIXES) out[`${prefix}_num`] = '--';
  for (const field of PRICE_FIELDS) out[field] = 0;
  for (const { fare, left } of f.seats) {
    const prefix = prefixOf(fare.seatType);
    const before = out[`${prefix}_num`];
    out[`${prefix}_num`] = String(left + (prefix === 'qtxb' && before !== '--' ? Number(before) : 0));
    const berths = BERTH_FIELDS[prefix];
    if (berths && fare.berths) {
      for (const b of fare.berths) {
        const field = berths[b.sleeperType];
        if (field) out[field] = b.priceFen / 100;
      }
    }
    if (!out[`${prefix}_price`]) out[`${prefix}_price`] = fare.priceFen / 100;
  }
  return out;
}
