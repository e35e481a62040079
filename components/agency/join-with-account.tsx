'use client';

import { FormField, StateForm } from '@/components/ui/form';
import { joinWithNewAccountAction } from '@/lib/agency/actions';

/**
 * For a visitor without an account: the sign-up form's fields (and rules, checked on the server)
 * create the account, link it to the agency and sign it in, in one step. A refused submit keeps
 * what was typed.
 */
export function JoinWithAccount({ token, email }: { token: string; email: string }) {
  return (
    <StateForm label="注册并加入" action={joinWithNewAccountAction} submitLabel="注册并加入旅行社">
      <input type="hidden" name="token" value={token} />
      <FormField name="email" label="邮箱" type="email" required defaultValue={email} />
      <FormField name="displayName" label="称呼" required />
      <FormField name="password" label="密码" type="password" required hint="至少 10 位，需同时包含字母和数字。" />
      <FormField name="confirmPassword" label="确认密码" type="password" required />
    </StateForm>
  );
}
