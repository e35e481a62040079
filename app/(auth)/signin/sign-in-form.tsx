'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { FormField, StateForm } from '@/components/ui/form';
import { signInAction } from '@/lib/auth/actions';

/**
 * A server action form: React renders it as a POST (multipart) form, so submitted before hydration or
 * without JavaScript it still posts, and the password never ends up in a URL.
 */
export function SignInForm({
  callbackUrl,
  notice,
  initialError,
}: {
  callbackUrl: string;
  notice: string | null;
  initialError: string | null;
}) {
  const t = useTranslations('auth.signIn');
  return (
    <div className="flex flex-col gap-4 rounded-lg bg-white p-5 shadow-sm">
      <StateForm
        action={signInAction}
        label={t('title')}
        submitLabel={t('submit')}
        pendingLabel={t('pending')}
        className="flex flex-col gap-4"
        notice={
          initialError ? (
            <p className="rounded bg-red-50 p-2 text-sm text-red-800">{initialError}</p>
          ) : (
            notice && <p className="rounded bg-green-50 p-2 text-sm text-green-800">{notice}</p>
          )
        }
      >
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <FormField name="email" label={t('email')} type="email" autoComplete="username" required />
        <FormField name="password" label={t('password')} type="password" autoComplete="current-password" required />
      </StateForm>
      <p className="text-sm text-slate-600">
        {t('noAccount')}
        <Link href="/signup" className="text-brand-700 underline">
          {t('signUp')}
        </Link>
      </p>
    </div>
  );
}
