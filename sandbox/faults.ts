/**
 * Fault injection, off by default. Global settings live in sandbox.fault_config (POST/GET/DELETE
 * /sandbox/faults); a single request can ask for its own with the header
 * `x-sandbox-fault: latency=800,error=503` | `timeout` | `malformed` (comma-separated, combinable).
 */
import type postgres from 'postgres';
import { z } from 'zod';

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
  })
  .partial()
  .strict();
export type FaultPatch = z.infer<typeof faultPatch>;

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

/** Global faults, cached in memory and persisted in sandbox.fault_config (a restart keeps them). */
export function createFaultStore(sql: postgres.Sql) {
  const current: FaultConfig = { ...NO_FAULTS };
  return {
    get: (): FaultConfig => current,
    async load() {
      const [row] = await sql<{ config: FaultPatch }[]>`select config from sandbox.fault_config where id = 1`;
      const parsed = faultPatch.safeParse(row?.config ?? {});
      Object.assign(current, NO_FAULTS, parsed.success ? parsed.data : {});
      return current;
    },
    async patch(p: FaultPatch) {
      Object.assign(current, p);
      await save();
      return current;
    },
    async reset() {
      Object.assign(current, NO_FAULTS);
      await save();
      return current;
    },
  };
  async function save() {
    await sql`insert into sandbox.fault_config (id, config) values (1, ${sql.json({ ...current })})
      on conflict (id) do update set config = excluded.config`;
  }
}
export type FaultStore = ReturnType<typeof createFaultStore>;
