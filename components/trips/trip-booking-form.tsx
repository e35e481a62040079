'use client';

import { useTranslations } from 'next-intl';
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
import { useTx } from '@/lib/i18n/client';
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
  const t = useTranslations('trips.form');
  const tx = useTx();
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
            title={t('legTitle', { n: i + 1, role: props.kind === 'round' ? (i === 0 ? 'out' : 'back') : 'none' })}
            stack
          >
            <div role="group" aria-label={t('legInfo', { n: i + 1 })} data-testid={`trip-form-leg-${i + 1}`}>
              <p className="text-lg font-semibold">
                {l.offer.trainCode} {tx(l.offer.fromStation)} {l.offer.fromTime} → {tx(l.offer.toStation)}{' '}
                {l.offer.toTime}
                {l.offer.arriveDays > 0 && (
                  <span className="ml-1 text-sm text-red-700">{t('plusDays', { days: l.offer.arriveDays })}</span>
                )}
              </p>
              <p className="text-sm text-slate-600">
                {t('legFacts', {
                  date: l.date,
                  duration: tx(formatDuration(l.offer.runMinutes)),
                  provider: tx(l.provider.label),
                })}
              </p>
            </div>
            <div className="sm:max-w-xs">
              <SelectField
                id={`seatType-${i + 1}`}
                label={t('seatLabel', { n: i + 1 })}
                value={seatTypes[i] ?? l.initialSeatType}
                onChange={(e) => setSeatTypes((cur) => cur.map((s, k) => (k === i ? Number(e.target.value) : s)))}
                options={bookableSeats(l.offer.seats).map((s) => ({
                  value: s.seatType,
                  label: t('seatOption', { name: tx(s.name), price: formatFen(s.priceFen), left: s.left }),
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
              {t('connection', { text: tx(connection.text) })}
            </p>
          )}
        </div>
      ))}

      <PassengersSection
        heading={t('passengers', { max })}
        errors={errors.passengers}
        saved={saved}
        onSaved={(p) => setSaved((s) => [...s, p])}
        chosen={chosen}
        onChosen={setChosen}
        ticketTypes={props.ticketTypes}
        full={chosen.length >= max}
        fullReason={t('full', { max })}
      />
      <TicketTypeNotes date={props.legs[0]!.date} students={props.ticketTypes.some((t) => t.value === 3)} />

      <Section id="contact-heading" title={t('contact')} stack>
        <ContactMobile value={mobile} onChange={setMobile} errors={errors.contactMobile} />
      </Section>

      <NightNotice />
      <SubmitBar
        amount={{
          label: t('total'),
          fen: totalFen,
          testId: 'trip-form-total',
          note: t('note', {
            count: chosen.length,
            kind: tx(TRIP_KIND_LABELS[props.kind]),
            leg1: formatFen(legTotals[0] ?? 0),
            leg2: formatFen(legTotals[1] ?? 0),
          }),
        }}
        state={state}
        pending={pending}
        disabled={chosen.length === 0}
        label={t('submit')}
        onSubmit={submit}
      />
    </div>
  );
}
