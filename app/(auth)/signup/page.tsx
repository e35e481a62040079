import type { Metadata } from 'next';
import { SignUpForm } from './sign-up-form';

export const metadata: Metadata = { title: '注册' };

export default function SignUpPage() {
  return (
    <section className="mx-auto max-w-sm">
      <h1 className="mb-4 text-2xl font-semibold">注册旅客账号</h1>
      <SignUpForm />
    </section>
  );
}
