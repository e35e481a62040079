import type { Metadata } from 'next';
import { eq } from 'drizzle-orm';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { StatementTable } from '@/components/agency/statement-table';
import { db } from '@/db/client';
import { agencies } from '@/db/schema';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { agencyBalance, statement } from '@/lib/ledger';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('admin.agencyStatement');
  return { title: t('metaTitle') };
}

export default async function AgencyStatementPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePageRole(AREA_ROLES.admin, `/admin/agencies/${id}`);
  if (!z.string().uuid().safeParse(id).success) notFound();
  const [a] = await db().select({ id: agencies.id, name: agencies.name }).from(agencies).where(eq(agencies.id, id));
  if (!a) notFound();
  const [lines, balance, t] = await Promise.all([
    statement(a.id),
    agencyBalance(a.id),
    getTranslations('admin.agencyStatement'),
  ]);
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t('title', { name: a.name })}</h1>
      <StatementTable lines={lines} balanceFen={balance} />
    </section>
  );
}
