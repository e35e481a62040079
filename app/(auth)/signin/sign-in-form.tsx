'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { Field, buttonPrimary } from '@/components/ui/field';
import { SIGN_IN_FAILED_MESSAGE } from '@/lib/auth/messages';
import { formString } from '@/lib/form';

export function SignInForm({ callbackUrl, defaultEmail }: { callbackUrl: string; defaultEmail: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await signIn('credentials', {
      email: formString(form, 'email'),
      password: formString(form, 'password'),
      redirect: false,
    });
    setPending(false);
    if (!res || res.error) {
      setError(SIGN_IN_FAILED_MESSAGE);
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4 rounded-lg bg-white p-5 shadow-sm" noValidate>
      <Field name="email" label="邮箱" type="email" autoComplete="username" required defaultValue={defaultEmail} />
      <Field name="password" label="密码" type="password" autoComplete="current-password" required />
      <div aria-live="polite" role="status">
        {error && <p className="rounded bg-red-50 p-2 text-sm text-red-800">{error}</p>}
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
