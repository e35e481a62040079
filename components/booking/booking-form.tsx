'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState, useTransition } from 'react';
import { createBookingAction } from '@/lib/orders/actions';
import { FieldError, SelectField } from '@/components/ui/field';
import type { TrainOffer } from '@/lib/search/types';
import { formatDuration, formatFen } from '@/lib/format';
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

  const adults = chosen.filter((c) => c.ticketType !== 2);
  const berthPrice = (kind: 'lower' | 'middle' | 'upper') => {
    const b = seat?.berths.find((x) => x.kind === kind);
    return b ? formatFen(b.priceFen) : undefined;
  };

  return (
    <div className="flex flex-col gap-4">
      <div className="rounded-lg bg-white p-4 shadow-sm" role="group" aria-label="车次信息">
        <p className="text-lg font-semibold">
          {offer.trainCode} {offer.fromStation} {offer.fromTime} → {offer.toStation} {offer.toTime}
          {offer.arriveDays > 0 && <span className="ml-1 text-sm text-red-700">+{offer.arriveDays}天</span>}
        </p>
        <p className="text-sm text-slate-600">
          {props.date} · 历时 {formatDuration(offer.runMinutes)}
        </p>
        <p className="text-sm text-slate-600">
          出票渠道 <strong data-testid="booking-provider">{provider.label}</strong>
        </p>
        {/* The account choice exists only where the provider books with the traveller's own account. */}
        {caps.trainAccount && !props.customer && (
          <p className="text-sm text-slate-600" data-testid="booking-train-account">
            下单账号 {props.trainAccountMasked ? `我的 12306 账号 ${props.trainAccountMasked}` : '平台 12306 账号'}
          </p>
        )}
        {accountIssue && (
          <p className="text-sm text-red-800" data-testid="account-verify-warning">
            不能预订：{accountIssue.message}
          </p>
        )}
        <FieldError errors={errors.provider} />
      </div>

      <PassengersSection
        heading={`乘客（最多 ${maxPassengers} 位）`}
        errors={errors.passengers}
        saved={saved}
        onSaved={(p) => setSaved((s) => [...s, p])}
        chosen={chosen}
        onChosen={setChosen}
        ticketTypes={props.ticketTypes}
        full={count >= maxPassengers}
        fullReason={`经${provider.label}出票每单最多 ${maxPassengers} 位乘客，如需更多请分两单预订。`}
        onUntick={(cur, id) => cur.filter((c) => c.passengerId !== id && c.onAdultId !== id)}
        onToggled={() => setPicks([])}
        extra={(p, c) => (
          <>
            {c.ticketType === 2 && adults.length > 0 && (
              <label className="inline-flex items-center gap-1">
                <span>无证件时使用同行成人证件：</span>
                <select
                  value={c.onAdultId ?? ''}
                  onChange={(e) =>
                    setChosen((cur) =>
                      cur.map((x) => (x.passengerId === p.id ? { ...x, onAdultId: e.target.value || undefined } : x)),
                    )
                  }
                  className="rounded border border-slate-300 px-2 py-1"
                >
                  <option value="">儿童本人证件</option>
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
            <p className="mt-2 text-sm text-slate-600">为客户 {props.customer.name} 订票：乘客请在客户资料中添加。</p>
          )
        }
      />

      <TicketTypeNotes date={props.date} students={props.ticketTypes.some((t) => t.value === 3)} />

      <Section id="seat-heading" title="席别与座位" stack>
        <div className="sm:max-w-xs">
          <SelectField
            id="seatType"
            label="席别"
            value={seatType}
            onChange={(e) => {
              setSeatType(Number(e.target.value));
              setPicks([]);
              setBerths({ lower: 0, middle: 0, upper: 0 });
            }}
            options={classes.map((s) => ({
              value: s.seatType,
              label: `${s.name} ${formatFen(s.priceFen)}（余 ${s.left}）`,
              disabled: s.left <= 0 && s.seatType !== seatType,
            }))}
          />
        </div>
        {layout && count > 0 && <SeatMap layout={layout} picks={picks} max={count} onChange={setPicks} />}
        {layout && count === 0 && <p className="text-sm text-slate-500">选择乘客后可在线选座。</p>}
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
              {seat?.name ?? '所选席别'}售完时接受无座
            </label>
            {standing && (
              <p id="standing-note" className="text-sm text-slate-600" data-testid="standing-note">
                {standing}
              </p>
            )}
          </>
        ) : (
          offer.seats.some((s) => s.seatType === SEAT_TYPE.STANDING) && (
            <p className="text-sm text-slate-500" data-testid="standing-unavailable">
              无座不单独出售，只在本车最低座次售完后随其出票；所选席别不会出无座票。
            </p>
          )
        )}
      </Section>

      <Section id="contact-heading" title="联系方式" stack>
        <ContactMobile value={mobile} onChange={setMobile} errors={errors.contactMobile} />
      </Section>

      <NightNotice />
      <SubmitBar
        amount={{
          label: '合计',
          fen: totalFen,
          testId: 'total',
          note: `${count} 位乘客${chosen.some((c) => c.ticketType !== 1) ? '（儿童、学生、残军票价为预估，以占座结果为准）' : ''}`,
        }}
        state={state}
        pending={pending}
        disabled={count === 0}
        label="提交订单"
        onSubmit={submit}
      />
    </div>
  );
}
