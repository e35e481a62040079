import type { Metadata } from 'next';
import { SIGN_IN_FAILED_MESSAGE, SIGN_UP_SUBMITTED_MESSAGE } from '@/lib/auth/messages';
import { safeCallbackPath } from '@/lib/auth/redirect';
import { portalOrigin } from '@/lib/auth/sign-in';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: '登录' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const callbackUrl = safeCallbackPath(sp.callbackUrl, portalOrigin());
  // `error` comes from next-auth's own pages (e.g. an expired session); its text is never shown as given.
  const notice = sp.registered === '1' ? SIGN_UP_SUBMITTED_MESSAGE : null;
  const initialError = sp.error ? SIGN_IN_FAILED_MESSAGE : null;
  return (
    <section className="mx-auto max-w-sm">
      <h1 className="mb-4 text-2xl font-semibold">登录</h1>
      <SignInForm callbackUrl={callbackUrl} notice={notice} initialError={initialError} />
    </section>
  );
}
