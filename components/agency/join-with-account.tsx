'use client';

import { useTranslations } from 'next-intl';
import { FormField, StateForm } from '@/components/ui/form';
import { joinWithNewAccountAction } from '@/lib/agency/actions';

/**
 * For a visitor without an account: the sign-up form's fields (and rules, checked on the server)
 * create the account, link it to the agency and sign it in, in one step. A refused submit keeps
 * what was typed.
 */
export function JoinWithAccount({ token, email }: { token: string; email: string }) {
  const t = useTranslations('agency.join');
  return (
    <StateForm label={t('label')} action={joinWithNewAccountAction} submitLabel={t('submit')}>
      <input type="hidden" name="token" value={token} />
      <FormField name="email" label={t('email')} type="email" required defaultValue={email} />
      <FormField name="displayName" label={t('displayName')} required />
      <FormField name="password" label={t('password')} type="password" required hint={t('passwordHint')} />
      <FormField name="confirmPassword" label={t('confirmPassword')} type="password" required />
    </StateForm>
  );
}
