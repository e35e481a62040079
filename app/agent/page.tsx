import Link from 'next/link';
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
import { agencyBalance } from '@/lib/ledger';
import { formatShanghai, presaleWindow, shanghaiTime } from '@/lib/time';

export const metadata = { title: '代理工作台' };

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
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">代理工作台 · {m.agencyName}</h1>
      <div className="rounded-lg bg-white p-4 shadow-sm">
        <p>
          预存款余额 <strong data-testid="agency-balance">{formatFen(balance)}</strong>
        </p>
        {balance < LOW_BALANCE_FEN && (
          <p role="alert" className="mt-1 text-amber-900">
            余额不足 {formatFen(LOW_BALANCE_FEN)}，请尽快联系管理员充值，以免影响出票。
          </p>
        )}
        {m.role === 'owner' && (
          <div className="mt-3 border-t border-slate-100 pt-3">
            <LowBalanceForm thresholdFen={threshold} />
          </div>
        )}
      </div>
      <nav aria-label="工作台" className="flex flex-wrap gap-3">
        <Link className="rounded bg-white px-4 py-2 shadow-sm" href="/agent/book">
          为客户订票
        </Link>
        <Link className="rounded bg-white px-4 py-2 shadow-sm" href="/agent/customers">
          客户
        </Link>
        <Link className="rounded bg-white px-4 py-2 shadow-sm" href="/agent/orders">
          订单
        </Link>
        {m.role === 'owner' && (
          <>
            <Link className="rounded bg-white px-4 py-2 shadow-sm" href="/agent/staff">
              员工
            </Link>
            <Link className="rounded bg-white px-4 py-2 shadow-sm" href="/agent/statement">
              对账单
            </Link>
          </>
        )}
      </nav>

      <Section id="quick-booking" title="快速订票" stack>
        <QuickBooking
          customers={customers.map((c) => ({ id: c.id, name: c.name, mobileMasked: c.mobileMasked }))}
          initial={{ from: '', to: '', date: window.first }}
          window={window}
        />
      </Section>

      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <Section id="ws-waiting" title={`待支付（${day.waiting.length}）`}>
          <OrderList label="待支付订单" empty="没有待支付的订单。" rows={day.waiting}>
            {(o) => (
              <span className="text-sm text-slate-700">
                {formatFen(o.totalFen)} · 剩余 <PayBy deadline={o.payLimitAt} serverNow={day.serverNow} />
              </span>
            )}
          </OrderList>
        </Section>
        <Section id="ws-failures" title={`需要处理（${day.failures.length}）`}>
          <p className="mb-2 text-xs text-slate-600">
            近 {FAILURE_DAYS} 天的占位、出票、退票失败，以及超时未处理的订单。
          </p>
          <OrderList label="需要处理的订单" empty="没有需要处理的订单。" rows={day.failures}>
            {(o) => (
              <span className="text-sm">
                <strong className="text-red-800">{o.label}</strong>
                {o.detail && <span className="text-slate-700"> · {o.detail}</span>}
              </span>
            )}
          </OrderList>
        </Section>
        <Section id="ws-departures" title={`今日出发（${day.departures.length}）`}>
          <OrderList label="今日出发的订单" empty={`今天（${day.today}）没有出发的订单。`} rows={day.departures}>
            {(o) => (
              <span className="text-sm text-slate-700">
                {shanghaiTime(o.departureAt)} 开 · {o.statusLabel}
              </span>
            )}
          </OrderList>
        </Section>
        <Section id="ws-issued" title={`今日出票（${day.issued.length}）`}>
          <OrderList label="今日出票的订单" empty={`今天（${day.today}）还没有出票。`} rows={day.issued}>
            {(o) => (
              <span className="text-sm text-slate-700">
                {shanghaiTime(o.issuedAt)} 出票 · {o.tickets} 张 · 乘车 {formatShanghai(o.departureAt)}
              </span>
            )}
          </OrderList>
        </Section>
      </div>

      {activity.length > 0 && (
        <section aria-labelledby="activity" className="rounded-lg bg-white p-4 shadow-sm">
          <h2 id="activity" className="mb-2 font-semibold">
            员工动态
          </h2>
          <ol className="text-sm">
            {activity.map((a, i) => (
              <li key={i}>
                {formatShanghai(a.at)} · {a.label}
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
  label,
  empty,
  rows,
  children,
}: {
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
            {o.trainCode} {o.fromStation}→{o.toStation}
            {o.customer ? ` · ${o.customer}` : ''}
          </Link>
          {children(o)}
        </li>
      ))}
    </ul>
  );
}
