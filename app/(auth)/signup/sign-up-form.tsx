'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { Field, buttonPrimary } from '@/components/ui/field';
import { signUp } from './actions';

type State = Awaited<ReturnType<typeof signUp>> | null;

/**
 * The server action is the form's action itself, so the form posts before hydration too. Success
 * redirects to sign-in with the same notice whether or not the email was new.
 */
export function SignUpForm() {
  const [state, action, pending] = useActionState<State, FormData>(signUp, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};

  return (
    <form action={action} className="flex flex-col gap-4 rounded-lg bg-white p-5 shadow-sm" noValidate>
      <Field name="email" label="邮箱" type="email" autoComplete="email" required errors={errors.email} />
      <Field name="displayName" label="称呼" autoComplete="nickname" required errors={errors.displayName} />
      <Field
        name="password"
        label="密码"
        type="password"
        autoComplete="new-password"
        required
        hint="至少 10 位，需同时包含字母和数字。"
        errors={errors.password}
      />
      <Field
        name="confirmPassword"
        label="确认密码"
        type="password"
        autoComplete="new-password"
        required
        errors={errors.confirmPassword}
      />
      <div aria-live="polite" role="status">
        {state && !state.ok && <p className="rounded bg-red-50 p-2 text-sm text-red-800">{state.message}</p>}
      </div>
      <button type="submit" className={buttonPrimary} disabled={pending}>
        {pending ? '提交中…' : '注册'}
      </button>
      <p className="text-sm text-slate-600">
        已有账号？
        <Link href="/signin" className="text-brand-700 underline">
          登录
        </Link>
      </p>
    </form>
  );
}
