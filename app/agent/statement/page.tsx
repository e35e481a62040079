import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { NoAgency } from '@/components/agency/no-agency';
import { StatementTable } from '@/components/agency/statement-table';
import { workspace } from '@/lib/agency/pages';
import { agencyBalance, statement } from '@/lib/ledger';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('agency.statement');
  return { title: t('title') };
}

export default async function StatementPage() {
  const { m } = await workspace('/agent/statement');
  if (!m) return <NoAgency />;
  if (m.role !== 'owner') notFound();
  const [lines, balance] = await Promise.all([statement(m.agencyId), agencyBalance(m.agencyId)]);
  const t = await getTranslations('agency');
  const locale = await getLocale();
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t('statement.heading', { name: m.agencyName })}</h1>
      {locale === 'en' && <p className="text-sm text-slate-600">{t('timesNote')}</p>}
      <a href="/api/agent/statement-csv" className="text-brand-700 underline">
        {t('statement.csv')}
      </a>
      <StatementTable lines={lines} balanceFen={balance} />
    </section>
  );
}
