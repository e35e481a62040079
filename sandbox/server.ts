/**
 * The provider sandbox as its own HTTP service (hono on @hono/node-server): two wire fronts over one
 * engine on the real timetable, with all state in the Postgres schema `sandbox`:
 *   - Panhe: `POST /train/<name>`, JSON with appKey, answered `{ data, success, msg }`;
 *   - Juhe (sandbox/juhe): GET|POST `/trainTickets/<name>`, form fields with `key`, answered
 *     `{ reason, result, error_code }`.
 * SANDBOX_FRONTS picks the fronts a process serves. Control endpoints under /sandbox (clock, faults,
 * balance, sold-out, offline refunds, callbacks) need the header `x-app-key` (the Panhe appKey or the
 * Juhe key). See sandbox/README.md.
 *
 * Run: `npm run sandbox` (DATABASE_URL required; SANDBOX_PORT, PROVIDER_APP_KEY, PROVIDER_SECRET_KEY,
 * JUHE_APP_KEY, SANDBOX_FRONTS, SANDBOX_HOLD_DELAY_MS, SANDBOX_NIGHT_CLOSURE ...). Tests: `startSandbox({ port, databaseUrl, holdDelayMs: 0 })`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import postgres from 'postgres';
import { z } from 'zod';
import {
  DEFAULT_JUHE_KEY,
  DEFAULT_PAYMENT_MERCHANT_ID,
  DEFAULT_PAYMENT_SECRET_KEY,
  DEFAULT_COURIER_PARTNER_ID,
  DEFAULT_COURIER_SECRET_KEY,
  DEFAULT_PROVIDER_APP_KEY,
  DEFAULT_PROVIDER_SECRET_KEY,
} from '@/protocol/defaults';
import { MSG } from '@/protocol/panhe/codes';
import * as w from '@/protocol/panhe/wire';
import { accountsModule } from './accounts-gate';
import { deliverDueCallbacks } from './callbacks';
import { clockOffsetMs, nextOffset, sandboxNow, setClockOffset } from './clock';
import { createEngine, SandboxError, type Engine } from './engine';
import { MONEY_FAULT_KINDS, moneyFaultRequest } from './engine/money';
import { sandboxEnv, type SandboxProcessEnv } from './env';
import { createFaultStore, decideFault, faultRequest, parseFaultHeader, type FaultStore } from './faults';
import { FRONTS, isFront, type Front } from './fronts';
import { drainJobs, type JobHandlers } from './jobs';
import { juheNotifier, juheRoutes, rejectJob } from './juhe';
import { migrateSandbox } from './migrate';
import { warmUp } from './network';
import { createCourierModule, type CourierModule } from './courier';
import { createPaymentsModule, type PaymentsModule } from './payments';
import { MAX_PASSENGERS_PER_ORDER } from './policy';
import { withholdStations } from './station-list';
import { documentedFieldProblem, REQUEST_SPECS, type Spec } from './strict';
import { noteTraceparent, recentTraceparents } from './trace';

export { migrateSandbox };

/** Context variables set for every /train/* request (the accounts sub-app may read them). */
export interface SandboxVars {
  sql: postgres.Sql;
  secretKey: string;
  appKey: string;
  /** Sandbox time. */
  now: () => Promise<Date>;
  /** The parsed JSON body (appKey already checked). */
  body: Record<string, unknown>;
}
export type SandboxEnv = { Variables: SandboxVars };

export interface SandboxOptions {
  port: number;
  databaseUrl: string;
  /** Listen address (default 127.0.0.1). */
  hostname?: string;
  appKey?: string;
  secretKey?: string;
  /** The Juhe front's key (default DEFAULT_JUHE_KEY); it has its own balance. */
  juheKey?: string;
  /** The wire fronts served (default both). Jobs and callbacks of every front run in any case. */
  fronts?: Front[];
  /** 创单 → 占位 result (default 1500 ms; SANDBOX_HOLD_DELAY_MS). Also 改签占位. */
  holdDelayMs?: number;
  /**
   * Play 12306's night closure (sandbox/night.ts, FAQ §3): holds due 23:00–06:00 sandbox time wait
   * for 06:00. Default on (SANDBOX_NIGHT_CLOSURE=off turns it off); startTestSandbox turns it off
   * unless a test asks for it, since tests run at any real hour.
   */
  nightClosure?: boolean;
  /** 确认出票 → 出票 result (default 1000 ms). */
  issueDelayMs?: number;
  /** 退票 → result (default 1000 ms). */
  refundDelayMs?: number;
  /** Callback retry backoff: 1st retry after this, 2nd after twice this (default 1000 ms). */
  callbackBackoffMs?: number;
  callbackTimeoutMs?: number;
  /** The distributor's starting balance, fen (default 1,000,000 yuan). */
  initialBalanceFen?: number;
  /** Worker poll interval (default 100 ms) and parallel job workers (default 4). */
  tickMs?: number;
  workers?: number;
  dbPoolMax?: number;
  log?: (s: string) => void;
  /** The payment gateway's one merchant (default the public sandbox pair of protocol/defaults.ts). */
  paymentMerchantId?: string;
  paymentSecretKey?: string;
  /** Payment refund request → settlement (default 1000 ms); notification attempts (default 10). */
  paymentRefundDelayMs?: number;
  paymentNotifyMaxAttempts?: number;
  /** The courier sandbox's partner (sandbox/courier; default protocol/defaults.ts). */
  courierPartnerId?: string;
  courierSecretKey?: string;
}

export interface RunningSandbox {
  url: string;
  port: number;
  stop: () => Promise<void>;
  /** Runs due jobs and callback deliveries now (tests). */
  tick: () => Promise<{ jobs: number; callbacks: number }>;
  engine: Engine;
  /** The engine acting for the Juhe key (its orders and balance). */
  juheEngine: Engine;
  juheKey: string;
  fronts: Front[];
  payments: PaymentsModule;
  courier: CourierModule;
}

/** The documented envelope `{ data, success, msg }` (msgCode added on refusals). */
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
const ok = (data: unknown, msg = '请求成功') => json({ data, success: true, msg });

/** A handler's success answered with a msg of its own (the default is '请求成功'). */
class Answer {
  constructor(
    readonly data: unknown,
    readonly msg: string,
  ) {}
}
const fail = (msg: string, msgCode: number = MSG.BAD_PARAMS, status: 200 | 400 | 401 | 404 = 200) =>
  json({ data: null, success: false, msg, msgCode }, status);

/** A readable Chinese message for the first zod issue of a request body. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return '参数无效';
  const field = issue.path.join('.') || '请求体';
  if (issue.code === 'invalid_type' && /received undefined|Required/i.test(issue.message))
    return `参数无效:缺少必填字段${field}`;
  return `参数无效:${field}格式不正确(${issue.message})`;
}

interface AppDeps {
  engine: Engine;
  faults: FaultStore;
  sql: postgres.Sql;
  appKey: string;
  secretKey: string;
  /** The Juhe front: its key and engine, and whether this process serves it (fronts). */
  juheKey: string;
  juheEngine: Engine;
  fronts: Front[];
  holdDelayMs: number;
  accountRoutes: Hono;
  /** The payment gateway (sandbox/payments): /pay and /sandbox/payments. */
  payments?: PaymentsModule;
  /** The courier sandbox (sandbox/courier): /courier and /sandbox/courier. */
  courier?: CourierModule;
  runJobsNow: () => Promise<number>;
  tick: () => Promise<{ jobs: number; callbacks: number }>;
  abort: AbortSignal;
  log: (s: string) => void;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

export function buildApp(d: AppDeps): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const stats = new Map<string, number>();
  if (d.fronts.includes('panhe')) panheFront(app, d, stats);
  if (d.fronts.includes('juhe')) {
    app.use('/trainTickets/*', async (c, next) => {
      stats.set(c.req.path, (stats.get(c.req.path) ?? 0) + 1);
      noteTraceparent(c.req.path, c.req.header('traceparent'), null, d.log);
      await next();
    });
    app.route(
      '/trainTickets',
      juheRoutes({
        sql: d.sql,
        engine: d.juheEngine,
        appKey: d.juheKey,
        faults: () => d.faults.forFront('juhe'),
        holdDelayMs: d.holdDelayMs,
        now: () => sandboxNow(d.sql),
        abort: d.abort,
        log: d.log,
      }),
    );
  }
  controlRoutes(app, d, stats);
  app.get('/health', (c) => c.json({ ok: true, fronts: d.fronts }));
  app.notFound((c) => fail(`接口不存在:${c.req.method} ${c.req.path}`, MSG.BAD_PARAMS, 404));
  app.onError((e) => {
    d.log(`[sandbox] unhandled: ${e instanceof Error ? e.message : String(e)}`);
    return fail('未知的失败原因', MSG.UNKNOWN);
  });
  return app;
}

/** The Panhe front: POST /train/<name> (and the accounts sub-app under /train). */
function panheFront(app: Hono<SandboxEnv>, d: AppDeps, stats: Map<string, number>) {
  // ---- fault injection (global + panhe overlay + x-sandbox-fault), then body and appKey checks -------
  app.use('/train/*', async (c, next) => {
    stats.set(c.req.path, (stats.get(c.req.path) ?? 0) + 1);
    const action = decideFault({
      ...d.faults.forFront('panhe'),
      ...parseFaultHeader(c.req.header('x-sandbox-fault')),
    });
    await sleep(action.latencyMs, d.abort);
    if (action.kind === 'timeout') {
      await sleep(action.hangMs, d.abort);
      return json({ data: null, success: false, msg: '请求超时(沙箱故障注入)', msgCode: MSG.UNKNOWN }, 504);
    }
    if (action.kind === 'error') return c.text('Service Unavailable (sandbox fault injection)', action.status as 503);
    if (action.kind === 'malformed')
      return c.body('{"data": {"trainLines": [{"trainCode": "G1", "Seats": [', 200, {
        'content-type': 'application/json; charset=utf-8',
      });
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return fail('参数无效:请求体不是有效的JSON', MSG.BAD_PARAMS, 400);
    }
    if (!body || typeof body !== 'object' || Array.isArray(body))
      return fail('参数无效:请求体须为JSON对象', MSG.BAD_PARAMS, 400);
    const appKey = (body as { appKey?: unknown; appkey?: unknown }).appKey ?? (body as { appkey?: unknown }).appkey;
    if (appKey === undefined || appKey === null || appKey === '')
      return fail('分销商身份验证无效:缺少appKey', MSG.DISTRIBUTOR_INVALID, 401);
    if (appKey !== d.appKey) return fail('分销商身份验证无效:appKey错误', MSG.DISTRIBUTOR_INVALID, 401);
    c.set('sql', d.sql);
    c.set('secretKey', d.secretKey);
    c.set('appKey', d.appKey);
    c.set('now', () => sandboxNow(d.sql));
    c.set('body', body as Record<string, unknown>);
    noteTraceparent(c.req.path, c.req.header('traceparent'), body, d.log);
    await next();
  });

  /** Validates the body with the wire schema and maps refusals to the envelope. */
  function endpoint<S extends z.ZodType>(schema: S, handler: (input: z.output<S>) => unknown, spec?: Spec) {
    return async (c: Context<SandboxEnv>) => {
      // The documented fields first (sandbox/strict.ts), then the shared wire schema.
      const documented = spec ? documentedFieldProblem(spec, c.get('body')) : null;
      if (documented) return fail(documented, MSG.BAD_PARAMS, 400);
      const parsed = schema.safeParse(c.get('body'));
      if (!parsed.success) return fail(describeIssue(parsed.error), MSG.BAD_PARAMS, 400);
      try {
        const out = await handler(parsed.data);
        return out instanceof Answer ? ok(out.data, out.msg) : ok(out);
      } catch (e) {
        if (e instanceof SandboxError) return fail(e.message, e.msgCode);
        d.log(`[sandbox] ${c.req.path} failed: ${e instanceof Error ? e.message : String(e)}`);
        return fail('未知的失败原因', MSG.UNKNOWN);
      }
    };
  }

  /** POST `path`: a protocol endpoint, its body checked by `schema` and answered by `handler`. */
  const post = <S extends z.ZodType>(path: string, schema: S, handler: (input: z.output<S>) => unknown) =>
    app.post(path, endpoint(schema, handler, REQUEST_SPECS[path.replace(/^\/train\//, '')]));

  const { engine } = d;
  post('/train/search', w.searchRequest, (r) => engine.search(r));
  post('/train/stops', w.stopsRequest, (r) => engine.stops(r));
  post('/train/stations', z.object({}).passthrough(), () => engine.stations());
  // Documented refusals answered before schema validation (the shared wire schema caps both arrays).
  app.use('/train/order/create', async (c, next) => {
    const p = c.get('body').passengers;
    if (Array.isArray(p) && p.length > MAX_PASSENGERS_PER_ORDER)
      return fail(`一单最多下${MAX_PASSENGERS_PER_ORDER}人`, MSG.BAD_PARAMS);
    await next();
  });
  app.use('/train/order/refund', async (c, next) => {
    const t = c.get('body').tickets;
    if (Array.isArray(t) && t.length > 1)
      return fail('12306暂不支持批量退票操作,多张票退票请分多次提交', MSG.BAD_PARAMS);
    await next();
  });
  post('/train/order/create', w.createOrderRequest, (r) => engine.createOrder(r));
  post('/train/order/confirm', w.confirmRequest, (r) => engine.confirm(r));
  // 取消: data true; a repeated cancel answers as done (ticket-delivery-cancellation §四 "提示'已处理'").
  post('/train/order/cancel', w.cancelRequest, async (r) =>
    (await engine.cancel(r.orderNo)).repeated ? new Answer(true, '已处理') : true,
  );
  post('/train/order/refund', w.refundRequest, (r) => engine.refund(r));
  post('/train/order/detail', w.cancelRequest, (r) => engine.detail(r.orderNo));
  post('/train/order/change', w.changeRequest, (r) => engine.applyChange(r));
  post('/train/order/change/confirm', w.changeConfirmRequest, (r) => engine.confirmChange(r));
  post('/train/order/change/cancel', w.changeCancelRequest, (r) => engine.cancelChange(r.chaNo));

  // 12306 accounts, 常旅客 and passwords: account/*, passengers/*, password/* (sandbox/accounts/, the
  // accounts engineer's sub-app), after the appKey check above.
  app.route('/train', d.accountRoutes);
}

/**
 * The control endpoints (sandbox only; header x-app-key = the Panhe appKey or the Juhe key). Plain
 * JSON answers (not a protocol envelope); refusals are 4xx with { success: false, msg }. Balance,
 * statement and offline refunds act for one distributor key: `?key=` when given, else the header's.
 */
function controlRoutes(app: Hono<SandboxEnv>, d: AppDeps, stats: Map<string, number>) {
  const raw = (data: unknown) => json(data);
  const bad = (msg: string) => json({ success: false, msg }, 400);
  const keys = [d.appKey, d.juheKey];
  const control = new Hono();
  control.use('*', async (c, next) => {
    if (!keys.includes(c.req.header('x-app-key') ?? ''))
      return json({ success: false, msg: '分销商身份验证无效:请在请求头x-app-key中提供appKey' }, 401);
    const key = c.req.query('key');
    if (key !== undefined && !keys.includes(key)) return bad('参数无效:key 须为本沙箱的 Panhe appKey 或 Juhe key');
    await next();
  });
  /** The engine of the distributor key a control call is about (?key=, else x-app-key). */
  const engineFor = (c: Context) =>
    (c.req.query('key') ?? c.req.header('x-app-key')) === d.juheKey ? d.juheEngine : d.engine;
  const { engine } = d;
  const jsonBody = async (c: Context) => (await c.req.json().catch(() => undefined)) as unknown;
  const clockState = async () => ({
    now: (await sandboxNow(d.sql)).toISOString(),
    offsetMs: await clockOffsetMs(d.sql),
  });
  control.get('/clock', async () => raw(await clockState()));
  /** The last protocol requests' W3C traceparent headers (sandbox/trace.ts). */
  control.get('/traceparents', () => raw(recentTraceparents()));
  control.post('/clock', async (c) => {
    const cmd = z
      .object({
        advanceMinutes: z.number().finite().optional(),
        setTo: z.string().datetime({ offset: true }).optional(),
        reset: z.boolean().optional(),
      })
      .strict()
      .refine((x) => x.advanceMinutes !== undefined || x.setTo !== undefined || x.reset)
      .safeParse(await jsonBody(c));
    if (!cmd.success) return bad('参数无效:应为 {advanceMinutes} | {setTo: ISO时间} | {reset: true}');
    await setClockOffset(d.sql, nextOffset(await clockOffsetMs(d.sql), cmd.data));
    await d.runJobsNow(); // jobs that became due (hold expiry, ...) take effect before we answer
    return raw(await clockState());
  });
  // Faults: global, or one front's overlay with `front` (body of POST, ?front= of GET and DELETE).
  const frontOf = (c: Context) => {
    const f = c.req.query('front');
    return f === undefined ? undefined : isFront(f) ? f : null;
  };
  control.get('/faults', (c) => {
    const front = frontOf(c);
    if (front === null) return bad(`参数无效:front 须为 ${FRONTS.join(' | ')}`);
    return raw(front ? { ...d.faults.forFront(front), front, overlay: d.faults.overlay(front) } : d.faults.get());
  });
  control.post('/faults', async (c) => {
    const req = faultRequest.safeParse(await jsonBody(c));
    if (!req.success) return bad(describeIssue(req.error));
    const { front, ...patch } = req.data;
    return raw(await d.faults.patch(patch, front));
  });
  control.delete('/faults', async (c) => {
    const front = frontOf(c);
    if (front === null) return bad(`参数无效:front 须为 ${FRONTS.join(' | ')}`);
    return raw(await d.faults.reset(front));
  });
  control.get('/balance', async (c) => raw({ balanceFen: await engineFor(c).balance() }));
  control.post('/balance', async (c) => {
    const body = z
      .union([
        z.object({ balanceFen: z.number().int().min(0) }).strict(),
        z.object({ balanceYuan: z.number().min(0) }).strict(),
      ])
      .safeParse(await jsonBody(c));
    if (!body.success) return bad('参数无效:应为 {balanceFen} 或 {balanceYuan}');
    const fen = 'balanceFen' in body.data ? body.data.balanceFen : Math.round(body.data.balanceYuan * 100);
    await engineFor(c).setBalance(fen);
    return raw({ balanceFen: fen });
  });
  // The distributor's balance statement (资金流水): one line per balance movement, ascending ids.
  control.get('/statement', async (c) => {
    const q = z
      .object({
        afterId: z.coerce.number().int().min(0).default(0),
        limit: z.coerce.number().int().min(1).max(5000).default(1000),
      })
      .safeParse({ afterId: c.req.query('afterId') ?? undefined, limit: c.req.query('limit') ?? undefined });
    if (!q.success) return bad('参数无效:应为 ?afterId=<行号>&limit=<1..5000>');
    return raw(await engineFor(c).statement(q.data.afterId, q.data.limit));
  });
  // Money faults (sandbox/engine/money.ts): {kind, orderNo} for one order or {kind, rate} for all.
  control.get('/money-faults', async () => raw(await engine.moneyFaults()));
  control.post('/money-faults', async (c) => {
    const body = moneyFaultRequest.safeParse(await jsonBody(c));
    if (!body.success)
      return bad(`参数无效:应为 {kind, orderNo} 或 {kind, rate},kind 为 ${MONEY_FAULT_KINDS.join(' | ')}`);
    return raw(await engine.addMoneyFault(body.data));
  });
  control.delete('/money-faults', async () => {
    await engine.clearMoneyFaults();
    return raw({ cleared: true });
  });
  /** The seat class of a train run that /soldout and /release act on (date: the origin date). */
  const runSeatClass = {
    trainCode: z.string().min(1),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    seatType: z.number().int(),
  };
  control.post('/soldout', async (c) => {
    const body = z
      .object({
        ...runSeatClass,
        leave: z.number().int().min(0).default(0),
      })
      .safeParse(await jsonBody(c));
    if (!body.success) return bad('参数无效:应为 {trainCode, date(始发日期), seatType, leave?}');
    try {
      return raw(await engine.markSoldOut(body.data.trainCode, body.data.date, body.data.seatType, body.data.leave));
    } catch (e) {
      return bad(e instanceof SandboxError ? e.message : '未知的失败原因');
    }
  });
  // The station list served (站点 list, cityCode all=1) without some stations; this process only.
  control.post('/stations', async (c) => {
    const body = z
      .object({ withhold: z.array(z.string().min(1)).max(100) })
      .strict()
      .safeParse(await jsonBody(c));
    if (!body.success) return bad('参数无效:应为 {withhold: 站名[]}');
    return raw({ withheld: withholdStations(body.data.withhold) });
  });
  control.delete('/stations', () => raw({ withheld: withholdStations([]) }));
  // Seats coming back (refunds, returned holds): one now, or one every `everyMinutes` of sandbox time.
  control.post('/release', async (c) => {
    const body = z
      .object({
        ...runSeatClass,
        count: z.number().int().min(1).max(1000).default(1),
        everyMinutes: z.number().positive().max(1440).optional(),
      })
      .strict()
      .safeParse(await jsonBody(c));
    if (!body.success) return bad('参数无效:应为 {trainCode, date(始发日期), seatType, count?, everyMinutes?}');
    const { everyMinutes, ...spec } = body.data;
    try {
      if (everyMinutes === undefined)
        return raw(await engine.releaseSeats(spec.trainCode, spec.date, spec.seatType, spec.count));
      return raw(await engine.releaseOverTime({ ...spec, everyMinutes }));
    } catch (e) {
      return bad(e instanceof SandboxError ? e.message : '未知的失败原因');
    }
  });
  // A station-window refund (offline): 23 已退票未退款 now, 21 with the money after the refund delay.
  control.post('/tickets/:ticketNo/offline-refund', async (c) => {
    const body = z
      .object({ feeFen: z.number().int().min(0).optional() })
      .strict()
      .safeParse((await jsonBody(c)) ?? {});
    if (!body.success) return bad('参数无效:应为 {} 或 {feeFen(窗口收取的退票费,分)}');
    try {
      return raw(await engineFor(c).offlineRefund(c.req.param('ticketNo'), body.data.feeFen));
    } catch (e) {
      if (!(e instanceof SandboxError)) throw e;
      return json({ success: false, msg: e.message, msgCode: e.msgCode }, e.msgCode === MSG.NO_PASSENGER ? 404 : 409);
    }
  });
  // A ticket printed at the station (已取票): its online refund is then refused with 312 不支持网上退票.
  control.post('/tickets/:ticketNo/print', async (c) => {
    try {
      return raw(await engineFor(c).markPrinted(c.req.param('ticketNo')));
    } catch (e) {
      if (!(e instanceof SandboxError)) throw e;
      return json({ success: false, msg: e.message, msgCode: e.msgCode }, e.msgCode === MSG.NO_PASSENGER ? 404 : 409);
    }
  });
  control.get('/callbacks', async (c) => {
    const orderNo = c.req.query('orderNo') ?? null;
    const rows = await d.sql`select id, order_no as "orderNo", event_type as "eventType", url, status, attempts,
        last_status as "lastStatus", last_error as "lastError", created_at as "createdAt", delivered_at as "deliveredAt"
      from sandbox.callbacks where ${orderNo}::text is null or order_no = ${orderNo} order by id desc limit 200`;
    return raw(rows);
  });
  control.post('/tick', async () => raw(await d.tick()));
  control.get('/stats', () => raw(Object.fromEntries(stats)));
  control.delete('/stats', () => {
    stats.clear();
    return raw({});
  });
  if (d.payments) {
    app.route('/pay', d.payments.routes);
    control.route('/payments', d.payments.control);
  }
  if (d.courier) {
    app.route('/courier', d.courier.routes);
    control.route('/courier', d.courier.control);
  }
  app.route('/sandbox', control);
}

/** Background work: due jobs (sandbox time) and callback deliveries (real time), in two loops. */
function startWorker(o: {
  sql: postgres.Sql;
  jobHandlers: JobHandlers;
  faults: FaultStore;
  tickMs: number;
  workers: number;
  backoffMs: number;
  timeoutMs: number;
  log: (s: string) => void;
}) {
  let jobsRun: Promise<number> | null = null;
  let callbacksRun: Promise<number> | null = null;
  const now = () => sandboxNow(o.sql);
  const runJobs = (): Promise<number> => {
    jobsRun ??= Promise.all(Array.from({ length: o.workers }, () => drainJobs(o.sql, now, o.jobHandlers, 1000, o.log)))
      .then((n) => n.reduce((a, b) => a + b, 0))
      .catch((e: unknown) => {
        o.log(`[sandbox] job worker: ${e instanceof Error ? e.message : String(e)}`);
        return 0;
      })
      .finally(() => (jobsRun = null));
    return jobsRun;
  };
  const runCallbacks = (): Promise<number> => {
    callbacksRun ??= deliverDueCallbacks(o.sql, { backoffMs: o.backoffMs, timeoutMs: o.timeoutMs, log: o.log })
      .catch((e: unknown) => {
        o.log(`[sandbox] callback worker: ${e instanceof Error ? e.message : String(e)}`);
        return 0;
      })
      .finally(() => (callbacksRun = null));
    return callbacksRun;
  };
  const timer = setInterval(() => {
    o.faults.refresh(); // another process on the database may have changed them
    void runJobs();
    void runCallbacks();
  }, o.tickMs);
  return {
    /** Waits for a running pass, then runs one more (so work enqueued before the call is seen). */
    runJobsNow: async () => {
      await jobsRun;
      return runJobs();
    },
    tick: async () => {
      await jobsRun;
      const jobs = await runJobs();
      await callbacksRun;
      const callbacks = await runCallbacks();
      return { jobs, callbacks };
    },
    stop: async () => {
      clearInterval(timer);
      await Promise.all([jobsRun, callbacksRun]);
    },
  };
}

export async function startSandbox(o: SandboxOptions): Promise<RunningSandbox> {
  const log = o.log ?? ((s: string) => console.error(s));
  await migrateSandbox(o.databaseUrl);
  warmUp();
  // Named in pg_stat_activity (`npm run bench` tells the sandbox's backends from the portal's by it).
  const connection = { application_name: 'rail-sandbox' };
  const sql = postgres(o.databaseUrl, { max: o.dbPoolMax ?? 20, onnotice: () => {}, connection });
  const appKey = o.appKey ?? DEFAULT_PROVIDER_APP_KEY;
  const secretKey = o.secretKey ?? DEFAULT_PROVIDER_SECRET_KEY;
  // The accounts module wraps its client with drizzle, which switches that postgres.js client's date
  // (de)serialisers to plain strings: it gets its own small pool so ours keeps real Dates.
  const accountsSql = postgres(o.databaseUrl, { max: 5, onnotice: () => {}, connection });
  const accounts = accountsModule(accountsSql, secretKey, log);
  await accounts.seed();
  const faults = createFaultStore(sql);
  await faults.load();
  const juheKey = o.juheKey ?? DEFAULT_JUHE_KEY;
  if (juheKey === appKey) throw new Error('the Juhe key must differ from the Panhe appKey (each has its own balance)');
  const fronts = o.fronts?.length ? o.fronts : [...FRONTS];
  const holdDelayMs = o.holdDelayMs ?? 1500;
  // Juhe orders' events become Juhe pushes in every process (a job may run in a Panhe-only one).
  const juheNotify = juheNotifier(() => faults.forFront('juhe'));
  const engineOptions = {
    secretKey,
    holdDelayMs,
    nightClosure: o.nightClosure ?? true,
    issueDelayMs: o.issueDelayMs ?? 1000,
    refundDelayMs: o.refundDelayMs ?? 1000,
    initialBalanceFen: o.initialBalanceFen ?? 100_000_000,
    bookingState: accounts.bookingState,
    faults: () => faults.forFront('panhe'),
    faultsFor: faults.forFront,
    frontNotifiers: { juhe: juheNotify },
  };
  // One engine per distributor key: the Panhe one also reads Juhe orders (order/detail follows them).
  const engine = createEngine(sql, { ...engineOptions, appKey, readableKeys: [juheKey] });
  const juheEngine = createEngine(sql, { ...engineOptions, appKey: juheKey });
  await engine.init();
  await juheEngine.init();
  await clockOffsetMs(sql); // the clock's copy (sandbox/clock.ts), before any request reads it
  const payments = createPaymentsModule({
    sql,
    merchantId: o.paymentMerchantId ?? DEFAULT_PAYMENT_MERCHANT_ID,
    secretKey: o.paymentSecretKey ?? DEFAULT_PAYMENT_SECRET_KEY,
    faults: faults.get,
    refundDelayMs: o.paymentRefundDelayMs,
    notifyBackoffMs: o.callbackBackoffMs,
    notifyMaxAttempts: o.paymentNotifyMaxAttempts,
    notifyTimeoutMs: o.callbackTimeoutMs,
    tickMs: o.tickMs,
    log,
  });
  payments.start();
  const courier = createCourierModule({
    sql,
    partnerId: o.courierPartnerId ?? DEFAULT_COURIER_PARTNER_ID,
    secretKey: o.courierSecretKey ?? DEFAULT_COURIER_SECRET_KEY,
    faults: faults.get,
    backoffMs: o.callbackBackoffMs,
    timeoutMs: o.callbackTimeoutMs,
    tickMs: o.tickMs,
    log,
  });
  courier.start();
  const worker = startWorker({
    sql,
    jobHandlers: { ...engine.jobHandlers, juheReject: rejectJob(juheNotify, () => sandboxNow(sql)) },
    faults,
    tickMs: o.tickMs ?? 100,
    workers: o.workers ?? 4,
    backoffMs: o.callbackBackoffMs ?? 1000,
    timeoutMs: o.callbackTimeoutMs ?? 5000,
    log,
  });
  const abort = new AbortController();
  const app = buildApp({
    engine,
    faults,
    sql,
    appKey,
    secretKey,
    juheKey,
    juheEngine,
    fronts,
    holdDelayMs,
    accountRoutes: accounts.routes,
    payments,
    courier,
    runJobsNow: worker.runJobsNow,
    tick: worker.tick,
    abort: abort.signal,
    log,
  });
  const hostname = o.hostname ?? '127.0.0.1';
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: o.port, hostname }, () => resolve(s));
  });
  let stopping: Promise<void> | null = null;
  return {
    url: `http://${hostname === '0.0.0.0' || hostname === '::' ? '127.0.0.1' : hostname}:${o.port}`,
    port: o.port,
    engine,
    juheEngine,
    juheKey,
    fronts,
    payments,
    courier,
    tick: worker.tick,
    stop: () =>
      (stopping ??= (async () => {
        abort.abort();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        });
        await Promise.all([worker.stop(), payments.stop(), courier.stop()]);
        await Promise.all([sql.end({ timeout: 5 }), accountsSql.end({ timeout: 5 })]);
      })()),
  };
}

const isMain = !!process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isMain) {
  let e: SandboxProcessEnv;
  try {
    e = sandboxEnv();
  } catch (err) {
    console.error(`[sandbox] refusing to start: ${(err as Error).message}`);
    process.exit(1);
  }
  const s = await startSandbox({
    port: e.SANDBOX_PORT,
    hostname: e.SANDBOX_HOST,
    databaseUrl: e.DATABASE_URL,
    appKey: e.PROVIDER_APP_KEY,
    secretKey: e.PROVIDER_SECRET_KEY,
    juheKey: e.JUHE_APP_KEY,
    fronts: e.SANDBOX_FRONTS,
    holdDelayMs: e.SANDBOX_HOLD_DELAY_MS,
    nightClosure: e.SANDBOX_NIGHT_CLOSURE,
    issueDelayMs: e.SANDBOX_ISSUE_DELAY_MS,
    refundDelayMs: e.SANDBOX_REFUND_DELAY_MS,
    callbackBackoffMs: e.SANDBOX_CALLBACK_BACKOFF_MS,
    paymentMerchantId: e.PAYMENT_MERCHANT_ID,
    paymentSecretKey: e.PAYMENT_SECRET_KEY,
    paymentRefundDelayMs: e.SANDBOX_PAYMENT_REFUND_DELAY_MS,
    courierPartnerId: e.COURIER_PARTNER_ID,
    courierSecretKey: e.COURIER_SECRET_KEY,
    initialBalanceFen:
      e.SANDBOX_INITIAL_BALANCE_YUAN === undefined ? undefined : Math.round(e.SANDBOX_INITIAL_BALANCE_YUAN * 100),
  });
  console.log(`[sandbox] provider sandbox listening on ${s.url} (fronts: ${s.fronts.join(', ')})`);
  const shutdown = (signal: string) => {
    console.log(`[sandbox] ${signal}: stopping`);
    s.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error('[sandbox] stop failed', e);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
