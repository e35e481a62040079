/**
 * What the admin sees of notifications (the jobs page): counts per channel and state, and the latest
 * that failed, are being retried or were given up (a push subscription gone, a bounce the server
 * answered with), with the attempts and the server's last answer. Addresses are masked.
 */
import 'server-only';
import { desc, inArray, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { notifications } from '@/db/schema';

export interface NotificationTrouble {
  id: string;
  kind: string;
  channel: string;
  recipient: string;
  status: string;
  attempts: number;
  lastError: string | null;
  updatedAt: Date;
}

/** a***@example.com; a push endpoint by its host only. */
export function maskRecipient(channel: string, r: string): string {
  if (channel === 'email') {
    const [name = '', host = ''] = r.split('@');
    return `${name.slice(0, 1)}***@${host}`;
  }
  if (channel === 'push') {
    try {
      return new URL(r).host;
    } catch {
      return '—';
    }
  }
  return '站内信';
}

export async function notificationStats(): Promise<{ channel: string; status: string; n: number }[]> {
  const rows = await db()
    .select({ channel: notifications.channel, status: notifications.status, n: sql<number>`count(*)::int` })
    .from(notifications)
    .groupBy(notifications.channel, notifications.status)
    .orderBy(notifications.channel, notifications.status);
  return rows;
}

export async function notificationTrouble(limit = 50): Promise<NotificationTrouble[]> {
  const rows = await db()
    .select()
    .from(notifications)
    .where(inArray(notifications.status, ['failed', 'sending', 'skipped']))
    .orderBy(desc(notifications.updatedAt))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    channel: r.channel,
    recipient: maskRecipient(r.channel, r.recipient),
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    updatedAt: r.updatedAt,
  }));
}
