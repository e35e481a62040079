/**
 * Reconciliation of cheaper 改签 against the real sandbox: the 退差价 the fee rules say should come
 * back (expected, lib/domain/fees changeSettlement) is compared with what the provider reported and
 * what its balance moved by. A clean change yields nothing; a 退差价 ¥1 short (reported and credited
 * so, only the rules can tell) is amount_differs; a 退差价 that never comes is refund_missing after
 * N hours. Test files share one database, so every assertion is about this file's orders.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { paymentRefunds, reconDiscrepancies } from '@/db/schema';
import { changeRow, harnessForFile, heldChange, until } from '@/lib/orders/harness.int';
import { confirmChangeByUser } from '@/lib/orders/changes';
import { expectedChangeRefund } from './checks';
import { runReconciliation } from '.';

const h = harnessForFile();
const HOUR = 3_600_000;

/** Issues an order (硬卧 6 days out) and changes it to a cheaper 二等座 a day later; returns ids. */
async function cheaperChange(name: string, fault?: string) {
  const { id, order, changeId, held } = await heldChange(h, name, {
    days: 6,
    seatType: 3,
    toDays: 7,
    toSeatType: 4,
    fault,
  });
  expect(held.priceChangeType).toBe(3);
  await confirmChangeByUser(order, changeId, h.user.id);
  await until(async () => (await changeRow(changeId))?.status === 34, 30_000);
  return { id, changeId };
}

describe('改签 reconciliation', () => {
  it("the provider's own example: ¥13 → ¥9 × 2, 10 % band, 5 % change fee → ¥3.00 back", () => {
    // panhe-train-api.md trainChaOrder C3779: "退票手续费:4.0元,退票费率:10%,实际退还票款:3.0元,改签费用:1.0元".
    const pairs = [1, 2].map(() => ({ oldFen: 1_300, newFen: 900 }));
    const departure = new Date('2024-01-27T06:57:00+08:00');
    expect(expectedChangeRefund(pairs, departure, [new Date('2024-01-25T13:02:46+08:00')], null)).toBe(300);
    // A new fare not yet known: no expectation.
    expect(expectedChangeRefund([{ oldFen: 1_300, newFen: null }], departure, [new Date()], null)).toBeNull();
  });

  it('expected from the fee rules: clean → nothing, ¥1 short → amount_differs, never came → refund_missing', async () => {
    const clean = await cheaperChange('改对一');
    const short = await cheaperChange('改对二', 'change_refund_wrong_amount');
    const never = await cheaperChange('改对三', 'change_refund_never_arrives');

    // The traveller's refunds of what was reported have settled (so nothing is "not credited").
    for (const c of [clean, short]) {
      const reported = await until(async () => (await changeRow(c.changeId))?.providerRefundFen ?? false, 30_000);
      await until(async () => {
        const rs = await db()
          .select()
          .from(paymentRefunds)
          .where(and(eq(paymentRefunds.orderId, c.id), eq(paymentRefunds.causeRef, c.changeId)));
        return rs.filter((r) => r.status === 'succeeded').reduce((a, r) => a + r.amountFen, 0) === reported;
      }, 30_000);
    }
    expect((await changeRow(never.changeId))!.providerRefundFen).toBeNull();

    const ids = [clean.id, short.id, never.id];
    const mine = async () =>
      (await db().select().from(reconDiscrepancies).where(inArray(reconDiscrepancies.orderId, ids))).map((d) => ({
        order: d.orderId,
        reason: d.reason,
        subject: d.subjectKey,
        expected: d.expectedFen,
        reported: d.reportedFen,
        moved: d.providerMovedFen,
      }));
    // Not late yet: a 退差价 under way is not missing; the short one is already wrong.
    await runReconciliation({ actor: 'test', trigger: 'test' });
    const reportedShort = (await changeRow(short.changeId))!.providerRefundFen!;
    expect(await mine()).toEqual([
      {
        order: short.id,
        reason: 'amount_differs',
        subject: short.changeId,
        expected: reportedShort + 100,
        reported: reportedShort,
        moved: reportedShort,
      },
    ]);

    await runReconciliation({ actor: 'test', trigger: 'test', now: new Date(Date.now() + 25 * HOUR) });
    const found = await mine();
    expect(found.filter((f) => f.order === clean.id)).toEqual([]);
    expect(found.filter((f) => f.order === short.id).map((f) => f.reason)).toEqual(['amount_differs']);
    const missing = found.filter((f) => f.order === never.id);
    expect(missing.map((f) => [f.reason, f.subject, f.reported])).toEqual([['refund_missing', never.changeId, null]]);
    expect(missing[0]!.expected).toBeGreaterThan(0);
  });
});
