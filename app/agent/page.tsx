import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { LowBalanceForm } from '@/components/agency/low-balance-form';
import { NoAgency } from '@/components/agency/no-agency';
import { PayBy } from '@/components/agency/pay-by';
import { QuickBooking } from '@/components/agency/quick-booking';
import { Section } from '@/components/ui/section';
import { workspace } from '@/lib/agency/pages';
import { LOW_BALANCE_FEN, listCustomers, lowBalanceThreshold, recentActivity } from '@/lib/agency/service';
import { agencyWorkspace, FAILURE_DAYS, type WorkspaceOrder } from '@/lib/agency/workspace';
import { PRESALE_DAYS } from '@/lib/domain/rules';
import { formatFen } from '@/lib/format';
import { getTx, type Tx } from '@/lib/i18n/server';
import { agencyBalance } from '@/lib/ledger';
import { formatShanghai, presaleWindow, shanghaiTime } from '@/lib/time';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('agency.home');
  return { title: t('title') };
}

export default async function AgentHome() {
  const { m, user } = await workspace('/agent');
  if (!m) return <NoAgency />;
  const [balance, activity, day, customers, threshold] = await Promise.all([
    agencyBalance(m.agencyId),
    m.role === 'owner' ? recentActivity(m, 20) : Promise.resolve([]),
    agencyWorkspace(m),
    listCustomers(m),
    m.role === 'owner' ? lowBalanceThreshold(user.id) : Promise.resolve(null),
  ]);
  const window = presaleWindow(new Date(), PRESALE_DAYS);
  const t = await getTranslations('agency');
  const tx = await getTx();
  const locale = await getLocale();
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t('home.heading', { name: m.agencyName })}</h1>
      {locale === 'en' && <p className="text-sm text-slate-600">{t('timesNote')}</p>}
      <div className="rounded-lg bg-white p-4 shadow-sm">
        <p>
          {t('home.balance')} <strong data-testid="agency-balance">{formatFen(balance)}</strong>
        </p>
        {balance < LOW_BALANCE_FEN && (
          <p role="alert" className="mt-1 text-amber-900">
            {t('home.lowBalance', { amount: formatFen(LOW_BALANCE_FEN) })}
          </p>
        )}
        {m.role === 'owner' && (
          <div className="mt-3 border-t border-slate-100 pt-3">
            <LowBalanceForm thresholdFen={threshold} />
          </div>
        )}
      </div>
      <nav aria-label={t('home.nav')} className="flex flex-wrap gap-3">
        <Link className="rounded bg-white px-4 py-2 shadow-sm" href="/agent/book">
          {t('home.book')}
        </Link>
        <Link className="rounded bg-white px-4 py-2 shadow-sm" href="/agent/customers">
          {t('home.customers')}
        </Link>
        <Link className="rounded bg-white px-4 py-2 shadow-sm" href="/agent/orders">
          {t('home.orders')}
        </Link>
        {m.role === 'owner' && (
          <>
            <Link className="rounded bg-white px-4 py-2 shadow-sm" href="/agent/staff">
              {t('home.staff')}
            </Link>
            <Link className="rounded bg-white px-4 py-2 shadow-sm" href="/agent/statement">
              {t('home.statement')}
            </Link>
          </>
        )}
      </nav>

      <Section id="quick-booking" title={t('home.quickBooking')} stack>
        <QuickBooking
          customers={customers.map((c) => ({ id: c.id, name: c.name, mobileMasked: c.mobileMasked }))}
          initial={{ from: '', to: '', date: window.first }}
          window={window}
        />
      </Section>

      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <Section id="ws-waiting" title={t('home.waitingTitle', { count: day.waiting.length })}>
          <OrderList tx={tx} label={t('home.waitingList')} empty={t('home.waitingEmpty')} rows={day.waiting}>
            {(o) => (
              <span className="text-sm text-slate-700">
                {t('home.payLeft', { amount: formatFen(o.totalFen) })}{' '}
                <PayBy deadline={o.payLimitAt} serverNow={day.serverNow} />
              </span>
            )}
          </OrderList>
        </Section>
        <Section id="ws-failures" title={t('home.failuresTitle', { count: day.failures.length })}>
          <p className="mb-2 text-xs text-slate-600">{t('home.failuresNote', { days: FAILURE_DAYS })}</p>
          <OrderList tx={tx} label={t('home.failuresList')} empty={t('home.failuresEmpty')} rows={day.failures}>
            {(o) => (
              <span className="text-sm">
                <strong className="text-red-800">{tx(o.label)}</strong>
                {o.detail && <span className="text-slate-700"> · {tx(o.detail)}</span>}
              </span>
            )}
          </OrderList>
        </Section>
        <Section id="ws-departures" title={t('home.departuresTitle', { count: day.departures.length })}>
          <OrderList
            tx={tx}
            label={t('home.departuresList')}
            empty={t('home.departuresEmpty', { today: day.today })}
            rows={day.departures}
          >
            {(o) => (
              <span className="text-sm text-slate-700">
                {t('home.departs', { time: shanghaiTime(o.departureAt), status: tx(o.statusLabel) })}
              </span>
            )}
          </OrderList>
        </Section>
        <Section id="ws-issued" title={t('home.issuedTitle', { count: day.issued.length })}>
          <OrderList
            tx={tx}
            label={t('home.issuedList')}
            empty={t('home.issuedEmpty', { today: day.today })}
            rows={day.issued}
          >
            {(o) => (
              <span className="text-sm text-slate-700">
                {t('home.issuedLine', {
                  time: shanghaiTime(o.issuedAt),
                  tickets: o.tickets,
                  departure: formatShanghai(o.departureAt),
                })}
              </span>
            )}
          </OrderList>
        </Section>
      </div>

      {activity.length > 0 && (
        <section aria-labelledby="activity" className="rounded-lg bg-white p-4 shadow-sm">
          <h2 id="activity" className="mb-2 font-semibold">
            {t('home.activity')}
          </h2>
          <ol className="text-sm">
            {activity.map((a, i) => (
              <li key={i}>
                {formatShanghai(a.at)} · {tx(a.label)}
              </li>
            ))}
          </ol>
        </section>
      )}
    </section>
  );
}

/** A compact list of orders, each linking to the order page, with its own line below; or the empty state. */
function OrderList<T extends WorkspaceOrder>({
  tx,
  label,
  empty,
  rows,
  children,
}: {
  tx: Tx;
  label: string;
  empty: string;
  rows: T[];
  children: (row: T) => ReactNode;
}) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <ul aria-label={label} className="flex flex-col divide-y divide-slate-100">
      {rows.map((o, i) => (
        <li key={`${o.orderId}-${i}`} className="flex flex-col gap-0.5 py-2">
          <Link href={`/trips/${o.orderId}`} className="text-brand-700 underline">
            {o.trainCode} {tx(o.fromStation)}→{tx(o.toStation)}
            {o.customer ? ` · ${o.customer}` : ''}
          </Link>
          {children(o)}
        </li>
      ))}
    </ul>
  );
}
