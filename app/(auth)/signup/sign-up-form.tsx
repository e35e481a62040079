'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { FormField, StateForm } from '@/components/ui/form';
import { signUp } from '@/lib/auth/actions';

/**
 * The server action is the form's action itself, so the form posts before hydration too. Success
 * redirects to sign-in with the same notice whether or not the email was new.
 */
export function SignUpForm() {
  const t = useTranslations('auth.signUp');
  return (
    <div className="flex flex-col gap-4 rounded-lg bg-white p-5 shadow-sm">
      <StateForm
        action={signUp}
        label={t('label')}
        submitLabel={t('submit')}
        pendingLabel={t('pending')}
        className="flex flex-col gap-4"
      >
        <FormField name="email" label={t('email')} type="email" autoComplete="email" required />
        <FormField name="displayName" label={t('displayName')} autoComplete="nickname" required />
        <FormField
          name="password"
          label={t('password')}
          type="password"
          autoComplete="new-password"
          required
          hint={t('passwordHint')}
        />
        <FormField
          name="confirmPassword"
          label={t('confirmPassword')}
          type="password"
          autoComplete="new-password"
          required
        />
      </StateForm>
      <p className="text-sm text-slate-600">
        {t('haveAccount')}
        <Link href="/signin" className="text-brand-700 underline">
          {t('signIn')}
        </Link>
      </p>
    </div>
  );
}
