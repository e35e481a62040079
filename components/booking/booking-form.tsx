'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState, useTransition } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useTx } from '@/lib/i18n/client';
import { createBookingAction } from '@/lib/orders/actions';
import { FieldError, SelectField } from '@/components/ui/field';
import type { TrainOffer } from '@/lib/search/types';
import { formatFen } from '@/lib/format';
import type { PassengerView } from '@/lib/passengers/service';
import { BerthPicker, formatSleeper, type BerthCounts } from './berth-picker';
import { ContactMobile, PassengersSection, SubmitBar } from './form-parts';
import { NightNotice } from './night-notice';
import type { ClientFormState } from '@/lib/form';
import { SeatMap, formatPicks, type SeatPick } from './seat-map';
import { Section } from '@/components/ui/section';
import { passengerLimit, standingNote, type ProviderFacts } from '@/lib/orders/capabilities';
import { bookableSeats, SEAT_TYPE, standingAppliesTo } from '@/lib/domain/seats';
import { ticketFares } from '@/lib/domain/ticket-types';
import { verificationIssues } from '@/lib/domain/verification';
import { TicketTypeNotes, VerifyNotes } from './ticket-notes';

type Offer = Omit<TrainOffer, 'departAt' | 'arriveAt'> & { departAt: string; arriveAt: string };
type Layout = { left: string[]; right: string[]; windows: string[]; aisles: string[] } | null;

interface Chosen {
  passengerId: string;
  ticketType: number;
  onAdultId?: string;
}

const SLEEPER_TYPES = new Set([5, 6, 7, 8, 11, 12, 13, 17]);
const NO_MIDDLE = new Set([5, 6, 7, 11, 13]);

export function BookingForm(props: {
  offer: Offer;
  date: string;
  initialSeatType: number;
  passengers: PassengerView[];
  customerOrderNo: string;
  /** Where the booking goes, and what that provider can do (limits, 选座, 选铺, 12306 account, 无座). */
  provider: ProviderFacts;
  /** The traveller's bound 12306 account (masked) that will place the order, when the provider uses one. */
  trainAccountMasked: string | null;
  layouts: Record<string, Layout>;
  idTypes: { value: string; label: string }[];
  ticketTypes: { value: number; label: string }[];
  /** Agency staff booking for a customer: the customer's passengers and mobile; no adding here. */
  customer?: { id: string; name: string; mobile: string };
}) {
  const t = useTranslations('booking');
  const tx = useTx();
  const locale = useLocale();
  const { offer, provider } = props;
  const caps = provider.capabilities;
  const maxPassengers = passengerLimit(caps);
  const standing = standingNote(provider);
  const router = useRouter();
  const [saved, setSaved] = useState(props.passengers);
  const [chosen, setChosen] = useState<Chosen[]>([]);
  const [seatType, setSeatType] = useState(props.initialSeatType);
  const [picks, setPicks] = useState<SeatPick[]>([]);
  const [berths, setBerths] = useState<BerthCounts>({ lower: 0, middle: 0, upper: 0 });
  const [acceptStanding, setAcceptStanding] = useState(false);
  const [mobile, setMobile] = useState(props.customer?.mobile ?? '');
  const [state, setState] = useState<ClientFormState>(null);
  const errors = state?.fieldErrors ?? {};
  const [pending, start] = useTransition();

  const seat = offer.seats.find((s) => s.seatType === seatType);
  // 选座 and 选铺 only where both the train and the provider offer them.
  const layout = offer.canChooseSeats && caps.seatChoice ? (props.layouts[String(seatType)] ?? null) : null;
  const isSleeper = SLEEPER_TYPES.has(seatType);
  const count = chosen.length;
  const canChooseBerth = isSleeper && offer.canChooseSleeper && caps.berthChoice;
  // Child, student and 残军 fares from the start (the server books the same; the provider's amount wins later).
  const totalFen = useMemo(
    () =>
      seat
        ? ticketFares(
            seat.priceFen,
            chosen.map((c) => c.ticketType),
            seatType,
          ).totalFen
        : 0,
    [seat, chosen, seatType],
  );
  // The holder's own mobile matters only when the order goes out on the traveller's own 12306 account.
  const viaOwnAccount = caps.trainAccount && !props.customer && !!props.trainAccountMasked;
  // Dictionary 401 "购票所使用的12306账号未进行手机核验": said at the account, whoever the passengers are.
  const holder = saved.find((p) => p.isSelf);
  const accountIssue =
    viaOwnAccount && holder ? verificationIssues(holder, true).find((i) => i.kind === 'accountMobile') : undefined;
  // FAQ §7-8: 无座 is never a class of its own, and accepting it means something only for the train's
  // lowest seated class (二等座 on most EMUs, 硬座 on conventional trains).
  const classes = bookableSeats(offer.seats);
  const standingApplies = standingAppliesTo(offer.seats, seatType);

  function submit() {
    setState(null);
    start(async () => {
      const r = await createBookingAction({
        customerOrderNo: props.customerOrderNo,
        trainCode: offer.trainCode,
        fromStation: offer.fromStation,
        toStation: offer.toStation,
        date: props.date,
        seatType,
        passengers: chosen,
        chooseSeats: layout && picks.length ? formatPicks(picks) : undefined,
        chooseSleeper:
          canChooseBerth && berths.lower + berths.middle + berths.upper > 0 ? formatSleeper(berths) : undefined,
        acceptStanding: standingApplies && acceptStanding,
        contactMobile: mobile,
        provider: provider.id,
        ...(props.customer ? { customerId: props.customer.id } : {}),
      });
      if (r.ok) {
        // In the transition too (after an await it is not), so 提交中… stays until the order page shows.
        start(() => router.push(`/trips/${r.data.orderId}`));
        return;
      }
      setState(r);
    });
  }

  const runH = Math.floor(offer.runMinutes / 60);
  const runM = offer.runMinutes % 60;
  const duration = runH
    ? runM
      ? t('form.durationHM', { h: runH, m: runM })
      : t('form.durationH', { h: runH })
    : t('form.durationM', { m: runM });
  const adults = chosen.filter((c) => c.ticketType !== 2);
  const berthPrice = (kind: 'lower' | 'middle' | 'upper') => {
    const b = seat?.berths.find((x) => x.kind === kind);
    return b ? formatFen(b.priceFen) : undefined;
  };

  return (
    <div className="flex flex-col gap-4">
      <div className="rounded-lg bg-white p-4 shadow-sm" role="group" aria-label={t('form.trainInfo')}>
        <p className="text-lg font-semibold">
          {offer.trainCode} {tx(offer.fromStation)} {offer.fromTime} → {tx(offer.toStation)} {offer.toTime}
          {offer.arriveDays > 0 && (
            <span className="ml-1 text-sm text-red-700">{t('form.plusDays', { days: offer.arriveDays })}</span>
          )}
          {locale === 'en' && <span className="ml-2 text-sm font-normal text-slate-600">{t('form.beijingTime')}</span>}
        </p>
        <p className="text-sm text-slate-600">{t('form.dateDuration', { date: props.date, duration })}</p>
        <p className="text-sm text-slate-600">
          {t.rich('form.provider', {
            provider: tx(provider.label),
            b: (c) => <strong data-testid="booking-provider">{c}</strong>,
          })}
        </p>
        {/* The account choice exists only where the provider books with the traveller's own account. */}
        {caps.trainAccount && !props.customer && (
          <p className="text-sm text-slate-600" data-testid="booking-train-account">
            {props.trainAccountMasked
              ? t('form.accountOwn', { account: props.trainAccountMasked })
              : t('form.accountPlatform')}
          </p>
        )}
        {accountIssue && (
          <p className="text-sm text-red-800" data-testid="account-verify-warning">
            {t('verify.refuse')}
            {tx(accountIssue.message)}
          </p>
        )}
        <FieldError errors={errors.provider} />
      </div>

      <PassengersSection
        heading={t('form.passengersHeading', { max: maxPassengers })}
        errors={errors.passengers}
        saved={saved}
        onSaved={(p) => setSaved((s) => [...s, p])}
        chosen={chosen}
        onChosen={setChosen}
        ticketTypes={props.ticketTypes}
        full={count >= maxPassengers}
        fullReason={t('form.fullReason', { provider: tx(provider.label), max: maxPassengers })}
        onUntick={(cur, id) => cur.filter((c) => c.passengerId !== id && c.onAdultId !== id)}
        onToggled={() => setPicks([])}
        extra={(p, c) => (
          <>
            {c.ticketType === 2 && adults.length > 0 && (
              <label className="inline-flex items-center gap-1">
                <span>{t('form.useAdultId')}</span>
                <select
                  value={c.onAdultId ?? ''}
                  onChange={(e) =>
                    setChosen((cur) =>
                      cur.map((x) => (x.passengerId === p.id ? { ...x, onAdultId: e.target.value || undefined } : x)),
                    )
                  }
                  className="rounded border border-slate-300 px-2 py-1"
                >
                  <option value="">{t('form.childOwnId')}</option>
                  {adults.map((a) => (
                    <option key={a.passengerId} value={a.passengerId}>
                      {saved.find((s) => s.id === a.passengerId)?.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <VerifyNotes p={p} viaOwnAccount={viaOwnAccount} />
          </>
        )}
        noAdding={
          props.customer && (
            <p className="mt-2 text-sm text-slate-600">{t('form.forCustomer', { name: props.customer.name })}</p>
          )
        }
      />

      <TicketTypeNotes date={props.date} students={props.ticketTypes.some((x) => x.value === 3)} />

      <Section id="seat-heading" title={t('form.seatSection')} stack>
        <div className="sm:max-w-xs">
          <SelectField
            id="seatType"
            label={t('form.seatClass')}
            value={seatType}
            onChange={(e) => {
              setSeatType(Number(e.target.value));
              setPicks([]);
              setBerths({ lower: 0, middle: 0, upper: 0 });
            }}
            options={classes.map((s) => ({
              value: s.seatType,
              label: t('form.seatOption', { name: tx(s.name), price: formatFen(s.priceFen), left: s.left }),
              disabled: s.left <= 0 && s.seatType !== seatType,
            }))}
          />
        </div>
        {layout && count > 0 && <SeatMap layout={layout} picks={picks} max={count} onChange={setPicks} />}
        {layout && count === 0 && <p className="text-sm text-slate-500">{t('form.pickPassengersFirst')}</p>}
        {canChooseBerth && count > 0 && (
          <BerthPicker
            counts={berths}
            max={count}
            hasMiddle={!NO_MIDDLE.has(seatType)}
            prices={{ lower: berthPrice('lower'), middle: berthPrice('middle'), upper: berthPrice('upper') }}
            onChange={setBerths}
          />
        )}
        <FieldError errors={errors.chooseSeats} />
        <FieldError errors={errors.chooseSleeper} />
        {standingApplies ? (
          <>
            <label className="inline-flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={acceptStanding}
                onChange={(e) => setAcceptStanding(e.target.checked)}
                aria-describedby={standing ? 'standing-note' : undefined}
              />
              {t('form.acceptStanding', { seat: seat ? tx(seat.name) : t('form.chosenSeat') })}
            </label>
            {standing && (
              <p id="standing-note" className="text-sm text-slate-600" data-testid="standing-note">
                {tx(standing)}
              </p>
            )}
          </>
        ) : (
          offer.seats.some((s) => s.seatType === SEAT_TYPE.STANDING) && (
            <p className="text-sm text-slate-500" data-testid="standing-unavailable">
              {t('form.standingUnavailable')}
            </p>
          )
        )}
      </Section>

      <Section id="contact-heading" title={t('form.contactSection')} stack>
        <ContactMobile value={mobile} onChange={setMobile} errors={errors.contactMobile} />
      </Section>

      <NightNotice />
      <SubmitBar
        amount={{
          label: t('form.total'),
          fen: totalFen,
          testId: 'total',
          note: chosen.some((c) => c.ticketType !== 1)
            ? t('form.countEstimated', { count })
            : t('form.count', { count }),
        }}
        state={state}
        pending={pending}
        disabled={count === 0}
        label={t('form.submit')}
        onSubmit={submit}
      />
    </div>
  );
}
