import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ClaimDecision } from '@/components/orders/claim-decision';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { ticketStatusLabel } from '@/lib/domain/states';
import { getTx } from '@/lib/i18n/server';
import { openWindowClaims } from '@/lib/orders/window-claims';
import { formatShanghai } from '@/lib/time';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('admin.windowRefunds');
  return { title: t('title') };
}
export const dynamic = 'force-dynamic';

/** Staff-recorded station-window refunds, side by side with what 12306 says about each ticket now. */
export default async function WindowRefundsPage() {
  await requirePageRole(AREA_ROLES.admin, '/admin/window-refunds');
  const [t, tx] = await Promise.all([getTranslations('admin.windowRefunds'), getTx()]);
  const claims = await openWindowClaims();
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      {claims.length === 0 && <p className="text-slate-600">{t('none')}</p>}
      <ul aria-label={t('listLabel')} className="flex flex-col gap-2">
        {claims.map((c) => (
          <li key={c.id} className="flex flex-wrap items-center gap-3 rounded bg-white p-3 text-sm shadow-sm">
            <span>
              {formatShanghai(c.claimedAt)} · {c.trainCode} · {c.passengerName} ·{' '}
              {t('ticketNo', { no: c.ticketNo ?? '—' })}
            </span>
            <span className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700" data-testid="order-provider">
              <span className="sr-only">{t('provider')}</span>
              {tx(c.providerLabel)}
            </span>
            <span data-testid="provider-status">
              {t('providerStatus', {
                status: c.providerStatus === null ? t('unreadable') : tx(ticketStatusLabel(c.providerStatus)),
              })}
            </span>
            <ClaimDecision claimId={c.id} />
          </li>
        ))}
      </ul>
    </section>
  );
}
