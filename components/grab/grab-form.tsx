'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useMemo, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { ContactMobile, PassengersSection, SubmitBar } from '@/components/booking/form-parts';
import { Field, FieldError, SelectField } from '@/components/ui/field';
import type { ClientFormState } from '@/lib/form';
import { useTx } from '@/lib/i18n/client';
import { addDays, fromDateTimeLocal, shanghaiInstant } from '@/lib/time';
import { checkGrab, prepaidFen } from '@/lib/domain/grab';
import { GRAB_MAX_DATES } from '@/lib/domain/rules';
import { SEAT_TYPE } from '@/lib/domain/seats';
import { formatFen } from '@/lib/format';
import { createGrabAction } from '@/lib/grab/actions';
import type { PassengerView } from '@/lib/passengers/service';
import { Section } from '@/components/ui/section';

interface Offer {
  trainCode: string;
  fromStation: string;
  toStation: string;
  fromTime: string;
  departAt: string;
  seats: { seatType: number; name: string; priceFen: number; left: number }[];
}
interface Choice {
  trainCode: string;
  seatType: number;
}
interface Chosen {
  passengerId: string;
  ticketType: number;
}

const small = 'rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 disabled:opacity-50';

/**
 * The 抢票 form: alternates (trains of this route and date × seat classes, in the traveller's order of
 * preference, optionally repeated on extra dates), the deadline, passengers, and the prepayment (the
 * dearest alternate for everyone, as 12306 候补). The rules of lib/domain/grab are checked as the
 * traveller types; the server checks them again.
 */
export function GrabForm(props: {
  date: string;
  offers: Offer[];
  initialAlternates: Choice[];
  defaultDeadline: string;
  passengers: PassengerView[];
  requestNo: string;
  /** The grab's passenger limit (the grab rule and the strictest configured provider) and how to say it. */
  passengerLimit: { max: number; message: string };
  ticketTypes: { value: number; label: string }[];
}) {
  const t = useTranslations('grab.form');
  const tx = useTx();
  const router = useRouter();
  const [choices, setChoices] = useState<Choice[]>(props.initialAlternates);
  const [pickTrain, setPickTrain] = useState(props.offers[0]?.trainCode ?? '');
  const [pickSeat, setPickSeat] = useState<number>(props.offers[0]?.seats[0]?.seatType ?? 0);
  const [extraDates, setExtraDates] = useState<string[]>([]);
  const [newDate, setNewDate] = useState('');
  const [deadline, setDeadline] = useState(props.defaultDeadline);
  const [saved, setSaved] = useState(props.passengers);
  const [chosen, setChosen] = useState<Chosen[]>([]);
  const [mobile, setMobile] = useState('');
  const [state, setState] = useState<ClientFormState>(null);
  const errors = state?.fieldErrors ?? {};
  const [pending, start] = useTransition();

  const offerOf = (code: string) => props.offers.find((o) => o.trainCode === code);
  const seatsOf = (code: string) => (offerOf(code)?.seats ?? []).filter((s) => s.seatType !== SEAT_TYPE.STANDING);
  // Every chosen train × class on the main date, then the same on each extra date (same timetable).
  const alternates = useMemo(
    () =>
      [props.date, ...extraDates].flatMap((d) => {
        return choices.flatMap((c) => {
          const o = props.offers.find((x) => x.trainCode === c.trainCode);
          const s = o?.seats.find((x) => x.seatType === c.seatType);
          if (!o || !s) return [];
          return [
            {
              trainCode: o.trainCode,
              fromStation: o.fromStation,
              toStation: o.toStation,
              date: d,
              seatType: s.seatType,
              seatName: s.name,
              fromTime: o.fromTime,
              departAt: shanghaiInstant(d, o.fromTime),
              priceFen: s.priceFen,
            },
          ];
        });
      }),
    [choices, extraDates, props.date, props.offers],
  );
  const deadlineAt = fromDateTimeLocal(deadline);
  const check = checkGrab({ alternates, passengers: chosen, deadline: deadlineAt }, new Date());
  // lib's refusal in the reader's language (the server's, already translated, may repeat it).
  const checkMessage = check.ok ? null : tx(check.message);
  const liveErrors = (field: string) => [
    ...(!check.ok && check.field === field ? [checkMessage!] : []),
    ...(errors[field] ?? []).filter((e) => check.ok || e !== checkMessage),
  ];
  const prepaid = prepaidFen(alternates, chosen.length);

  function addChoice() {
    if (!pickTrain || !pickSeat) return;
    if (choices.some((c) => c.trainCode === pickTrain && c.seatType === pickSeat)) {
      toast.error(t('duplicate'));
      return;
    }
    setChoices((cur) => [...cur, { trainCode: pickTrain, seatType: pickSeat }]);
  }
  function move(i: number, by: -1 | 1) {
    setChoices((cur) => {
      const next = [...cur];
      const [x] = next.splice(i, 1);
      next.splice(i + by, 0, x!);
      return next;
    });
  }
  function addDate() {
    if (!newDate || newDate === props.date || extraDates.includes(newDate)) return;
    setExtraDates((cur) => [...cur, newDate].sort());
    setNewDate('');
  }

  function submit() {
    setState(null);
    if (!check.ok) {
      setState({ ok: false, message: tx(check.message) });
      return;
    }
    start(async () => {
      const r = await createGrabAction({
        requestNo: props.requestNo,
        alternates: alternates.map((a) => ({
          trainCode: a.trainCode,
          fromStation: a.fromStation,
          toStation: a.toStation,
          date: a.date,
          seatType: a.seatType,
        })),
        passengers: chosen,
        deadline,
        contactMobile: mobile,
      });
      if (r.ok) {
        start(() => router.push(`/trips/grabs/${r.data.grabId}`)); // pending until the grab's page shows
        return;
      }
      setState(r);
    });
  }

  const altErrors = liveErrors('alternates');
  const paxErrors = liveErrors('passengers');
  const deadlineErrors = liveErrors('deadline');
  const lastExtra = addDays(props.date, 30);

  return (
    <div className="flex flex-col gap-4">
      <Section id="alt-heading" title={t('alternates')} stack>
        <ol className="flex flex-col gap-2" aria-label={t('chosenList')}>
          {choices.map((c, i) => {
            const o = offerOf(c.trainCode);
            const s = o?.seats.find((x) => x.seatType === c.seatType);
            const label = `${c.trainCode} ${s ? tx(s.name) : ''}`;
            return (
              <li key={`${c.trainCode}-${c.seatType}`} className="flex flex-wrap items-center gap-2 text-sm">
                <span className="w-6">{i + 1}.</span>
                <span className="font-medium">{label}</span>
                <span className="text-slate-600">
                  {t('departs', { time: o?.fromTime ?? '', price: s ? formatFen(s.priceFen) : '' })}
                </span>
                <button
                  type="button"
                  className={small}
                  onClick={() => move(i, -1)}
                  disabled={i === 0}
                  aria-label={t('moveUpLabel', { label })}
                >
                  {t('moveUp')}
                </button>
                <button
                  type="button"
                  className={small}
                  onClick={() => move(i, 1)}
                  disabled={i === choices.length - 1}
                  aria-label={t('moveDownLabel', { label })}
                >
                  {t('moveDown')}
                </button>
                <button
                  type="button"
                  className={small}
                  onClick={() => setChoices((cur) => cur.filter((_, j) => j !== i))}
                  aria-label={t('removeLabel', { label })}
                >
                  {t('remove')}
                </button>
              </li>
            );
          })}
        </ol>
        <div className="flex flex-wrap items-end gap-2">
          <SelectField
            id="pick-train"
            label={t('pickTrain')}
            value={pickTrain}
            onChange={(e) => {
              setPickTrain(e.target.value);
              setPickSeat(seatsOf(e.target.value)[0]?.seatType ?? 0);
            }}
            options={props.offers.map((o) => ({ value: o.trainCode, label: `${o.trainCode} ${o.fromTime}` }))}
          />
          <SelectField
            id="pick-seat"
            label={t('pickSeat')}
            value={pickSeat}
            onChange={(e) => setPickSeat(Number(e.target.value))}
            options={seatsOf(pickTrain).map((s) => ({
              value: s.seatType,
              label: `${tx(s.name)} ${formatFen(s.priceFen)}`,
            }))}
          />
          <button type="button" onClick={addChoice} className={small}>
            {t('add')}
          </button>
        </div>
        <div className="flex flex-col gap-2">
          <p className="text-sm font-medium">{t('extraDates', { max: GRAB_MAX_DATES - 1 })}</p>
          {extraDates.length > 0 && (
            <ul className="flex flex-wrap gap-2 text-sm" aria-label={t('extraDatesList')}>
              {extraDates.map((d) => (
                <li key={d} className="flex items-center gap-1 rounded bg-slate-100 px-2 py-1">
                  {d}
                  <button
                    type="button"
                    className="underline"
                    onClick={() => setExtraDates((cur) => cur.filter((x) => x !== d))}
                    aria-label={t('removeDateLabel', { date: d })}
                  >
                    {t('remove')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="flex flex-wrap items-end gap-2">
            <Field
              id="extra-date"
              name="extraDate"
              label={t('addDateField')}
              type="date"
              value={newDate}
              min={props.date}
              max={lastExtra}
              onChange={(e) => setNewDate(e.target.value)}
            />
            <button
              type="button"
              onClick={addDate}
              className={small}
              disabled={!newDate || extraDates.length >= GRAB_MAX_DATES - 1}
            >
              {t('addDate')}
            </button>
          </div>
        </div>
        <div role="alert">
          <FieldError errors={altErrors} />
        </div>
      </Section>

      <PassengersSection
        heading={t('passengers', { max: props.passengerLimit.max })}
        errors={chosen.length > 0 ? paxErrors : undefined}
        saved={saved}
        onSaved={(p) => setSaved((s) => [...s, p])}
        chosen={chosen}
        onChosen={setChosen}
        ticketTypes={props.ticketTypes}
        full={chosen.length >= props.passengerLimit.max}
        fullReason={tx(props.passengerLimit.message)}
      />

      <Section id="more-heading" title={t('more')} stack>
        <div className="sm:max-w-xs">
          <Field
            name="deadline"
            label={t('deadline')}
            type="datetime-local"
            value={deadline}
            onChange={(e) => setDeadline(e.target.value)}
            errors={deadlineErrors}
            hint={t('deadlineHint')}
          />
        </div>
        <ContactMobile value={mobile} onChange={setMobile} errors={errors.contactMobile} />
      </Section>

      <SubmitBar
        amount={{
          label: t('prepaid'),
          fen: prepaid,
          testId: 'prepaid',
          note: t('prepaidNote', { count: chosen.length }),
        }}
        state={state}
        pending={pending}
        disabled={!check.ok}
        label={t('submit')}
        onSubmit={submit}
      />
    </div>
  );
}
