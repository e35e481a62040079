/**
 * Notifications for the moments notify.int.test.ts does not cover (issue 28): the departure reminders
 * of the new train after a 改签, the tickets in the 抢票 success notice, an agency's low balance, a
 * staff invitation and a sign-in from a new device. Same harness: the order core over the real
 * sandbox, the worker's handlers, SMTP into the local mail catcher, every email read back from it.
 */
import { and, eq, like, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { notifications, orderTickets, users } from '@/db/schema';
import { runGuarded } from '@/lib/actions';
import { recordSignInDevice } from '@/lib/auth/devices';
import { membershipOf } from '@/lib/agency/access';
import { lowBalanceDef } from '@/lib/agency/defs';
import { acceptInvitation, createAgency, invite, openInvitation, topUp } from '@/lib/agency/service';
import { SEAT_TYPE } from '@/lib/domain/seats';
import { post, transfer } from '@/lib/ledger';
import { QUEUES } from '@/lib/jobs';
import { confirmChangeByUser } from '@/lib/orders/changes';
import {
  changeRow,
  daysAhead,
  harnessForFile,
  heldChange,
  newTraveller,
  orderRow,
  until,
} from '@/lib/orders/harness.int';
import { grabRow, newGrab, payGrab, waitGrab } from '@/lib/grab/harness.int';
import { formatShanghai, toDateTimeLocal } from '@/lib/time';
import { deliverNotification } from './deliver';
import { DEPARTURE_REMINDER_BEFORE_MS, eveningBefore } from './events';
import { mailFor, rowsOf } from './mail.int';

const h = harnessForFile();

const mailTo = (to: string) => mailFor(h.mail.url, to);

/** Waits for the event's email row to be sent; returns it with the emails to `to` carrying its Message-ID. */
async function sentEmail(key: string, to: string) {
  const row = await until(
    async () => (await rowsOf(key)).find((r) => r.channel === 'email' && r.status === 'sent'),
    30_000,
    `email ${key} sent`,
  );
  const mails = (await mailTo(to)).filter((m) => m.messageId === row.messageId);
  return { row, mails };
}

describe('改签: the reminders follow the new train', () => {
  it('after a change the reminder jobs exist for the new departure, and the old ticket gets no reminder', async () => {
    const { id, order, changeId } = await heldChange(h, '改签提醒', {
      days: 6,
      seatType: SEAT_TYPE.FIRST,
      toDays: 7,
      toSeatType: SEAT_TYPE.SECOND,
    });
    expect(await confirmChangeByUser(order, changeId, h.user.id)).toEqual({ cashierUrl: null });
    await until(async () => (await changeRow(changeId))?.status === 34, 30_000, 'change issued');
    const change = (await changeRow(changeId))!;
    expect(change.departureAt.getTime()).not.toBe(order.departureAt.getTime());

    // Queued in the step that completed the change, for the new departure.
    const jobs = await db().execute<{ key: string; ref: string; start_after: Date }>(
      sql`select data->>'key' as key, data->>'refId' as ref, start_after from pgboss.job
          where name = ${QUEUES.notify} and data->>'key' like ${`change:${changeId}:depart-%`} order by key`,
    );
    expect([...jobs].map((j) => [j.key, j.ref, new Date(j.start_after).getTime()])).toEqual([
      [`change:${changeId}:depart-2h`, changeId, change.departureAt.getTime() - DEPARTURE_REMINDER_BEFORE_MS],
      [`change:${changeId}:depart-eve`, changeId, eveningBefore(change.departureAt).getTime()],
    ]);

    // The original ticket's reminders (queued when it was issued) find nothing to remind of when they run.
    for (const k of ['depart-eve', 'depart-2h'] as const) {
      const key = `order:${id}:${k}`;
      const r = await deliverNotification({
        kind: k === 'depart-eve' ? 'departure_eve' : 'departure_2h',
        key,
        userId: h.user.id,
        orderId: id,
      });
      expect(r.sent).toBe(false);
      expect(await rowsOf(key)).toEqual([]);
    }

    // The new train's reminder, run now: one email with the new departure and the new seat.
    const key = `change:${changeId}:depart-eve`;
    expect(
      (await deliverNotification({ kind: 'departure_eve', key, userId: h.user.id, orderId: id, refId: changeId })).sent,
    ).toBe(true);
    const { mails } = await sentEmail(key, h.user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(formatShanghai(change.departureAt));
    expect(mails[0]!.text).not.toContain(formatShanghai((await orderRow(id)).departureAt));
    const fresh = (await db().select().from(orderTickets).where(eq(orderTickets.changeOrderId, changeId)))[0]!;
    expect(mails[0]!.text).toContain(fresh.seatNo!);
    // Run again: nothing more.
    await deliverNotification({ kind: 'departure_eve', key, userId: h.user.id, orderId: id, refId: changeId });
    expect((await sentEmail(key, h.user.email)).mails).toHaveLength(1);
  });
});

describe('抢票 success', () => {
  it('the success email lists the train, date, times and each passenger’s carriage and seat', async () => {
    const user = await newTraveller('grabmail');
    const date = daysAhead(11);
    const grabId = await newGrab(
      user,
      ['抢票甲', '抢票乙'],
      [{ trainCode: 'G1', fromStation: '北京南', toStation: '上海', date, seatType: SEAT_TYPE.SECOND }],
      toDateTimeLocal(new Date(Date.now() + 2 * 86_400_000)),
    );
    await payGrab(h, user, grabId);
    await waitGrab(grabId, 'F', 'grab succeeded');
    const grab = await grabRow(grabId);
    h.mine.push(grab.resultOrderId!);
    const o = await orderRow(grab.resultOrderId!);
    const tickets = await db().select().from(orderTickets).where(eq(orderTickets.orderId, o.id));
    expect(tickets).toHaveLength(2);
    const { mails } = await sentEmail(`grab:${grabId}:F`, user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('抢票成功');
    const text = mails[0]!.text;
    expect(text).toContain(`G1 ${o.fromStation} → ${o.toStation}`);
    expect(text).toContain(formatShanghai(o.departureAt));
    expect(text).toContain(formatShanghai(o.arrivalAt!).slice(11));
    for (const t of tickets) expect(text).toContain(`${t.passengerName}：${t.seatNo}`);
    expect(mails[0]!.attachments.some((a) => a.filename === 'trip.ics')).toBe(true);
    const emails = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, user.id), like(notifications.eventKey, `grab:${grabId}:%`)));
    expect(emails.filter((r) => r.channel === 'email' && r.eventKey === `grab:${grabId}:F`)).toHaveLength(1);
  });
});

/** An agency whose owner is a new user (signed in as an agent). */
async function newAgency(tag: string) {
  const owner = await newTraveller(tag);
  await createAgency(`${tag}旅行社${Date.now()}${Math.floor(Math.random() * 1e4)}`, owner.email);
  return { owner: { ...owner, role: 'agent' as const }, m: (await membershipOf(owner.id))! };
}

describe('agency: low prepaid balance', () => {
  it("the owner's threshold: a debit crossing it sends one email; a further debit below it none; a top-up and a new crossing again", async () => {
    const { owner, m } = await newAgency('lowbal');
    // The setting: owner only, checked input.
    expect(await runGuarded(lowBalanceDef, owner, { thresholdYuan: '-5' })).toMatchObject({
      ok: false,
      code: 'validation',
    });
    const stranger = await newTraveller('lowbal-other');
    expect(await runGuarded(lowBalanceDef, stranger, { thresholdYuan: '500' })).toMatchObject({ ok: false });
    expect(await runGuarded(lowBalanceDef, owner, { thresholdYuan: '500' })).toEqual({
      ok: true,
      data: { thresholdFen: 50_000 },
    });

    await topUp(owner.id, m.agencyId, 80_000, `LB-${Date.now()}-1`);
    let n = 0;
    // A hold at payment: the agency's balance → held (the debit of an agency order, lib/orders).
    const debit = (fen: number) =>
      db().transaction((tx) =>
        post(tx, {
          kind: 'hold',
          ref: `test-low-balance:${m.agencyId}:${++n}`,
          agencyId: m.agencyId,
          createdBy: owner.id,
          legs: transfer(
            { kind: 'agency_balance', agencyId: m.agencyId },
            { kind: 'agency_held', agencyId: m.agencyId },
            fen,
          ),
        }),
      );
    const queued = async () =>
      [
        ...(await db().execute<{ key: string }>(
          sql`select data->>'key' as key from pgboss.job where name = ${QUEUES.notify}
              and data->>'kind' = 'agency_low_balance' and data->>'userId' = ${owner.id}`,
        )),
      ].map((j) => j.key);
    const lowMails = async () => (await mailTo(owner.email)).filter((x) => x.subject === '预存款余额不足');

    await debit(20_000); // 800 → 600: above 500
    expect(await queued()).toEqual([]);
    await debit(20_000); // 600 → 400: crosses
    expect(await queued()).toHaveLength(1);
    const first = await sentEmail((await queued())[0]!, owner.email);
    expect(first.mails).toHaveLength(1);
    expect(first.mails[0]!.text).toContain('当前余额 ¥400，');
    expect(first.mails[0]!.text).toContain('提醒额度 ¥500');
    await debit(10_000); // 400 → 300: below already, no crossing
    expect(await queued()).toHaveLength(1);

    await topUp(owner.id, m.agencyId, 50_000, `LB-${Date.now()}-2`); // 300 → 800
    await debit(40_000); // 800 → 400: crosses again
    const keys = await queued();
    expect(keys).toHaveLength(2);
    for (const k of keys) expect(k).toMatch(/^ledger:\d+:low-balance$/);
    await until(async () => (await lowMails()).length === 2, 30_000, 'the second notice');
    await new Promise((r) => setTimeout(r, 1000)); // any extra job has had its chance to run
    expect(await lowMails()).toHaveLength(2);
  });
});

describe('agency: staff invitation', () => {
  it('one email to the invited address (no account yet) with a working accept link, once per invitation', async () => {
    const { owner, m } = await newAgency('invmail');
    const email = `invited${Date.now()}@example.test`;
    const { token } = await invite(m, owner, email);
    const [j] = [
      ...(await db().execute<{ key: string; ref: string }>(
        sql`select data->>'key' as key, data->>'refId' as ref from pgboss.job where name = ${QUEUES.notify}
            and data->>'kind' = 'staff_invitation' and data->>'userId' = ${owner.id}`,
      )),
    ];
    expect(j!.key).toBe(`invitation:${j!.ref}`);
    // The raw token is nowhere in the job (sealed) nor on the notification row.
    expect(JSON.stringify(j)).not.toContain(token);
    const { row, mails } = await sentEmail(j!.key, email);
    expect(mails).toHaveLength(1);
    expect(row.link).toBeNull();
    expect(row.recipient).toBe(email);
    expect(mails[0]!.subject).toContain(m.agencyName);
    const link = /https?:\/\/\S+\/invite\/([\w-]+)/.exec(mails[0]!.text);
    expect(link).not.toBeNull();
    // The link's token opens the invitation, and it can be accepted with it.
    expect((await openInvitation(link![1]!))?.email).toBe(email);
    const [u] = await db()
      .insert(users)
      .values({ email, passwordHash: 'x', displayName: '新员工', role: 'traveller' })
      .returning({ id: users.id, email: users.email, role: users.role, name: users.displayName });
    expect(await acceptInvitation(u!, link![1]!)).toEqual({ agencyId: m.agencyId });
    // The job again: nothing more.
    await deliverNotification({
      kind: 'staff_invitation',
      key: j!.key,
      userId: owner.id,
      refId: j!.ref,
      facts: { to: email },
    });
    expect((await mailTo(email)).length).toBe(1);
    expect(await rowsOf(j!.key)).toHaveLength(1);
  });
});

describe('account: sign-in from a new device', () => {
  it('the first device ever: no notice; a second device: one email; the same devices again: none', async () => {
    const user = await newTraveller('device');
    const chrome =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
    const iphone =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1';
    const deviceNotices = async () =>
      [
        ...(await db().execute<{ key: string }>(
          sql`select data->>'key' as key from pgboss.job where name = ${QUEUES.notify}
              and data->>'kind' = 'account_security' and data->>'userId' = ${user.id}`,
        )),
      ].map((j) => j.key);

    const first = await recordSignInDevice(user.id, undefined, { userAgent: chrome, address: '203.0.113.7' });
    expect(first.notified).toBe(false);
    expect(first.token).toMatch(/^[\w-]{43}$/);
    // The same browser again (its cookie): nothing.
    expect((await recordSignInDevice(user.id, first.token, { userAgent: chrome })).notified).toBe(false);

    // Another browser, without the cookie: one notice, naming it.
    const second = await recordSignInDevice(user.id, undefined, { userAgent: iphone, address: '198.51.100.9' });
    expect(second.notified).toBe(true);
    expect(second.token).not.toBe(first.token);
    const keys = await deviceNotices();
    expect(keys).toHaveLength(1);
    const { mails } = await sentEmail(keys[0]!, user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('新设备登录提醒');
    expect(mails[0]!.text).toContain('Safari · iOS');

    // Both devices again: no more notices.
    expect((await recordSignInDevice(user.id, second.token, { userAgent: iphone })).notified).toBe(false);
    expect((await recordSignInDevice(user.id, first.token, { userAgent: chrome })).notified).toBe(false);
    expect(await deviceNotices()).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1000)); // any extra job has had its chance to run
    expect((await mailTo(user.email)).filter((m) => m.subject === '新设备登录提醒')).toHaveLength(1);
  });
});
