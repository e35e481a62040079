/**
 * 改签 input the traveller must hear about in words (issue 23 #12): a past date was passed to the
 * provider and came back as "服务暂时不可用，请稍后再试"; a change to the same train, date and class
 * went to the provider too. Both are refused by the action's validation before any provider call
 * (every provider call fails in the second test, so one made would show).
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { orderTickets } from '@/db/schema';
import { runGuarded } from '@/lib/actions';
import { shanghaiDate } from '@/lib/time';
import { applyChangeDef, changeQuoteDef, changeSearchDef } from './aftersales-actions';
import { control, expectClean, issuedOrder, orderRow, harnessForFile } from './harness.int';

const h = harnessForFile();
let orderId = '';
let ticketIds: string[] = [];

beforeAll(async () => {
  orderId = await issuedOrder(h, ['改签校验甲']);
  ticketIds = (
    await db().select({ id: orderTickets.id }).from(orderTickets).where(eq(orderTickets.orderId, orderId))
  ).map((t) => t.id);
}, 120_000);

/** The same input to 申请改签 and to its quote. */
const applyAndQuote = async (input: unknown) => [
  await runGuarded(applyChangeDef, h.user, input),
  await runGuarded(changeQuoteDef, h.user, input),
];

describe('改签 validation at the action', () => {
  it('a past date is refused with what is wrong with it', async () => {
    const yesterday = shanghaiDate(new Date(Date.now() - 86_400_000));
    const order = await orderRow(orderId);
    const change = { orderId, ticketIds, date: yesterday, trainCode: 'G1', toStation: order.toStation, seatType: 3 };
    for (const r of await applyAndQuote(change)) {
      expect(r).toMatchObject({ ok: false, code: 'validation' });
      if (!r.ok) expect(r.fieldErrors?.date).toEqual(['改签日期不能早于今天，请选择今天或以后的日期。']);
    }
    const search = await runGuarded(changeSearchDef, h.user, { orderId, date: yesterday });
    expect(search).toMatchObject({
      ok: false,
      code: 'validation',
      fieldErrors: { date: [expect.stringMatching(/不能早于今天/)] },
    });
    expect(await runGuarded(changeSearchDef, h.user, { orderId, date: '2026-02-30' })).toMatchObject({
      ok: false,
      fieldErrors: { date: ['日期无效。'] },
    });
  });

  it('the same train, date, class and destination is refused in words before any provider call', async () => {
    const order = await orderRow(orderId);
    const same = {
      orderId,
      ticketIds,
      date: shanghaiDate(order.departureAt),
      trainCode: order.trainCode,
      toStation: order.toStation,
      seatType: order.seatType,
    };
    await control(h.sandbox, 'POST', 'faults', { errorRate: 1, errorStatus: 503 });
    try {
      for (const r of await applyAndQuote(same)) {
        expect(r).toMatchObject({ ok: false, code: 'validation' });
        if (!r.ok) expect(r.message).toMatch(/与原车票相同/);
      }
    } finally {
      await control(h.sandbox, 'DELETE', 'faults');
    }
    // Another class on the same train and date is a change: it reaches the provider's quote.
    const other = await runGuarded(changeQuoteDef, h.user, { ...same, seatType: 3 });
    expect(other.ok).toBe(true);
    await expectClean([orderId]);
  });
});
