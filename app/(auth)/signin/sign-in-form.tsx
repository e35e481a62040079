'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { Field, buttonPrimary } from '@/components/ui/field';
import { signInAction } from './actions';

type State = Awaited<ReturnType<typeof signInAction>> | null;

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
  const [state, action, pending] = useActionState<State, FormData>(signInAction, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const message = state ? (state.ok ? null : state.message) : initialError;

  return (
    <form action={action} className="flex flex-col gap-4 rounded-lg bg-white p-5 shadow-sm" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field
        name="email"
        label="邮箱"
        type="email"
        autoComplete="username"
        required
        defaultValue={state?.email ?? ''}
        errors={errors.email}
      />
      <Field
        name="password"
        label="密码"
        type="password"
        autoComplete="current-password"
        required
        errors={errors.password}
      />
      <div aria-live="polite" role="status">
        {message ? (
          <p className="rounded bg-red-50 p-2 text-sm text-red-800">{message}</p>
        ) : (
          notice && <p className="rounded bg-green-50 p-2 text-sm text-green-800">{notice}</p>
        )}
      </div>
      <button type="submit" className={buttonPrimary} disabled={pending}>
        {pending ? '登录中…' : '登录'}
      </button>
      <p className="text-sm text-slate-600">
        还没有账号？
        <Link href="/signup" className="text-brand-700 underline">
          注册
        </Link>
      </p>
    </form>
  );
}
