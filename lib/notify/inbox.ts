/**
 * The in-app inbox, preferences and push subscriptions, as their owner sees them: every query and
 * every definition is scoped to the caller (WHERE user_id = the session's user), so a notification,
 * a preference or a subscription of someone else can be neither read nor changed.
 */
import 'server-only';
import { and, count, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { notificationPrefs, notifications, notificationSettings, pushSubscriptions } from '@/db/schema';
import type { GuardedDef } from '@/lib/actions';
import { AREA_ROLES, type SessionUser } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { CHANNELS, KIND_NAMES, type Channel, type NotifyKind } from './kinds';

const inboxOf = (userId: string) => and(eq(notifications.userId, userId), eq(notifications.channel, 'inbox'));

export async function unreadCount(userId: string): Promise<number> {
  const [r] = await db()
    .select({ n: count() })
    .from(notifications)
    .where(and(inboxOf(userId), isNull(notifications.readAt)));
  return r?.n ?? 0;
}

export interface InboxItem {
  id: string;
  kind: string;
  /**
   * Title and body as written when it was delivered, in the recipient's language then (users.locale,
   * render.ts): a reminder re-rendered now could say nothing (paid, refunded) or other facts.
   */
  title: string;
  body: string;
  link: string | null;
  createdAt: Date;
  read: boolean;
}

export async function inbox(userId: string, limit = 100): Promise<InboxItem[]> {
  const rows = await db()
    .select()
    .from(notifications)
    .where(inboxOf(userId))
    .orderBy(desc(notifications.createdAt))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    link: r.link,
    createdAt: r.createdAt,
    read: r.readAt !== null,
  }));
}

const me = (user: SessionUser | null): SessionUser => {
  if (!user) throw new AppError('unauthenticated', '请先登录。');
  return user;
};

/** Marks one of the caller's inbox notifications read (someone else's: not found). */
const markReadSchema = z.object({ id: z.uuid({ error: '通知编号无效。' }) });
export const markReadDef = {
  roles: AREA_ROLES.traveller,
  schema: markReadSchema,
  body: async ({ id }, user) => {
    const [row] = await db()
      .update(notifications)
      .set({ readAt: new Date() })
      .where(and(eq(notifications.id, id), inboxOf(me(user).id)))
      .returning({ id: notifications.id });
    if (!row) throw new AppError('not_found', '找不到这条通知。');
    return { id };
  },
} satisfies GuardedDef<typeof markReadSchema, { id: string }>;

const noInput = z.object({});
export const markAllReadDef = {
  roles: AREA_ROLES.traveller,
  schema: noInput,
  body: async (_input, user) => {
    const rows = await db()
      .update(notifications)
      .set({ readAt: new Date() })
      .where(and(inboxOf(me(user).id), isNull(notifications.readAt)))
      .returning({ id: notifications.id });
    return { marked: rows.length };
  },
} satisfies GuardedDef<typeof noInput, { marked: number }>;

export interface Preferences {
  off: { kind: NotifyKind; channel: Channel }[];
  quietStart: string | null;
  quietEnd: string | null;
}

const hhmm = (min: number | null) =>
  min === null ? null : `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

export async function preferences(userId: string): Promise<Preferences> {
  const rows = await db().select().from(notificationPrefs).where(eq(notificationPrefs.userId, userId));
  const [s] = await db().select().from(notificationSettings).where(eq(notificationSettings.userId, userId));
  return {
    off: rows.filter((r) => !r.enabled).map((r) => ({ kind: r.kind as NotifyKind, channel: r.channel as Channel })),
    quietStart: hhmm(s?.quietStartMin ?? null),
    quietEnd: hhmm(s?.quietEndMin ?? null),
  };
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/**
 * The preferences form: one checkbox per (kind, channel) named `<kind>.<channel>` (checked: on), and
 * quiet hours as two HH:mm fields (both empty: none).
 */
const preferencesSchema = z
  .object({
    quietStart: z.union([z.literal(''), z.string().regex(TIME, { error: '请填写 HH:mm 格式的时间。' })]).default(''),
    quietEnd: z.union([z.literal(''), z.string().regex(TIME, { error: '请填写 HH:mm 格式的时间。' })]).default(''),
  })
  .catchall(z.string())
  .refine((v) => (v.quietStart === '') === (v.quietEnd === ''), {
    error: '免打扰时段需要同时填写开始和结束时间。',
    path: ['quietEnd'],
  });
export const savePreferencesDef = {
  roles: AREA_ROLES.traveller,
  schema: preferencesSchema,
  body: async (input, user) => {
    const userId = me(user).id;
    const values = KIND_NAMES.flatMap((kind) =>
      CHANNELS.map((channel) => ({ userId, kind, channel, enabled: input[`${kind}.${channel}`] === 'on' })),
    );
    await db().transaction(async (tx) => {
      await tx.delete(notificationPrefs).where(eq(notificationPrefs.userId, userId));
      await tx.insert(notificationPrefs).values(values);
      const quiet = {
        quietStartMin: input.quietStart ? minutesOf(input.quietStart) : null,
        quietEndMin: input.quietEnd ? minutesOf(input.quietEnd) : null,
      };
      await tx
        .insert(notificationSettings)
        .values({ userId, ...quiet })
        .onConflictDoUpdate({ target: notificationSettings.userId, set: { ...quiet, updatedAt: new Date() } });
    });
    return { saved: true };
  },
} satisfies GuardedDef<typeof preferencesSchema, { saved: boolean }>;

/** A browser's PushSubscription.toJSON(), stored for the caller (an endpoint is one browser's). */
const subscribeSchema = z.object({
  endpoint: z.url({ protocol: /^https?$/, error: '推送地址无效。' }).max(2000),
  keys: z.object({ p256dh: z.string().min(1).max(200), auth: z.string().min(1).max(100) }),
});
export const subscribePushDef = {
  roles: AREA_ROLES.traveller,
  schema: subscribeSchema,
  body: async ({ endpoint, keys }, user) => {
    const userId = me(user).id;
    await db()
      .insert(pushSubscriptions)
      .values({ userId, endpoint, p256dh: keys.p256dh, auth: keys.auth })
      .onConflictDoUpdate({
        target: pushSubscriptions.endpoint,
        set: { userId, p256dh: keys.p256dh, auth: keys.auth },
      });
    return { subscribed: true };
  },
} satisfies GuardedDef<typeof subscribeSchema, { subscribed: boolean }>;

const unsubscribeSchema = z.object({ endpoint: z.url({ error: '推送地址无效。' }).max(2000) });
export const unsubscribePushDef = {
  roles: AREA_ROLES.traveller,
  schema: unsubscribeSchema,
  body: async ({ endpoint }, user) => {
    await db()
      .delete(pushSubscriptions)
      .where(and(eq(pushSubscriptions.endpoint, endpoint), eq(pushSubscriptions.userId, me(user).id)));
    return { subscribed: false };
  },
} satisfies GuardedDef<typeof unsubscribeSchema, { subscribed: boolean }>;

export async function pushSubscribed(userId: string): Promise<number> {
  const [r] = await db().select({ n: count() }).from(pushSubscriptions).where(eq(pushSubscriptions.userId, userId));
  return r?.n ?? 0;
}
