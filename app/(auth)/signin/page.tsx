import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { SIGN_IN_FAILED_MESSAGE, SIGN_UP_SUBMITTED_MESSAGE } from '@/lib/auth/messages';
import { safeCallbackPath } from '@/lib/auth/redirect';
import { portalOrigin } from '@/lib/auth/sign-in';
import { SignInForm } from './sign-in-form';
import { getTx } from '@/lib/i18n/server';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth.signIn');
  return { title: t('title') };
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const t = await getTranslations('auth.signIn');
  const tx = await getTx();
  const callbackUrl = safeCallbackPath(sp.callbackUrl, portalOrigin());
  // `error` comes from next-auth's own pages (e.g. an expired session); its text is never shown as given.
  const notice = sp.registered === '1' ? tx(SIGN_UP_SUBMITTED_MESSAGE) : null;
  const initialError = sp.error ? tx(SIGN_IN_FAILED_MESSAGE) : null;
  return (
    <section className="mx-auto max-w-sm">
      <h1 className="mb-4 text-2xl font-semibold">{t('title')}</h1>
      <SignInForm callbackUrl={callbackUrl} notice={notice} initialError={initialError} />
    </section>
  );
}
