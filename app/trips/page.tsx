import type { Metadata } from 'next';
import Link from 'next/link';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { listOrders } from '@/lib/orders/views';
import { grabStatusLabel, orderStatusLabel } from '@/lib/domain/states';
import { listGrabs } from '@/lib/grab/orders';
import { formatFen } from '@/lib/format';
import { formatShanghai } from '@/lib/time';
import { TripGroupList } from '@/components/trips/trip-list';
import { listTrips } from '@/lib/trips/views';

export const metadata: Metadata = { title: '我的行程' };

export default async function TripsPage() {
  const user = await requirePageRole(AREA_ROLES.traveller, '/trips');
  const all = await listOrders(user.id);
  const now = new Date();
  const upcoming = all.filter((o) => o.departureAt >= now).reverse();
  const past = all.filter((o) => o.departureAt < now);
  const grabs = await listGrabs(user.id);
  return (
    <section className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">我的行程</h1>
      <TripGroupList rows={await listTrips(user.id)} />
      <TripList title="即将出行" rows={upcoming} empty="暂无即将出行的订单。" />
      <TripList title="历史订单" rows={past} empty="暂无历史订单。" />
      <GrabList rows={grabs} />
    </section>
  );
}

function TripList({
  title,
  rows,
  empty,
}: {
  title: string;
  rows: Awaited<ReturnType<typeof listOrders>>;
  empty: string;
}) {
  return (
    <section aria-label={title}>
      <h2 className="mb-2 text-lg font-semibold">{title}</h2>
      {rows.length === 0 ? (
        <p className="rounded-lg bg-white p-4 text-slate-600 shadow-sm">
          {empty}{' '}
          <Link href="/" className="text-brand-700 underline">
            去订票
          </Link>
        </p>
      ) : (
        <ul className="flex flex-col gap-2">
          {rows.map((o) => (
            <li key={o.id} className="rounded-lg bg-white shadow-sm">
              <Link
                href={`/trips/${o.id}`}
                className="flex flex-wrap items-center justify-between gap-2 rounded-lg p-4 hover:bg-brand-50"
              >
                <span className="font-semibold">
                  {o.trainCode} {o.fromStation} → {o.toStation}
                </span>
                <span className="text-sm text-slate-600">{formatShanghai(o.departureAt)}</span>
                <span
                  className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700"
                  title="出票渠道"
                  data-testid="trip-provider"
                >
                  <span className="sr-only">出票渠道 </span>
                  {o.providerLabel}
                </span>
                <span className="text-sm">{orderStatusLabel(o.status)}</span>
                <span className="text-sm">{formatFen(o.totalFen)}</span>
                {o.nightWait && (
                  <span className="w-full text-sm text-slate-600" data-testid="trip-night-wait">
                    {o.nightWait}
                  </span>
                )}
                {o.failure && (
                  <span className="w-full text-sm text-slate-600" data-testid="trip-failure">
                    {o.failure.text}
                  </span>
                )}
              </Link>
              {o.payBy && (
                <p
                  className="flex flex-wrap items-center justify-between gap-2 rounded-b-lg border-t border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900"
                  data-testid="trip-pay"
                >
                  座位已保留，请在 {formatShanghai(o.payBy)} 前支付
                  <Link
                    href={`/trips/${o.id}/pay`}
                    aria-label={`去支付 ${o.trainCode} ${o.fromStation} → ${o.toStation}`}
                    className="rounded bg-brand-700 px-3 py-1 font-semibold text-white hover:bg-brand-800"
                  >
                    去支付
                  </Link>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** 抢票 grab orders beside the orders; an issued grab also appears above as its order. */
function GrabList({ rows }: { rows: Awaited<ReturnType<typeof listGrabs>> }) {
  if (rows.length === 0) return null;
  return (
    <section aria-label="抢票单">
      <h2 className="mb-2 text-lg font-semibold">抢票单</h2>
      <ul className="flex flex-col gap-2">
        {rows.map((g) => (
          <li key={g.id}>
            <Link
              href={`/trips/grabs/${g.id}`}
              className="flex flex-wrap items-center justify-between gap-2 rounded-lg bg-white p-4 shadow-sm hover:bg-brand-50"
            >
              <span className="font-semibold">抢票 {g.firstTrain}</span>
              <span className="text-sm text-slate-600">截止 {formatShanghai(g.deadlineAt)}</span>
              <span className="text-sm">{grabStatusLabel(g.status)}</span>
              <span className="text-sm">预付 {formatFen(g.prepaidFen)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
