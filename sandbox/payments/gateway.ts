/**
 * The sandbox payment gateway's state machine over Postgres (tables in db/payments.schema.ts).
 * A payment moves pending → paid | failed | closed exactly once (guarded `UPDATE … WHERE status =
 * 'pending'`), each move committed together with its notification. Refunds of one payment are
 * serialised by the payment's row lock, so pending + succeeded refunds never exceed the amount paid.
 * Times compare with the sandbox clock.
 */
import { randomBytes } from 'node:crypto';
import type postgres from 'postgres';
import type { GatewayCode, PaymentOrder, PaymentStatus, RefundStatus } from '@/protocol/payments/wire';
import type { FaultConfig } from '../faults';
import { enqueueNotification } from './notify';

type Q = postgres.Sql | postgres.TransactionSql;
export type GatewayPaymentStatus = PaymentStatus;
export type GatewayRefundStatus = RefundStatus;

export interface PaymentRow extends PaymentOrder {
  tradeNo: string;
  merchantId: string;
  status: GatewayPaymentStatus;
  cashierToken: string;
  createdAt: Date;
  paidAt: Date | null;
  settledAt: Date | null;
}
export interface RefundRow {
  merchantId: string;
  refundNo: string;
  tradeNo: string;
  paymentNo: string;
  amountFen: number;
  reason: string;
  notifyUrl: string;
  status: GatewayRefundStatus;
  dueAt: Date;
  createdAt: Date;
  settledAt: Date | null;
}

/** A refusal with the protocol's code (GATEWAY_CODES of protocol/payments/wire.ts). */
export class GatewayRefusal extends Error {
  constructor(
    readonly code: GatewayCode,
    message: string,
  ) {
    super(message);
  }
}

const paymentCols = (sql: Q) => sql`trade_no as "tradeNo", merchant_id as "merchantId", payment_no as "paymentNo",
  amount_fen::float8 as "amountFen", subject, notify_url as "notifyUrl", return_url as "returnUrl",
  expires_at as "expiresAt", status, cashier_token as "cashierToken", created_at as "createdAt",
  paid_at as "paidAt", settled_at as "settledAt"`;
const refundCols = (sql: Q) => sql`merchant_id as "merchantId", refund_no as "refundNo", trade_no as "tradeNo",
  payment_no as "paymentNo", amount_fen::float8 as "amountFen", reason, notify_url as "notifyUrl", status,
  due_at as "dueAt", created_at as "createdAt", settled_at as "settledAt"`;

export interface GatewayDeps {
  sql: postgres.Sql;
  /** merchantId → secret key (the sandbox serves one merchant; the map keeps the lookup honest). */
  merchants: ReadonlyMap<string, string>;
  /** The sandbox clock (sandbox/clock.ts). */
  now: () => Promise<Date>;
  faults: () => FaultConfig;
  /** Refund request → settlement, sandbox time. */
  refundDelayMs: number;
  random?: () => number;
}

export function createGateway(d: GatewayDeps) {
  const { sql } = d;
  const random = d.random ?? Math.random;
  const secretOf = (merchantId: string) => {
    const k = d.merchants.get(merchantId);
    if (!k) throw new Error(`no key for merchant ${merchantId}`);
    return k;
  };

  async function notifyPayment(tx: postgres.TransactionSql, p: PaymentRow, at: Date) {
    await enqueueNotification(
      tx,
      {
        merchantId: p.merchantId,
        secretKey: secretOf(p.merchantId),
        kind: 'payment',
        paymentNo: p.paymentNo,
        url: p.notifyUrl,
        fields: {
          paymentNo: p.paymentNo,
          gatewayTradeNo: p.tradeNo,
          amountFen: p.amountFen,
          status: p.status,
          eventAt: at.toISOString(),
        },
      },
      d.faults(),
      random,
    );
  }

  /** Closes the pending payments whose time is up (one, or all), with their notifications. */
  async function expire(tx: postgres.TransactionSql, now: Date, tradeNo: string | null = null): Promise<number> {
    const closed = await tx<PaymentRow[]>`update sandbox.gateway_payments
      set status = 'closed', settled_at = ${now}
      where status = 'pending' and expires_at <= ${now} and (${tradeNo}::text is null or trade_no = ${tradeNo})
      returning ${paymentCols(tx)}`;
    for (const p of closed) await notifyPayment(tx, p, now);
    return closed.length;
  }

  async function refundedFen(q: Q, tradeNo: string): Promise<number> {
    const [r] = await q<{ total: number }[]>`select coalesce(sum(amount_fen), 0)::float8 as total
      from sandbox.gateway_refunds where trade_no = ${tradeNo} and status in ('pending', 'succeeded')`;
    return r?.total ?? 0;
  }

  /** A payment by merchant and number, after closing it if its time is up. */
  async function findPayment(merchantId: string, paymentNo: string): Promise<PaymentRow | null> {
    return sql.begin(async (tx) => {
      const [p] = await tx<PaymentRow[]>`select ${paymentCols(tx)} from sandbox.gateway_payments
        where merchant_id = ${merchantId} and payment_no = ${paymentNo}`;
      if (!p) return null;
      if (p.status === 'pending' && (await expire(tx, await d.now(), p.tradeNo))) {
        const [again] = await tx<PaymentRow[]>`select ${paymentCols(tx)} from sandbox.gateway_payments
          where trade_no = ${p.tradeNo}`;
        return again ?? null;
      }
      return p;
    });
  }

  return {
    /** Idempotent by (merchant, paymentNo): the same amount answers the existing payment. */
    async createPayment(
      i: Pick<
        PaymentRow,
        'merchantId' | 'paymentNo' | 'amountFen' | 'subject' | 'notifyUrl' | 'returnUrl' | 'expiresAt'
      >,
    ): Promise<PaymentRow> {
      const existing = await findPayment(i.merchantId, i.paymentNo);
      const check = (p: PaymentRow) => {
        if (p.amountFen !== i.amountFen)
          throw new GatewayRefusal(
            'PAYMENT_NO_CONFLICT',
            `支付单号${i.paymentNo}已以金额${p.amountFen}分创建,不能改为${i.amountFen}分`,
          );
        return p;
      };
      if (existing) return check(existing);
      const now = await d.now();
      if (i.expiresAt.getTime() <= now.getTime()) throw new GatewayRefusal('INVALID_PARAMS', '参数无效:expiresAt 已过');
      const tradeNo = `GT${now.toISOString().slice(0, 10).replaceAll('-', '')}${randomBytes(8).toString('hex')}`;
      const [row] = await sql<PaymentRow[]>`insert into sandbox.gateway_payments
          (trade_no, merchant_id, payment_no, amount_fen, subject, notify_url, return_url, expires_at, status,
           cashier_token, created_at)
        values (${tradeNo}, ${i.merchantId}, ${i.paymentNo}, ${i.amountFen}, ${i.subject}, ${i.notifyUrl},
          ${i.returnUrl}, ${i.expiresAt}, 'pending', ${randomBytes(24).toString('base64url')}, ${now})
        on conflict (merchant_id, payment_no) do nothing
        returning ${paymentCols(sql)}`;
      if (row) return row;
      // A concurrent create of the same number won the insert: answer that one.
      const winner = await findPayment(i.merchantId, i.paymentNo);
      if (!winner) throw new Error('payment vanished after a conflicting insert');
      return check(winner);
    },

    findPayment,
    refundedFen: (tradeNo: string) => refundedFen(sql, tradeNo),

    async paymentByToken(token: string): Promise<PaymentRow | null> {
      const [p] = await sql<{ merchantId: string; paymentNo: string }[]>`select merchant_id as "merchantId",
        payment_no as "paymentNo" from sandbox.gateway_payments where cashier_token = ${token}`;
      return p ? findPayment(p.merchantId, p.paymentNo) : null;
    },

    /**
     * Moves a pending payment to paid, failed or closed (cashier, control endpoint). Answers the row
     * and whether this call moved it (false: it had already left pending, e.g. a double click).
     */
    async settle(
      tradeNo: string,
      outcome: 'paid' | 'failed' | 'closed',
    ): Promise<{ payment: PaymentRow; changed: boolean } | null> {
      return sql.begin(async (tx) => {
        const now = await d.now();
        await expire(tx, now, tradeNo);
        const [moved] = await tx<PaymentRow[]>`update sandbox.gateway_payments
          set status = ${outcome}, settled_at = ${now}, paid_at = ${outcome === 'paid' ? now : null}
          where trade_no = ${tradeNo} and status = 'pending'
          returning ${paymentCols(tx)}`;
        if (moved) {
          await notifyPayment(tx, moved, now);
          return { payment: moved, changed: true };
        }
        const [p] = await tx<PaymentRow[]>`select ${paymentCols(tx)} from sandbox.gateway_payments
          where trade_no = ${tradeNo}`;
        return p ? { payment: p, changed: false } : null;
      });
    },

    /** Idempotent by (merchant, refundNo); refused beyond the amount paid. */
    async createRefund(i: {
      merchantId: string;
      paymentNo: string;
      refundNo: string;
      amountFen: number;
      reason: string;
      notifyUrl: string;
    }): Promise<RefundRow> {
      return sql.begin(async (tx) => {
        const [p] = await tx<PaymentRow[]>`select ${paymentCols(tx)} from sandbox.gateway_payments
          where merchant_id = ${i.merchantId} and payment_no = ${i.paymentNo} for update`;
        const [same] = await tx<RefundRow[]>`select ${refundCols(tx)} from sandbox.gateway_refunds
          where merchant_id = ${i.merchantId} and refund_no = ${i.refundNo}`;
        if (same) {
          if (same.paymentNo !== i.paymentNo || same.amountFen !== i.amountFen)
            throw new GatewayRefusal(
              'REFUND_NO_CONFLICT',
              `退款单号${i.refundNo}已用于支付单${same.paymentNo}的${same.amountFen}分退款`,
            );
          return same;
        }
        if (!p) throw new GatewayRefusal('PAYMENT_NOT_FOUND', `支付单${i.paymentNo}不存在`);
        if (p.status !== 'paid') throw new GatewayRefusal('PAYMENT_NOT_PAID', `支付单${i.paymentNo}未支付,不能退款`);
        const taken = await refundedFen(tx, p.tradeNo);
        if (taken + i.amountFen > p.amountFen)
          throw new GatewayRefusal(
            'REFUND_AMOUNT_EXCEEDED',
            `退款金额超出可退金额:已退(含处理中)${taken}分,本次${i.amountFen}分,支付${p.amountFen}分`,
          );
        const now = await d.now();
        // Another payment's refund may hold this refundNo (it locked a different payment row).
        const [row] = await tx<RefundRow[]>`insert into sandbox.gateway_refunds
            (merchant_id, refund_no, trade_no, payment_no, amount_fen, reason, notify_url, status, due_at, created_at)
          values (${i.merchantId}, ${i.refundNo}, ${p.tradeNo}, ${p.paymentNo}, ${i.amountFen}, ${i.reason},
            ${i.notifyUrl}, 'pending', ${new Date(now.getTime() + d.refundDelayMs)}, ${now})
          on conflict (merchant_id, refund_no) do nothing
          returning ${refundCols(tx)}`;
        if (!row) throw new GatewayRefusal('REFUND_NO_CONFLICT', `退款单号${i.refundNo}已被使用`);
        return row;
      });
    },

    async findRefund(merchantId: string, refundNo: string): Promise<RefundRow | null> {
      const [r] = await sql<RefundRow[]>`select ${refundCols(sql)} from sandbox.gateway_refunds
        where merchant_id = ${merchantId} and refund_no = ${refundNo}`;
      return r ?? null;
    },

    async refundsOf(tradeNo: string): Promise<RefundRow[]> {
      return sql<RefundRow[]>`select ${refundCols(sql)} from sandbox.gateway_refunds
        where trade_no = ${tradeNo} order by created_at, id`;
    },

    /** Delivery records of a payment's notifications (control endpoint). */
    async notificationsOf(merchantId: string, paymentNo: string) {
      return sql<Record<string, unknown>[]>`select id, notify_id as "notifyId", kind, refund_no as "refundNo", url,
          status, attempts, last_status as "lastStatus", last_error as "lastError", created_at as "createdAt",
          delivered_at as "deliveredAt", body
        from sandbox.gateway_notifications where merchant_id = ${merchantId} and payment_no = ${paymentNo}
        order by id`;
    },

    /** Closes expired payments and settles due refunds (sandbox time); answers how many rows moved. */
    async sweep(): Promise<number> {
      return sql.begin(async (tx) => {
        const now = await d.now();
        let n = await expire(tx, now);
        const due = await tx<RefundRow[]>`select ${refundCols(tx)} from sandbox.gateway_refunds
          where status = 'pending' and due_at <= ${now} order by due_at limit 50 for update skip locked`;
        const failRate = d.faults().paymentRefundFailRate;
        for (const r of due) {
          const status: GatewayRefundStatus = failRate > 0 && random() < failRate ? 'failed' : 'succeeded';
          await tx`update sandbox.gateway_refunds set status = ${status}, settled_at = ${now}
            where merchant_id = ${r.merchantId} and refund_no = ${r.refundNo}`;
          await enqueueNotification(
            tx,
            {
              merchantId: r.merchantId,
              secretKey: secretOf(r.merchantId),
              kind: 'refund',
              paymentNo: r.paymentNo,
              refundNo: r.refundNo,
              url: r.notifyUrl,
              fields: {
                paymentNo: r.paymentNo,
                gatewayTradeNo: r.tradeNo,
                refundNo: r.refundNo,
                amountFen: r.amountFen,
                status,
                eventAt: now.toISOString(),
              },
            },
            d.faults(),
            random,
          );
          n++;
        }
        return n;
      });
    },
  };
}
export type Gateway = ReturnType<typeof createGateway>;
