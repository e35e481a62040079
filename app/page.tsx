import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { SearchForm } from '@/components/search/search-form';
import { currentUser } from '@/lib/auth/guard';
import { addDays, presaleWindow } from '@/lib/time';
import { PRESALE_DAYS } from '@/lib/domain/rules';

export default async function HomePage() {
  const t = await getTranslations('home');
  const user = await currentUser();
  const window = presaleWindow(new Date(), PRESALE_DAYS);
  return (
    <section className="flex flex-col gap-6">
      <div className="rounded-lg bg-gradient-to-r from-brand-700 to-brand-600 p-6 text-white">
        <h1 className="text-2xl font-semibold sm:text-3xl">{t('title')}</h1>
        <p className="mt-2 text-brand-100">{t('lead')}</p>
      </div>
      <div className="rounded-lg bg-white p-5 shadow-sm">
        <h2 className="mb-3 text-lg font-semibold">{t('search')}</h2>
        <SearchForm initial={{ from: '', to: '', date: addDays(window.first, 1) }} window={window} calendar />
        {!user && (
          <p className="mt-4 text-sm text-slate-600">
            {t.rich('signInToBook', {
              signin: (c) => (
                <Link href="/signin" className="text-brand-700 underline">
                  {c}
                </Link>
              ),
              signup: (c) => (
                <Link href="/signup" className="text-brand-700 underline">
                  {c}
                </Link>
              ),
            })}
          </p>
        )}
      </div>
    </section>
  );
}
