'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { ContactMobile, PassengersSection, SubmitBar } from '@/components/booking/form-parts';
import { Field, FieldError, SelectField } from '@/components/ui/field';
import type { ClientFormState } from '@/lib/form';
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
  const liveErrors = (field: string) => [
    ...(!check.ok && check.field === field ? [check.message] : []),
    ...(errors[field] ?? []).filter((e) => check.ok || e !== check.message),
  ];
  const prepaid = prepaidFen(alternates, chosen.length);

  function addChoice() {
    if (!pickTrain || !pickSeat) return;
    if (choices.some((c) => c.trainCode === pickTrain && c.seatType === pickSeat)) {
      toast.error('该车次席别已在备选中。');
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
      setState({ ok: false, message: check.message });
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
      <Section id="alt-heading" title="备选车次与席别（按优先顺序）" stack>
        <ol className="flex flex-col gap-2" aria-label="已选备选">
          {choices.map((c, i) => {
            const o = offerOf(c.trainCode);
            const s = o?.seats.find((x) => x.seatType === c.seatType);
            const label = `${c.trainCode} ${s?.name ?? ''}`;
            return (
              <li key={`${c.trainCode}-${c.seatType}`} className="flex flex-wrap items-center gap-2 text-sm">
                <span className="w-6">{i + 1}.</span>
                <span className="font-medium">{label}</span>
                <span className="text-slate-600">
                  {o?.fromTime} 开 · {s ? formatFen(s.priceFen) : ''}
                </span>
                <button
                  type="button"
                  className={small}
                  onClick={() => move(i, -1)}
                  disabled={i === 0}
                  aria-label={`上移 ${label}`}
                >
                  上移
                </button>
                <button
                  type="button"
                  className={small}
                  onClick={() => move(i, 1)}
                  disabled={i === choices.length - 1}
                  aria-label={`下移 ${label}`}
                >
                  下移
                </button>
                <button
                  type="button"
                  className={small}
                  onClick={() => setChoices((cur) => cur.filter((_, j) => j !== i))}
                  aria-label={`移除 ${label}`}
                >
                  移除
                </button>
              </li>
            );
          })}
        </ol>
        <div className="flex flex-wrap items-end gap-2">
          <SelectField
            id="pick-train"
            label="备选车次"
            value={pickTrain}
            onChange={(e) => {
              setPickTrain(e.target.value);
              setPickSeat(seatsOf(e.target.value)[0]?.seatType ?? 0);
            }}
            options={props.offers.map((o) => ({ value: o.trainCode, label: `${o.trainCode} ${o.fromTime}` }))}
          />
          <SelectField
            id="pick-seat"
            label="备选席别"
            value={pickSeat}
            onChange={(e) => setPickSeat(Number(e.target.value))}
            options={seatsOf(pickTrain).map((s) => ({
              value: s.seatType,
              label: `${s.name} ${formatFen(s.priceFen)}`,
            }))}
          />
          <button type="button" onClick={addChoice} className={small}>
            添加备选
          </button>
        </div>
        <div className="flex flex-col gap-2">
          <p className="text-sm font-medium">
            其他日期（可选，最多 {GRAB_MAX_DATES - 1} 个；同样的车次席别在这些日期也抢）
          </p>
          {extraDates.length > 0 && (
            <ul className="flex flex-wrap gap-2 text-sm" aria-label="其他日期">
              {extraDates.map((d) => (
                <li key={d} className="flex items-center gap-1 rounded bg-slate-100 px-2 py-1">
                  {d}
                  <button
                    type="button"
                    className="underline"
                    onClick={() => setExtraDates((cur) => cur.filter((x) => x !== d))}
                    aria-label={`移除日期 ${d}`}
                  >
                    移除
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="flex flex-wrap items-end gap-2">
            <Field
              id="extra-date"
              name="extraDate"
              label="添加日期"
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
              添加日期
            </button>
          </div>
        </div>
        <div role="alert">
          <FieldError errors={altErrors} />
        </div>
      </Section>

      <PassengersSection
        heading={`乘客（最多 ${props.passengerLimit.max} 位，不支持学生票和残军票）`}
        errors={chosen.length > 0 ? paxErrors : undefined}
        saved={saved}
        onSaved={(p) => setSaved((s) => [...s, p])}
        chosen={chosen}
        onChosen={setChosen}
        ticketTypes={props.ticketTypes}
        full={chosen.length >= props.passengerLimit.max}
        fullReason={props.passengerLimit.message}
      />

      <Section id="more-heading" title="截止时间与联系方式" stack>
        <div className="sm:max-w-xs">
          <Field
            name="deadline"
            label="抢票截止时间（北京时间）"
            type="datetime-local"
            value={deadline}
            onChange={(e) => setDeadline(e.target.value)}
            errors={deadlineErrors}
            hint="不晚于最后一个备选车次发车前的停售时间；到时未抢到则全额退款。"
          />
        </div>
        <ContactMobile value={mobile} onChange={setMobile} errors={errors.contactMobile} />
      </Section>

      <SubmitBar
        amount={{
          label: '预付',
          fen: prepaid,
          testId: 'prepaid',
          note: `按最贵备选 × ${chosen.length} 位乘客，抢到后退还差额`,
        }}
        state={state}
        pending={pending}
        disabled={!check.ok}
        label="提交抢票单"
        onSubmit={submit}
      />
    </div>
  );
}
