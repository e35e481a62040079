import type { Metadata } from 'next';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: '登录' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const callbackUrl =
    typeof sp.callbackUrl === 'string' && sp.callbackUrl.startsWith('/') && !sp.callbackUrl.startsWith('//')
      ? sp.callbackUrl
      : '/';
  const email = typeof sp.email === 'string' ? sp.email : '';
  return (
    <section className="mx-auto max-w-sm">
      <h1 className="mb-4 text-2xl font-semibold">登录</h1>
      <SignInForm callbackUrl={callbackUrl} defaultEmail={email} />
    </section>
  );
}
