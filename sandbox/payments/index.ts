/**
 * The sandbox payment gateway, served by the provider sandbox process: the merchant API and the
 * cashier under /pay, control endpoints under /sandbox/payments, and a background loop that closes
 * expired payments, settles refunds and delivers notifications. See sandbox/README.md (支付网关).
 */
import type postgres from 'postgres';
import { sandboxNow } from '../clock';
import type { FaultConfig } from '../faults';
import { createGateway } from './gateway';
import { deliverDueNotifications } from './notify';
import { paymentControl, paymentRoutes } from './routes';

export interface PaymentsOptions {
  sql: postgres.Sql;
  merchantId: string;
  secretKey: string;
  merchantName?: string;
  faults: () => FaultConfig;
  /** Refund request → settlement, sandbox time (default 1000 ms). */
  refundDelayMs?: number;
  /** Notification retry n after backoffMs × 2^(n-1) (default 1000 ms), at most maxAttempts (10). */
  notifyBackoffMs?: number;
  notifyMaxAttempts?: number;
  notifyTimeoutMs?: number;
  /** Background loop interval (default 100 ms). */
  tickMs?: number;
  log?: (s: string) => void;
}

export function createPaymentsModule(o: PaymentsOptions) {
  const log = o.log ?? ((s: string) => console.error(s));
  const merchants = new Map([[o.merchantId, o.secretKey]]);
  const gateway = createGateway({
    sql: o.sql,
    merchants,
    now: () => sandboxNow(o.sql),
    faults: o.faults,
    refundDelayMs: o.refundDelayMs ?? 1000,
  });
  // Single-flight passes: a slow pass is never overlapped by the next timer tick.
  let sweeping: Promise<number> | null = null;
  let delivering: Promise<number> | null = null;
  const sweep = () =>
    (sweeping ??= gateway
      .sweep()
      .catch((e: unknown) => (log(`[sandbox] payment sweep: ${e instanceof Error ? e.message : String(e)}`), 0))
      .finally(() => (sweeping = null)));
  const deliver = () =>
    (delivering ??= deliverDueNotifications(o.sql, {
      backoffMs: o.notifyBackoffMs ?? 1000,
      maxAttempts: o.notifyMaxAttempts ?? 10,
      timeoutMs: o.notifyTimeoutMs ?? 5000,
      log,
    })
      .catch((e: unknown) => (log(`[sandbox] payment notify: ${e instanceof Error ? e.message : String(e)}`), 0))
      .finally(() => (delivering = null)));
  /** Waits for a running pass, then runs a fresh one (so work committed before the call is seen). */
  const now = async () => {
    await sweeping;
    const swept = await sweep();
    await delivering;
    return { swept, delivered: await deliver() };
  };
  const deps = {
    gateway,
    merchants,
    merchantId: o.merchantId,
    merchantName: o.merchantName ?? '铁路购票(沙箱商户)',
    sweep: async () => {
      await sweeping;
      return sweep();
    },
    deliver: async () => {
      await delivering;
      return deliver();
    },
    log,
  };
  let timer: ReturnType<typeof setInterval> | null = null;
  return {
    gateway,
    routes: paymentRoutes(deps),
    control: paymentControl(deps),
    tick: now,
    start() {
      timer ??= setInterval(() => {
        void sweep();
        void deliver();
      }, o.tickMs ?? 100);
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await Promise.all([sweeping, delivering]);
    },
  };
}
export type PaymentsModule = ReturnType<typeof createPaymentsModule>;
