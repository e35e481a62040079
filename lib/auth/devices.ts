/**
 * Devices a user signs in from (issue 28, "sign-in from a new device"): a long-lived random cookie
 * names the browser; user_devices keeps its SHA-256 per user. A successful sign-in with a device this
 * user has not used before records it and queues one `account_security` notice (what: new_device) in
 * the same transaction, keyed by the device row, so exactly once per (user, device).
 *
 * Decided: the account's first recorded device sends no notice. There is nothing to compare it with
 * (a new account's first sign-in, or an account from before devices were recorded), and a notice to
 * every user on their first sign-in after this shipped would teach them to ignore the notice.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, ne, sql } from 'drizzle-orm';
import { cookies, headers } from 'next/headers';
import { db } from '@/db/client';
import { userDevices } from '@/db/schema';
import { logError } from '@/lib/log';
import { sendNotification } from '@/lib/notify/events';

export const DEVICE_COOKIE = 'rail_device';
/** 400 days: the longest lifetime browsers keep a cookie for. */
export const DEVICE_COOKIE_MAX_AGE = 400 * 86_400;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const wellFormed = (t: string | undefined): t is string => !!t && /^[\w-]{32,64}$/.test(t);

/** "Chrome · Windows": the browser and the system, never the full User-Agent. */
export function deviceSummary(userAgent: string | null | undefined): string {
  const ua = userAgent ?? '';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /(Chrome|CriOS)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : '未知浏览器';
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /iPhone|iPad|iPod/.test(ua)
      ? 'iOS'
      : /Android/.test(ua)
        ? 'Android'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : '未知系统';
  return `${browser} · ${os}`;
}

/**
 * After a successful sign-in: the device (the cookie's token, or a new one) recorded for the user.
 * Returns the token to (re)set as the cookie and whether a notice was queued.
 */
export async function recordSignInDevice(
  userId: string,
  cookieToken: string | undefined,
  seen: { userAgent?: string | null; address?: string | null },
  now = new Date(),
): Promise<{ token: string; notified: boolean }> {
  const token = wellFormed(cookieToken) ? cookieToken : randomBytes(32).toString('base64url');
  const deviceHash = hashOf(token);
  const summary = deviceSummary(seen.userAgent);
  return db().transaction(async (tx) => {
    const [fresh] = await tx
      .insert(userDevices)
      .values({ userId, deviceHash, userAgent: summary, firstIp: seen.address ?? null, lastIp: seen.address ?? null })
      .onConflictDoNothing()
      .returning({ id: userDevices.id });
    if (!fresh) {
      await tx
        .update(userDevices)
        .set({ lastSeenAt: sql`now()`, lastIp: seen.address ?? null, userAgent: summary })
        .where(and(eq(userDevices.userId, userId), eq(userDevices.deviceHash, deviceHash)));
      return { token, notified: false };
    }
    const [other] = await tx
      .select({ id: userDevices.id })
      .from(userDevices)
      .where(and(eq(userDevices.userId, userId), ne(userDevices.id, fresh.id)))
      .limit(1);
    if (!other) return { token, notified: false }; // the account's first device: nothing to compare with
    await sendNotification(
      {
        kind: 'account_security',
        key: `device:${fresh.id}`,
        userId,
        facts: {
          what: 'new_device',
          at: now.toISOString(),
          device: seen.address ? `${summary}，地址 ${seen.address}` : summary,
        },
      },
      tx,
    );
    return { token, notified: true };
  });
}

/**
 * The sign-in action's part: reads the device cookie, records the device, sets the cookie again
 * (httpOnly, SameSite=Lax, Secure in production or behind https). Never fails the sign-in: an
 * error is logged and the sign-in goes on.
 */
export async function signInDevice(userId: string, address: string): Promise<void> {
  try {
    const jar = await cookies();
    const { token } = await recordSignInDevice(userId, jar.get(DEVICE_COOKIE)?.value, {
      userAgent: (await headers()).get('user-agent'),
      address,
    });
    jar.set(DEVICE_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: process.env.NODE_ENV === 'production' || (process.env.NEXTAUTH_URL?.startsWith('https://') ?? false),
      maxAge: DEVICE_COOKIE_MAX_AGE,
    });
  } catch (e) {
    logError('sign-in device not recorded', e);
  }
}
