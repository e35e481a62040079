'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState, useTransition } from 'react';
import { ContactMobile, PassengersSection, SubmitBar } from '@/components/booking/form-parts';
import { NightNotice } from '@/components/booking/night-notice';
import { TicketTypeNotes } from '@/components/booking/ticket-notes';
import { FieldError, SelectField } from '@/components/ui/field';
import { Section } from '@/components/ui/section';
import { bookableSeats } from '@/lib/domain/seats';
import { ticketFares } from '@/lib/domain/ticket-types';
import { connectionOf, TRIP_KIND_LABELS, type TripKind } from '@/lib/domain/trips';
import type { ClientFormState } from '@/lib/form';
import { formatDuration, formatFen } from '@/lib/format';
import { passengerLimit, type ProviderFacts } from '@/lib/orders/capabilities';
import type { PassengerView } from '@/lib/passengers/service';
import type { TrainOffer } from '@/lib/search/types';
import { createTripAction } from '@/lib/trips/actions';

type Offer = Omit<TrainOffer, 'departAt' | 'arriveAt'> & { departAt: string; arriveAt: string };
interface Leg {
  offer: Offer;
  date: string;
  initialSeatType: number;
  provider: ProviderFacts;
}
interface Chosen {
  passengerId: string;
  ticketType: number;
}

/**
 * The booking form of a trip of two legs (the single booking form's pieces: passengers chosen once
 * for both legs, a seat class per leg, the contact's mobile, the total of both). Both legs are held
 * together; the trip page takes one payment for both.
 */
export function TripBookingForm(props: {
  kind: TripKind;
  legs: Leg[];
  passengers: PassengerView[];
  requestNo: string;
  idTypes: { value: string; label: string }[];
  ticketTypes: { value: number; label: string }[];
}) {
  const router = useRouter();
  const [saved, setSaved] = useState(props.passengers);
  const [chosen, setChosen] = useState<Chosen[]>([]);
  const [seatTypes, setSeatTypes] = useState(props.legs.map((l) => l.initialSeatType));
  const [mobile, setMobile] = useState('');
  const [state, setState] = useState<ClientFormState>(null);
  const [pending, start] = useTransition();
  const errors = state?.fieldErrors ?? {};
  const max = Math.min(...props.legs.map((l) => passengerLimit(l.provider.capabilities)));
  const [a, b] = props.legs;
  const connection =
    props.kind === 'transfer' && a && b
      ? connectionOf(
          { toStation: a.offer.toStation, arrivalAt: new Date(a.offer.arriveAt) },
          { fromStation: b.offer.fromStation, departureAt: new Date(b.offer.departAt) },
        )
      : null;

  const legTotals = useMemo(
    () =>
      props.legs.map((l, i) => {
        const seat = l.offer.seats.find((s) => s.seatType === seatTypes[i]);
        return seat
          ? ticketFares(
              seat.priceFen,
              chosen.map((c) => c.ticketType),
              seatTypes[i]!,
            ).totalFen
          : 0;
      }),
    [props.legs, seatTypes, chosen],
  );
  const totalFen = legTotals.reduce((x, y) => x + y, 0);

  function submit() {
    setState(null);
    start(async () => {
      const r = await createTripAction({
        requestNo: props.requestNo,
        kind: props.kind,
        legs: props.legs.map((l, i) => ({
          provider: l.provider.id,
          trainCode: l.offer.trainCode,
          fromStation: l.offer.fromStation,
          toStation: l.offer.toStation,
          date: l.date,
          seatType: seatTypes[i],
        })),
        passengers: chosen,
        contactMobile: mobile,
      });
      if (r.ok) {
        start(() => router.push(`/trips/t/${r.data.tripId}`));
        return;
      }
      setState(r);
    });
  }

  return (
    <div className="flex flex-col gap-4">
      <FieldError errors={errors.legs} />
      {props.legs.map((l, i) => (
        <div key={i} className="flex flex-col gap-3">
          <Section
            id={`leg-${i + 1}-heading`}
            title={`第${i + 1}程${props.kind === 'round' ? (i === 0 ? '（去程）' : '（返程）') : ''}`}
            stack
          >
            <div role="group" aria-label={`第${i + 1}程车次信息`} data-testid={`trip-form-leg-${i + 1}`}>
              <p className="text-lg font-semibold">
                {l.offer.trainCode} {l.offer.fromStation} {l.offer.fromTime} → {l.offer.toStation} {l.offer.toTime}
                {l.offer.arriveDays > 0 && <span className="ml-1 text-sm text-red-700">+{l.offer.arriveDays}天</span>}
              </p>
              <p className="text-sm text-slate-600">
                {l.date} · 历时 {formatDuration(l.offer.runMinutes)} · 出票渠道 {l.provider.label}
              </p>
            </div>
            <div className="sm:max-w-xs">
              <SelectField
                id={`seatType-${i + 1}`}
                label={`第${i + 1}程席别`}
                value={seatTypes[i] ?? l.initialSeatType}
                onChange={(e) => setSeatTypes((cur) => cur.map((s, k) => (k === i ? Number(e.target.value) : s)))}
                options={bookableSeats(l.offer.seats).map((s) => ({
                  value: s.seatType,
                  label: `${s.name} ${formatFen(s.priceFen)}（余 ${s.left}）`,
                  disabled: s.left <= 0 && s.seatType !== seatTypes[i],
                }))}
              />
              <FieldError errors={errors[`legs.${i}.seatType`]} />
            </div>
          </Section>
          {i === 0 && connection && (
            <p
              className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
              data-testid="trip-form-connection"
            >
              换乘：{connection.text}
            </p>
          )}
        </div>
      ))}

      <PassengersSection
        heading={`乘客（两程相同，最多 ${max} 位）`}
        errors={errors.passengers}
        saved={saved}
        onSaved={(p) => setSaved((s) => [...s, p])}
        chosen={chosen}
        onChosen={setChosen}
        ticketTypes={props.ticketTypes}
        full={chosen.length >= max}
        fullReason={`每程每单最多 ${max} 位乘客。`}
      />
      <TicketTypeNotes date={props.legs[0]!.date} students={props.ticketTypes.some((t) => t.value === 3)} />

      <Section id="contact-heading" title="联系方式" stack>
        <ContactMobile value={mobile} onChange={setMobile} errors={errors.contactMobile} />
      </Section>

      <NightNotice />
      <SubmitBar
        amount={{
          label: '两程合计',
          fen: totalFen,
          testId: 'trip-form-total',
          note: `${chosen.length} 位乘客 · ${TRIP_KIND_LABELS[props.kind]}：第1程 ${formatFen(legTotals[0] ?? 0)} + 第2程 ${formatFen(legTotals[1] ?? 0)}；两程同时占座，一次支付`,
        }}
        state={state}
        pending={pending}
        disabled={chosen.length === 0}
        label="提交订单"
        onSubmit={submit}
      />
    </div>
  );
}
