import { useTranslations } from 'next-intl';

export function NoAgency() {
  const t = useTranslations('agency.noAgency');
  return (
    <section className="rounded-lg bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p role="alert" className="mt-2 text-amber-900">
        {t('notMember')}
      </p>
    </section>
  );
}
