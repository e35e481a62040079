/**
 * Issue 23 #9: the callback log stored every refused callback (200 junk posts: 1.3 s, 1.6 MB). Through
 * the real route handlers on a real database and sandbox: refused callbacks are throttled per address
 * and logged once per (address, verdict) a minute; a valid, signed callback is never throttled or
 * dropped, even from an address over its limit; the worker's prune caps the refused rows by age and count.
 */
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { providerCallbacks } from '@/db/schema';
import { env } from '@/lib/env';
import { callbackSign } from '@/protocol/panhe/sign';
import { SECRET_KEY } from '@/sandbox/testing.int';
import { POST as providerCallback } from '@/app/api/provider/callbacks/[kind]/route';
import { POST as paymentNotify } from '@/app/api/payments/notify/route';
import { pruneCallbackLog, REFUSED_VERDICTS } from '@/lib/orders/callback-guard';
import { book, orderRow, harnessForFile, waitStatus } from '@/lib/orders/harness.int';
import { providerClientFromEnv } from '@/lib/provider/adapters/panhe/client';

const orderProviderClient = () => providerClientFromEnv();

const h = harnessForFile();

// A new address for every use (a random pick from 250 collided now and then: the second test's address
// was the first test's, already over its limit), under a random block per run for a reused database.
const block = Math.floor(Math.random() * 250);
let last = 0;
const ip = () => `198.18.${block}.${++last}`;
const orderCallback = (req: NextRequest) => providerCallback(req, { params: Promise.resolve({ kind: 'order' }) });
/** A POST as the portal's server passes it on (its stamped address, and X-Forwarded-For). */
const post = (address: string, body: string, type = 'application/json') =>
  new NextRequest('http://localhost:3000/api/provider/callbacks/order', {
    method: 'POST',
    headers: { 'content-type': type, 'x-portal-client-address': address, 'x-forwarded-for': address },
    body,
  });
const loggedFrom = (address: string) =>
  db()
    .select({ verdict: providerCallbacks.verdict, raw: providerCallbacks.raw })
    .from(providerCallbacks)
    .where(like(providerCallbacks.detail, `%来自 ${address}；%`));

describe('refused callbacks', () => {
  it('200 junk callbacks from one address: throttled after the limit, one row per verdict; a signed one still applies', async () => {
    const id = await book(h, ['回调限流甲']);
    await waitStatus(id, 2);
    h.mine.push(id);
    const orderNo = (await orderRow(id)).providerOrderNo!;
    const detail = (await orderProviderClient().orderDetail(orderNo)) as unknown as Record<string, unknown>;
    const signed = JSON.stringify({ ...detail, eventType: 'order.hold', sign: callbackSign(SECRET_KEY, orderNo) });
    const forged = JSON.stringify({ ...detail, eventType: 'order.hold', sign: 'f'.repeat(32), pad: 'x'.repeat(6000) });

    const a = ip();
    const limit = env().CALLBACK_REFUSED_IP_LIMIT;
    const statuses: number[] = [];
    const started = Date.now();
    for (let i = 0; i < 200; i++) statuses.push((await orderCallback(post(a, forged))).status);
    const ms = Date.now() - started;
    expect(statuses.slice(0, limit)).toEqual(Array(limit).fill(401));
    expect(statuses.slice(limit)).toEqual(Array(200 - limit).fill(429));
    const rows = await loggedFrom(a);
    expect(rows.map((r) => r.verdict)).toEqual(['bad_sign']);
    console.log(`200 forged callbacks from one address: ${ms} ms, ${rows.length} log row(s)`);

    // Another address: its own limit, and a malformed body is sampled under its own verdict.
    const b = ip();
    for (let i = 0; i < 5; i++) expect((await orderCallback(post(b, 'not json', 'text/plain'))).status).toBe(400);
    expect((await orderCallback(post(b, forged))).status).toBe(401);
    expect((await loggedFrom(b)).map((r) => r.verdict).sort()).toEqual(['bad_sign', 'invalid']);

    // A valid, signed callback from the throttled address is read and applied, and logged every time.
    const before = (
      await db()
        .select({ id: providerCallbacks.id })
        .from(providerCallbacks)
        .where(eq(providerCallbacks.providerOrderNo, orderNo))
    ).length;
    for (let i = 0; i < 3; i++) expect((await orderCallback(post(a, signed))).status).toBe(200);
    const signedRows = await db()
      .select({ verdict: providerCallbacks.verdict })
      .from(providerCallbacks)
      .where(eq(providerCallbacks.providerOrderNo, orderNo));
    expect(signedRows.length - before).toBe(3);
    expect(
      signedRows.filter((r) => r.verdict === 'no_change' || r.verdict === 'applied').length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('a kind the provider is given no URL for is not found, and not logged', async () => {
    const a = ip();
    const res = await providerCallback(post(a, '{}'), { params: Promise.resolve({ kind: 'payment' }) });
    expect(res.status).toBe(404);
    expect(await loggedFrom(a)).toEqual([]);
  });

  it('refused payment notifications count against the address too; over the limit 429', async () => {
    const a = ip();
    const limit = env().CALLBACK_REFUSED_IP_LIMIT;
    const notify = () =>
      paymentNotify(
        new NextRequest('http://localhost:3000/api/payments/notify', {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-portal-client-address': a,
            'x-forwarded-for': a,
          },
          body: 'payment_no=P1&amount=1&sign=bad',
        }),
      );
    const statuses: number[] = [];
    for (let i = 0; i < limit + 5; i++) statuses.push((await notify()).status);
    expect(statuses.slice(0, limit).every((s) => s === 400 || s === 401)).toBe(true);
    expect(statuses.slice(limit)).toEqual(Array(5).fill(429));
  });

  it('the prune keeps refused rows for N days and at most M of them; signed rows stay', async () => {
    const tag = `PRUNE${Date.now()}`;
    const old = new Date(Date.now() - 8 * 86_400_000);
    await db()
      .insert(providerCallbacks)
      .values([
        { kind: 'order', verdict: 'bad_sign', raw: '{}', detail: tag, receivedAt: old },
        { kind: 'order', verdict: 'applied', raw: '{}', detail: tag, receivedAt: old },
        ...Array.from({ length: 6 }, () => ({
          kind: 'order' as const,
          verdict: 'invalid' as const,
          raw: '{}',
          detail: tag,
        })),
      ]);
    await pruneCallbackLog(new Date(), { days: 7, max: 4 });
    const left = await db()
      .select({ verdict: providerCallbacks.verdict })
      .from(providerCallbacks)
      .where(eq(providerCallbacks.detail, tag));
    expect(left.map((r) => r.verdict).sort()).toEqual(['applied', 'invalid', 'invalid', 'invalid', 'invalid']);
    const [{ n } = { n: 0 }] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(providerCallbacks)
      .where(inArray(providerCallbacks.verdict, [...REFUSED_VERDICTS]));
    expect(n).toBeLessThanOrEqual(4);
    // Signed rows of other orders are untouched by the cap.
    expect(
      (
        await db()
          .select({ id: providerCallbacks.id })
          .from(providerCallbacks)
          .where(and(eq(providerCallbacks.verdict, 'applied'), eq(providerCallbacks.detail, tag)))
      ).length,
    ).toBe(1);
  });
});
