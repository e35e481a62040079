'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Dialog } from '@/components/ui/dialog';
import {
  cancelDeliveryAction,
  cancelQuoteAction,
  interceptDeliveryAction,
  orderDeliveriesAction,
  payCancelChargeAction,
  payDeliveryFeeAction,
  requestDeliveryAction,
} from '@/lib/delivery/actions';
import type { OrderDeliveries } from '@/lib/delivery/defs';
import type { DeliveryView } from '@/lib/delivery/views';
import type { CancelQuote } from '@/lib/domain/delivery';
import { formatFen } from '@/lib/format';

/**
 * 送票 on an issued order's page: request a paper ticket / 报销凭证 delivery to an address of the address
 * book, pay its fee, follow it (timeline, courier, tracking number, ETA) and 取消送票 or 拦截 with the
 * exact charge shown before confirming. Named so it is never mistaken for 退票 (a separate action above,
 * ticket-delivery-cancellation.md l.4): cancelling a delivery never refunds the ticket.
 */
export function DeliveryPanel({ orderId, addressBookHref }: { orderId: string; addressBookHref: string }) {
  const key = ['order-deliveries', orderId];
  const q = useQuery({
    queryKey: key,
    queryFn: async (): Promise<OrderDeliveries> => {
      const r = await orderDeliveriesAction({ orderId });
      if (!r.ok) throw new Error(r.message);
      return r.data;
    },
    refetchInterval: (query) =>
      query.state.data?.deliveries.some((d) => !d.final || d.cancelRequested) ? 4000 : false,
  });
  const live = q.data?.deliveries.find((d) => !['cancelled', 'intercepted', 'lost'].includes(d.status));
  return (
    <section aria-labelledby={`delivery-${orderId}`} className="rounded border border-slate-200 bg-white p-3">
      <h2 id={`delivery-${orderId}`} className="text-base font-semibold">
        送票(纸质车票 / 报销凭证快递)
      </h2>
      <p className="mt-1 text-sm text-slate-600">送票只寄送票据,取消送票不会退票;如需退票请使用上方的「退票」。</p>
      {q.isPending && <p role="status">正在加载送票信息…</p>}
      {q.isError && <p role="alert">{q.error.message}</p>}
      {q.data && !live && (
        <RequestForm orderId={orderId} data={q.data} addressBookHref={addressBookHref} onDone={() => q.refetch()} />
      )}
      {q.data?.deliveries.map((d) => (
        <DeliveryCard key={d.id} d={d} queryKey={key} />
      ))}
    </section>
  );
}

function RequestForm({
  orderId,
  data,
  addressBookHref,
  onDone,
}: {
  orderId: string;
  data: OrderDeliveries;
  addressBookHref: string;
  onDone: () => void;
}) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  if (data.addresses.length === 0)
    return (
      <p className="mt-2 text-sm">
        地址簿中还没有收件地址。
        <a className="text-blue-700 underline" href={addressBookHref}>
          去添加收件地址
        </a>
      </p>
    );
  return (
    <form
      className="mt-2 flex flex-col gap-2"
      aria-label="申请送票"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        setError(null);
        start(async () => {
          const r = await requestDeliveryAction({ orderId, addressId: f.get('addressId'), speed: f.get('speed') });
          if (!r.ok) return setError(r.message);
          toast.success('已申请送票,请支付配送费');
          onDone();
        });
      }}
    >
      <label className="flex flex-col gap-1 text-sm">
        收件地址
        <select name="addressId" className="rounded border border-slate-300 px-2 py-1" required>
          {data.addresses.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} {a.phone} {a.address}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="flex gap-4 text-sm">
        <legend className="sr-only">配送方式</legend>
        <label className="flex items-center gap-1">
          <input type="radio" name="speed" value="standard" defaultChecked /> 标准快递
        </label>
        <label className="flex items-center gap-1">
          <input type="radio" name="speed" value="express" /> 次日达
        </label>
      </fieldset>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending} className="self-start rounded bg-blue-700 px-4 py-2 text-white">
        {pending ? '正在申请…' : '申请送票'}
      </button>
    </form>
  );
}

function DeliveryCard({ d, queryKey }: { d: DeliveryView; queryKey: string[] }) {
  const qc = useQueryClient();
  const [pending, start] = useTransition();
  const refresh = () => qc.invalidateQueries({ queryKey });
  return (
    <article className="mt-3 rounded border border-slate-200 p-3 text-sm" data-testid="delivery-card">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="font-medium">
          送票状态:<span data-testid="delivery-status">{d.statusLabel}</span>
        </p>
        <p>
          配送费 {formatFen(d.feeFen)}({d.bandLabel} · {d.speedLabel})
        </p>
      </div>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-slate-700">
        <dt>收件人</dt>
        <dd>
          {d.address.name} {d.address.phone} {d.address.address}
        </dd>
        <dt>快递公司</dt>
        <dd>{d.courier}</dd>
        <dt>运单号</dt>
        <dd data-testid="delivery-tracking-no">{d.trackingNo ?? '待快递接单'}</dd>
        <dt>预计送达</dt>
        <dd>
          {d.eta ?? '—'}
          {d.lateByCourier && ' (快递方原因延误)'}
        </dd>
        {(d.feeRefundFen > 0 || d.feeKeptFen > 0 || d.fareChargeFen > 0) && (
          <>
            <dt>费用结算</dt>
            <dd>
              退回配送费 {formatFen(d.feeRefundFen)},收取配送费 {formatFen(d.feeKeptFen)}
              {d.fareChargeFen > 0 && `,另收票款比例费用 ${formatFen(d.fareChargeFen)}`}
              {d.chargeRefundFen > 0 && `,退回取消费用 ${formatFen(d.chargeRefundFen)}`}
            </dd>
          </>
        )}
      </dl>
      {d.needsPayment && (
        <button
          type="button"
          disabled={pending}
          className="mt-2 rounded bg-blue-700 px-4 py-2 text-white"
          onClick={() =>
            start(async () => {
              const r = await payDeliveryFeeAction({ deliveryId: d.id });
              if (!r.ok) return void toast.error(r.message);
              if (r.data.cashierUrl) window.location.assign(r.data.cashierUrl);
              else {
                toast.success('配送费已从预存款扣除');
                await refresh();
              }
            })
          }
        >
          {d.payWith === 'balance' ? '从预存款支付配送费' : '支付配送费'} {formatFen(d.feeFen)}
        </button>
      )}
      <ol className="mt-3 flex flex-col gap-1 border-l-2 border-slate-200 pl-3" aria-label="送票进度">
        {d.timeline.map((e, i) => (
          <li key={i}>
            <span className="text-slate-500">{e.at}</span> {e.text}
          </li>
        ))}
      </ol>
      <div className="mt-3 flex flex-wrap gap-2">
        {d.awaitingChargeFen !== null && !d.final && (
          <button
            type="button"
            disabled={pending}
            data-testid="delivery-pay-cancel-charge"
            className="rounded bg-red-700 px-4 py-2 text-white"
            onClick={() =>
              start(async () => {
                const r = await payCancelChargeAction({ deliveryId: d.id });
                if (!r.ok) return void toast.error(r.message);
                window.location.assign(r.data.cashierUrl);
              })
            }
          >
            支付取消费用 {formatFen(d.awaitingChargeFen)}
          </button>
        )}
        {d.awaitingChargeFen !== null && !d.final && (
          <p role="status">取消费用支付成功后才会提交取消送票;不支付则继续配送。</p>
        )}
        {!d.final && !d.cancelRequested && d.awaitingChargeFen === null && (
          <CancelDeliveryDialog d={d} onDone={refresh} />
        )}
        {d.cancelRequested && !d.final && <p role="status">取消送票已提交,等待快递确认(不会重复收费)。</p>}
        {d.canIntercept && <InterceptDialog d={d} onDone={refresh} />}
      </div>
    </article>
  );
}

/** 取消送票: the charge of the current state and time, shown before confirming; confirmed with that amount. */
function CancelDeliveryDialog({ d, onDone }: { d: DeliveryView; onDone: () => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [quote, setQuote] = useState<CancelQuote | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) return;
        setQuote(null);
        setMessage(null);
        start(async () => {
          const r = await cancelQuoteAction({ deliveryId: d.id });
          if (!r.ok) return setMessage(r.message);
          setQuote(r.data);
        });
      }}
      title="取消送票"
      description="只取消快递寄送,车票不会退;如需退票请使用「退票」。"
      trigger={
        <button type="button" className="rounded border border-slate-300 bg-white px-4 py-2">
          取消送票
        </button>
      }
    >
      {!quote && !message && <p role="status">正在计算取消费用…</p>}
      {message && <p role="status">{message}</p>}
      {quote && !quote.allowed && (
        <div role="alert" className="rounded border border-amber-300 bg-amber-50 p-2 text-amber-900">
          <p>{quote.reason}</p>
          {quote.offerTicketRefund && <p className="mt-1">退票请关闭此窗口,使用订单上的「退票」按钮单独办理。</p>}
        </div>
      )}
      {quote?.allowed && !message && (
        <form
          className="flex flex-col gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            start(async () => {
              const r = await cancelDeliveryAction({ deliveryId: d.id, confirmedChargeFen: quote.totalChargeFen });
              if (!r.ok) return setMessage(r.message);
              if (r.data.kind === 'awaiting_charge') return void window.location.assign(r.data.cashierUrl);
              // A toast too: the refresh below may end the cancel at once, and this dialog with it (the
              // panel then shows 已取消送票 and no cancel button), so its own message could vanish unread.
              toast.success(r.data.message);
              setMessage(r.data.message);
              await onDone();
            });
          }}
        >
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-sm">
            <dt>收取配送费</dt>
            <dd>{formatFen(quote.keptFeeFen)}</dd>
            <dt>票款比例费用</dt>
            <dd data-testid="delivery-cancel-fare-charge">
              {formatFen(quote.fareChargeFen)}({quote.farePercent}%)
            </dd>
            <dt>退回配送费</dt>
            <dd>{formatFen(quote.refundFeeFen)}</dd>
          </dl>
          <p className="text-sm text-slate-700">{quote.basis}</p>
          <p className="font-medium" data-testid="delivery-cancel-charge">
            取消送票共需 {formatFen(quote.totalChargeFen)}
          </p>
          <button type="submit" disabled={pending} className="self-start rounded bg-red-700 px-4 py-2 text-white">
            确认取消送票(费用 {formatFen(quote.totalChargeFen)})
          </button>
        </form>
      )}
    </Dialog>
  );
}

/** 拦截物流: only while 配送中; the courier may refuse (then the parcel is delivered). */
function InterceptDialog({ d, onDone }: { d: DeliveryView; onDone: () => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const q = d.cancelQuote;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setMessage(null);
      }}
      title="拦截物流"
      description="向快递申请拦截配送中的包裹并退回;拦截可能失败,失败时包裹继续派送。拦截不会退票。"
      trigger={
        <button type="button" className="rounded border border-slate-300 bg-white px-4 py-2">
          拦截
        </button>
      }
    >
      {message ? (
        <p role="status">{message}</p>
      ) : (
        <form
          className="flex flex-col gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            start(async () => {
              const r = await interceptDeliveryAction({ deliveryId: d.id });
              setMessage(r.ok ? r.data.message : r.message);
              await onDone();
            });
          }}
        >
          <p className="text-sm" data-testid="delivery-intercept-fee">
            {q.allowed
              ? `配送费 ${formatFen(d.feeFen)} 不退;拦截成功后包裹退回寄件人。若改为取消送票,现需 ${formatFen(q.totalChargeFen)}。`
              : `配送费 ${formatFen(d.feeFen)} 不退;拦截成功后包裹退回寄件人。`}
          </p>
          <button type="submit" disabled={pending} className="self-start rounded bg-amber-700 px-4 py-2 text-white">
            确认拦截
          </button>
        </form>
      )}
    </Dialog>
  );
}
