import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Table } from '@/components/ui/table';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { failedJobs, queueStats } from '@/lib/jobs';
import { queueLabel } from '@/lib/jobs/labels';
import { notificationStats, notificationTrouble } from '@/lib/notify/admin';
import { CHANNEL_LABELS, KINDS, isKind, type Channel } from '@/lib/notify/kinds';
import { getTx, type Tx } from '@/lib/i18n/server';
import { formatShanghai } from '@/lib/time';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('admin.jobs');
  return { title: t('title') };
}
export const dynamic = 'force-dynamic';

/** The job worker's queues: depth, work in progress and failures (retries exhausted). */
export default async function JobsPage() {
  await requirePageRole(AREA_ROLES.admin, '/admin/jobs');
  const [t, ta, tx] = await Promise.all([getTranslations('admin.jobs'), getTranslations('admin'), getTx()]);
  const [stats, failed, notifyStats, trouble] = await Promise.all([
    queueStats(),
    failedJobs(),
    notificationStats(),
    notificationTrouble(),
  ]);
  return (
    <section className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <Link href="/admin" className="text-sm text-brand-700 underline">
          {ta('backToAdmin')}
        </Link>
      </div>
      <Table
        caption={t('queuesCaption')}
        minWidth="min-w-[480px]"
        rows={stats}
        rowKey={(q) => q.name}
        rowTestId={(q) => `queue-${q.name}`}
        empty={t('noQueues')}
        columns={[
          {
            head: t('colQueue'),
            // The pg-boss name is for whoever reads the worker's logs: a tooltip, not text.
            cell: (q) => <span title={q.name}>{tx(queueLabel(q.name))}</span>,
          },
          { head: t('colQueued'), cell: (q) => q.queued },
          { head: t('colActive'), cell: (q) => q.active },
          { head: t('colFailed'), cell: (q) => q.failed },
        ]}
      />
      <h2 className="text-lg font-semibold">{t('failedHeading')}</h2>
      {failed.length === 0 ? (
        <p className="text-slate-600">{t('noFailed')}</p>
      ) : (
        <ul className="flex flex-col gap-2 text-sm">
          {failed.map((j) => (
            <li key={j.id} className="rounded bg-white p-3 shadow-sm">
              <strong title={j.queue}>{tx(queueLabel(j.queue))}</strong> · {t('retries', { count: j.retries })} ·{' '}
              {j.at ? formatShanghai(j.at) : '—'}
              <details className="mt-1">
                <summary className="cursor-pointer text-slate-700">{t('techDetails')}</summary>
                <pre className="mt-1 overflow-x-auto text-xs whitespace-pre-wrap text-slate-700">
                  {JSON.stringify(j.data)} — {j.error}
                </pre>
              </details>
            </li>
          ))}
        </ul>
      )}
      <NotificationsSection stats={notifyStats} trouble={trouble} tx={tx} />
    </section>
  );
}

const NOTIFY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'skipped'] as const;
const isNotifyStatus = (v: string): v is (typeof NOTIFY_STATUSES)[number] =>
  (NOTIFY_STATUSES as readonly string[]).includes(v);

/** Notifications: counts per channel and state, then the ones failing, being retried or given up. */
async function NotificationsSection({
  stats,
  trouble,
  tx,
}: {
  tx: Tx;
  stats: Awaited<ReturnType<typeof notificationStats>>;
  trouble: Awaited<ReturnType<typeof notificationTrouble>>;
}) {
  const t = await getTranslations('admin.jobs');
  const channel = (c: string) => tx(CHANNEL_LABELS[c as Channel] ?? c);
  const status = (s: string) => (isNotifyStatus(s) ? t(`notifyStatus.${s}`) : s);
  return (
    <>
      <h2 className="text-lg font-semibold">{t('notifyHeading')}</h2>
      <Table
        caption={t('notifyCaption')}
        minWidth="min-w-[360px]"
        rows={stats}
        rowKey={(r) => `${r.channel}-${r.status}`}
        empty={t('notifyEmpty')}
        columns={[
          { head: t('colChannel'), cell: (r) => channel(r.channel) },
          { head: t('colStatus'), cell: (r) => status(r.status) },
          { head: t('colCount'), cell: (r) => r.n },
        ]}
      />
      <Table
        caption={t('troubleCaption')}
        minWidth="min-w-[640px]"
        rows={trouble}
        rowKey={(r) => r.id}
        rowTestId={() => 'notify-trouble'}
        empty={t('troubleEmpty')}
        columns={[
          { head: t('colNotification'), cell: (r) => (isKind(r.kind) ? tx(KINDS[r.kind].label) : r.kind) },
          { head: t('colChannel'), cell: (r) => channel(r.channel) },
          { head: t('colRecipient'), cell: (r) => r.recipient },
          { head: t('colStatus'), cell: (r) => status(r.status) },
          { head: t('colAttempts'), cell: (r) => r.attempts },
          {
            head: t('colLastResult'),
            cell: (r) => <span className="break-all">{r.lastError ? tx(r.lastError) : '—'}</span>,
          },
          { head: t('colTime'), cell: (r) => formatShanghai(r.updatedAt) },
        ]}
      />
    </>
  );
}
