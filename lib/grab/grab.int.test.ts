/**
 * The 抢票 engine against the real sandbox over HTTP (lib/orders/harness.int.ts): 20 grab orders on
 * one sold-out train, 5 seats freed one after another → 5 successes paid from their prepayments with
 * the difference back, 15 still grabbing until they expire and get everything back; provider searches
 * stay within one per route and interval; both auditors stay green.
 */
import { eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { grabEvents, grabOrders, grabSearchSlots, orders } from '@/db/schema';
import { runGuarded } from '@/lib/actions';
import type { SessionUser } from '@/lib/auth/roles';
import { PRESALE_DAYS } from '@/lib/domain/rules';
import { shanghaiInstant, toDateTimeLocal } from '@/lib/time';
import { SEAT_TYPE } from '@/lib/domain/seats';
import { searchOffers } from '@/lib/search/search';
import type { TrainOffer } from '@/lib/search/types';
import { audit, formatAudit } from '@/lib/root/audit';
import { control, daysAhead, newTraveller, harnessForFile, savedAdult, until } from '@/lib/orders/harness.int';
import { auditGrabs } from './audit';
import { GRAB_SEARCH_INTERVAL_MS } from './config';
import { expireGrab } from './engine';
import { payGrab } from './harness.int';
import { startGrabPayment } from './money';
import { saleOpensOn } from './offers';
import { cancelGrabDef, createGrab, createGrabDef, newGrabRequestNo } from './orders';

vi.hoisted(() => {
  process.env.SEARCH_CACHE_TTL_MS = '1000';
  process.env.GRAB_SEARCH_INTERVAL_MS = '1000';
  process.env.GRAB_RETRY_SKIP_SECONDS = '1';
});

const h = harnessForFile();
const date = daysAhead(11);
const TRAIN = 'G1';

beforeAll(async () => {
  for (const seatType of [SEAT_TYPE.BUSINESS, SEAT_TYPE.FIRST])
    await control(h.sandbox, 'POST', 'soldout', { trainCode: TRAIN, date, seatType, leave: 0 });
}, 120_000);

const deadline = () => toDateTimeLocal(new Date(Date.now() + 2 * 86_400_000));

function grabInput(passengers: { passengerId: string; ticketType: number }[]) {
  return {
    requestNo: newGrabRequestNo(),
    // In the traveller's order of preference: 商务座 first, then 一等座 (the dearer one sets the prepayment).
    alternates: [
      { trainCode: TRAIN, fromStation: '北京南', toStation: '上海', date, seatType: SEAT_TYPE.BUSINESS },
      { trainCode: TRAIN, fromStation: '北京南', toStation: '上海', date, seatType: SEAT_TYPE.FIRST },
    ],
    passengers,
    deadline: deadline(),
    contactMobile: '13800138000',
  };
}

const grabRows = (ids: string[]) => db().select().from(grabOrders).where(inArray(grabOrders.id, ids));

describe('grab orders on the engine', () => {
  it('refuses what the dictionary forbids, on the server', async () => {
    const user = await newTraveller('grabrules');
    const six = await Promise.all(['甲', '乙', '丙', '丁', '戊', '己'].map((n) => savedAdult(user, `规则${n}`)));
    const tooMany = await runGuarded(
      createGrabDef,
      user,
      grabInput(six.map((passengerId) => ({ passengerId, ticketType: 1 }))),
    );
    expect(tooMany).toMatchObject({ ok: false, message: '抢票单最多 5 位乘客。' });
    const student = await runGuarded(createGrabDef, user, grabInput([{ passengerId: six[0]!, ticketType: 3 }]));
    expect(student).toMatchObject({ ok: false, message: '抢票单暂不支持学生票和残军票。' });
    const late = await runGuarded(createGrabDef, user, {
      ...grabInput([{ passengerId: six[0]!, ticketType: 1 }]),
      deadline: `${daysAhead(20)}T08:00`,
    });
    expect(late).toMatchObject({ ok: false, fieldErrors: { deadline: [expect.stringContaining('不能晚于')] } });
    // The 3-hour rule on the server's clock: two hours before the train leaves.
    const g1 = (await searchOffers('北京南', '上海', date)).find((t) => t.trainCode === TRAIN)!;
    await expect(
      createGrab(
        user,
        grabInput([{ passengerId: six[0]!, ticketType: 1 }]),
        new Date(g1.departAt.getTime() - 2 * 3_600_000),
      ),
    ).rejects.toThrow(`${TRAIN} 距离发车不足 3 小时，不能抢票。`);
  });

  it('a date after the pre-sale window: derived from the last day on sale, waits in B once paid', async () => {
    const user = await newTraveller('grabpresale');
    const later = daysAhead(PRESALE_DAYS);
    const input = grabInput([{ passengerId: await savedAdult(user, '预售甲'), ticketType: 1 }]);
    const r = await runGuarded(createGrabDef, user, {
      ...input,
      alternates: input.alternates.map((a) => ({ ...a, date: later })),
      deadline: `${daysAhead(PRESALE_DAYS - 1)}T12:00`,
    });
    if (!r.ok) throw new Error(r.message);
    const [row] = await grabRows([r.data.grabId]);
    // The window's last day tells the station's sale time while it is not on sale yet ("12:45起售").
    const lastDay = await searchOffers('北京南', '上海', daysAhead(PRESALE_DAYS - 1));
    const saleTime = lastDay.find((t) => t.trainCode === TRAIN)!.saleTime;
    expect(row!.saleOpensAt?.getTime()).toBe(saleOpensOn(later, saleTime).getTime());
    await payGrab(h, user, r.data.grabId);
    await until(async () => (await grabRows([r.data.grabId]))[0]!.status === 'B', 15_000, 'before sale');
    // The engine keeps asking; the provider still refuses the date, so it stays in B.
    await until(async () => (await grabRows([r.data.grabId]))[0]!.lastTriedAt !== null, 15_000, 'engine looked');
    expect((await grabRows([r.data.grabId]))[0]!.status).toBe('B');
    expect(await runGuarded(cancelGrabDef, user, { grabId: r.data.grabId })).toMatchObject({
      ok: true,
      data: { status: 'C' },
    });
  }, 60_000);

  it('the first day of a date, before the station sells it: B until the sandbox clock reaches 北京南 12:45, then D', async () => {
    const user = await newTraveller('grabsaletime');
    const later = daysAhead(PRESALE_DAYS);
    const opensOn = daysAhead(1);
    const input = grabInput([{ passengerId: await savedAdult(user, '起售甲'), ticketType: 1 }]);
    const r = await runGuarded(createGrabDef, user, {
      ...input,
      alternates: [
        { trainCode: TRAIN, fromStation: '北京南', toStation: '上海', date: later, seatType: SEAT_TYPE.SECOND },
      ],
      deadline: `${daysAhead(PRESALE_DAYS - 1)}T12:00`,
    });
    if (!r.ok) throw new Error(r.message);
    const id = r.data.grabId;
    await payGrab(h, user, id);
    await until(async () => (await grabRows([id]))[0]!.status === 'B', 15_000, 'before sale');

    // On the sandbox's clock the date becomes the window's last day, five minutes before 北京南 sells
    // it (station.csv: 北京南 12:45): 余票 lists the trains with the note "12:45起售" and no seats.
    const setAt = new Date();
    await control(h.sandbox, 'POST', 'clock', { setTo: shanghaiInstant(opensOn, '12:40').toISOString() });
    try {
      const slot = await until(
        async () => {
          const [row] = await db()
            .select()
            .from(grabSearchSlots)
            .where(eq(grabSearchSlots.routeKey, `北京南|上海|${later}`));
          const offer = (row?.answer as TrainOffer[] | null)?.find((t) => t.trainCode === TRAIN);
          return row?.answeredAt && row.answeredAt > setAt && offer?.saleTime === '12:45' && row;
        },
        15_000,
        'a 余票 answer with the sale-time note',
      );
      // The engine has read that answer: still B, nothing tried, the opening at the station's time.
      const waiting = await until(
        async () => {
          const [g] = await grabRows([id]);
          return g!.lastTriedAt && g!.lastTriedAt > slot.answeredAt! && g;
        },
        15_000,
        'engine read the note',
      );
      expect(waiting.status).toBe('B');
      expect(waiting.currentOrderId).toBeNull();
      expect(waiting.saleOpensAt?.toISOString()).toBe(shanghaiInstant(opensOn, '12:45').toISOString());

      // 12:45 on the sandbox's clock: 北京南 sells the date, the grab starts and gets its seat.
      await control(h.sandbox, 'POST', 'clock', { setTo: shanghaiInstant(opensOn, '12:45').toISOString() });
      await until(async () => (await grabRows([id]))[0]!.status === 'F', 30_000, 'grabbed at the sale time');
      const moves = await db().select().from(grabEvents).where(eq(grabEvents.grabOrderId, id));
      expect(moves.some((e) => e.fromStatus === 'B' && e.toStatus === 'D')).toBe(true);
      const grabAudit = await auditGrabs([id]);
      expect(
        grabAudit.filter((x) => x.violated),
        formatAudit(grabAudit),
      ).toEqual([]);
    } finally {
      await control(h.sandbox, 'POST', 'clock', { reset: true });
    }
  }, 90_000);

  it('a cancelled grab is refunded in full and cannot start again', async () => {
    const user = await newTraveller('grabcancel');
    const r = await runGuarded(
      createGrabDef,
      user,
      grabInput([{ passengerId: await savedAdult(user, '取消甲'), ticketType: 1 }]),
    );
    if (!r.ok) throw new Error(r.message);
    await payGrab(h, user, r.data.grabId);
    await until(async () => (await grabRows([r.data.grabId]))[0]!.status === 'D', 15_000, 'grabbing');
    const c = await runGuarded(cancelGrabDef, user, { grabId: r.data.grabId });
    expect(c).toMatchObject({ ok: true, data: { status: 'C' } });
    const g = await until(
      async () => {
        const [row] = await grabRows([r.data.grabId]);
        return row!.refundedFen === row!.paidFen && row!.paidFen > 0 && row;
      },
      20_000,
      'cancel refunded',
    );
    expect(g.status).toBe('C');
    // Another traveller cannot touch it; the owner cannot pay or start it again.
    const other = await newTraveller('grabother');
    expect(await runGuarded(cancelGrabDef, other, { grabId: g.id })).toMatchObject({ ok: false, code: 'not_found' });
    await expect(startGrabPayment(g.id, user.id)).rejects.toThrow('不需要支付');
    expect((await grabRows([g.id]))[0]!.status).toBe('C');
  }, 60_000);

  it('20 grabs, 5 seats freed over time: 5 successes, 15 grabbing then expired and refunded, searches rate-limited', async () => {
    const ids: string[] = [];
    const users = new Map<string, SessionUser>();
    for (let i = 0; i < 20; i++) {
      const user = await newTraveller(`grab${i}`);
      const r = await runGuarded(
        createGrabDef,
        user,
        grabInput([{ passengerId: await savedAdult(user, `抢票${i}`), ticketType: 1 }]),
      );
      if (!r.ok) throw new Error(r.message);
      ids.push(r.data.grabId);
      users.set(r.data.grabId, user);
    }
    for (const id of ids) await payGrab(h, users.get(id)!, id);
    await until(async () => (await grabRows(ids)).every((g) => g.status === 'D'), 30_000, 'all grabbing');

    await control(h.sandbox, 'DELETE', 'stats');
    const started = Date.now();
    for (let freed = 1; freed <= 5; freed++) {
      await control(h.sandbox, 'POST', 'release', { trainCode: TRAIN, date, seatType: SEAT_TYPE.FIRST, count: 1 });
      await until(
        async () => (await grabRows(ids)).filter((g) => g.status === 'F').length === freed,
        60_000,
        `${freed} successes`,
      );
    }
    const elapsed = Date.now() - started;
    const stats = await control<Record<string, number>>(h.sandbox, 'GET', 'stats');
    const searches = stats['/train/search'] ?? 0;
    // One route and date: at most one provider search per interval (plus the one in flight at the start).
    expect(searches).toBeGreaterThan(0);
    expect(searches).toBeLessThanOrEqual(Math.ceil(elapsed / GRAB_SEARCH_INTERVAL_MS) + 1);

    const rows = await grabRows(ids);
    const won = rows.filter((g) => g.status === 'F');
    expect(won).toHaveLength(5);
    expect(rows.filter((g) => g.status === 'D')).toHaveLength(15);

    // The losers' deadline comes: expired, everything back.
    const later = new Date(Date.now() + 3 * 86_400_000);
    for (const g of rows.filter((x) => x.status === 'D')) await expireGrab(g.id, later);
    const settled = await until(
      async () => {
        const now = await grabRows(ids);
        const done = now.every((g) => g.status === 'F' || (g.status === 'O' && g.refundedFen === g.paidFen));
        const results = await db()
          .select({
            id: orders.id,
            refundedFen: orders.refundedFen,
            paidFen: orders.paidFen,
            totalFen: orders.totalFen,
          })
          .from(orders)
          .where(
            inArray(
              orders.id,
              won.map((g) => g.resultOrderId!),
            ),
          );
        const diffBack = results.every((o) => o.paidFen - o.refundedFen === o.totalFen);
        return done && diffBack && results;
      },
      40_000,
      'expired refunded and differences back',
    );
    // 一等座 is cheaper than the prepaid 商务座: each winner got the difference back, kept the fare.
    for (const o of settled) {
      expect(o.paidFen).toBeGreaterThan(o.totalFen);
      expect(o.paidFen - o.refundedFen).toBe(o.totalFen);
    }

    const grabAudit = await auditGrabs(ids);
    expect(
      grabAudit.filter((r) => r.violated),
      formatAudit(grabAudit),
    ).toEqual([]);
    const placed = await db().select({ id: orders.id }).from(orders).where(inArray(orders.grabOrderId, ids));
    const orderAudit = await audit({ orderIds: placed.map((o) => o.id) });
    expect(
      orderAudit.filter((r) => r.violated),
      formatAudit(orderAudit),
    ).toEqual([]);
  }, 240_000);
});
