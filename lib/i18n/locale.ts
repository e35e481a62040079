/**
 * The language choice: the header's switch sets the cookie and, for a signed-in user, remembers it
 * on the account (users.locale); signing in puts the account's choice back into the cookie (a choice
 * made before signing in, on an account that never chose, is remembered for it).
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { cookies } from 'next/headers';
import { z } from 'zod';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import type { GuardedDef } from '@/lib/actions';
import { logError } from '@/lib/log';
import { isLocale, LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE, LOCALES, type Locale } from './config';

async function setLocaleCookie(locale: Locale): Promise<void> {
  (await cookies()).set(LOCALE_COOKIE, locale, {
    path: '/',
    sameSite: 'lax',
    maxAge: LOCALE_COOKIE_MAX_AGE,
    secure: process.env.NODE_ENV === 'production' || (process.env.NEXTAUTH_URL?.startsWith('https://') ?? false),
  });
}

export const setLocaleSchema = z.object({ locale: z.enum(LOCALES) });

export const setLocaleDef = {
  roles: 'public',
  schema: setLocaleSchema,
  name: 'setLocale',
  body: async ({ locale }, user) => {
    await setLocaleCookie(locale);
    if (user) await db().update(users).set({ locale }).where(eq(users.id, user.id));
    return { locale };
  },
} satisfies GuardedDef<typeof setLocaleSchema, { locale: Locale }>;

/** The user's stored locale. */
export async function userLocale(userId: string): Promise<Locale | null> {
  const [row] = await db().select({ locale: users.locale }).from(users).where(eq(users.id, userId));
  return isLocale(row?.locale) ? row.locale : null;
}

/** At sign-in: the account's choice into the cookie, or the cookie's choice onto an account without one. Never fails a sign-in. */
export async function signInLocale(userId: string): Promise<void> {
  try {
    const stored = await userLocale(userId);
    if (stored) return await setLocaleCookie(stored);
    const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
    if (isLocale(chosen)) await db().update(users).set({ locale: chosen }).where(eq(users.id, userId));
  } catch (e) {
    logError('sign-in locale not applied', e);
  }
}
