/**
 * Issue 31, "rate limits on every public POST": the signed notifications (provider callbacks, payment
 * notifications, courier webhooks) are limited per subject (lib/signed-notify-limit.ts), through the
 * real route handlers on a real database and sandbox. SIGNED_NOTIFY_SUBJECT_LIMIT signed posts for one
 * order, payment or shipment are answered; the next is a 429 saying in Chinese what to do, from any
 * address; another subject is not affected.
 */
import { eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { providerCallbacks } from '@/db/schema';
import { env } from '@/lib/env';
import { DEFAULT_PAYMENT_MERCHANT_ID, DEFAULT_PAYMENT_SECRET_KEY, signFields } from '@/lib/payments';
import { COURIER_STATUSES } from '@/protocol/courier';
import { DEFAULT_COURIER_PARTNER_ID, DEFAULT_COURIER_SECRET_KEY } from '@/protocol/defaults';
import { callbackSign } from '@/protocol/panhe/sign';
import { withSign } from '@/protocol/payments/sign';
import { SECRET_KEY } from '@/sandbox/testing.int';
import { POST as courierWebhook } from '@/app/api/delivery/courier-webhook/route';
import { POST as paymentNotify } from '@/app/api/payments/notify/route';
import { POST as providerCallback } from '@/app/api/provider/callbacks/[kind]/route';
import { book, harnessForFile, orderRow, waitStatus } from '@/lib/orders/harness.int';
import { providerClientFromEnv } from '@/lib/provider/adapters/panhe/client';

const h = harnessForFile();

const block = Math.floor(Math.random() * 250);
let last = 0;
const ip = () => `198.19.${block}.${++last}`;
const run = `${Date.now()}${Math.floor(Math.random() * 1000)}`;

/** A POST as the portal's server passes it on (its stamped address, and X-Forwarded-For). */
function post(path: string, address: string, body: string, type: string): NextRequest {
  return new NextRequest(`http://localhost:3000${path}`, {
    method: 'POST',
    headers: { 'content-type': type, 'x-portal-client-address': address, 'x-forwarded-for': address },
    body,
  });
}

/** `limit` answers, then one more from another address: the statuses and the last body. */
async function flood(send: (address: string) => Promise<Response>, limit: number) {
  const a = ip();
  const statuses: number[] = [];
  for (let i = 0; i < limit; i++) statuses.push((await send(a)).status);
  const over = await send(ip());
  return { statuses, over: { status: over.status, body: await over.text() } };
}

describe('signed notifications are limited per subject', () => {
  it('a provider callback replayed past the limit for its order: 429 in Chinese, unlogged; another order still applies', async () => {
    const first = await book(h, ['签名限流甲']);
    const second = await book(h, ['签名限流乙']);
    await waitStatus(first, 2);
    await waitStatus(second, 2);
    h.mine.push(first, second);
    const client = providerClientFromEnv();
    const signedFor = async (id: string) => {
      const orderNo = (await orderRow(id)).providerOrderNo!;
      const detail = (await client.orderDetail(orderNo)) as unknown as Record<string, unknown>;
      return {
        orderNo,
        body: JSON.stringify({ ...detail, eventType: 'order.hold', sign: callbackSign(SECRET_KEY, orderNo) }),
      };
    };
    const a = await signedFor(first);
    const send = (address: string, body = a.body) =>
      providerCallback(post('/api/provider/callbacks/order', address, body, 'application/json'), {
        params: Promise.resolve({ kind: 'order' }),
      });

    const loggedRows = async () =>
      (
        await db()
          .select({ id: providerCallbacks.id })
          .from(providerCallbacks)
          .where(eq(providerCallbacks.providerOrderNo, a.orderNo))
      ).length;
    const limit = env().SIGNED_NOTIFY_SUBJECT_LIMIT;
    // The sandbox's own callbacks of this order (through the harness's inbound server) count too: up to
    // the limit, less any of those, are answered, then 429.
    const a1 = ip();
    const statuses: number[] = [];
    let beforeOver = 0;
    for (let i = 0; i <= limit; i++) {
      beforeOver = await loggedRows();
      const res = await send(a1);
      statuses.push(res.status);
      if (res.status === 429) {
        expect(await res.text()).toMatch(/^fail: 同一订单的通知过于频繁，请 \d+ 秒后重发。$/);
        break;
      }
    }
    const answered = statuses.filter((x) => x === 200).length;
    expect(statuses).toEqual([...Array<number>(answered).fill(200), 429]);
    expect(answered).toBeGreaterThanOrEqual(limit - 3);
    // The refused one is not logged (answered ones are, each).
    expect(await loggedRows()).toBe(beforeOver);
    // From another address: still 429 (the order is limited, not the address).
    const over = await send(ip());
    expect(over.status).toBe(429);

    // The other order's callback, from the same address, is read and applied as before.
    const b = await signedFor(second);
    expect((await send(ip(), b.body)).status).toBe(200);
  });

  it('a payment notification past the limit for its payment: 429 in Chinese; another payment answered', async () => {
    const notification = (paymentNo: string) => {
      const fields = {
        merchantId: DEFAULT_PAYMENT_MERCHANT_ID,
        notifyType: 'payment',
        notifyId: `N-LIMIT-${paymentNo}`,
        paymentNo,
        gatewayTradeNo: `T-${paymentNo}`,
        amountFen: '100',
        eventAt: new Date().toISOString(),
        status: 'paid',
      };
      return new URLSearchParams({ ...fields, sign: signFields(DEFAULT_PAYMENT_SECRET_KEY, fields) }).toString();
    };
    const send = (address: string, paymentNo = `PLIMIT${run}`) =>
      paymentNotify(
        post('/api/payments/notify', address, notification(paymentNo), 'application/x-www-form-urlencoded'),
      );
    const limit = env().SIGNED_NOTIFY_SUBJECT_LIMIT;
    const { statuses, over } = await flood((address) => send(address), limit);
    // A signed notification of a payment the portal does not know is acknowledged (nothing to apply).
    expect(statuses).toEqual(Array(limit).fill(200));
    expect(over.status).toBe(429);
    expect(over.body).toMatch(/^fail: 同一支付单的通知过于频繁，请 \d+ 秒后重发。$/);
    expect((await send(ip(), `PLIMIT${run}B`)).status).toBe(200);
  });

  it('a courier webhook past the limit for its shipment: 429 in Chinese; another shipment answered', async () => {
    const webhook = (shipmentNo: string) =>
      JSON.stringify(
        withSign(DEFAULT_COURIER_SECRET_KEY, {
          partnerId: DEFAULT_COURIER_PARTNER_ID,
          notifyId: `CN-${shipmentNo}`,
          waybillNo: `WB${shipmentNo}`,
          shipmentNo,
          status: COURIER_STATUSES[0],
          version: '1',
          timestamp: new Date().toISOString(),
        }),
      );
    const send = (address: string, shipmentNo = `SLIMIT${run}`) =>
      courierWebhook(post('/api/delivery/courier-webhook', address, webhook(shipmentNo), 'application/json'));
    const limit = env().SIGNED_NOTIFY_SUBJECT_LIMIT;
    const { statuses, over } = await flood((address) => send(address), limit);
    // A shipment that is not the portal's: acknowledged, nothing to do.
    expect(statuses).toEqual(Array(limit).fill(200));
    expect(over.status).toBe(429);
    expect(over.body).toMatch(/^fail: 同一送票运单的通知过于频繁，请 \d+ 秒后重发。$/);
    expect((await send(ip(), `SLIMIT${run}B`)).status).toBe(200);
  });
});
