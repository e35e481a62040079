import { notFound } from 'next/navigation';
import { NoAgency } from '@/components/agency/no-agency';
import { StatementTable } from '@/components/agency/statement-table';
import { workspace } from '@/lib/agency/pages';
import { agencyBalance, statement } from '@/lib/ledger';

export const metadata = { title: '对账单' };

export default async function StatementPage() {
  const { m } = await workspace('/agent/statement');
  if (!m) return <NoAgency />;
  if (m.role !== 'owner') notFound();
  const [lines, balance] = await Promise.all([statement(m.agencyId), agencyBalance(m.agencyId)]);
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">预存款对账单 · {m.agencyName}</h1>
      <a href="/api/agent/statement-csv" className="text-brand-700 underline">
        下载 CSV
      </a>
      <StatementTable lines={lines} balanceFen={balance} />
    </section>
  );
}
