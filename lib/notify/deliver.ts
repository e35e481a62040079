/**
 * The notification job (queue `notify`): renders the event with today's facts and delivers it on each
 * channel the user wants, exactly once per (event key, channel, recipient).
 *
 * Exactly-once, claim-then-send:
 * 1. One row per (event key, channel, recipient) is INSERTed … ON CONFLICT DO NOTHING (UNIQUE index
 *    notifications_event_channel_recipient_key): a retried job, a second job for the same event or a
 *    restarted worker finds the same row.
 * 2. Claim: `UPDATE … SET status = 'sending', lease_until = now() + NOTIFY_LEASE_SECONDS, attempts + 1
 *    WHERE status IN ('pending', 'failed') OR (status = 'sending' AND lease_until < now())`. Only the
 *    claimer sends. A row `sent` is never sent again; a row another worker is sending (lease live)
 *    makes this job throw and retry later (so a worker that died mid-send is taken over once its
 *    lease ends, by its own job's retry or any other).
 * 3. Send, then `status = 'sent'` with the server's answer and the Message-ID.
 *
 * What a death mid-send does: before the SMTP server accepted the message (connection, DATA not
 * finished), nothing was delivered (an SMTP server discards an unfinished transaction) and the
 * takeover sends it once. The one window left is between the server's "250 accepted" and the UPDATE
 * to `sent` (microseconds): a death exactly there makes the takeover send again, with the same
 * Message-ID (fixed at the first claim), so mail clients that dedupe by Message-ID show one. No
 * protocol can close that window without the receiver's help. The inbox row is written in one
 * statement (no window). Sending never touches an order: it runs in its own job, and a failure is
 * recorded on the row (`failed`, last_error) for the admin page and retried by pg-boss.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { notificationPrefs, notifications, notificationSettings, pushSubscriptions, users } from '@/db/schema';
import { env } from '@/lib/env';
import { failpoint } from '@/lib/failpoint';
import { DEFAULT_LOCALE, isLocale, type Locale } from '@/lib/i18n/config';
import { enqueue, QUEUES } from '@/lib/jobs';
import { shanghaiTime } from '@/lib/time';
import type { NotifyJob } from './events';
import { CHANNELS, inQuietHours, KINDS, isKind, type Channel } from './kinds';
import { sendMail } from './mailer';
import { pushConfigured, PushGoneError, sendPush } from './push';
import { emailHtml, emailText, render, type Rendered } from './render';

/** Raised while another worker holds a live claim: pg-boss retries the job after its delay. */
export class NotificationBusyError extends Error {}

/**
 * The language a notification is written in: the recipient's account (users.locale; none: Chinese).
 * An address without an account (a staff invitation) gets the inviting user's.
 */
async function recipientLocale(job: NotifyJob): Promise<Locale> {
  const to = typeof job.facts?.to === 'string' ? job.facts.to.toLowerCase() : null;
  const byEmail = to ? await db().select({ locale: users.locale }).from(users).where(eq(users.email, to)) : [];
  const [row] = byEmail.length
    ? byEmail
    : await db().select({ locale: users.locale }).from(users).where(eq(users.id, job.userId));
  return isLocale(row?.locale) ? row.locale : DEFAULT_LOCALE;
}

/** Whether the user wants `kind` on `channel` (no row: yes; security email cannot be turned off). */
async function wanted(userId: string, kind: string): Promise<Set<Channel>> {
  const rows = await db().select().from(notificationPrefs).where(eq(notificationPrefs.userId, userId));
  const off = new Set(rows.filter((r) => r.kind === kind && !r.enabled).map((r) => r.channel));
  const info = isKind(kind) ? KINDS[kind] : undefined;
  return new Set(
    CHANNELS.filter((c) => !off.has(c) || (c === 'email' && info && 'emailRequired' in info && info.emailRequired)),
  );
}

/** The end of the user's quiet hours if `now` is inside them (Beijing time), else null. */
async function quietUntil(userId: string, now: Date): Promise<Date | null> {
  const [s] = await db().select().from(notificationSettings).where(eq(notificationSettings.userId, userId));
  if (!s || s.quietStartMin === null || s.quietEndMin === null) return null;
  const [h, m] = shanghaiTime(now).split(':').map(Number) as [number, number];
  const minute = h * 60 + m;
  if (!inQuietHours(minute, s.quietStartMin, s.quietEndMin)) return null;
  const wait = (s.quietEndMin - minute + 1440) % 1440;
  return new Date(now.getTime() + wait * 60_000);
}

interface Target {
  channel: Channel;
  recipient: string;
  push?: { endpoint: string; p256dh: string; auth: string };
}

/** Writes the row for (key, channel, recipient) if there is none; returns its id. */
async function ensureRow(job: NotifyJob, t: Target, r: Rendered): Promise<string> {
  const inbox = t.channel === 'inbox';
  const values = {
    eventKey: job.key,
    channel: t.channel,
    recipient: t.recipient,
    userId: job.userId,
    kind: job.kind,
    title: r.title,
    body: r.lines.join('\n'),
    link: r.secretLink ? null : r.link,
    // The inbox row is the delivery: written once, sent by being there.
    status: inbox ? 'sent' : 'pending',
    ...(inbox ? { sentAt: new Date() } : {}),
  };
  await db().insert(notifications).values(values).onConflictDoNothing();
  const [row] = await db()
    .select({ id: notifications.id })
    .from(notifications)
    .where(
      and(
        eq(notifications.eventKey, job.key),
        eq(notifications.channel, t.channel),
        eq(notifications.recipient, t.recipient),
      ),
    );
  return row!.id;
}

/** Claims the row for sending; returns its Message-ID, or null when it is sent already (throws when busy). */
async function claim(id: string): Promise<{ messageId: string } | null> {
  const lease = env().NOTIFY_LEASE_SECONDS;
  const [row] = await db()
    .update(notifications)
    .set({
      status: 'sending',
      attempts: sql`${notifications.attempts} + 1`,
      leaseUntil: sql`now() + make_interval(secs => ${lease})`,
      messageId: sql`coalesce(${notifications.messageId}, ${`<${randomUUID()}@rail-portal>`})`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(notifications.id, id),
        sql`(${notifications.status} in ('pending', 'failed') or (${notifications.status} = 'sending' and ${notifications.leaseUntil} < now()))`,
      ),
    )
    .returning({ messageId: notifications.messageId });
  if (row) return { messageId: row.messageId! };
  const [now] = await db().select({ status: notifications.status }).from(notifications).where(eq(notifications.id, id));
  if (now?.status === 'sending') throw new NotificationBusyError(`notification ${id} is being sent by another worker`);
  return null; // sent or skipped
}

async function finish(id: string, patch: Partial<typeof notifications.$inferInsert>) {
  await db()
    .update(notifications)
    .set({ ...patch, leaseUntil: null, updatedAt: sql`now()` })
    .where(eq(notifications.id, id));
}

async function sendOne(job: NotifyJob, t: Target, r: Rendered): Promise<void> {
  const id = await ensureRow(job, t, r);
  if (t.channel === 'inbox') return;
  const claimed = await claim(id);
  if (!claimed) return;
  try {
    // A worker dying here (claimed, nothing sent) is the chaos run's and the tests' "killed mid-send".
    await failpoint('notify-sending');
    let answer: string;
    if (t.channel === 'email') {
      answer = await sendMail({
        to: t.recipient,
        subject: r.title,
        text: emailText(r),
        html: emailHtml(r),
        messageId: claimed.messageId,
        ...(r.ics
          ? { attachments: [{ filename: 'trip.ics', content: r.ics, contentType: 'text/calendar; charset=utf-8' }] }
          : {}),
      });
    } else {
      await sendPush(t.push!, { title: r.title, body: r.lines[0] ?? '', url: r.link, tag: job.key });
      answer = 'push accepted';
    }
    await finish(id, { status: 'sent', sentAt: new Date(), lastError: answer.slice(0, 200) });
  } catch (err) {
    if ((err as Error).name === 'FailpointError') throw err; // "died": the row keeps its claim
    const gone = err instanceof PushGoneError;
    await finish(id, { status: gone ? 'skipped' : 'failed', lastError: String((err as Error).message).slice(0, 500) });
    if (!gone) throw err;
  }
}

/**
 * The job: render with today's facts in the recipient's language (null: the moment has passed, nothing is sent), then every
 * wanted channel. During quiet hours email and push wait for their end (a new job for the same key:
 * the rows make it exactly-once whichever runs); the inbox gets the row at once.
 */
export async function deliverNotification(job: NotifyJob, now = new Date()): Promise<{ sent: boolean }> {
  const r = await render(job, await recipientLocale(job));
  if (!r) return { sent: false };
  // An address, not a user (a staff invitation to someone who may have no account): that email only.
  if (typeof job.facts?.to === 'string') {
    await sendOne(job, { channel: 'email', recipient: job.facts.to }, r);
    return { sent: true };
  }
  const [user] = await db().select({ email: users.email }).from(users).where(eq(users.id, job.userId));
  if (!user) return { sent: false };
  const channels = await wanted(job.userId, job.kind);
  const targets: Target[] = [];
  if (channels.has('inbox')) targets.push({ channel: 'inbox', recipient: job.userId });
  const quiet = r.ignoresQuietHours ? null : await quietUntil(job.userId, now);
  if (quiet) {
    for (const t of targets) await sendOne(job, t, r);
    await enqueue(QUEUES.notify, job, { startAfter: quiet, singletonKey: `quiet:${job.key}` });
    return { sent: false };
  }
  if (channels.has('email')) targets.push({ channel: 'email', recipient: user.email });
  if (channels.has('push') && pushConfigured()) {
    const subs = await db().select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, job.userId));
    for (const s of subs) targets.push({ channel: 'push', recipient: s.endpoint, push: s });
  }
  const errors: unknown[] = [];
  for (const t of targets) {
    try {
      await sendOne(job, t, r);
    } catch (err) {
      if ((err as Error).name === 'FailpointError') throw err;
      errors.push(err);
    }
  }
  if (errors.length) throw errors[0];
  return { sent: true };
}
