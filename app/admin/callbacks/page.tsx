import { callbackVerdict } from '@/db/schema';
import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { latestCallbacks } from '@/lib/orders/callback-log';
import { callbackDetailLabel, callbackEventLabel, callbackKindLabel } from '@/lib/orders/callback-labels';
import { isReplayable } from '@/lib/orders/callbacks';
import { getTx } from '@/lib/i18n/server';
import { formatShanghai } from '@/lib/time';
import { ReplayButton } from '@/components/admin/replay-button';
import { Table } from '@/components/ui/table';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('admin.callbacks');
  return { title: t('metaTitle') };
}

// The verdicts the callback log stores (db/schema callback_verdict), each with its message.
const VERDICTS: readonly string[] = callbackVerdict.enumValues;
const isVerdict = (v: string): v is (typeof callbackVerdict.enumValues)[number] => VERDICTS.includes(v);

export default async function CallbackLogPage() {
  await requirePageRole(AREA_ROLES.admin, '/admin/callbacks');
  const [t, ta, tx] = await Promise.all([getTranslations('admin.callbacks'), getTranslations('admin'), getTx()]);
  const rows = await latestCallbacks();
  return (
    <section className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <Link href="/admin" className="text-sm text-brand-700 underline">
          {ta('backToAdmin')}
        </Link>
      </div>
      <p className="text-sm text-slate-600">{t('intro')}</p>
      <Table
        label={t('tableLabel')}
        caption={t('caption')}
        minWidth="min-w-[720px]"
        top
        rows={rows}
        empty={t('empty')}
        columns={[
          {
            head: t('colReceived'),
            className: 'whitespace-nowrap',
            cell: (r) => formatShanghai(r.receivedAt, { seconds: true }),
          },
          {
            head: t('colKind'),
            cell: (r) => (
              <>
                {tx(callbackKindLabel(r.kind))}
                {r.replayOf !== null && (
                  <span className="block text-xs text-amber-800" data-testid="replay-mark">
                    {t('replayOf', { id: String(r.replayOf), actor: r.actorName ?? t('deletedAccount') })}
                  </span>
                )}
              </>
            ),
          },
          {
            head: t('colEvent'),
            cell: (r) => <span title={r.eventType ?? undefined}>{tx(callbackEventLabel(r.eventType))}</span>,
          },
          { head: t('colOrderNo'), cell: (r) => r.providerOrderNo ?? '—' },
          {
            head: t('colVerdict'),
            testId: 'verdict',
            cell: (r) => (
              <>
                {isVerdict(r.verdict) ? t(`verdicts.${r.verdict}`) : r.verdict}
                {r.detail && (
                  <span className="block text-xs text-slate-600">{tx(callbackDetailLabel(r.detail) ?? r.detail)}</span>
                )}
              </>
            ),
          },
          {
            head: t('colRaw'),
            cell: (r) => (
              <details>
                <summary className="cursor-pointer text-brand-700">{t('view')}</summary>
                <pre className="mt-1 max-w-md text-xs break-all whitespace-pre-wrap">{r.raw}</pre>
              </details>
            ),
          },
          { head: t('colAction'), cell: (r) => (isReplayable(r) ? <ReplayButton callbackId={r.id} /> : '—') },
        ]}
      />
    </section>
  );
}
