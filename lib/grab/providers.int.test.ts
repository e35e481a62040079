/**
 * A grab books with the provider whose search found the seats (issue 25): with panhe out of rotation
 * the routed 余票 search answers from juhe (the sandbox's Juhe front), and the grab's order is placed,
 * paid from the prepayment and issued there. Against the real sandbox over HTTP.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { orders, providerSettings } from '@/db/schema';
import { SEAT_TYPE } from '@/lib/domain/seats';
import { daysAhead, expectClean, harnessForFile, newTraveller } from '@/lib/orders/harness.int';
import { invalidateRotation } from '@/lib/provider/rotation';
import { toDateTimeLocal } from '@/lib/time';
import { auditGrabs } from './audit';
import { grabRow, newGrab, payGrab, waitGrab } from './harness.int';
import { grabPassengerLimit } from './orders';

vi.hoisted(() => {
  process.env.SEARCH_CACHE_TTL_MS = '1000';
  process.env.GRAB_SEARCH_INTERVAL_MS = '1000';
});

const h = harnessForFile();

describe('grabs and their provider', () => {
  it("a grab's order goes to the provider whose search found the seats", async () => {
    const user = await newTraveller('grabprov');
    const date = daysAhead(12);
    await db()
      .insert(providerSettings)
      .values({ provider: 'panhe', inRotation: false, note: 'test: grabs follow the search' })
      .onConflictDoUpdate({ target: providerSettings.provider, set: { inRotation: false } });
    invalidateRotation();
    try {
      const grabId = await newGrab(
        user,
        ['抢票聚合'],
        [{ trainCode: 'G1', fromStation: '北京南', toStation: '上海', date, seatType: SEAT_TYPE.SECOND }],
        toDateTimeLocal(new Date(Date.now() + 2 * 86_400_000)),
      );
      await payGrab(h, user, grabId);
      await waitGrab(grabId, 'F', 'grab succeeded');
      const grab = await grabRow(grabId);
      const [order] = await db()
        .select({ id: orders.id, provider: orders.provider, trainAccountId: orders.trainAccountId })
        .from(orders)
        .where(eq(orders.id, grab.resultOrderId!));
      expect(order).toMatchObject({ provider: 'juhe', trainAccountId: null });
      await expectClean([order!.id]);
      const grabAudit = await auditGrabs([grabId]);
      expect(grabAudit.filter((r) => r.violated)).toEqual([]);
    } finally {
      await db().delete(providerSettings).where(eq(providerSettings.provider, 'panhe'));
      invalidateRotation();
    }
  });

  it('caps passengers at the strictest configured provider (juhe: 5, as the grab rule)', () => {
    expect(grabPassengerLimit()).toEqual({ max: 5, message: '抢票单最多 5 位乘客。' });
  });
});
