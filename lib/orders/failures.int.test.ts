/**
 * Issue 26 item 13 through the portal: the documented failures the sandbox now produces by its own
 * rules (sandbox/README.md "Documented failures"), each provoked through the order service against
 * the real sandbox over HTTP, ending in the documented state with the plain words of
 * lib/domain/refusals.ts stored or shown:
 *   210 an unpaid hold of the traveller's own 12306 account → the second hold fails (占位失败);
 *   302 / 306 a passenger on 12306's lists → the hold fails, on both providers;
 *   312 a ticket printed at the station → the refund fails at once (退票失败, no retry) and points to
 *       the station window;
 *   318 the 4th change-hold cancel of a day → refused, the hold stays.
 * 317 (a second change) never reaches the provider from the portal: it offers no second change of a
 * changed ticket (aftersales.int.test.ts "never changed again"); the sandbox's 317 is tested in
 * sandbox/failures.int.test.ts.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { idNoHash, sealPii } from '@/lib/crypto/pii';
import { orderTickets, savedPassengers, ticketRefunds } from '@/db/schema';
import { REFUSAL_WORDS } from '@/lib/domain/refusals';
import { ORDER_STATUS, TICKET_STATUS } from '@/lib/domain/states';
import { AppError } from '@/lib/errors';
import { bindNewAccount } from '@/lib/train-account/harness.int';
import { MSG } from '@/protocol/panhe/codes';
import { applyForChange, cancelChangeByUser } from './changes';
import {
  book,
  changeRow,
  control,
  daysAhead,
  harnessForFile,
  heldChange,
  issuedOrder,
  newTraveller,
  orderRow,
  savedAdult,
  until,
  waitStatus,
} from './harness.int';
import { requestRefunds } from './refunds';
import { failureOf } from './failure-words';

const h = harnessForFile();

/**
 * The sandbox's identity lists (sandbox/README.md "Documented failures"; sandbox/policy.ts): written
 * out here because portal code may not import the sandbox.
 */
const MISUSED_ID = '110101198003023026'; // 302 乘客身份信息涉嫌被他人冒用
const RESTRICTED_ID = '110101198003063060'; // 306 乘客已被法院依法限制高消费

async function listedPassenger(name: string, idNo: string): Promise<string> {
  // Stored as the portal stores it (sealed, with its lookup hash); the same ID is one row per traveller.
  const [p] = await db()
    .insert(savedPassengers)
    .values({ userId: h.user.id, name, idType: '1', idNo: sealPii(idNo), idNoHash: idNoHash('1', idNo), ticketType: 1 })
    .onConflictDoUpdate({
      target: [savedPassengers.userId, savedPassengers.idType, savedPassengers.idNoHash],
      set: { name },
    })
    .returning({ id: savedPassengers.id });
  return p!.id;
}

describe('302 / 306: identity refusals end the hold in plain words', () => {
  it.each([
    ['冒用', MISUSED_ID, MSG.IDENTITY_MISUSED, '乘客身份信息涉嫌被他人冒用', undefined],
    ['限高', RESTRICTED_ID, MSG.SPENDING_RESTRICTED, '乘客已被法院依法限制高消费', undefined],
    ['聚合限高', RESTRICTED_ID, MSG.SPENDING_RESTRICTED, '乘客已被法院依法限制高消费', 'juhe'],
  ])('%s (%s): 占位失败 with the words for %i', async (name, idNo, code, catalogue, provider) => {
    const passengerId = await listedPassenger(name, idNo);
    const id = await book(h, [], { days: 5, passengers: [{ passengerId, ticketType: 1 }], provider });
    await waitStatus(id, ORDER_STATUS.HOLD_FAILED);
    const order = await orderRow(id);
    if (provider) expect(order.provider).toBe(provider);
    expect(order.failureReason).toContain(catalogue);
    const shown = failureOf('hold', order.failureReason);
    expect(shown?.text).toBe(REFUSAL_WORDS[code]);
    expect(shown?.raw).toContain(catalogue); // the provider's own words stay in the details line
  });
});

describe('210: a 12306 account with an unpaid hold', () => {
  it("the traveller's second booking fails (占位失败) with the words for 210 while the first waits for payment", async () => {
    const traveller = await newTraveller('acct210');
    await bindNewAccount(traveller, { name: '账号持有人' });
    const a = await savedAdult(traveller, '账号甲');
    const b = await savedAdult(traveller, '账号乙');
    const first = await book(h, [], { user: traveller, days: 6, passengers: [{ passengerId: a, ticketType: 1 }] });
    await waitStatus(first, ORDER_STATUS.HELD);
    const second = await book(h, [], { user: traveller, days: 7, passengers: [{ passengerId: b, ticketType: 1 }] });
    await waitStatus(second, ORDER_STATUS.HOLD_FAILED);
    const order = await orderRow(second);
    expect(order.failureReason).toContain('该账号有未完成的订单');
    expect(failureOf('hold', order.failureReason)?.text).toBe(REFUSAL_WORDS[MSG.UNFINISHED_ORDER]);
    expect((await orderRow(first)).status).toBe(ORDER_STATUS.HELD);
  });
});

describe('312: a ticket printed at the station', () => {
  it('the refund is refused at once (退票失败, stored with the words pointing to the window) and the ticket stays issued', async () => {
    const id = await issuedOrder(h, ['取票旅客'], { days: 4 });
    const order = await orderRow(id);
    const [t] = await db().select().from(orderTickets).where(eq(orderTickets.orderId, id));
    await control(h.sandbox, 'POST', `tickets/${t!.ticketNo}/print`, {});
    const [result] = await requestRefunds(order, [t!.id], h.user.id);
    const words = REFUSAL_WORDS[MSG.NO_ONLINE_REFUND]!;
    expect(words).toContain('车站售票窗口');
    expect(result).toMatchObject({ ok: false, message: words });
    const rows = await db().select().from(ticketRefunds).where(eq(ticketRefunds.orderId, id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 22, failureReason: words });
    const [after] = await db().select().from(orderTickets).where(eq(orderTickets.id, t!.id));
    expect(after!.status).toBe(TICKET_STATUS.ISSUED);
    // Not retried: asked again, the provider refuses again and nothing is left under way.
    const [again] = await requestRefunds(order, [t!.id], h.user.id);
    expect(again).toMatchObject({ ok: false, message: words });
    const open = await db()
      .select()
      .from(ticketRefunds)
      .where(and(eq(ticketRefunds.orderId, id), eq(ticketRefunds.status, 20)));
    expect(open).toEqual([]);
  });
});

describe('改签 limits', () => {
  it('318: the 4th cancel of a change hold of the same passenger today is refused in plain words and the hold stays', async () => {
    // Days 10/11: far from the days other files sell out (shared database); the harness freed G1's seats.
    const first = await heldChange(h, '改签取消', { days: 10, toDays: 11, toSeatType: 4 });
    const reapply = async () => {
      const order = await orderRow(first.id);
      const { changeId } = await applyForChange(
        order,
        {
          ticketIds: [first.original.id],
          date: daysAhead(11),
          trainCode: 'G1',
          toStation: first.toStation,
          seatType: 4,
        },
        h.user.id,
      );
      await until(async () => (await changeRow(changeId))?.status === 31, 20_000, `change ${changeId} held`);
      return changeId;
    };
    let changeId = first.changeId;
    for (let i = 0; i < 3; i++) {
      await cancelChangeByUser(await orderRow(first.id), changeId, h.user.id);
      changeId = await reapply();
    }
    const refused = await cancelChangeByUser(await orderRow(first.id), changeId, h.user.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).message).toBe(REFUSAL_WORDS[MSG.CHANGE_CANCEL_LOCKED]);
    expect((await changeRow(changeId))?.status).toBe(31);
  });
});
