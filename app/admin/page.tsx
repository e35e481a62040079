import type { Metadata } from 'next';
import Link from 'next/link';
import { Fragment } from 'react';
import { getTranslations } from 'next-intl/server';
import { Table } from '@/components/ui/table';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { formatShanghai } from '@/lib/time';
import { listUsersForAdmin } from '@/lib/users/admin';
import { UnlockButton } from './unlock-button';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('admin.home');
  return { title: t('title') };
}

const LINKS = [
  ['/admin/callbacks', 'callbacks'],
  ['/admin/jobs', 'jobs'],
  ['/admin/agencies', 'agencies'],
  ['/admin/window-refunds', 'windowRefunds'],
  ['/admin/reconciliation', 'reconciliation'],
  ['/admin/deliveries', 'deliveries'],
  ['/admin/providers', 'providers'],
  ['/admin/system', 'system'],
] as const;

export default async function AdminPage() {
  await requirePageRole(AREA_ROLES.admin, '/admin');
  const t = await getTranslations('admin.home');
  const rows = await listUsersForAdmin();
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="text-slate-600">
        {t('intro')}
        {LINKS.map(([href, key], i) => (
          <Fragment key={href}>
            {i > 0 && t('sep')}
            <Link href={href} className="text-brand-700 underline">
              {t(`links.${key}`)}
            </Link>
          </Fragment>
        ))}
        {t('end')}
      </p>
      <Table
        caption={t('caption')}
        minWidth="min-w-[560px]"
        rows={rows}
        empty={t('empty')}
        columns={[
          { head: t('colName'), cell: (u) => u.displayName },
          { head: t('colEmail'), cell: (u) => u.email },
          { head: t('colRole'), cell: (u) => t(`roles.${u.role}`) },
          { head: t('colCreated'), cell: (u) => formatShanghai(u.createdAt) },
          {
            head: t('colLock'),
            cell: (u) =>
              u.locked && u.lockedUntil ? <UnlockButton userId={u.id} until={formatShanghai(u.lockedUntil)} /> : '—',
          },
        ]}
      />
    </section>
  );
}
