import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { SignUpForm } from './sign-up-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth.signUp');
  return { title: t('label') };
}

export default async function SignUpPage() {
  const t = await getTranslations('auth.signUp');
  return (
    <section className="mx-auto max-w-sm">
      <h1 className="mb-4 text-2xl font-semibold">{t('title')}</h1>
      <SignUpForm />
    </section>
  );
}
