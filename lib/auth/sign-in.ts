/**
 * Sign-in as a server action: the address throttle, the credential check with its lock, then
 * next-auth's session cookie. next-auth's own credentials endpoint is closed (see the auth route), so
 * every password guess goes through here and is counted.
 */
import 'server-only';
import { headers } from 'next/headers';
import { z } from 'zod';
import type { GuardedDef } from '@/lib/actions';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { signInLocale } from '@/lib/i18n/locale';
import { authenticate, SIGN_IN_FAILED_MESSAGE, type AuthenticatedUser } from './credentials';
import { signInDevice } from './devices';
import { safeCallbackPath } from './redirect';
import { setSessionCookie } from './session-cookie';
import { authThrottle, clientAddress, type AuthThrottle } from './throttle';

export const signInSchema = z.object({
  email: z.string().trim().min(1, '请输入邮箱。').max(254, '邮箱过长。'),
  password: z.string().min(1, '请输入密码。').max(200, '密码过长。'),
  callbackUrl: z.string().max(2000).optional(),
});

/** Throttle, then the credential check; every refusal of a password is the same message. */
export async function passwordSignIn(
  input: { email: string; password: string },
  address: string,
  throttle: AuthThrottle = authThrottle(),
): Promise<AuthenticatedUser> {
  await throttle.assertSignInAllowed(address);
  const user = await authenticate(input, address);
  if (!user) {
    await throttle.recordSignInFailure(address);
    throw new AppError('unauthenticated', SIGN_IN_FAILED_MESSAGE);
  }
  return user;
}

export function portalOrigin(): string {
  return env().NEXTAUTH_URL ?? `http://localhost:${env().PORT}`;
}

export const signInDef = {
  roles: 'public',
  schema: signInSchema,
  body: async (input) => {
    const address = clientAddress(await headers());
    const user = await passwordSignIn(input, address);
    await setSessionCookie(user);
    // The device cookie; a device new to this user: the new-device notice (lib/auth/devices.ts).
    await signInDevice(user.id, address);
    // The account's language (lib/i18n/locale.ts).
    await signInLocale(user.id);
    return { to: safeCallbackPath(input.callbackUrl, portalOrigin()) };
  },
} satisfies GuardedDef<typeof signInSchema, { to: string }>;
