import { eq } from 'drizzle-orm';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { StatementTable } from '@/components/agency/statement-table';
import { db } from '@/db/client';
import { agencies } from '@/db/schema';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { agencyBalance, statement } from '@/lib/ledger';

export const metadata = { title: '旅行社对账单' };

export default async function AgencyStatementPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePageRole(AREA_ROLES.admin, `/admin/agencies/${id}`);
  if (!z.string().uuid().safeParse(id).success) notFound();
  const [a] = await db().select({ id: agencies.id, name: agencies.name }).from(agencies).where(eq(agencies.id, id));
  if (!a) notFound();
  const [lines, balance] = await Promise.all([statement(a.id), agencyBalance(a.id)]);
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{a.name} · 对账单</h1>
      <StatementTable lines={lines} balanceFen={balance} />
    </section>
  );
}
