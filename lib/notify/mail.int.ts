/** Shared by the notification integration tests: the mail catcher's messages for an address, a notification's rows. */
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { db } from '@/db/client';
import { notifications } from '@/db/schema';
import type { CaughtMail } from '@/sandbox/mail-catcher';

/** The mail the catcher at `catcherUrl` holds for `to` (what a person would read). */
export async function mailFor(catcherUrl: string, to: string): Promise<CaughtMail[]> {
  const res = await fetch(`${catcherUrl}/api/messages?to=${encodeURIComponent(to)}`);
  expect(res.ok).toBe(true);
  return (await res.json()) as CaughtMail[];
}

/** The notification rows of one event key. */
export const rowsOf = (key: string) => db().select().from(notifications).where(eq(notifications.eventKey, key));
