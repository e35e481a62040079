import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { ProviderLatencyChart } from '@/components/admin/system-charts-lazy';
import { Table } from '@/components/ui/table';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { formatFen } from '@/lib/format';
import { queueLabel } from '@/lib/jobs/labels';
import { systemSnapshot } from '@/lib/obs/snapshot';
import { getTx } from '@/lib/i18n/server';
import { formatShanghai } from '@/lib/time';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('admin.system');
  return { title: t('title') };
}
export const dynamic = 'force-dynamic';

const ms = (v: number | null) => (v === null ? '—' : `${Math.round(v)} ms`);
const FUNNEL = ['search', 'hold', 'payment', 'issue', 'failure'] as const;
const VERDICTS = [
  'applied',
  'no_change',
  'retry_later',
  'bad_sign',
  'unknown_order',
  'invalid',
  'duplicate',
  'stale',
  'throttled',
] as const;
const isVerdict = (v: string): v is (typeof VERDICTS)[number] => (VERDICTS as readonly string[]).includes(v);

type AgeT = (key: 'seconds' | 'minutes' | 'hours', values: { n: string }) => string;

function age(t: AgeT, seconds: number): string {
  if (seconds < 1) return '—';
  if (seconds < 120) return t('seconds', { n: String(Math.round(seconds)) });
  if (seconds < 7200) return t('minutes', { n: String(Math.round(seconds / 60)) });
  return t('hours', { n: String(Math.round(seconds / 3600)) });
}

/**
 * The portal and the worker as their metrics show them (lib/obs): provider latency and errors over
 * the last hour, the slowest routes, the queues, failed jobs and the last callbacks.
 */
export default async function SystemPage() {
  await requirePageRole(AREA_ROLES.admin, '/admin/system');
  const [t, ta, tx] = await Promise.all([getTranslations('admin.system'), getTranslations('admin'), getTx()]);
  const s = await systemSnapshot();
  const covers = s.covers
    .map((c) => t('coverItem', { process: c.process === 'portal' ? t('portal') : t('worker'), age: age(t, c.seconds) }))
    .join(t('coverSep'));
  return (
    <section className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <Link href="/admin" className="text-sm text-brand-700 underline">
          {ta('backToAdmin')}
        </Link>
      </div>
      <p className="text-sm text-slate-600" data-testid="system-covers">
        {t('covers', { covers })}
        {s.workerReachable ? '' : t('workerUnreachable')}
      </p>

      <h2 className="text-lg font-semibold">{t('funnelHeading')}</h2>
      <ul className="flex flex-wrap gap-3 text-sm" data-testid="system-funnel">
        {FUNNEL.map((k) => (
          <li key={k} className="rounded bg-white px-3 py-2 shadow-sm">
            {t(`funnel.${k}`)} <strong>{s.funnel[k] ?? 0}</strong>
          </li>
        ))}
        <li className="rounded bg-white px-3 py-2 shadow-sm">
          {t('providerRefunds')} <strong>{formatFen(s.refundFen.in)}</strong>
        </li>
        <li className="rounded bg-white px-3 py-2 shadow-sm">
          {t('travellerRefunds')} <strong>{formatFen(s.refundFen.out)}</strong>
        </li>
      </ul>

      <h2 className="text-lg font-semibold">{t('providersHeading')}</h2>
      {s.providers.length > 0 && (
        <ProviderLatencyChart
          data={s.providers.map((p) => ({
            label: `${p.provider} ${p.endpoint}`,
            meanMs: p.meanMs ?? 0,
            p95Ms: p.p95Ms ?? 0,
          }))}
        />
      )}
      <Table
        caption={t('providersCaption')}
        minWidth="min-w-[560px]"
        rows={s.providers}
        rowKey={(p) => `${p.provider}-${p.endpoint}`}
        rowTestId={(p) => `provider-${p.provider}-${p.endpoint}`}
        empty={t('providersEmpty')}
        columns={[
          { head: t('colProvider'), cell: (p) => p.provider },
          { head: t('colEndpoint'), cell: (p) => p.endpoint },
          { head: t('colCalls'), cell: (p) => p.calls },
          {
            head: t('colErrors'),
            cell: (p) => (p.errors > 0 ? <strong className="text-red-700">{p.errors}</strong> : 0),
          },
          { head: t('colMean'), cell: (p) => ms(p.meanMs) },
          { head: 'P95', cell: (p) => ms(p.p95Ms) },
        ]}
      />

      <h2 className="text-lg font-semibold">{t('routesHeading')}</h2>
      <Table
        caption={t('routesCaption')}
        minWidth="min-w-[480px]"
        rows={s.routes}
        rowKey={(r) => r.route}
        empty={t('routesEmpty')}
        columns={[
          { head: t('colRoute'), cell: (r) => <code className="text-xs">{r.route}</code> },
          { head: t('colRequests'), cell: (r) => r.requests },
          { head: t('colMean'), cell: (r) => ms(r.meanMs) },
          { head: 'P95', cell: (r) => ms(r.p95Ms) },
        ]}
      />

      <h2 className="text-lg font-semibold">{t('queuesHeading')}</h2>
      <Table
        caption={t('queuesCaption')}
        minWidth="min-w-[560px]"
        rows={s.queues}
        rowKey={(q) => q.queue}
        rowTestId={(q) => `system-queue-${q.queue}`}
        empty={t('queuesEmpty')}
        columns={[
          { head: t('colQueue'), cell: (q) => <span title={q.queue}>{tx(queueLabel(q.queue))}</span> },
          { head: t('colWaiting'), cell: (q) => q.waiting },
          { head: t('colOldest'), cell: (q) => age(t, q.oldestSeconds) },
          { head: t('colActive'), cell: (q) => q.active },
          { head: t('colFailedKept'), cell: (q) => q.failed },
          { head: t('colFailedHour'), cell: (q) => q.failedRunsHour },
        ]}
      />
      <p className="text-sm">
        {t('failedJobsBefore')}
        <Link href="/admin/jobs" className="text-brand-700 underline">
          {t('failedJobsLink')}
        </Link>
        {t('failedJobsAfter')}
      </p>

      <h2 className="text-lg font-semibold">{t('callbacksHeading')}</h2>
      <Table
        caption={t('callbacksCaption')}
        minWidth="min-w-[480px]"
        rows={s.callbacks}
        rowKey={(c) => `${c.provider}-${c.kind}-${c.verdict}`}
        empty={t('callbacksEmpty')}
        columns={[
          { head: t('colProvider'), cell: (c) => c.provider },
          { head: t('colKind'), cell: (c) => c.kind },
          { head: t('colResult'), cell: (c) => (isVerdict(c.verdict) ? t(`verdicts.${c.verdict}`) : c.verdict) },
          { head: t('colHour'), cell: (c) => c.countHour },
          { head: t('colLast'), cell: (c) => (c.lastAt ? formatShanghai(c.lastAt) : '—') },
        ]}
      />
    </section>
  );
}
