'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Dialog } from '@/components/ui/dialog';
import type { OrderView } from '@/lib/orders/views';
import { applyChangeAction, changeQuoteAction, changeSearchAction } from '@/lib/orders/actions';
import type { ChangeTrainOption } from '@/lib/orders/aftersales-actions';
import type { ChangeQuote } from '@/lib/orders/changes';
import { BerthPicker, formatSleeper, type BerthCounts } from '@/components/booking/berth-picker';
import { SeatMap, formatPicks, type SeatPick } from '@/components/booking/seat-map';
import { seatLayoutFor, SLEEPER_TYPES, TWO_TIER_SLEEPERS } from '@/lib/domain/seats';
import { formatFen } from '@/lib/format';
import { shanghaiDate } from '@/lib/time';

/**
 * 改签: pick the tickets and a date, search the same route (another station of the destination city is
 * 变更到站), pick a train and seat class, see what it costs, apply. The hold's result, the payment of
 * a difference and the confirm follow on the order page.
 */
export function ChangeDialog({ order }: { order: OrderView }) {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [date, setDate] = useState(shanghaiDate(order.departureAt));
  const [changeable, setChangeable] = useState<string[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [trains, setTrains] = useState<ChangeTrainOption[] | null>(null);
  const [pick, setPick] = useState<{ trainCode: string; toStation: string; seatType: number } | null>(null);
  const [quote, setQuote] = useState<ChangeQuote | null>(null);
  const [picks, setPicks] = useState<SeatPick[]>([]);
  const [berths, setBerths] = useState<BerthCounts>({ lower: 0, middle: 0, upper: 0 });
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const names = new Map(order.tickets.map((t) => [t.id, t.passengerName]));

  function search() {
    setError(null);
    setPick(null);
    setQuote(null);
    start(async () => {
      const r = await changeSearchAction({ orderId: order.id, date });
      if (!r.ok) return setError(r.fieldErrors?.date?.[0] ?? r.message);
      setTrains(r.data.trains);
      if (changeable === null) setChosen(new Set(r.data.changeable));
      setChangeable(r.data.changeable);
    });
  }

  function choose(next: { trainCode: string; toStation: string; seatType: number }) {
    setPick(next);
    setPicks([]);
    setBerths({ lower: 0, middle: 0, upper: 0 });
    setQuote(null);
    setError(null);
    start(async () => {
      const r = await changeQuoteAction({ orderId: order.id, ticketIds: [...chosen], date, ...next });
      if (!r.ok) return setError(r.message);
      setQuote(r.data);
    });
  }

  function apply() {
    if (!pick) return;
    setError(null);
    start(async () => {
      const r = await applyChangeAction({
        orderId: order.id,
        ticketIds: [...chosen],
        date,
        ...pick,
        ...(layout && picks.length ? { chooseSeats: formatPicks(picks) } : {}),
        ...(sleeper && berths.lower + berths.middle + berths.upper > 0 ? { chooseSleeper: formatSleeper(berths) } : {}),
      });
      if (!r.ok) return setError(r.message);
      toast.success('已申请改签，正在占位');
      setOpen(false);
      await qc.invalidateQueries({ queryKey: ['order', order.id] });
    });
  }

  const train = pick
    ? trains?.find((t) => t.trainCode === pick.trainCode && t.toStation === pick.toStation)
    : undefined;
  const seatOffer = train?.seats.find((x) => x.seatType === pick?.seatType);
  // The same seat map and berth picker as booking, when the new train offers them.
  const layout = pick && train?.canChooseSeats ? seatLayoutFor(pick.seatType) : null;
  const sleeper = !!pick && !!train?.canChooseSleeper && SLEEPER_TYPES.includes(pick.seatType);
  const berthPrice = (kind: keyof BerthCounts) => {
    const b = seatOffer?.berths.find((x) => x.kind === kind);
    return b ? formatFen(b.priceFen) : undefined;
  };
  const prices = { lower: berthPrice('lower'), middle: berthPrice('middle'), upper: berthPrice('upper') };

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) {
          setTrains(null);
          setQuote(null);
          setPick(null);
          setError(null);
          setChangeable(null);
        }
      }}
      title="改签"
      description="每张车票只能成功改签一次；改签成功前原车票仍然有效。"
      trigger={
        <button type="button" className="rounded border border-slate-300 bg-white px-4 py-2">
          改签
        </button>
      }
    >
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          search();
        }}
      >
        <label className="flex flex-col text-sm">
          新的乘车日期
          <input
            type="date"
            value={date}
            onChange={(e) => setDate(e.target.value)}
            className="rounded border border-slate-300 px-2 py-1"
            required
          />
        </label>
        <button type="submit" disabled={pending} className="rounded bg-brand-600 px-3 py-1.5 text-white">
          查询车次
        </button>
      </form>

      {changeable && (
        <fieldset className="flex flex-col gap-1 text-sm">
          <legend className="font-medium">改签的乘客</legend>
          {changeable.length === 0 && (
            <p className="text-amber-900">没有可以改签的车票（已改签过的车票不能再改签）。</p>
          )}
          {changeable.map((id) => (
            <label key={id} className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={chosen.has(id)}
                onChange={() => {
                  const next = new Set(chosen);
                  if (next.has(id)) next.delete(id);
                  else next.add(id);
                  setChosen(next);
                  setQuote(null);
                  setPick(null);
                }}
              />
              {names.get(id)}
            </label>
          ))}
        </fieldset>
      )}

      {trains && (
        <fieldset className="flex max-h-64 flex-col gap-1 overflow-y-auto text-sm">
          <legend className="font-medium">车次与席别</legend>
          {trains.length === 0 && <p>该日期没有可改签的车次。</p>}
          {trains.map((t) =>
            t.seats.map((s) => {
              const id = `${t.trainCode}-${t.toStation}-${s.seatType}`;
              return (
                <label key={id} className="flex items-center gap-2">
                  <input
                    type="radio"
                    name="change-seat"
                    disabled={s.left === 0 || chosen.size === 0}
                    checked={
                      pick?.trainCode === t.trainCode && pick.seatType === s.seatType && pick.toStation === t.toStation
                    }
                    onChange={() => choose({ trainCode: t.trainCode, toStation: t.toStation, seatType: s.seatType })}
                  />
                  <span>
                    {t.trainCode} {t.fromTime}→{t.toTime}{' '}
                    {t.toStation !== order.toStation ? `（变更到站 ${t.toStation}）` : ''}
                    {s.name} {formatFen(s.priceFen)} {s.left > 0 ? `余 ${s.left}` : '无票'}
                  </span>
                </label>
              );
            }),
          )}
        </fieldset>
      )}

      {layout && chosen.size > 0 && <SeatMap layout={layout} picks={picks} max={chosen.size} onChange={setPicks} />}
      {sleeper && pick && chosen.size > 0 && (
        <BerthPicker
          counts={berths}
          max={chosen.size}
          hasMiddle={!TWO_TIER_SLEEPERS.includes(pick.seatType)}
          prices={Object.fromEntries(Object.entries(prices).filter(([, v]) => v !== undefined))}
          onChange={setBerths}
        />
      )}

      {quote && (
        <div className="rounded bg-slate-50 p-2 text-sm" data-testid="change-quote">
          <p>
            原票价 {formatFen(quote.originalFen)} → 新票价 {formatFen(quote.newFen)}；改签费{' '}
            {formatFen(quote.changeFeeFen)}
            {quote.diffRefundFeeFen > 0 ? `；差价退票费 ${formatFen(quote.diffRefundFeeFen)}` : ''}
          </p>
          {quote.travellerPaysFen > 0 && (
            <p>
              确认前需支付 <strong data-testid="change-pay">{formatFen(quote.travellerPaysFen)}</strong>
            </p>
          )}
          {quote.travellerGetsFen > 0 && (
            <p>
              改签成功后退回 <strong data-testid="change-back">{formatFen(quote.travellerGetsFen)}</strong>
            </p>
          )}
          {quote.travellerPaysFen === 0 && quote.travellerGetsFen === 0 && <p>无需补款，也无退款。</p>}
        </div>
      )}

      <button
        type="button"
        onClick={apply}
        disabled={pending || !quote || chosen.size === 0}
        className="rounded bg-brand-600 px-4 py-2 font-medium text-white disabled:opacity-60"
      >
        {pending ? '请稍候…' : '申请改签'}
      </button>
      <div role="alert" aria-live="assertive" className="text-sm text-red-800">
        {error}
      </div>
    </Dialog>
  );
}
