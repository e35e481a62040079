/**
 * The courier sandbox (送票 快递), served by the provider sandbox process beside the payment gateway:
 * the partner API under /courier/api (signed flat JSON, protocol/courier.ts), control endpoints under
 * /sandbox/courier, and a background loop that moves parcels along the sandbox clock and delivers the
 * signed status webhooks (sandbox.courier_webhooks, through the shared outbox loop sandbox/delivery.ts).
 *
 * A shipment: awaiting_pickup (已接单未取件) → in_transit (配送中) at pickup_at → signed (已签收) at
 * eta_at, or lost. Cancel before pickup or in transit (cancelled); intercept in transit (intercepting,
 * then intercepted or intercept_refused, which goes on to signed). Faults (sandbox/faults.ts): lost,
 * late (the courier's fault), interception refused, API errors, duplicated and out-of-order webhooks.
 * Every change bumps `version` and is committed with its webhook rows.
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import type postgres from 'postgres';
import { z } from 'zod';
import {
  COURIER_REQUESTS,
  COURIER_STATUSES,
  COURIER_STATUS_TEXT,
  type CourierCode,
  type CourierOperation,
  type CourierStatus,
  type CourierTrackingEvent,
  type CourierWebhookFields,
  type ShipmentFields,
} from '@/protocol/courier';
import { verifyFields, withSign, type SignableFields } from '@/protocol/payments/sign';
import { sandboxNow } from '../clock';
import { deliverDue } from '../delivery';
import type { FaultConfig } from '../faults';

type Q = postgres.Sql | postgres.TransactionSql;
const MIN = 60_000;

export interface CourierOptions {
  sql: postgres.Sql;
  partnerId: string;
  secretKey: string;
  faults: () => FaultConfig;
  /** Sandbox minutes from acceptance to pickup (default 30). */
  pickupAfterMinutes?: number;
  /** Sandbox hours from pickup to signature, by speed (default standard 24, express 6). */
  transitHours?: { standard: number; express: number };
  /** Sandbox minutes an interception takes to resolve (default 30). */
  interceptMinutes?: number;
  backoffMs?: number;
  maxAttempts?: number;
  timeoutMs?: number;
  tickMs?: number;
  random?: () => number;
  log?: (s: string) => void;
}

interface ShipmentRow {
  waybillNo: string;
  partnerId: string;
  shipmentNo: string;
  speed: 'standard' | 'express';
  notifyUrl: string;
  status: CourierStatus;
  version: number;
  lateByCourier: boolean;
  willBeLost: boolean;
  pickupAt: Date;
  etaAt: Date;
  interceptDueAt: Date | null;
  createdAt: Date;
  pickedUpAt: Date | null;
  signedAt: Date | null;
  events: CourierTrackingEvent[];
}

const cols = (sql: Q) => sql`waybill_no as "waybillNo", partner_id as "partnerId", shipment_no as "shipmentNo",
  speed, notify_url as "notifyUrl", status, version, late_by_courier as "lateByCourier",
  will_be_lost as "willBeLost", pickup_at as "pickupAt", eta_at as "etaAt", intercept_due_at as "interceptDueAt",
  created_at as "createdAt", picked_up_at as "pickedUpAt", signed_at as "signedAt", events`;

class Refusal extends Error {
  constructor(
    readonly code: CourierCode,
    message: string,
  ) {
    super(message);
  }
}

export function shipmentFields(r: ShipmentRow): ShipmentFields {
  return {
    waybillNo: r.waybillNo,
    shipmentNo: r.shipmentNo,
    status: r.status,
    version: r.version,
    speed: r.speed,
    lateByCourier: r.lateByCourier,
    createdAt: r.createdAt.toISOString(),
    ...(r.pickedUpAt ? { pickedUpAt: r.pickedUpAt.toISOString() } : {}),
    etaAt: r.etaAt.toISOString(),
    ...(r.signedAt ? { signedAt: r.signedAt.toISOString() } : {}),
    events: JSON.stringify(r.events),
  };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

export function createCourierModule(o: CourierOptions) {
  const { sql } = o;
  const log = o.log ?? ((s: string) => console.error(s));
  const random = o.random ?? Math.random;
  const pickupAfter = (o.pickupAfterMinutes ?? 30) * MIN;
  const transit = o.transitHours ?? { standard: 24, express: 6 };
  const interceptAfter = (o.interceptMinutes ?? 30) * MIN;
  const now = () => sandboxNow(sql);
  const hit = (rate: number) => rate > 0 && random() < rate;

  async function lockShipment(tx: Q, waybillNo: string, partnerId?: string): Promise<ShipmentRow> {
    const [row] = await tx<ShipmentRow[]>`select ${cols(tx)} from sandbox.courier_shipments
      where waybill_no = ${waybillNo} ${partnerId ? tx`and partner_id = ${partnerId}` : tx``} for update`;
    if (!row) throw new Refusal('SHIPMENT_NOT_FOUND', `运单${waybillNo}不存在`);
    return row;
  }

  /** Moves a locked shipment to `to` (with its event and webhook rows); answers the new row. */
  async function move(
    tx: postgres.TransactionSql,
    s: ShipmentRow,
    to: CourierStatus,
    at: Date,
    extra: { text?: string; etaAt?: Date; lateByCourier?: boolean; interceptDueAt?: Date | null } = {},
  ): Promise<ShipmentRow> {
    const event: CourierTrackingEvent = {
      at: at.toISOString(),
      status: to,
      text: extra.text ?? COURIER_STATUS_TEXT[to],
    };
    const [row] = await tx<ShipmentRow[]>`update sandbox.courier_shipments set status = ${to}, version = version + 1,
        events = events || ${tx.json([event] as unknown as postgres.JSONValue)}::jsonb,
        picked_up_at = case when ${to} = 'in_transit' and picked_up_at is null then ${at} else picked_up_at end,
        signed_at = case when ${to} = 'signed' then ${at} else signed_at end,
        eta_at = coalesce(${extra.etaAt ?? null}::timestamptz, eta_at),
        late_by_courier = late_by_courier or ${extra.lateByCourier ?? false},
        intercept_due_at = ${extra.interceptDueAt === undefined ? s.interceptDueAt : extra.interceptDueAt}
      where waybill_no = ${s.waybillNo} returning ${cols(tx)}`;
    await enqueueWebhook(tx, row!);
    return row!;
  }

  async function enqueueWebhook(tx: Q, s: ShipmentRow): Promise<void> {
    const f = o.faults();
    const notifyId = `CN${Date.now().toString(36)}${randomBytes(5).toString('hex')}`;
    const fields: CourierWebhookFields = {
      partnerId: s.partnerId,
      notifyId,
      waybillNo: s.waybillNo,
      shipmentNo: s.shipmentNo,
      status: s.status,
      version: s.version,
      timestamp: new Date().toISOString(),
    };
    const body = withSign(o.secretKey, { ...fields });
    const copies = f.courierWebhookDuplicate ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const delayMs = f.courierWebhookOutOfOrder ? Math.floor(random() * f.callbackJitterMs) : 0;
      await tx`insert into sandbox.courier_webhooks (notify_id, waybill_no, url, body, next_at)
        values (${notifyId}, ${s.waybillNo}, ${s.notifyUrl}, ${tx.json(body)},
          now() + make_interval(secs => ${delayMs / 1000}))`;
    }
  }

  /** The natural next step of a shipment at `at`, or null when none is due. */
  function dueStep(s: ShipmentRow, at: Date, force = false): CourierStatus | null {
    const due = (t: Date | null) => force || (t !== null && t.getTime() <= at.getTime());
    if (s.status === 'awaiting_pickup' && due(s.pickupAt)) return 'in_transit';
    if ((s.status === 'in_transit' || s.status === 'intercept_refused') && due(s.etaAt))
      return s.willBeLost ? 'lost' : 'signed';
    if (s.status === 'intercepting' && due(s.interceptDueAt))
      return hit(o.faults().courierInterceptRefuseRate) ? 'intercept_refused' : 'intercepted';
    return null;
  }

  /** Moves every shipment whose next step is due on the sandbox clock; answers how many moved. */
  async function sweep(): Promise<number> {
    const at = await now();
    const due = await sql<{ waybillNo: string }[]>`select waybill_no as "waybillNo" from sandbox.courier_shipments
      where (status = 'awaiting_pickup' and pickup_at <= ${at})
         or (status in ('in_transit', 'intercept_refused') and eta_at <= ${at})
         or (status = 'intercepting' and intercept_due_at <= ${at})
      order by created_at limit 100`;
    let moved = 0;
    for (const { waybillNo } of due)
      await sql.begin(async (tx) => {
        let s = await lockShipment(tx, waybillNo);
        // A parcel overdue for several steps (the clock jumped) takes them one after another.
        for (let step = dueStep(s, at); step; step = dueStep(s, at)) {
          s = await move(tx, s, step, at);
          moved++;
        }
      });
    return moved;
  }

  const deliver = () =>
    deliverDue<Record<string, unknown>>(sql, {
      table: 'sandbox.courier_webhooks',
      label: 'courier webhook',
      backoffMs: o.backoffMs ?? 1000,
      maxAttempts: o.maxAttempts ?? 10,
      timeoutMs: o.timeoutMs ?? 5000,
      log,
      encode: (body) => ({ contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) }),
    });

  // ---- operations ---------------------------------------------------------------------------------
  type Input<Op extends CourierOperation> = z.output<(typeof COURIER_REQUESTS)[Op]>;

  async function create(r: Input<'shipments/create'>): Promise<ShipmentRow> {
    const at = await now();
    const f = o.faults();
    const late = hit(f.courierLateRate);
    const hours = transit[r.speed] + (late ? 24 : 0);
    const pickupAt = new Date(at.getTime() + pickupAfter);
    const etaAt = new Date(pickupAt.getTime() + hours * 3600_000);
    const waybillNo = `SF${at.getTime().toString().slice(-8)}${randomBytes(3).toString('hex').toUpperCase()}`;
    const event: CourierTrackingEvent = {
      at: at.toISOString(),
      status: 'awaiting_pickup',
      text: COURIER_STATUS_TEXT.awaiting_pickup,
    };
    return sql.begin(async (tx) => {
      const [row] = await tx<ShipmentRow[]>`insert into sandbox.courier_shipments (waybill_no, partner_id, shipment_no,
          speed, from_province, from_city, to_province, to_city, notify_url, late_by_courier, will_be_lost,
          pickup_at, eta_at, created_at, events)
        values (${waybillNo}, ${r.partnerId}, ${r.shipmentNo}, ${r.speed}, ${r.fromProvince}, ${r.fromCity},
          ${r.toProvince}, ${r.toCity}, ${r.notifyUrl}, ${late}, ${hit(f.courierLostRate)}, ${pickupAt}, ${etaAt},
          ${at}, ${tx.json([event] as unknown as postgres.JSONValue)})
        on conflict (partner_id, shipment_no) do nothing returning ${cols(tx)}`;
      if (row) {
        await enqueueWebhook(tx, row);
        return row;
      }
      // The same shipment asked again (a retry): the existing one.
      const [existing] = await tx<ShipmentRow[]>`select ${cols(tx)} from sandbox.courier_shipments
        where partner_id = ${r.partnerId} and shipment_no = ${r.shipmentNo}`;
      return existing!;
    });
  }

  async function cancel(r: Input<'shipments/cancel'>): Promise<ShipmentRow> {
    const at = await now();
    return sql.begin(async (tx) => {
      const s = await lockShipment(tx, r.waybillNo, r.partnerId);
      if (s.status === 'cancelled') return s; // a repeated cancel: already done
      if (s.status === 'signed') throw new Refusal('ALREADY_SIGNED', '包裹已签收,不能取消寄件');
      if (s.status !== 'awaiting_pickup' && s.status !== 'in_transit')
        throw new Refusal('NOT_CANCELLABLE', `运单状态为${COURIER_STATUS_TEXT[s.status]},不能取消`);
      return move(tx, s, 'cancelled', at, {
        text: s.status === 'in_transit' ? '寄件已取消,包裹退回寄件人' : COURIER_STATUS_TEXT.cancelled,
      });
    });
  }

  async function intercept(r: Input<'shipments/intercept'>): Promise<ShipmentRow> {
    const at = await now();
    return sql.begin(async (tx) => {
      const s = await lockShipment(tx, r.waybillNo, r.partnerId);
      if (s.status === 'intercepting' || s.status === 'intercepted' || s.status === 'intercept_refused') return s;
      if (s.status !== 'in_transit')
        throw new Refusal('NOT_INTERCEPTABLE', `运单状态为${COURIER_STATUS_TEXT[s.status]},不能拦截`);
      return move(tx, s, 'intercepting', at, { interceptDueAt: new Date(at.getTime() + interceptAfter) });
    });
  }

  async function query(r: Input<'shipments/query'>): Promise<ShipmentRow> {
    const [row] = await sql<ShipmentRow[]>`select ${cols(sql)} from sandbox.courier_shipments
      where waybill_no = ${r.waybillNo} and partner_id = ${r.partnerId}`;
    if (!row) throw new Refusal('SHIPMENT_NOT_FOUND', `运单${r.waybillNo}不存在`);
    return row;
  }

  // ---- HTTP ---------------------------------------------------------------------------------------
  const partners = new Map([[o.partnerId, o.secretKey]]);
  function answer(fields: Record<string, unknown>, secret: string | null, status = 200): Response {
    const flat: Record<string, string | number | boolean> = {};
    for (const [k, v] of Object.entries(fields))
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') flat[k] = v;
    return json(secret ? withSign(secret, flat) : flat, status);
  }

  const routes = new Hono();
  const handlers: { [Op in CourierOperation]: (r: Input<Op>) => Promise<ShipmentRow> } = {
    'shipments/create': create,
    'shipments/query': query,
    'shipments/cancel': cancel,
    'shipments/intercept': intercept,
  };
  for (const op of Object.keys(handlers) as CourierOperation[]) {
    routes.post(`/api/${op}`, async (c) => {
      const fault = c.req.header('x-sandbox-fault') ?? '';
      if (hit(o.faults().courierErrorRate) || /\berror\b/.test(fault))
        return json({ code: 'SYSTEM_ERROR', msg: '服务暂不可用' }, 503);
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return answer({ code: 'INVALID_PARAMS', msg: '参数无效:请求体不是有效的JSON' }, null, 400);
      }
      const flat =
        !!body &&
        typeof body === 'object' &&
        !Array.isArray(body) &&
        Object.values(body).every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
      if (!flat) return answer({ code: 'INVALID_PARAMS', msg: '参数无效:请求体须为扁平的JSON对象' }, null, 400);
      const fields = body as SignableFields;
      const secret = typeof fields.partnerId === 'string' ? partners.get(fields.partnerId) : undefined;
      if (!secret) return answer({ code: 'UNKNOWN_PARTNER', msg: '合作方不存在' }, null, 401);
      if (!verifyFields(secret, fields)) return answer({ code: 'BAD_SIGN', msg: '签名验证失败' }, null, 401);
      const parsed = COURIER_REQUESTS[op].safeParse(fields);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return answer(
          {
            code: 'INVALID_PARAMS',
            msg: `参数无效:${issue?.path.join('.') || '请求体'} ${issue?.message ?? ''}`.trim(),
          },
          secret,
          400,
        );
      }
      try {
        const row = await (handlers[op] as (r: unknown) => Promise<ShipmentRow>)(parsed.data);
        return answer({ code: 'SUCCESS', msg: 'ok', ...shipmentFields(row) }, secret);
      } catch (e) {
        if (e instanceof Refusal) return answer({ code: e.code, msg: e.message }, secret);
        log(`[sandbox] /courier/api/${op} failed: ${e instanceof Error ? e.message : String(e)}`);
        return answer({ code: 'SYSTEM_ERROR', msg: '系统繁忙,请稍后重试' }, null, 500);
      }
    });
  }

  // ---- control (/sandbox/courier; the parent checks x-app-key) -------------------------------------
  const control = new Hono();
  const bad = (msg: string, status: 400 | 404 | 409 = 400) => json({ success: false, msg }, status);
  const byWaybill = async (waybillNo: string) => {
    const [row] = await sql<ShipmentRow[]>`select ${cols(sql)} from sandbox.courier_shipments
      where waybill_no = ${waybillNo}`;
    return row;
  };
  control.post('/tick', async () => json({ moved: await tick.sweep(), delivered: await tick.deliver() }));
  control.get('/by-shipment/:shipmentNo', async (c) => {
    const [row] = await sql<ShipmentRow[]>`select ${cols(sql)} from sandbox.courier_shipments
      where shipment_no = ${c.req.param('shipmentNo')} order by created_at desc limit 1`;
    return row ? json({ shipment: shipmentFields(row) }) : bad('运单不存在', 404);
  });
  control.get('/:waybillNo', async (c) => {
    const row = await byWaybill(c.req.param('waybillNo'));
    if (!row) return bad('运单不存在', 404);
    const webhooks = await sql`select id, notify_id as "notifyId", body, status, attempts, last_status as "lastStatus",
        last_error as "lastError", delivered_at as "deliveredAt" from sandbox.courier_webhooks
      where waybill_no = ${row.waybillNo} order by id`;
    return json({ shipment: shipmentFields(row), webhooks });
  });
  // The next step now (pickup, signature, interception result), or a forced status.
  control.post('/:waybillNo/advance', async (c) => {
    const body = z
      .object({ to: z.enum(COURIER_STATUSES).optional() })
      .strict()
      .safeParse((await c.req.json().catch(() => ({}))) ?? {});
    if (!body.success) return bad(`参数无效:应为 {to?: ${COURIER_STATUSES.join(' | ')}}`);
    const at = await now();
    try {
      const row = await sql.begin(async (tx) => {
        const s = await lockShipment(tx, c.req.param('waybillNo'));
        const to = body.data.to ?? dueStep(s, at, true);
        if (!to || to === s.status) throw new Refusal('NOT_CANCELLABLE', `运单已是${COURIER_STATUS_TEXT[s.status]}`);
        return move(tx, s, to, at);
      });
      return json({ shipment: shipmentFields(row) });
    } catch (e) {
      if (e instanceof Refusal) return bad(e.message, e.code === 'SHIPMENT_NOT_FOUND' ? 404 : 409);
      throw e;
    }
  });
  // A failure now: lost (包裹丢失), late (the courier's fault: ETA + 24 h), interceptRefused.
  control.post('/:waybillNo/fail', async (c) => {
    const body = z
      .object({ kind: z.enum(['lost', 'late', 'interceptRefused']) })
      .strict()
      .safeParse((await c.req.json().catch(() => ({}))) ?? {});
    if (!body.success) return bad("参数无效:应为 {kind: 'lost' | 'late' | 'interceptRefused'}");
    const at = await now();
    try {
      const row = await sql.begin(async (tx) => {
        const s = await lockShipment(tx, c.req.param('waybillNo'));
        if (body.data.kind === 'lost') return move(tx, s, 'lost', at);
        if (body.data.kind === 'interceptRefused') {
          if (s.status !== 'intercepting') throw new Refusal('NOT_INTERCEPTABLE', '运单不在拦截中');
          return move(tx, s, 'intercept_refused', at);
        }
        return move(tx, s, s.status, at, {
          text: '快递延误(快递方原因),预计送达时间推迟',
          etaAt: new Date(s.etaAt.getTime() + 24 * 3600_000),
          lateByCourier: true,
        });
      });
      return json({ shipment: shipmentFields(row) });
    } catch (e) {
      if (e instanceof Refusal) return bad(e.message, e.code === 'SHIPMENT_NOT_FOUND' ? 404 : 409);
      throw e;
    }
  });
  // Sends every webhook of the shipment again, newest first (a reordered, duplicated burst).
  control.post('/:waybillNo/replay', async (c) => {
    const waybillNo = c.req.param('waybillNo');
    const rows = await sql`insert into sandbox.courier_webhooks (notify_id, waybill_no, url, body)
      select notify_id, waybill_no, url, body from (
        select distinct on (notify_id) notify_id, waybill_no, url, body, id from sandbox.courier_webhooks
        where waybill_no = ${waybillNo} order by notify_id, id) w
      order by id desc returning id`;
    return json({ queued: rows.length });
  });

  // Single-flight passes, as the payment module's.
  let sweeping: Promise<number> | null = null;
  let delivering: Promise<number> | null = null;
  const runSweep = () =>
    (sweeping ??= sweep()
      .catch((e: unknown) => (log(`[sandbox] courier sweep: ${e instanceof Error ? e.message : String(e)}`), 0))
      .finally(() => (sweeping = null)));
  const runDeliver = () =>
    (delivering ??= deliver()
      .catch((e: unknown) => (log(`[sandbox] courier webhooks: ${e instanceof Error ? e.message : String(e)}`), 0))
      .finally(() => (delivering = null)));
  const tick = {
    sweep: async () => {
      await sweeping;
      return runSweep();
    },
    deliver: async () => {
      await delivering;
      return runDeliver();
    },
  };
  let timer: ReturnType<typeof setInterval> | null = null;
  return {
    routes,
    control,
    tick: async () => ({ moved: await tick.sweep(), delivered: await tick.deliver() }),
    start() {
      timer ??= setInterval(() => {
        void runSweep();
        void runDeliver();
      }, o.tickMs ?? 100);
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await Promise.all([sweeping, delivering]);
    },
  };
}
export type CourierModule = ReturnType<typeof createCourierModule>;
