'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { useTranslations } from 'next-intl';
import { useTx } from '@/lib/i18n/client';
import { Dialog } from '@/components/ui/dialog';
import type { OrderView } from '@/lib/orders/views';
import { applyChangeAction, changeQuoteAction, changeSearchAction, changeStationsAction } from '@/lib/orders/actions';
import type { ChangeTrainOption } from '@/lib/orders/aftersales-actions';
import type { ChangeQuote, ChangeStationChoice } from '@/lib/orders/changes';
import { BerthPicker, formatSleeper, type BerthCounts } from '@/components/booking/berth-picker';
import { SeatMap, formatPicks, type SeatPick } from '@/components/booking/seat-map';
import { seatLayoutFor, SLEEPER_TYPES, TWO_TIER_SLEEPERS } from '@/lib/domain/seats';
import { formatFen } from '@/lib/format';
import { shanghaiDate, shanghaiTime } from '@/lib/time';
import { BusyLabel, PendingButton } from '@/components/ui/pending-button';

/** The 到达站 select's value for "another city" (变更到站): the station is then typed in. */
const OTHER_CITY = '__other__';

/** Station names for the 变更到站 input's suggestions (the station directory, /api/stations). */
function useStationSuggestions(q: string): string[] {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    const query = q.trim();
    if (!query) return;
    const timer = setTimeout(() => {
      fetch(`/api/stations?q=${encodeURIComponent(query)}`)
        .then((r) => (r.ok ? (r.json() as Promise<{ options: { value: string; kind: string }[] }>) : { options: [] }))
        .then((d) => setNames(d.options.filter((o) => o.kind === 'station').map((o) => o.value)))
        .catch(() => setNames([]));
    }, 200);
    return () => clearTimeout(timer);
  }, [q]);
  return q.trim() ? names : [];
}

/**
 * 改签: pick the tickets, a date and the stations — the departure among the original departure city's
 * stations, the arrival among the original arrival city's, or (变更到站, only while the original train
 * leaves 48 h or more ahead: rules table changeDestinationHoursBefore) a station of another city — then
 * search trains between exactly those stations, pick a train and seat class, see what it costs,
 * apply. The server checks the same rules (lib/domain/change-stations.ts). The hold's result, the
 * payment of a difference and the confirm follow on the order page.
 */
/** tripWarning: the order is a leg of a trip (lib/trips): what changing it means for the other leg. */
export function ChangeDialog({ order, tripWarning }: { order: OrderView; tripWarning?: string | null }) {
  const t = useTranslations('orders');
  const tx = useTx();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [date, setDate] = useState(shanghaiDate(order.departureAt));
  const [changeable, setChangeable] = useState<string[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [trains, setTrains] = useState<ChangeTrainOption[] | null>(null);
  const [pick, setPick] = useState<{
    trainCode: string;
    fromStation: string;
    toStation: string;
    seatType: number;
  } | null>(null);
  const [stations, setStations] = useState<ChangeStationChoice | null>(null);
  const [fromStation, setFromStation] = useState(order.fromStation);
  const [toChoice, setToChoice] = useState(order.toStation);
  const [otherTo, setOtherTo] = useState('');
  const suggestions = useStationSuggestions(toChoice === OTHER_CITY ? otherTo : '');
  const toStation = toChoice === OTHER_CITY ? otherTo.trim() : toChoice;
  const [quote, setQuote] = useState<ChangeQuote | null>(null);
  const [picks, setPicks] = useState<SeatPick[]>([]);
  const [berths, setBerths] = useState<BerthCounts>({ lower: 0, middle: 0, upper: 0 });
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const names = new Map(order.tickets.map((x) => [x.id, x.passengerName]));

  function search() {
    setError(null);
    setPick(null);
    setQuote(null);
    start(async () => {
      const r = await changeSearchAction({ orderId: order.id, date, fromStation, toStation });
      if (!r.ok) return setError(r.fieldErrors?.date?.[0] ?? r.message);
      setTrains(r.data.trains);
      if (changeable === null) setChosen(new Set(r.data.changeable));
      setChangeable(r.data.changeable);
    });
  }

  function choose(next: { trainCode: string; fromStation: string; toStation: string; seatType: number }) {
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
      toast.success(t('change.appliedToast'));
      setOpen(false);
      await qc.invalidateQueries({ queryKey: ['order', order.id] });
    });
  }

  const train = pick
    ? trains?.find(
        (x) => x.trainCode === pick.trainCode && x.fromStation === pick.fromStation && x.toStation === pick.toStation,
      )
    : undefined;
  /** A train's arrival outside the original arrival city (变更到站). */
  const otherCity = (to: string) => !!stations && !stations.toStations.includes(to);
  /** Any change of the stations clears the trains found for the old ones. */
  const stationsChanged = () => {
    setTrains(null);
    setPick(null);
    setQuote(null);
  };
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
          setFromStation(order.fromStation);
          setToChoice(order.toStation);
          setOtherTo('');
          start(async () => {
            const r = await changeStationsAction({ orderId: order.id });
            if (!r.ok) return setError(r.message);
            setStations(r.data);
          });
        }
      }}
      title={t('change.title')}
      description={t('change.description')}
      trigger={
        <button type="button" className="rounded border border-slate-300 bg-white px-4 py-2">
          {t('change.title')}
        </button>
      }
    >
      {tripWarning && (
        <p
          className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900"
          data-testid="trip-leg-warning"
        >
          {tx(tripWarning)}
        </p>
      )}
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          search();
        }}
      >
        <label className="flex flex-col text-sm">
          {t('change.newDate')}
          <input
            type="date"
            value={date}
            onChange={(e) => setDate(e.target.value)}
            className="rounded border border-slate-300 px-2 py-1"
            required
          />
        </label>
        <label className="flex max-w-full flex-col text-sm">
          {t('change.fromStation')}
          <select
            value={fromStation}
            onChange={(e) => {
              setFromStation(e.target.value);
              stationsChanged();
            }}
            className="max-w-full rounded border border-slate-300 px-2 py-1"
          >
            {(stations?.fromStations ?? [order.fromStation]).map((s) => (
              <option key={s} value={s}>
                {tx(s)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex max-w-full flex-col text-sm">
          {t('change.toStation')}
          <select
            value={toChoice}
            onChange={(e) => {
              setToChoice(e.target.value);
              stationsChanged();
            }}
            className="max-w-full rounded border border-slate-300 px-2 py-1"
          >
            {(stations?.toStations ?? [order.toStation]).map((s) => (
              <option key={s} value={s}>
                {tx(s)}
              </option>
            ))}
            {stations?.destinationChangeAllowed && <option value={OTHER_CITY}>{t('change.otherCity')}</option>}
          </select>
        </label>
        {toChoice === OTHER_CITY && (
          <label className="flex max-w-full flex-col text-sm">
            {t('change.otherCityStation')}
            <input
              value={otherTo}
              onChange={(e) => {
                setOtherTo(e.target.value);
                stationsChanged();
              }}
              list="change-other-stations"
              placeholder={t('change.stationPlaceholder')}
              autoComplete="off"
              className="w-40 max-w-full rounded border border-slate-300 px-2 py-1"
              required
            />
            <datalist id="change-other-stations">
              {suggestions.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          </label>
        )}
        <PendingButton
          type="submit"
          pending={pending}
          pendingLabel={t('change.searching')}
          disabled={!toStation}
          className="rounded bg-brand-600 px-3 py-1.5 text-white"
        >
          {t('change.search')}
        </PendingButton>
      </form>
      {stations && (
        <p className="text-sm text-slate-600" data-testid="change-stations-rule">
          {t('change.stationsRule', { fromCity: tx(stations.fromCity), toCity: tx(stations.toCity) })}
          {stations.destinationChangeAllowed
            ? t('change.destinationAllowed', {
                hours: stations.destinationHoursBefore,
                until: `${shanghaiDate(stations.destinationUntil)} ${shanghaiTime(stations.destinationUntil)}`,
              })
            : t('change.destinationClosed', { hours: stations.destinationHoursBefore })}
        </p>
      )}

      {changeable && (
        <fieldset className="flex flex-col gap-1 text-sm">
          <legend className="font-medium">{t('change.passengers')}</legend>
          {changeable.length === 0 && <p className="text-amber-900">{t('change.noneChangeable')}</p>}
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
        <fieldset className="min-w-0 text-sm">
          <legend className="font-medium">{t('change.trainsLegend')}</legend>
          {/* Its own bounded, scrolling area inside the fieldset (a scrolling fieldset is unreliable):
              the seat map below always starts under it. */}
          <div
            className="flex max-h-64 flex-col gap-1 overflow-y-auto overscroll-contain rounded border border-slate-200 p-1"
            data-testid="change-trains"
          >
            {trains.length === 0 && <p>{t('change.noTrains')}</p>}
            {trains.map((tr) =>
              tr.seats.map((s) => {
                const id = `${tr.trainCode}-${tr.fromStation}-${tr.toStation}-${s.seatType}`;
                return (
                  <label key={id} className="flex items-start gap-2 py-0.5">
                    <input
                      className="mt-0.5 shrink-0"
                      type="radio"
                      name="change-seat"
                      disabled={s.left === 0 || chosen.size === 0}
                      checked={
                        pick?.trainCode === tr.trainCode &&
                        pick.seatType === s.seatType &&
                        pick.fromStation === tr.fromStation &&
                        pick.toStation === tr.toStation
                      }
                      onChange={() =>
                        choose({
                          trainCode: tr.trainCode,
                          fromStation: tr.fromStation,
                          toStation: tr.toStation,
                          seatType: s.seatType,
                        })
                      }
                    />
                    <span>
                      {tr.trainCode} {tx(tr.fromStation)} {tr.fromTime}→{tx(tr.toStation)} {tr.toTime}{' '}
                      {otherCity(tr.toStation) ? t('change.otherCityTag') : ''}
                      {tx(s.name)} {formatFen(s.priceFen)}{' '}
                      {s.left > 0 ? t('change.left', { left: s.left }) : t('change.soldOut')}
                    </span>
                  </label>
                );
              }),
            )}
          </div>
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
            {t('change.quote', {
              original: formatFen(quote.originalFen),
              next: formatFen(quote.newFen),
              fee: formatFen(quote.changeFeeFen),
            })}
            {quote.diffRefundFeeFen > 0 ? t('change.diffRefundFee', { fee: formatFen(quote.diffRefundFeeFen) }) : ''}
          </p>
          {quote.travellerPaysFen > 0 && (
            <p>
              {t.rich('change.pays', {
                amount: formatFen(quote.travellerPaysFen),
                b: (c) => <strong data-testid="change-pay">{c}</strong>,
              })}
            </p>
          )}
          {quote.travellerGetsFen > 0 && (
            <p>
              {t.rich('change.gets', {
                amount: formatFen(quote.travellerGetsFen),
                b: (c) => <strong data-testid="change-back">{c}</strong>,
              })}
            </p>
          )}
          {quote.travellerPaysFen === 0 && quote.travellerGetsFen === 0 && <p>{t('change.nothingDue')}</p>}
        </div>
      )}

      <button
        type="button"
        onClick={apply}
        aria-busy={pending || undefined}
        disabled={pending || !quote || chosen.size === 0}
        className="rounded bg-brand-600 px-4 py-2 font-medium text-white disabled:opacity-60"
      >
        {pending ? <BusyLabel>{t('change.wait')}</BusyLabel> : t('change.apply')}
      </button>
      <div role="alert" aria-live="assertive" className="text-sm text-red-800">
        {error}
      </div>
    </Dialog>
  );
}
