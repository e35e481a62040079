'use client';

import Link from 'next/link';
import { FormField, StateForm } from '@/components/ui/form';
import { signUp } from '@/lib/auth/actions';

/**
 * The server action is the form's action itself, so the form posts before hydration too. Success
 * redirects to sign-in with the same notice whether or not the email was new.
 */
export function SignUpForm() {
  return (
    <div className="flex flex-col gap-4 rounded-lg bg-white p-5 shadow-sm">
      <StateForm action={signUp} label="注册" submitLabel="注册" pendingLabel="提交中…" className="flex flex-col gap-4">
        <FormField name="email" label="邮箱" type="email" autoComplete="email" required />
        <FormField name="displayName" label="称呼" autoComplete="nickname" required />
        <FormField
          name="password"
          label="密码"
          type="password"
          autoComplete="new-password"
          required
          hint="至少 10 位，需同时包含字母和数字。"
        />
        <FormField name="confirmPassword" label="确认密码" type="password" autoComplete="new-password" required />
      </StateForm>
      <p className="text-sm text-slate-600">
        已有账号？
        <Link href="/signin" className="text-brand-700 underline">
          登录
        </Link>
      </p>
    </div>
  );
}
