'use client';

import { ActionForm } from '@/components/ui/action-form';
import { joinWithNewAccountAction } from '@/lib/agency/actions';

/**
 * For a visitor without an account: the sign-up form's fields (and rules, checked on the server)
 * create the account, link it to the agency and sign it in, in one step. A refused submit keeps
 * what was typed.
 */
export function JoinWithAccount({ token, email }: { token: string; email: string }) {
  return (
    <ActionForm
      label="注册并加入"
      action={joinWithNewAccountAction}
      hidden={{ token }}
      submitLabel="注册并加入旅行社"
      fields={[
        { name: 'email', label: '邮箱', type: 'email', required: true, defaultValue: email },
        { name: 'displayName', label: '称呼', required: true },
        {
          name: 'password',
          label: '密码',
          type: 'password',
          required: true,
          hint: '至少 10 位，需同时包含字母和数字。',
        },
        { name: 'confirmPassword', label: '确认密码', type: 'password', required: true },
      ]}
    />
  );
}
