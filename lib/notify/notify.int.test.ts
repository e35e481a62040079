/**
 * Notifications end to end (issue 28): the order core over the real sandbox, the worker's handlers on
 * pg-boss, nodemailer over SMTP into the local mail catcher, and every email read back from the
 * catcher's HTTP API (the order harness runs it: lib/orders/harness.int.ts). Each event sends exactly one email, also when its job runs again and when the
 * worker "dies" between claiming and sending (the failpoint notify-sending, lib/failpoint.ts).
 */
import { createECDH, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { notificationPrefs, notifications, notificationSettings, orderTickets, pushSubscriptions } from '@/db/schema';
import { runGuarded } from '@/lib/actions';
import { authenticate } from '@/lib/auth/credentials';
import { resetFailpoints } from '@/lib/failpoint';
import { enqueue, QUEUES } from '@/lib/jobs';
import { requestRefunds } from '@/lib/orders/refunds';
import { formatShanghai, shanghaiTime } from '@/lib/time';
import {
  book,
  control,
  harnessForFile,
  issuedOrder,
  newTraveller,
  orderRow,
  until,
  waitStatus,
} from '@/lib/orders/harness.int';
import { deliverNotification } from './deliver';
import { inbox, markReadDef, subscribePushDef, unreadCount } from './inbox';
import { usePushAgent } from './push';
import { mailFor, rowsOf } from './mail.int';

/** A self-signed certificate for 127.0.0.1 (web-push speaks HTTPS only, as push services do). */
function localCertificate(): { key: string; cert: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'push-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'),
      cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(() => {
  process.env.NOTIFY_LEASE_SECONDS = '1';
});
afterAll(() => {
  delete process.env.NOTIFY_LEASE_SECONDS;
});
const h = harnessForFile();

/** The mail as the catcher's API gives it (what a person would read). */
const mailbox = () => mailFor(h.mail.url, h.user.email);

/** Waits for the event's email row to be sent; returns it with the emails carrying its Message-ID. */
async function sentEmail(key: string) {
  const row = await until(
    async () => (await rowsOf(key)).find((r) => r.channel === 'email' && r.status === 'sent'),
    30_000,
    `email ${key} sent`,
  );
  const mails = (await mailbox()).filter((m) => m.messageId === row.messageId);
  return { row, mails };
}

describe('notifications, exactly once per event', () => {
  it('a hold: one email with the pay-by time and a link to the order, one inbox row; a rerun of its job sends nothing more', async () => {
    const id = await book(h, ['通知甲']);
    await waitStatus(id, 2);
    const key = `order:${id}:held`;
    const { row, mails } = await sentEmail(key);
    expect(mails).toHaveLength(1);
    const o = await orderRow(id);
    expect(mails[0]!.subject).toContain(formatShanghai(o.payLimitAt!));
    expect(mails[0]!.text).toContain(`/trips/${id}`);
    expect(mails[0]!.html).toContain(`/trips/${id}"`);
    // The contact mobile is masked; the full number never leaves.
    expect(mails[0]!.text).toContain('138****8000');
    expect(mails[0]!.text).not.toContain('13800138000');
    const all = await rowsOf(key);
    expect(all.map((r) => r.channel).sort()).toEqual(['email', 'inbox']);

    // The job again, twice in this process and once through the queue (a pg-boss retry or a duplicate).
    const job = { kind: 'hold_succeeded', key, userId: h.user.id, orderId: id };
    await deliverNotification(job);
    await deliverNotification(job);
    await enqueue(QUEUES.notify, job);
    await new Promise((r) => setTimeout(r, 1500)); // the queued one has had its chance to run
    const after = await sentEmail(key);
    expect(after.mails).toHaveLength(1);
    expect(after.row.attempts).toBe(row.attempts);
    expect(await rowsOf(key)).toHaveLength(2);
  });

  it('a worker dying after the claim, before the send: the retry takes over once the lease ends and sends exactly one', async () => {
    resetFailpoints();
    process.env.CHAOS_FAILPOINT = 'notify-sending:1';
    process.env.CHAOS_FAILPOINT_ACTION = 'throw';
    try {
      const id = await book(h, ['通知乙']);
      await waitStatus(id, 2);
      const key = `order:${id}:held`;
      const { row, mails } = await sentEmail(key);
      expect(mails).toHaveLength(1);
      // The first attempt claimed and "died"; the second (pg-boss's retry after the lease) sent.
      expect(row.attempts).toBe(2);
    } finally {
      delete process.env.CHAOS_FAILPOINT;
      delete process.env.CHAOS_FAILPOINT_ACTION;
      resetFailpoints();
    }
  });

  it('tickets issued: one email with the .ics calendar file', async () => {
    const id = await issuedOrder(h, ['通知丙']);
    const { mails } = await sentEmail(`order:${id}:issued`);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('出票成功');
    const ics = mails[0]!.attachments.find((a) => a.filename === 'trip.ics');
    const text = Buffer.from(ics!.content, 'base64').toString('utf8');
    expect(text).toContain('BEGIN:VEVENT');
    expect(text).toContain('G1');
    const seat = (await db().select().from(orderTickets).where(eq(orderTickets.orderId, id)))[0]!.seatNo!;
    expect(mails[0]!.text).toContain(seat);
  });

  it('preferences: email off for a kind sends none (the inbox still gets it); quiet hours hold email back, departure reminders ignore them', async () => {
    await db()
      .insert(notificationPrefs)
      .values({ userId: h.user.id, kind: 'hold_succeeded', channel: 'email', enabled: false });
    try {
      const id = await book(h, ['通知丁']);
      await waitStatus(id, 2);
      const key = `order:${id}:held`;
      await until(async () => (await rowsOf(key)).some((r) => r.channel === 'inbox'), 30_000, 'inbox row');
      await new Promise((r) => setTimeout(r, 1000));
      expect((await rowsOf(key)).map((r) => r.channel)).toEqual(['inbox']);
      expect((await mailbox()).filter((m) => m.text.includes(`/trips/${id}`))).toEqual([]);
    } finally {
      await db().delete(notificationPrefs).where(eq(notificationPrefs.userId, h.user.id));
    }

    const [hh, mm] = shanghaiTime(new Date()).split(':').map(Number) as [number, number];
    const minute = hh * 60 + mm;
    await db()
      .insert(notificationSettings)
      .values({ userId: h.user.id, quietStartMin: minute, quietEndMin: (minute + 120) % 1440 });
    try {
      const id = await issuedOrder(h, ['通知戊']);
      // Quiet now: the issued email waits (its inbox row is there at once).
      const issuedKey = `order:${id}:issued`;
      await until(async () => (await rowsOf(issuedKey)).some((r) => r.channel === 'inbox'), 30_000, 'inbox row');
      expect((await rowsOf(issuedKey)).filter((r) => r.channel === 'email')).toEqual([]);
      // A departure reminder goes out all the same.
      const remind = `order:${id}:depart-2h`;
      const r = await deliverNotification({ kind: 'departure_2h', key: remind, userId: h.user.id, orderId: id });
      expect(r.sent).toBe(true);
      const { mails } = await sentEmail(remind);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toContain('2 小时后发车');
    } finally {
      await db().delete(notificationSettings).where(eq(notificationSettings.userId, h.user.id));
    }
  });

  it("a refunded ticket's departure reminder is not sent (the job re-checks when it runs)", async () => {
    const id = await issuedOrder(h, ['通知己']);
    await control(h.sandbox, 'POST', 'clock', { advanceMinutes: 6 });
    try {
      const [t] = await db().select().from(orderTickets).where(eq(orderTickets.orderId, id));
      const results = await requestRefunds(await orderRow(id), [t!.id], h.user.id);
      expect(results).toEqual([expect.objectContaining({ ok: true })]);
      await until(
        async () => (await db().select().from(orderTickets).where(eq(orderTickets.id, t!.id)))[0]!.status === 21,
        30_000,
        'ticket refunded',
      );
    } finally {
      await control(h.sandbox, 'POST', 'clock', { reset: true });
    }
    const key = `order:${id}:depart-eve`;
    const r = await deliverNotification({ kind: 'departure_eve', key, userId: h.user.id, orderId: id });
    expect(r.sent).toBe(false);
    expect(await rowsOf(key)).toEqual([]);
    // The refund's own result did go out, once.
    const refundRow = await until(
      async () =>
        (
          await db()
            .select()
            .from(notifications)
            .where(
              and(
                eq(notifications.userId, h.user.id),
                eq(notifications.kind, 'refund_result'),
                eq(notifications.channel, 'email'),
              ),
            )
        ).find((r) => r.title === '退票成功'),
      30_000,
      'refund result',
    );
    const { mails } = await sentEmail(refundRow.eventKey);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('退票成功');
  });

  it("the inbox is its owner's: another user can neither read nor mark it; the owner marks it read", async () => {
    expect(await unreadCount(h.user.id)).toBeGreaterThan(0);
    const first = (await inbox(h.user.id)).find((n) => !n.read);
    const stranger = await newTraveller('stranger');
    expect(await inbox(stranger.id)).toEqual([]);
    expect(await runGuarded(markReadDef, stranger, { id: first!.id })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await runGuarded(markReadDef, null, { id: first!.id })).toMatchObject({ ok: false });
    expect(await runGuarded(markReadDef, h.user, { id: 'x' })).toMatchObject({ ok: false, code: 'validation' });
    expect(await runGuarded(markReadDef, h.user, { id: first!.id })).toMatchObject({ ok: true });
    expect((await inbox(h.user.id)).find((n) => n.id === first!.id)?.read).toBe(true);
    // Read again by its owner: still read, nothing else changed.
    expect(await runGuarded(markReadDef, h.user, { id: first!.id })).toMatchObject({ ok: true });
  });

  it('web push: one encrypted push per event to each subscribed browser, also when the job runs again', async () => {
    const received: string[] = [];
    const tls = localCertificate();
    usePushAgent(new https.Agent({ ca: tls.cert }));
    const pushService = https.createServer(tls, (req, res) => {
      received.push(req.url ?? '');
      req.resume();
      req.on('end', () => res.writeHead(201).end());
    });
    await new Promise<void>((r) => pushService.listen(0, '127.0.0.1', () => r()));
    const keys = webpush.generateVAPIDKeys();
    process.env.VAPID_PUBLIC_KEY = keys.publicKey;
    process.env.VAPID_PRIVATE_KEY = keys.privateKey;
    try {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const endpoint = `https://127.0.0.1:${(pushService.address() as AddressInfo).port}/push/${randomBytes(4).toString('hex')}`;
      const sub = {
        endpoint,
        keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
      };
      expect(await runGuarded(subscribePushDef, h.user, sub)).toMatchObject({ ok: true });
      const id = await book(h, ['通知庚']);
      await waitStatus(id, 2);
      const key = `order:${id}:held`;
      await until(
        async () => (await rowsOf(key)).some((r) => r.channel === 'push' && r.status === 'sent'),
        30_000,
        'push sent',
      );
      await deliverNotification({ kind: 'hold_succeeded', key, userId: h.user.id, orderId: id });
      expect(received).toHaveLength(1);
      expect(received[0]).toBe(new URL(endpoint).pathname);
    } finally {
      await db().delete(pushSubscriptions).where(eq(pushSubscriptions.userId, h.user.id));
      delete process.env.VAPID_PUBLIC_KEY;
      delete process.env.VAPID_PRIVATE_KEY;
      usePushAgent(undefined);
      await new Promise((r) => pushService.close(r));
    }
  });

  it('an account locked by wrong passwords: one security email, once per lock', async () => {
    const address = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    for (let i = 0; i < 7; i++)
      expect(await authenticate({ email: h.user.email, password: 'wrong-password-1' }, address)).toBeNull();
    const row = await until(
      async () =>
        (await db().select().from(notifications).where(eq(notifications.userId, h.user.id))).find(
          (r) => r.kind === 'account_security' && r.channel === 'email' && r.status === 'sent',
        ),
      30_000,
      'lock notice sent',
    );
    expect(row.eventKey).toMatch(new RegExp(`^account:${h.user.id}:locked:`));
    const { mails } = await sentEmail(row.eventKey);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('账号已临时锁定');
    const locks = (await db().select().from(notifications).where(eq(notifications.userId, h.user.id))).filter(
      (r) => r.kind === 'account_security' && r.channel === 'email',
    );
    expect(locks).toHaveLength(1);
  });
});
