import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { ReconHeader } from '@/components/admin/recon-nav';
import { ReplayButton } from '@/components/admin/replay-button';
import { ReplayRefundButton } from '@/components/admin/replay-refund-button';
import { FormField, FormSelect, StateForm } from '@/components/ui/form';
import { AREA_ROLES, requirePageRole } from '@/lib/auth/guard';
import { RECON_TRANSITIONS, reconStateLabel } from '@/lib/domain/recon';
import { formatFen } from '@/lib/format';
import { isReplayable } from '@/lib/orders/callbacks';
import { discrepancyDetail, type TimelineKind } from '@/lib/reconcile';
import { changeDiscrepancyState } from '@/lib/reconcile/actions';
import { actorNames, latestRefundCallback } from '@/lib/reconcile/pages';
import { getTx } from '@/lib/i18n/server';
import { formatShanghai } from '@/lib/time';
import { Table } from '@/components/ui/table';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('admin.discrepancy');
  return { title: t('metaTitle') };
}

/** Each timeline kind's side (the label is the message `kinds.<kind>`). */
const SIDE: Record<TimelineKind, 'provider' | 'system' | 'traveller' | 'agency' | 'recon'> = {
  callback: 'provider',
  order_event: 'system',
  ticket_refund: 'provider',
  change: 'provider',
  payment: 'traveller',
  payment_refund: 'traveller',
  ledger: 'agency',
  statement: 'provider',
  discrepancy: 'recon',
};
const isKind = (k: string): k is TimelineKind => Object.hasOwn(SIDE, k);

const fen = (v: number | null) => (v === null ? '—' : formatFen(v));

export default async function DiscrepancyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePageRole(AREA_ROLES.admin, `/admin/reconciliation/discrepancies/${id}`);
  const [t, tx] = await Promise.all([getTranslations('admin.discrepancy'), getTx()]);
  const detail = await discrepancyDetail(id);
  if (!detail) notFound();
  const { discrepancy: d, order, ticket, sides, events, timeline } = detail;
  const [names, refundCallback] = await Promise.all([
    actorNames([d.stateBy, ...events.map((e) => e.actor)]),
    latestRefundCallback(order.id),
  ]);
  const who = (a: string | null) => (a ? (names.get(a) ?? a) : '—');
  const moves = RECON_TRANSITIONS[d.state];
  const SIDES = [
    { key: 'expected', title: t('expected'), value: sides.expectedFen, hint: t('expectedHint') },
    { key: 'reported', title: t('reported'), value: sides.reportedFen, hint: t('reportedHint') },
    { key: 'moved', title: t('moved'), value: sides.providerMovedFen, hint: t('movedHint') },
    { key: 'paid', title: t('paid'), value: sides.paidBackFen, hint: t('paidHint') },
  ];
  return (
    <section className="flex flex-col gap-4">
      <ReconHeader title={t('title', { reason: tx(d.reasonLabel) })} current={null} />
      <dl className="grid grid-cols-1 gap-x-4 gap-y-1 rounded-lg bg-white p-4 text-sm break-words shadow-sm sm:grid-cols-[auto_minmax(0,1fr)]">
        <dt className="font-medium text-slate-700">{t('state')}</dt>
        <dd data-testid="discrepancy-state">
          {tx(d.stateLabel)}
          {d.stateAt && (
            <span className="text-slate-600">
              {' '}
              · {who(d.stateBy)} · {formatShanghai(d.stateAt)}
              {d.stateNote ? ` · ${d.stateNote}` : ''}
            </span>
          )}
        </dd>
        <dt className="font-medium text-slate-700">{t('order')}</dt>
        <dd>
          {t('orderLine', {
            providerNo: order.providerOrderNo ?? '—',
            customerNo: order.customerOrderNo,
            train: order.trainCode,
            from: tx(order.fromStation),
            to: tx(order.toStation),
            departure: formatShanghai(order.departureAt),
            status: tx(order.statusLabel),
          })}
        </dd>
        <dt className="font-medium text-slate-700">{t('amounts')}</dt>
        <dd>
          {t('amountsLine', {
            total: formatFen(order.totalFen),
            paid: formatFen(order.paidFen),
            refunded: formatFen(order.refundedFen),
          })}
          {order.agencyId ? t('agencyOrder') : ''}
        </dd>
        {ticket && (
          <>
            <dt className="font-medium text-slate-700">{t('ticket')}</dt>
            <dd>
              {ticket.passengerName} · {ticket.ticketNo ?? t('noTicketNo')} · {tx(ticket.statusLabel)} ·{' '}
              {t('price', { price: formatFen(ticket.priceFen) })}
              {ticket.refundFeeFen !== null ? t('refundFee', { fee: formatFen(ticket.refundFeeFen) }) : ''}
            </dd>
          </>
        )}
        <dt className="font-medium text-slate-700">{t('detail')}</dt>
        <dd>{tx(d.detail)}</dd>
        <dt className="font-medium text-slate-700">{t('found')}</dt>
        <dd>{t('foundLine', { first: formatShanghai(d.firstSeenAt), last: formatShanghai(d.lastSeenAt) })}</dd>
      </dl>

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <div className="flex min-w-0 flex-col gap-4">
          <section aria-labelledby="sides-h" className="rounded-lg bg-white p-4 shadow-sm">
            <h2 id="sides-h" className="mb-2 text-lg font-semibold">
              {t('sidesHeading')}
            </h2>
            <dl className="grid grid-cols-2 gap-3">
              {SIDES.map((s) => (
                <div key={s.key} className="rounded border border-slate-200 p-2" data-testid={`side-${s.key}`}>
                  <dt className="text-sm font-medium text-slate-700">{s.title}</dt>
                  <dd className="text-lg font-semibold">{fen(s.value)}</dd>
                  <dd className="text-xs text-slate-600">{s.hint}</dd>
                </div>
              ))}
            </dl>
          </section>

          <section aria-labelledby="act-h" className="flex flex-col gap-3 rounded-lg bg-white p-4 shadow-sm">
            <h2 id="act-h" className="text-lg font-semibold">
              {t('actHeading')}
            </h2>
            {moves.length > 0 ? (
              <StateForm create label={t('changeState')} action={changeDiscrepancyState} submitLabel={t('save')}>
                <input type="hidden" name="id" value={d.id} />
                <FormSelect
                  name="state"
                  label={t('changeTo')}
                  options={moves.map((m) => ({ value: m, label: tx(reconStateLabel(m)) }))}
                />
                <FormField name="note" label={t('note')} required hint={t('noteHint')} />
              </StateForm>
            ) : (
              <p className="text-sm text-slate-700">{t('resolved')}</p>
            )}
            {refundCallback ? (
              <ReplayRefundButton discrepancyId={d.id} />
            ) : (
              <p className="text-sm text-slate-600">{t('noReplay')}</p>
            )}
          </section>

          <section aria-labelledby="hist-h" className="rounded-lg bg-white p-4 shadow-sm">
            <h2 id="hist-h" className="mb-2 text-lg font-semibold">
              {t('history')}
            </h2>
            <ol className="flex flex-col gap-2 text-sm" aria-label={t('history')}>
              {events.map((e, i) => (
                <li key={i} className="border-l-2 border-slate-200 pl-2">
                  <span className="font-medium">
                    {e.fromState ? `${tx(reconStateLabel(e.fromState))} → ` : t('discovered')}
                    {tx(reconStateLabel(e.toState))}
                  </span>
                  <span className="block text-slate-600">
                    {who(e.actor)} · {formatShanghai(e.at, { seconds: true })}
                  </span>
                  {e.note && <span className="block">{e.note}</span>}
                </li>
              ))}
            </ol>
          </section>
        </div>

        <section aria-labelledby="tl-h" className="flex min-w-0 flex-col gap-2 rounded-lg bg-white p-4 shadow-sm">
          <h2 id="tl-h" className="text-lg font-semibold">
            {t('timelineHeading')}
          </h2>
          <p className="text-xs text-slate-600">{t('timelineIntro')}</p>
          {/* `relative`: visually hidden (absolutely placed) text in the table stays inside this scrolling region. */}
          <Table
            label={t('timelineLabel')}
            caption={t('timelineHeading')}
            minWidth="min-w-[560px]"
            dense
            card={false}
            top
            rows={timeline}
            rowKey={(item) => `${item.kind}-${item.ref}`}
            rowTestId="timeline-item"
            empty={t('timelineEmpty')}
            columns={[
              {
                head: t('colTime'),
                className: 'whitespace-nowrap',
                cell: (item) => formatShanghai(item.at, { seconds: true }),
              },
              {
                head: t('colSide'),
                className: 'whitespace-nowrap',
                cell: (item) => (isKind(item.kind) ? t(`sides.${SIDE[item.kind]}`) : '—'),
              },
              {
                head: t('colItem'),
                cell: (item) => (
                  <>
                    <span className="font-medium">{isKind(item.kind) ? t(`kinds.${item.kind}`) : item.kind}</span>
                    <span className="block text-xs break-all text-slate-600">
                      {tx(item.title)}
                      {item.detail ? ` · ${item.detail}` : ''}
                    </span>
                  </>
                ),
              },
              { head: t('colAmount'), className: 'whitespace-nowrap', cell: (item) => fen(item.fen) },
              {
                head: <span className="sr-only">{t('colAction')}</span>,
                cell: (item) =>
                  item.kind === 'callback' &&
                  isReplayable({
                    verdict: item.detail?.split(' ')[0] ?? '',
                    providerOrderNo: order.providerOrderNo,
                  }) ? (
                    <ReplayButton callbackId={Number(item.ref)} />
                  ) : null,
              },
            ]}
          />
        </section>
      </div>
      <Link href="/admin/reconciliation/discrepancies" className="text-sm text-brand-700 underline">
        {t('back')}
      </Link>
    </section>
  );
}
