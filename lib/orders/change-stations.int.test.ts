/**
 * Issue 26 item 7 against the real sandbox over HTTP: a 改签 to other stations of the same cities (the
 * panhe 订单详情 example l.291: 苏州北→昆山南 G7199 changed to K289 苏州→昆山), confirmed and issued with
 * the money the quote showed; 变更到站 (an arrival in another city) refused inside 48 h of the original
 * departure and accepted beyond (DOMAIN_NOTES l.58); a departure from another city refused by the
 * portal and, asked directly through the provider client, by the sandbox (316).
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { changeOrders, orderTickets } from '@/db/schema';
import { runGuarded } from '@/lib/actions';
import { TICKET_STATUS } from '@/lib/domain/states';
import { ProviderError } from '@/lib/provider';
import { findOffer } from '@/lib/search/search';
import { createBookingDef } from './create';
import {
  applyChangeDef,
  changeQuoteDef,
  changeSearchDef,
  changeStationsDef,
  type ChangeTrainOption,
} from './aftersales-actions';
import { cancelChangeByUser, confirmChangeByUser } from './changes';
import { portalPublicUrl, providerOf } from './provider';
import {
  bookingInput,
  changeRow,
  control,
  daysAhead,
  expectClean,
  harnessForFile,
  issuedOrder,
  orderRow,
  passenger,
  payAtGateway,
  refundsUnderWay,
  until,
  waitStatus,
} from './harness.int';

const h = harnessForFile();

const ticketsOf = (orderId: string) => db().select().from(orderTickets).where(eq(orderTickets.orderId, orderId));
const changesOf = (orderId: string) => db().select().from(changeOrders).where(eq(changeOrders.orderId, orderId));

/** G7199 苏州北→昆山南 二等座 `days` ahead for one passenger, issued (the example's original ticket). */
async function issuedSuzhou(name: string, days: number): Promise<string> {
  for (const seatType of [4, 3, 1])
    await control(h.sandbox, 'POST', 'release', { trainCode: 'G7199', date: daysAhead(days), seatType, count: 1000 });
  const r = await runGuarded(
    createBookingDef,
    h.user,
    bookingInput(days, {
      trainCode: 'G7199',
      fromStation: '苏州北',
      toStation: '昆山南',
      seatType: 4,
      passengers: [{ passengerId: await passenger(h, name), ticketType: 1 }],
    }),
  );
  if (!r.ok) throw new Error(r.message);
  h.mine.push(r.data.orderId);
  await waitStatus(r.data.orderId, 2);
  await payAtGateway(h, r.data.orderId);
  await waitStatus(r.data.orderId, 8);
  return r.data.orderId;
}

describe('改签 to other stations of the same cities (panhe 订单详情 example)', () => {
  it('苏州北→昆山南 G7199 changed to K289 苏州→昆山: offered, quoted, held, confirmed and issued with the money the quote showed', async () => {
    const id = await issuedSuzhou('同城改签甲', 4);
    const [ticket] = await ticketsOf(id);
    const stations = await runGuarded(changeStationsDef, h.user, { orderId: id });
    expect(stations).toMatchObject({ ok: true, data: { fromCity: '苏州', toCity: '苏州' } });
    if (!stations.ok) return;
    expect(stations.data.fromStations[0]).toBe('苏州北');
    expect(stations.data.fromStations).toContain('苏州');
    expect(stations.data.toStations[0]).toBe('昆山南');
    expect(stations.data.toStations).toContain('昆山');

    const date = daysAhead(5);
    for (const seatType of [10, 8])
      await control(h.sandbox, 'POST', 'release', { trainCode: 'K289', date, seatType, count: 1000 });
    const search = await runGuarded(changeSearchDef, h.user, {
      orderId: id,
      date,
      fromStation: '苏州',
      toStation: '昆山',
    });
    expect(search.ok).toBe(true);
    if (!search.ok) return;
    // Only trains between exactly the chosen stations are offered.
    expect(search.data.trains.every((t: ChangeTrainOption) => t.fromStation === '苏州' && t.toStation === '昆山')).toBe(
      true,
    );
    const k289 = search.data.trains.find((t: ChangeTrainOption) => t.trainCode === 'K289');
    expect(k289).toBeDefined();

    const change = {
      orderId: id,
      ticketIds: [ticket!.id],
      date,
      trainCode: 'K289',
      fromStation: '苏州',
      toStation: '昆山',
      seatType: 10,
    };
    const quote = await runGuarded(changeQuoteDef, h.user, change);
    expect(quote).toMatchObject({ ok: true, data: { priceChangeType: 3 } }); // 硬座 ¥4.5 for 二等座 ¥14.5
    if (!quote.ok) return;
    const applied = await runGuarded(applyChangeDef, h.user, change);
    expect(applied.ok).toBe(true);
    if (!applied.ok) return;
    const held = await until(async () => {
      const c = await changeRow(applied.data.changeId);
      return c?.status === 31 && c;
    }, 30_000);
    expect(held).toMatchObject({ trainCode: 'K289', fromStation: '苏州', toStation: '昆山', priceChangeType: 3 });
    expect(held.needPayFen).toBe(quote.data.needPayFen);

    const order = await orderRow(id);
    expect(await confirmChangeByUser(order, held.id, h.user.id)).toEqual({ cashierUrl: null });
    const done = await until(async () => {
      const c = await changeRow(held.id);
      return c?.status === 34 && c.providerRefundFen !== null && c;
    }, 30_000);
    // The difference less the fees, as previewed, is what the provider refunded and the traveller gets.
    expect(done.providerRefundFen).toBe(quote.data.providerRefundFen);
    expect(quote.data.travellerGetsFen).toBe(quote.data.providerRefundFen);
    expect(done.providerRefundFen).toBeGreaterThan(0);
    const settled = await until(async () => !(await refundsUnderWay([id])) && (await orderRow(id)), 30_000);
    expect(settled.refundedFen).toBe(quote.data.travellerGetsFen);
    const tickets = await ticketsOf(id);
    expect(tickets.find((t) => t.id === ticket!.id)!.status).toBe(TICKET_STATUS.CHANGE_ISSUED);
    const fresh = tickets.find((t) => t.replacesTicketId === ticket!.id)!;
    expect(fresh).toMatchObject({ status: TICKET_STATUS.ISSUED, changeOrderId: held.id });

    // One change per ticket, 变更到站 included: the new ticket is refused in words before the provider.
    const again = await runGuarded(applyChangeDef, h.user, {
      ...change,
      ticketIds: [fresh.id],
      trainCode: 'G7199',
      fromStation: '苏州北',
      toStation: '昆山南',
      seatType: 4,
    });
    expect(again).toMatchObject({ ok: false, code: 'conflict' });
    if (!again.ok) expect(again.message).toMatch(/只能成功改签 1 次/);
    expect(await changesOf(id)).toHaveLength(1);
    await expectClean([id]);
  });

  it('a departure from another city is refused by the portal in words, and by the sandbox with 316', async () => {
    const id = await issuedOrder(h, ['异地出发乙'], { days: 5 }); // G1 北京南→上海
    const [ticket] = await ticketsOf(id);
    const change = {
      orderId: id,
      ticketIds: [ticket!.id],
      date: daysAhead(6),
      trainCode: 'G1',
      fromStation: '天津南',
      toStation: '上海',
      seatType: 4,
    };
    for (const r of [
      await runGuarded(applyChangeDef, h.user, change),
      await runGuarded(changeQuoteDef, h.user, change),
    ]) {
      expect(r).toMatchObject({ ok: false, code: 'validation' });
      if (!r.ok) expect(r.fieldErrors?.fromStation?.[0]).toMatch(/原出发城市（北京）.*天津南属于天津/);
    }
    expect(
      await runGuarded(changeSearchDef, h.user, { orderId: id, date: daysAhead(6), fromStation: '天津南' }),
    ).toMatchObject({ ok: false, code: 'validation' });

    // The provider client directly, past the portal's rule: the sandbox refuses on its own.
    const order = await orderRow(id);
    const offer = await findOffer('天津南', '上海', daysAhead(6), 'G1', providerOf(order));
    expect(offer).toBeDefined();
    const raw = await providerOf(order)
      .applyChange({
        orderNo: order.providerOrderNo!,
        ticketNos: [ticket!.ticketNo!],
        fromStation: '天津南',
        toStation: '上海',
        trainCode: 'G1',
        seatType: 4,
        departAt: offer!.departAt,
        arriveAt: offer!.arriveAt,
        chooseSeats: null,
        chooseSleeper: null,
        acceptStanding: false,
        remark: '测试:异地出发',
        callbackBase: portalPublicUrl(),
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(raw).toBeInstanceOf(ProviderError);
    expect(raw).toMatchObject({ kind: 'business', msgCode: 316 });
    expect((raw as ProviderError).message).toMatch(/该订单不支持改签/);
    expect(await changesOf(id)).toEqual([]);
    await expectClean([id]);
  });
});

describe('变更到站 (DOMAIN_NOTES l.58: up to 48 h before departure)', () => {
  const toNanjing = (id: string, ticketId: string, days: number) => ({
    orderId: id,
    ticketIds: [ticketId],
    date: daysAhead(days),
    trainCode: 'G1',
    toStation: '南京南',
    seatType: 4,
  });

  it('inside 48 h: not offered, refused by the portal in words and by the sandbox with 314', async () => {
    const id = await issuedOrder(h, ['变更到站丙'], { days: 1 }); // G1 tomorrow 07:00: < 48 h
    const [ticket] = await ticketsOf(id);
    const stations = await runGuarded(changeStationsDef, h.user, { orderId: id });
    expect(stations).toMatchObject({ ok: true, data: { destinationChangeAllowed: false, toCity: '上海' } });
    const change = toNanjing(id, ticket!.id, 2);
    for (const r of [
      await runGuarded(applyChangeDef, h.user, change),
      await runGuarded(changeQuoteDef, h.user, change),
    ]) {
      expect(r).toMatchObject({ ok: false, code: 'conflict' });
      if (!r.ok) expect(r.message).toMatch(/变更到站.*48 小时以上/);
    }
    expect(
      await runGuarded(changeSearchDef, h.user, { orderId: id, date: daysAhead(2), toStation: '南京南' }),
    ).toMatchObject({ ok: false, code: 'conflict' });
    // A same-city arrival is still a 改签 inside 48 h: 上海虹桥 is offered and searched.
    if (stations.ok) expect(stations.data.toStations).toContain('上海虹桥');
    expect(
      await runGuarded(changeSearchDef, h.user, { orderId: id, date: daysAhead(2), toStation: '上海虹桥' }),
    ).toMatchObject({ ok: true });

    const order = await orderRow(id);
    const offer = await findOffer('北京南', '南京南', daysAhead(2), 'G1', providerOf(order));
    const raw = await providerOf(order)
      .applyChange({
        orderNo: order.providerOrderNo!,
        ticketNos: [ticket!.ticketNo!],
        fromStation: '北京南',
        toStation: '南京南',
        trainCode: 'G1',
        seatType: 4,
        departAt: offer!.departAt,
        arriveAt: offer!.arriveAt,
        chooseSeats: null,
        chooseSleeper: null,
        acceptStanding: false,
        remark: '测试:变更到站',
        callbackBase: portalPublicUrl(),
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(raw).toMatchObject({ kind: 'business', msgCode: 314 });
    expect((raw as ProviderError).message).toMatch(/距离发车时间太近,无法改签/);
    expect(await changesOf(id)).toEqual([]);
    await expectClean([id]);
  });

  it('48 h or more before departure: offered, searched and held at the provider with the quoted amount', async () => {
    const id = await issuedOrder(h, ['变更到站丁'], { days: 4 });
    const [ticket] = await ticketsOf(id);
    const stations = await runGuarded(changeStationsDef, h.user, { orderId: id });
    expect(stations).toMatchObject({ ok: true, data: { destinationChangeAllowed: true } });
    const search = await runGuarded(changeSearchDef, h.user, { orderId: id, date: daysAhead(5), toStation: '南京南' });
    expect(search.ok && search.data.trains.some((t: ChangeTrainOption) => t.trainCode === 'G1')).toBe(true);
    const change = toNanjing(id, ticket!.id, 5);
    const quote = await runGuarded(changeQuoteDef, h.user, change);
    expect(quote.ok).toBe(true);
    const applied = await runGuarded(applyChangeDef, h.user, change);
    expect(applied.ok).toBe(true);
    if (!applied.ok || !quote.ok) return;
    const held = await until(async () => {
      const c = await changeRow(applied.data.changeId);
      return c?.status === 31 && c;
    }, 30_000);
    expect(held).toMatchObject({ fromStation: '北京南', toStation: '南京南' });
    expect(held.needPayFen).toBe(quote.data.needPayFen);
    // Leave the original ticket as it was: cancel the held change.
    await cancelChangeByUser(await orderRow(id), held.id, h.user.id);
    expect((await changeRow(held.id))!.status).toBe(37);
    await expectClean([id]);
  });
});
