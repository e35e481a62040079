/**
 * The provider sandbox as its own HTTP service: the documented protocol (`POST /train/<name>`, JSON
 * with appKey, answered `{ data, success, msg }`) over the real 2024-06-15 timetable, with its state
 * in the Postgres schema `sandbox`. Control endpoints under /sandbox (clock, faults, balance, sold-out)
 * need the header `x-app-key`. Run: `npm run sandbox` (SANDBOX_PORT, DATABASE_URL, PROVIDER_APP_KEY,
 * PROVIDER_SECRET_KEY); see sandbox/README.md.
 */
import { serve } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import postgres from 'postgres';
import { z } from 'zod';
import { DEFAULT_PROVIDER_APP_KEY, DEFAULT_PROVIDER_SECRET_KEY } from '@/lib/provider/config';
import { MSG } from '@/lib/provider/errors';
import { changeConfirmSign, confirmSign } from '@/lib/provider/sign';
import * as w from '@/lib/provider/wire';
import { createEngine, SandboxError, type Engine } from './engine';
import { createAccounts } from './accounts';
import { migrateSandbox } from './migrate';

type Accounts = ReturnType<typeof createAccounts>;

export interface SandboxOptions {
  port: number;
  databaseUrl: string;
  appKey?: string;
  secretKey?: string;
  holdDelayMs?: number;
  issueDelayMs?: number;
  refundDelayMs?: number;
  callbackBackoffMs?: number;
  initialBalanceFen?: number;
  /** Background worker tick (jobs and callbacks). */
  tickMs?: number;
  log?: (s: string) => void;
}

export interface FaultConfig {
  latencyMs: number;
  errorRate: number;
  errorStatus: number;
  timeoutRate: number;
  malformedRate: number;
  callbackDuplicate: boolean;
  callbackDropRate: number;
  callbackOutOfOrder: boolean;
  /** Share of 确认出票 that end in 出票失败 (the debit is returned). */
  issueFailRate: number;
}
const NO_FAULTS: FaultConfig = {
  latencyMs: 0,
  errorRate: 0,
  errorStatus: 503,
  timeoutRate: 0,
  malformedRate: 0,
  callbackDuplicate: false,
  callbackDropRate: 0,
  callbackOutOfOrder: false,
  issueFailRate: 0,
};
const faultSchema = z.object({
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  errorRate: z.number().min(0).max(1).optional(),
  errorStatus: z.number().int().min(500).max(599).optional(),
  timeoutRate: z.number().min(0).max(1).optional(),
  malformedRate: z.number().min(0).max(1).optional(),
  callbackDuplicate: z.boolean().optional(),
  callbackDropRate: z.number().min(0).max(1).optional(),
  callbackOutOfOrder: z.boolean().optional(),
  issueFailRate: z.number().min(0).max(1).optional(),
});

/** Per-request faults: `x-sandbox-fault: latency=800,error=503` or `timeout` or `malformed`. */
function requestFaults(header: string | undefined): Partial<FaultConfig> {
  if (!header) return {};
  const out: Partial<FaultConfig> = {};
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=');
    if (k === 'latency') out.latencyMs = Number(v) || 0;
    if (k === 'error') Object.assign(out, { errorRate: 1, errorStatus: Number(v) || 503 });
    if (k === 'timeout') out.timeoutRate = 1;
    if (k === 'malformed') out.malformedRate = 1;
  }
  return out;
}

const ok = (c: Context, data: unknown) => c.json({ data, success: true, msg: '请求成功' });
const fail = (c: Context, msg: string, msgCode: number = MSG.BAD_PARAMS) =>
  c.json({ data: null, success: false, msg, msgCode });

export function buildApp(engine: Engine, accounts: Accounts, appKey: string, secretKey: string, faults: FaultConfig) {
  const app = new Hono();

  const stats = new Map<string, number>();
  app.use('/train/*', async (c, next) => {
    stats.set(c.req.path, (stats.get(c.req.path) ?? 0) + 1);
    const f = { ...faults, ...requestFaults(c.req.header('x-sandbox-fault')) };
    if (f.latencyMs) await new Promise((r) => setTimeout(r, f.latencyMs));
    if (f.timeoutRate && Math.random() < f.timeoutRate) await new Promise((r) => setTimeout(r, 120_000));
    if (f.errorRate && Math.random() < f.errorRate)
      return c.text('Service Unavailable (sandbox fault)', f.errorStatus as 503);
    if (f.malformedRate && Math.random() < f.malformedRate)
      return c.body('{"data": {"trainLines": [', 200, { 'content-type': 'application/json' });
    await next();
  });

  /** Parses the body, checks appKey, validates with the wire schema, maps errors to the envelope. */
  function endpoint<S extends z.ZodType>(schema: S, handler: (input: z.output<S>) => unknown) {
    return async (c: Context) => {
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return fail(c, '请求体不是有效的 JSON');
      }
      if (!body || typeof body !== 'object' || (body as { appKey?: unknown }).appKey !== appKey)
        return fail(c, '分销商身份验证无效（appKey 错误）', MSG.DISTRIBUTOR_INVALID);
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return fail(c, `参数无效：${issue?.path.join('.') || '请求'} ${issue?.message ?? ''}`.trim());
      }
      try {
        return ok(c, await handler(parsed.data));
      } catch (e) {
        if (e instanceof SandboxError) return fail(c, e.message, e.msgCode);
        console.error('[sandbox] handler failed', e);
        return fail(c, '未知的失败原因', MSG.UNKNOWN);
      }
    };
  }

  app.post(
    '/train/search',
    endpoint(w.searchRequest, (r) => engine.search(r)),
  );
  app.post(
    '/train/stops',
    endpoint(w.stopsRequest, (r) => engine.stops(r)),
  );
  app.post(
    '/train/stations',
    endpoint(z.object({}).passthrough(), () => engine.stations()),
  );
  app.post(
    '/train/order/create',
    endpoint(w.createOrderRequest, (r) => engine.createOrder(r)),
  );
  app.post(
    '/train/order/confirm',
    endpoint(w.confirmRequest, (r) => engine.confirm(r, confirmSign(secretKey, r.orderNo, r.payAmount ?? null))),
  );
  app.post(
    '/train/order/cancel',
    endpoint(w.cancelRequest, (r) => engine.cancel(r.orderNo)),
  );
  app.post(
    '/train/order/refund',
    endpoint(w.refundRequest, (r) => engine.refund(r)),
  );
  app.post(
    '/train/order/detail',
    endpoint(w.cancelRequest, (r) => engine.detail(r.orderNo)),
  );
  app.post(
    '/train/order/change',
    endpoint(w.changeRequest, (r) => engine.applyChange(r)),
  );
  app.post(
    '/train/order/change/confirm',
    endpoint(w.changeConfirmRequest, (r) =>
      engine.confirmChange(r, changeConfirmSign(secretKey, r.chaNo, r.payAmount ?? null)),
    ),
  );
  app.post(
    '/train/order/change/cancel',
    endpoint(w.changeCancelRequest, (r) => engine.cancelChange(r.chaNo)),
  );
  accounts.register(app, endpoint);

  // ---- control endpoints (sandbox only) ----
  app.use('/sandbox/*', async (c, next) => {
    if (c.req.header('x-app-key') !== appKey) return c.json({ error: 'x-app-key header missing or wrong' }, 401);
    await next();
  });
  /** Requests received per endpoint since start (or the last DELETE): used by the benchmarks. */
  app.get('/sandbox/stats', (c) => c.json(Object.fromEntries(stats)));
  app.delete('/sandbox/stats', (c) => {
    stats.clear();
    return c.json({});
  });
  app.get('/sandbox/clock', async (c) =>
    c.json({ now: (await engine.now()).toISOString(), offsetMs: await engine.offsetMs() }),
  );
  app.post('/sandbox/clock', async (c) => {
    const body = z
      .object({
        advanceMinutes: z.number().optional(),
        setTo: z.string().datetime({ offset: true }).optional(),
        reset: z.boolean().optional(),
      })
      .safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: 'expected { advanceMinutes } | { setTo } | { reset: true }' }, 400);
    let offset = await engine.offsetMs();
    if (body.data.reset) offset = 0;
    if (body.data.setTo) offset = Date.parse(body.data.setTo) - Date.now();
    if (body.data.advanceMinutes) offset += body.data.advanceMinutes * 60_000;
    await engine.setOffset(offset);
    await engine.runDueJobs();
    return c.json({ now: (await engine.now()).toISOString(), offsetMs: offset });
  });
  const syncCallbackFaults = () =>
    Object.assign(engine.faults, {
      callbackDuplicate: faults.callbackDuplicate,
      callbackDropRate: faults.callbackDropRate,
      callbackOutOfOrder: faults.callbackOutOfOrder,
      issueFailRate: faults.issueFailRate,
    });
  app.get('/sandbox/faults', (c) => c.json(faults));
  app.post('/sandbox/faults', async (c) => {
    const body = faultSchema.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: body.error.issues[0]?.message }, 400);
    Object.assign(faults, body.data);
    syncCallbackFaults();
    return c.json(faults);
  });
  app.delete('/sandbox/faults', (c) => {
    Object.assign(faults, NO_FAULTS);
    syncCallbackFaults();
    return c.json(faults);
  });
  app.get('/sandbox/balance', async (c) => c.json({ balanceFen: await engine.balance() }));
  app.post('/sandbox/balance', async (c) => {
    const body = z.object({ balanceFen: z.number().int().min(0) }).safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: 'expected { balanceFen }' }, 400);
    await engine.setBalance(body.data.balanceFen);
    return c.json({ balanceFen: body.data.balanceFen });
  });
  app.post('/sandbox/soldout', async (c) => {
    const body = z
      .object({
        trainCode: z.string(),
        date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        seatType: z.number().int(),
        leave: z.number().int().min(0).default(0),
      })
      .safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: 'expected { trainCode, date (origin date), seatType, leave? }' }, 400);
    try {
      return c.json(await engine.markSoldOut(body.data.trainCode, body.data.date, body.data.seatType, body.data.leave));
    } catch (e) {
      return c.json({ error: e instanceof Error ? e.message : 'failed' }, 400);
    }
  });
  app.post('/sandbox/tick', async (c) =>
    c.json({ jobs: await engine.runDueJobs(), callbacks: await engine.deliverDueCallbacks() }),
  );
  app.get('/health', (c) => c.json({ ok: true }));
  app.notFound((c) => fail(c, `未知接口 ${c.req.path}`));
  return app;
}

export async function startSandbox(
  o: SandboxOptions,
): Promise<{ url: string; stop: () => Promise<void>; engine: Engine }> {
  await migrateSandbox(o.databaseUrl);
  const sql = postgres(o.databaseUrl, { max: Number(process.env.SANDBOX_DB_POOL ?? 20), onnotice: () => {} });
  const appKey = o.appKey ?? DEFAULT_PROVIDER_APP_KEY;
  const secretKey = o.secretKey ?? DEFAULT_PROVIDER_SECRET_KEY;
  const clockNow = () => engine.now();
  const accounts = createAccounts(sql, secretKey, clockNow);
  const engine = createEngine(sql, {
    bookingState: (account: string, password: string) => accounts.bookingState(account, password),
    appKey,
    secretKey,
    holdDelayMs: o.holdDelayMs ?? 1500,
    issueDelayMs: o.issueDelayMs ?? 1000,
    refundDelayMs: o.refundDelayMs ?? 1000,
    callbackBackoffMs: o.callbackBackoffMs ?? 1000,
    initialBalanceFen: o.initialBalanceFen ?? 100_000_000,
  });
  await engine.init();
  await accounts.seed();
  const faults = { ...NO_FAULTS };
  const app = buildApp(engine, accounts, appKey, secretKey, faults);
  const server = serve({ fetch: app.fetch, port: o.port, hostname: '127.0.0.1' });
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = (async () => {
      try {
        while ((await engine.runDueJobs()) > 0);
        await engine.deliverDueCallbacks();
      } catch (e) {
        o.log?.(`[sandbox] worker error: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        running = null;
      }
    })();
  }, o.tickMs ?? 100);
  return {
    url: `http://localhost:${o.port}`,
    engine,
    stop: async () => {
      clearInterval(timer);
      await running;
      await new Promise<void>((r) => server.close(() => r()));
      await sql.end({ timeout: 5 });
    },
  };
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!);
if (isMain) {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error('[sandbox] DATABASE_URL is required (npm start sets it for the embedded Postgres)');
    process.exit(1);
  }
  const port = Number(process.env.SANDBOX_PORT ?? 3001);
  const s = await startSandbox({
    port,
    databaseUrl,
    appKey: process.env.PROVIDER_APP_KEY || undefined,
    secretKey: process.env.PROVIDER_SECRET_KEY || undefined,
    holdDelayMs: process.env.SANDBOX_HOLD_DELAY_MS ? Number(process.env.SANDBOX_HOLD_DELAY_MS) : undefined,
    log: (m) => console.error(m),
  });
  console.log(`[sandbox] provider sandbox listening on ${s.url}`);
  const stop = () => void s.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
