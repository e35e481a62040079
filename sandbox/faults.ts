/**
 * Fault injection, off by default. Global settings live in sandbox.fault_config (POST/GET/DELETE
 * /sandbox/faults); a single request can ask for its own with the header
 * `x-sandbox-fault: latency=800,error=503` | `timeout` | `malformed` (comma-separated, combinable).
 *
 * Per front (sandbox/fronts.ts): `POST /sandbox/faults { front: 'juhe', errorRate: 1 }` patches an
 * overlay that applies on top of the global settings to that front only (its requests, the
 * callbacks and issue results of its orders). Row 1 of sandbox.fault_config is the global config,
 * the overlays are rows FRONT_ROW_IDS. Every process reloads the rows about once a second, so two
 * sandbox processes on one database agree.
 */
import type postgres from 'postgres';
import { z } from 'zod';
import { FRONTS, type Front } from './fronts';

export interface FaultConfig {
  /** Added to every /train/* answer. */
  latencyMs: number;
  /** Share of /train/* requests answered with HTTP errorStatus (5xx). */
  errorRate: number;
  errorStatus: number;
  /** Share of requests that hang for timeoutMs (past any sane client timeout) before an error. */
  timeoutRate: number;
  timeoutMs: number;
  /** Share of requests answered with truncated JSON. */
  malformedRate: number;
  /** Every callback is delivered twice. */
  callbackDuplicate: boolean;
  /** Share of callbacks never sent (status `dropped`). */
  callbackDropRate: number;
  /** Callbacks are held back a random 0–callbackJitterMs, so later events may overtake earlier ones. */
  callbackOutOfOrder: boolean;
  callbackJitterMs: number;
  /** Share of 确认出票 / 确认改签 that end in 出票失败 / 改签确认出票失败 (the debit is returned). */
  issueFailRate: number;
  /** Payment gateway (sandbox/payments): every notification is sent twice (same notifyId). */
  paymentNotifyDuplicate: boolean;
  /** Payment gateway: share of notifications never sent (status `dropped`; the merchant must query). */
  paymentNotifyDropRate: number;
  /** Payment gateway: every notification's first attempt is held back this long. */
  paymentNotifyDelayMs: number;
  /** Payment gateway: share of refunds that settle as `failed` (the amount becomes refundable again). */
  paymentRefundFailRate: number;
  /**
   * Juhe `pay` only (opt-in): share of pays answered error_code 10014 (系统内部异常) AFTER the debit and
   * the issue request committed, so a client must look (orderStatus) before it retries.
   */
  payInternalErrorRate: number;
  /** Courier (sandbox/courier): share of API requests answered HTTP 503 before anything is done. */
  courierErrorRate: number;
  /** Courier: share of new shipments lost in transit (包裹丢失 instead of 已签收). */
  courierLostRate: number;
  /** Courier: share of new shipments late by the courier's fault (ETA + 24 h, lateByCourier). */
  courierLateRate: number;
  /** Courier: share of interceptions refused (the document says about 70 % succeed, §三 l.26: 0.3). */
  courierInterceptRefuseRate: number;
  /** Courier: every status webhook is sent twice (same notifyId). */
  courierWebhookDuplicate: boolean;
  /** Courier: webhooks held back a random 0–callbackJitterMs, so later ones may overtake earlier ones. */
  courierWebhookOutOfOrder: boolean;
}

export const NO_FAULTS: Readonly<FaultConfig> = Object.freeze({
  latencyMs: 0,
  errorRate: 0,
  errorStatus: 503,
  timeoutRate: 0,
  timeoutMs: 120_000,
  malformedRate: 0,
  callbackDuplicate: false,
  callbackDropRate: 0,
  callbackOutOfOrder: false,
  callbackJitterMs: 2000,
  issueFailRate: 0,
  paymentNotifyDuplicate: false,
  paymentNotifyDropRate: 0,
  paymentNotifyDelayMs: 0,
  paymentRefundFailRate: 0,
  payInternalErrorRate: 0,
  courierErrorRate: 0,
  courierLostRate: 0,
  courierLateRate: 0,
  courierInterceptRefuseRate: 0,
  courierWebhookDuplicate: false,
  courierWebhookOutOfOrder: false,
});

const rate = z.number().min(0).max(1);
export const faultPatch = z
  .object({
    latencyMs: z.number().int().min(0).max(120_000),
    errorRate: rate,
    errorStatus: z.number().int().min(500).max(599),
    timeoutRate: rate,
    timeoutMs: z.number().int().min(0).max(600_000),
    malformedRate: rate,
    callbackDuplicate: z.boolean(),
    callbackDropRate: rate,
    callbackOutOfOrder: z.boolean(),
    callbackJitterMs: z.number().int().min(0).max(600_000),
    issueFailRate: rate,
    paymentNotifyDuplicate: z.boolean(),
    paymentNotifyDropRate: rate,
    paymentNotifyDelayMs: z.number().int().min(0).max(3_600_000),
    paymentRefundFailRate: rate,
    payInternalErrorRate: rate,
    courierErrorRate: rate,
    courierLostRate: rate,
    courierLateRate: rate,
    courierInterceptRefuseRate: rate,
    courierWebhookDuplicate: z.boolean(),
    courierWebhookOutOfOrder: z.boolean(),
  })
  .partial()
  .strict();
export type FaultPatch = z.infer<typeof faultPatch>;

/** POST /sandbox/faults: a patch of the global settings, or with `front` of that front's overlay. */
export const faultRequest = faultPatch
  .extend({ front: z.enum(FRONTS) })
  .partial()
  .strict();

/** The fault_config rows of the per-front overlays (row 1: global). */
export const FRONT_ROW_IDS: Readonly<Record<Front, number>> = { panhe: 2, juhe: 3 };

/** How often every process reloads the fault rows (another process may have changed them). */
export const FAULT_REFRESH_MS = 1000;

/** Parses `x-sandbox-fault` (pure). Unknown parts are ignored. */
export function parseFaultHeader(header: string | undefined | null): Partial<FaultConfig> {
  const out: Partial<FaultConfig> = {};
  if (!header) return out;
  for (const part of header.split(',')) {
    const [k = '', v] = part
      .trim()
      .split('=')
      .map((x) => x.trim());
    const n = v === undefined ? NaN : Number(v);
    if (k === 'latency' && Number.isFinite(n) && n >= 0) out.latencyMs = Math.min(n, 120_000);
    else if (k === 'error') {
      out.errorRate = 1;
      out.errorStatus = Number.isInteger(n) && n >= 500 && n <= 599 ? n : 503;
    } else if (k === 'timeout') {
      out.timeoutRate = 1;
      if (Number.isFinite(n) && n >= 0) out.timeoutMs = n;
    } else if (k === 'malformed') out.malformedRate = 1;
    else if (k === 'pay10014') out.payInternalErrorRate = 1;
  }
  return out;
}

export type FaultAction =
  | { kind: 'none'; latencyMs: number }
  | { kind: 'error'; latencyMs: number; status: number }
  | { kind: 'timeout'; latencyMs: number; hangMs: number }
  | { kind: 'malformed'; latencyMs: number };

/** What to do with one request under the given faults (`random` injectable for tests). */
export function decideFault(f: FaultConfig, random: () => number = Math.random): FaultAction {
  const latencyMs = f.latencyMs;
  if (f.timeoutRate > 0 && random() < f.timeoutRate) return { kind: 'timeout', latencyMs, hangMs: f.timeoutMs };
  if (f.errorRate > 0 && random() < f.errorRate) return { kind: 'error', latencyMs, status: f.errorStatus };
  if (f.malformedRate > 0 && random() < f.malformedRate) return { kind: 'malformed', latencyMs };
  return { kind: 'none', latencyMs };
}

/**
 * Global faults and the per-front overlays, cached in memory and persisted in sandbox.fault_config
 * (a restart keeps them; `refresh` picks up another process's changes).
 */
export function createFaultStore(sql: postgres.Sql) {
  const current: FaultConfig = { ...NO_FAULTS };
  const overlays = Object.fromEntries(FRONTS.map((f): [Front, FaultPatch] => [f, {}])) as Record<Front, FaultPatch>;
  const effective = Object.fromEntries(FRONTS.map((f) => [f, { ...NO_FAULTS }])) as Record<Front, FaultConfig>;
  let loadedAt = 0;
  let loading: Promise<unknown> | null = null;
  const recompute = () => {
    for (const f of FRONTS) Object.assign(effective[f], NO_FAULTS, current, overlays[f]);
  };
  const read = (x: unknown): FaultPatch => {
    const parsed = faultPatch.safeParse(x ?? {});
    return parsed.success ? parsed.data : {};
  };
  const store = {
    /** The global settings (what GET /sandbox/faults answers). */
    get: (): FaultConfig => current,
    /** The settings of one front: the global ones with its overlay on top. */
    forFront: (front: Front): FaultConfig => effective[front],
    overlay: (front: Front): FaultPatch => overlays[front],
    async load() {
      const rows = await sql<{ id: number; config: unknown }[]>`select id, config from sandbox.fault_config`;
      Object.assign(current, NO_FAULTS, read(rows.find((r) => r.id === 1)?.config));
      for (const f of FRONTS) {
        for (const k of Object.keys(overlays[f])) delete overlays[f][k as keyof FaultPatch];
        Object.assign(overlays[f], read(rows.find((r) => r.id === FRONT_ROW_IDS[f])?.config));
      }
      recompute();
      loadedAt = Date.now();
      return current;
    },
    /** Reloads when the copy is older than FAULT_REFRESH_MS (called by the worker loop). */
    refresh() {
      if (loading || Date.now() - loadedAt < FAULT_REFRESH_MS) return;
      loading = store
        .load()
        .catch(() => undefined)
        .finally(() => (loading = null));
    },
    async patch(p: FaultPatch, front?: Front) {
      await loading;
      if (front) {
        Object.assign(overlays[front], p);
        await save(FRONT_ROW_IDS[front], overlays[front]);
        recompute();
        return effective[front];
      }
      Object.assign(current, p);
      await save(1, current);
      recompute();
      return current;
    },
    /** All off: the global settings and every overlay, or only one front's overlay. */
    async reset(front?: Front) {
      await loading;
      for (const f of front ? [front] : FRONTS) {
        for (const k of Object.keys(overlays[f])) delete overlays[f][k as keyof FaultPatch];
        await save(FRONT_ROW_IDS[f], {});
      }
      if (!front) {
        Object.assign(current, NO_FAULTS);
        await save(1, current);
      }
      recompute();
      return front ? effective[front] : current;
    },
  };
  return store;
  async function save(id: number, config: object) {
    await sql`insert into sandbox.fault_config (id, config) values (${id}, ${sql.json({ ...config })})
      on conflict (id) do update set config = excluded.config`;
  }
}
export type FaultStore = ReturnType<typeof createFaultStore>;
