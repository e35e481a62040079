/**
 * Orders ask their provider's capabilities, never its name (issue 25): the booking goes to the provider
 * the traveller chose and records it; the passenger limit, 选铺 and rotation are refused server-side
 * with words that say why; a 改签 on an order whose provider has no online 改签 is refused with the
 * provider's plain words before the provider is asked. Against the real sandbox over HTTP.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { changeOrders, orders, providerSettings } from '@/db/schema';
import { runGuarded } from '@/lib/actions';
import { AppError } from '@/lib/errors';
import { providerFor } from '@/lib/provider/registry';
import { invalidateRotation } from '@/lib/provider/rotation';
import { applyChangeDef, changeQuoteDef, changeSearchDef } from './aftersales-actions';
import { bookingCapabilityIssues, changeUnavailable, passengerLimitMessage } from './capabilities';
import { applyForChange, changeSearch } from './changes';
import { createBooking, createBookingDef } from './create';
import {
  bookingInput,
  daysAhead,
  expectClean,
  harnessForFile,
  issuedOrder,
  newTraveller,
  orderRow,
  passenger,
  payAtGateway,
  waitStatus,
} from './harness.int';
import { ownOrderViewOrNull } from './views';

const h = harnessForFile();

const adults = (names: string[]) =>
  Promise.all(names.map(async (n) => ({ passengerId: await passenger(h, n), ticketType: 1 })));

describe('orders and their provider', () => {
  it('(a) an order booked with panhe records panhe, and its page says so', async () => {
    const r = await runGuarded(
      createBookingDef,
      h.user,
      bookingInput(5, { passengers: await adults(['渠道甲']), provider: 'panhe' }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    h.mine.push(r.data.orderId);
    expect((await orderRow(r.data.orderId)).provider).toBe('panhe');
    const view = await ownOrderViewOrNull(h.user, r.data.orderId);
    expect(view?.provider).toEqual({ id: 'panhe', label: providerFor('panhe').label, trainAccount: true });
    expect(view?.changeUnavailable).toBeNull();
  });

  it('(b) more passengers than the provider takes are refused, naming the limit', async () => {
    const juhe = providerFor('juhe');
    const max = juhe.capabilities.maxPassengers;
    const six = await adults(Array.from({ length: max + 1 }, (_, i) => `渠道乙${i}`));
    const refused = await runGuarded(createBookingDef, h.user, bookingInput(5, { passengers: six, provider: 'juhe' }));
    expect(refused).toMatchObject({ ok: false, code: 'validation' });
    expect(!refused.ok && refused.fieldErrors?.passengers).toContain(passengerLimitMessage(juhe.label, max));
    // The same passengers with a provider that takes them pass this check (and are booked).
    const ok = await runGuarded(createBookingDef, h.user, bookingInput(5, { passengers: six, provider: 'panhe' }));
    expect(ok).toMatchObject({ ok: true });
    if (ok.ok) h.mine.push(ok.data.orderId);
    // Called without the form's schema, the service refuses alike.
    const direct = createBooking(h.user, {
      ...bookingInput(5, { passengers: six, provider: 'juhe' }),
      acceptStanding: false,
    });
    await expect(direct).rejects.toThrow(passengerLimitMessage(juhe.label, max));
    await expect(direct).rejects.toBeInstanceOf(AppError);
  });

  it('(d) a berth choice on a provider without 选铺 is refused', async () => {
    const juhe = providerFor('juhe');
    expect(juhe.capabilities.berthChoice).toBe(false);
    const r = await runGuarded(
      createBookingDef,
      h.user,
      bookingInput(5, { passengers: await adults(['渠道丁']), provider: 'juhe', seatType: 8, chooseSleeper: '100' }),
    );
    expect(r).toMatchObject({ ok: false, code: 'validation' });
    expect(!r.ok && r.fieldErrors?.chooseSleeper?.[0]).toMatch(/不支持选铺/);
    // "000" is the picker's "no preference", not a choice.
    const none = bookingCapabilityIssues(juhe, { passengers: 1, chooseSleeper: '000' });
    expect(none).toEqual([]);
  });

  it('a provider not configured, or out of rotation, is a 4xx with a clear message', async () => {
    const unknown = await runGuarded(
      createBookingDef,
      h.user,
      bookingInput(5, { passengers: await adults(['渠道戊']), provider: 'acme' }),
    );
    expect(unknown).toMatchObject({ ok: false, code: 'validation' });
    expect(!unknown.ok && unknown.fieldErrors?.provider?.[0]).toMatch(/出票渠道不可用/);

    const label = providerFor('juhe').label;
    await db()
      .insert(providerSettings)
      .values({ provider: 'juhe', inRotation: false, note: 'test' })
      .onConflictDoUpdate({ target: providerSettings.provider, set: { inRotation: false } });
    invalidateRotation();
    try {
      const out = await runGuarded(
        createBookingDef,
        h.user,
        bookingInput(5, { passengers: await adults(['渠道己']), provider: 'juhe' }),
      );
      expect(out).toMatchObject({
        ok: false,
        code: 'validation',
        message: `${label}暂停接单，请重新查询车次，选择其他出票渠道。`,
      });
    } finally {
      await db().delete(providerSettings).where(eq(providerSettings.provider, 'juhe'));
      invalidateRotation();
    }
  });

  it('(c) a 改签 on an order whose provider lacks change is refused with its plain words, before the provider is asked', async () => {
    const id = await issuedOrder(h, ['渠道丙'], { days: 6 });
    const issued = await orderRow(id);
    const why = changeUnavailable(providerFor('juhe').capabilities);
    expect(why).toBeTruthy();
    // The order as if placed with a provider without 改签 (the capability is what is checked, not the name).
    await db().update(orders).set({ provider: 'juhe' }).where(eq(orders.id, id));
    try {
      const order = await orderRow(id);
      const [ticket] = (await ownOrderViewOrNull(h.user, id))!.tickets;
      const change = {
        orderId: id,
        ticketIds: [ticket!.id],
        date: daysAhead(7),
        trainCode: 'G1',
        toStation: issued.toStation,
        seatType: 3,
      };
      expect(await runGuarded(applyChangeDef, h.user, change)).toMatchObject({
        ok: false,
        code: 'conflict',
        message: why,
      });
      expect(await runGuarded(changeQuoteDef, h.user, change)).toMatchObject({
        ok: false,
        code: 'conflict',
        message: why,
      });
      expect(await runGuarded(changeSearchDef, h.user, { orderId: id, date: daysAhead(7) })).toMatchObject({
        ok: false,
        code: 'conflict',
        message: why,
      });
      await expect(applyForChange(order, change, h.user.id)).rejects.toThrow(why!);
      expect(await db().select().from(changeOrders).where(eq(changeOrders.orderId, id))).toEqual([]);
      // The order page shows the words where the 改签 button would be.
      const view = await ownOrderViewOrNull(h.user, id);
      expect(view?.changeUnavailable).toBe(why);
      expect(view?.provider.label).toBe(providerFor('juhe').label);
      // Another traveller still gets 404, not the capability's answer.
      const other = await newTraveller('渠道');
      expect(await runGuarded(applyChangeDef, other, change)).toMatchObject({ ok: false, code: 'not_found' });
    } finally {
      await db().update(orders).set({ provider: 'panhe' }).where(eq(orders.id, id));
    }
    h.mine.push(id);
  });

  it("(c, real) a Juhe order: booked through the sandbox's Juhe front, issued, its 改签 refused in its words", async () => {
    const juhe = providerFor('juhe');
    const r = await runGuarded(
      createBookingDef,
      h.user,
      bookingInput(8, { passengers: await adults(['聚合甲']), provider: 'juhe' }),
    );
    if (!r.ok) throw new Error(r.message);
    const id = r.data.orderId;
    h.mine.push(id);
    const placed = await orderRow(id);
    expect(placed.provider).toBe('juhe');
    // A provider that books with its own 12306 accounts takes none of the traveller's.
    expect(placed.trainAccountId).toBeNull();
    await waitStatus(id, 2);
    await payAtGateway(h, id);
    await waitStatus(id, 8);
    const view = (await ownOrderViewOrNull(h.user, id))!;
    expect(view.provider).toEqual({ id: 'juhe', label: juhe.label, trainAccount: false });
    expect(view.changeUnavailable).toBe(changeUnavailable(juhe.capabilities));
    const change = {
      orderId: id,
      ticketIds: [view.tickets[0]!.id],
      date: daysAhead(9),
      trainCode: 'G1',
      toStation: placed.toStation,
      seatType: 3,
    };
    expect(await runGuarded(applyChangeDef, h.user, change)).toMatchObject({
      ok: false,
      code: 'conflict',
      message: changeUnavailable(juhe.capabilities),
    });
    expect(await db().select().from(changeOrders).where(eq(changeOrders.orderId, id))).toEqual([]);
  });

  it("a 改签 searches and quotes the order's own provider, even while the search fails over to another", async () => {
    const id = await issuedOrder(h, ['渠道庚'], { days: 6 });
    const order = await orderRow(id);
    await db()
      .insert(providerSettings)
      .values({ provider: 'panhe', inRotation: false, note: 'test' })
      .onConflictDoUpdate({ target: providerSettings.provider, set: { inRotation: false } });
    invalidateRotation();
    try {
      const trains = await changeSearch(order, daysAhead(7));
      expect(trains.length).toBeGreaterThan(0);
      expect(new Set(trains.map((t) => t.provider))).toEqual(new Set(['panhe']));
      const [ticket] = (await ownOrderViewOrNull(h.user, id))!.tickets;
      const quote = await runGuarded(changeQuoteDef, h.user, {
        orderId: id,
        ticketIds: [ticket!.id],
        date: daysAhead(7),
        trainCode: 'G1',
        toStation: order.toStation,
        seatType: 3,
      });
      expect(quote).toMatchObject({ ok: true });
    } finally {
      await db().delete(providerSettings).where(eq(providerSettings.provider, 'panhe'));
      invalidateRotation();
    }
    h.mine.push(id);
  });

  it('the orders of this file audit clean', async () => {
    await expectClean(h.mine);
  });
});
