'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useActionState, useEffect, useRef } from 'react';
import { Field, buttonPrimary } from '@/components/ui/field';
import { formString } from '@/lib/form';
import { signUp } from './actions';

type State = Awaited<ReturnType<typeof signUp>> | null;

export function SignUpForm() {
  const router = useRouter();
  const passwordRef = useRef('');
  const [state, action, pending] = useActionState<State, FormData>(async (prev, form) => {
    passwordRef.current = formString(form, 'password');
    return signUp(prev, form);
  }, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};

  useEffect(() => {
    if (!state?.ok) return;
    // Sign the new traveller in straight away; fall back to the sign-in page if that fails.
    void signIn('credentials', { email: state.data.email, password: passwordRef.current, redirect: false }).then(
      (res) => {
        passwordRef.current = '';
        router.replace(res?.ok ? '/' : `/signin?email=${encodeURIComponent(state.data.email)}`);
        router.refresh();
      },
    );
  }, [state, router]);

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
        {state?.ok && <p className="rounded bg-green-50 p-2 text-sm text-green-800">注册成功，正在登录…</p>}
      </div>
      <button type="submit" className={buttonPrimary} disabled={pending || state?.ok === true}>
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
