/**
 * The agency isolation matrix's server actions: every action of the 'use server' modules that reach
 * lib/agency/access.ts, with an input aimed at the first agency's records and who of that agency may
 * pass its checks. Shared by the e2e matrix (actions posted as the browser does) and the integration
 * test (the guarded definitions run as each role). Plain TypeScript: no Playwright, no server code.
 */
import { randomUUID } from 'node:crypto';
import { makeIdCard } from '../../lib/domain/idcard';
import { addDays, shanghaiDate } from '../../lib/time';

export interface AgencyFixture {
  agencyId: string;
  agencyName: string;
  bankRef: string;
  ownerEmail: string;
  staffId: string;
  customerId: string;
  customerName: string;
  passengerId: string;
  passengerName: string;
  orderId: string;
  ticketId: string;
  spareToken: string;
}

const TAG = `${Date.now() % 1_000_000}`;
let idSeq = 0;
const PASSWORD = 'Matrix-Agency-2026';
export const letters = (n: number) => n.toString(26).replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!);
const uniqueEmail = (prefix: string) => `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.test`;
/** A Beijing date n days ahead (YYYY-MM-DD). */
export const travelDate = (daysAhead: number) => addDays(shanghaiDate(), daysAhead);

/** Who of the first agency may pass an action's checks. */
export type Who = 'admin' | 'owner' | 'member' | 'invitee' | 'anyone signed in';
export interface ActionCase {
  who: Who;
  /** Carries a first-agency id (else it acts on the caller's own agency or account). */
  scoped: boolean;
  input: () => unknown;
  /** Run last among the positive controls (it ends the order). */
  last?: boolean;
  /** A form's action (useActionState): called with (previous state, form data), as a form posts it. */
  form?: boolean;
}
/** A valid 送票 address (lib/delivery/addresses.ts addressInput). */
const ADDRESS = {
  name: '矩阵收件',
  phone: '13900139000',
  province: '江苏省',
  city: '南京市',
  district: '玄武区',
  detail: '中山路 1 号',
};
export function agencyActionCases(f: () => AgencyFixture): Record<string, ActionCase> {
  const changeInput = () => ({
    orderId: f().orderId,
    ticketIds: [f().ticketId],
    date: travelDate(7),
    trainCode: 'G1',
    toStation: '上海',
    seatType: 4,
  });
  return {
    // lib/agency/actions.ts
    createAgencyAction: {
      form: true,
      who: 'admin',
      scoped: true,
      input: () => ({ name: `矩阵新社${TAG}`, ownerEmail: f().ownerEmail }),
    },
    topUpAction: {
      form: true,
      who: 'admin',
      scoped: true,
      input: () => ({ agencyId: f().agencyId, amountYuan: 1, bankRef: `MX${TAG}X` }),
    },
    inviteAction: { form: true, who: 'owner', scoped: false, input: () => ({ email: uniqueEmail('mx-invite') }) },
    acceptInvitationAction: { who: 'invitee', scoped: true, input: () => ({ token: f().spareToken }) },
    joinWithNewAccountAction: {
      form: true,
      who: 'invitee',
      scoped: true,
      input: () => ({
        token: f().spareToken,
        email: uniqueEmail('mx-join'),
        displayName: '闯入者',
        password: PASSWORD,
        confirmPassword: PASSWORD,
      }),
    },
    memberStateAction: { who: 'owner', scoped: true, input: () => ({ userId: f().staffId, state: 'resume' }) },
    // The caller's own low-balance threshold (owner only; no other agency's record in it).
    lowBalanceAction: { form: true, who: 'owner', scoped: false, input: () => ({ thresholdYuan: '100' }) },
    createCustomerAction: {
      form: true,
      who: 'member',
      scoped: false,
      input: () => ({ name: `矩阵他客${++idSeq}`, mobile: `136${String(Date.now() + idSeq).slice(-8)}` }),
    },
    addCustomerPassengerAction: {
      form: true,
      who: 'member',
      scoped: true,
      input: () => ({
        customerId: f().customerId,
        name: `矩阵增${letters(++idSeq)}`,
        idType: '1',
        idNo: makeIdCard('110101', '1990-02-03', (Date.now() + idSeq) % 997),
        ticketType: '1',
      }),
    },
    // lib/orders/actions.ts: the order page's actions on the first agency's order
    startPaymentAction: { who: 'member', scoped: true, input: () => ({ orderId: f().orderId }) },
    cancelOrderAction: { who: 'member', scoped: true, input: () => ({ orderId: f().orderId }), last: true },
    refundQuoteAction: { who: 'member', scoped: true, input: () => ({ orderId: f().orderId }) },
    requestRefundsAction: {
      who: 'member',
      scoped: true,
      input: () => ({ orderId: f().orderId, ticketIds: [f().ticketId] }),
    },
    changeSearchAction: { who: 'member', scoped: true, input: () => ({ orderId: f().orderId, date: travelDate(7) }) },
    changeStationsAction: { who: 'member', scoped: true, input: () => ({ orderId: f().orderId }) },
    changeQuoteAction: { who: 'member', scoped: true, input: changeInput },
    applyChangeAction: { who: 'member', scoped: true, input: changeInput },
    confirmChangeAction: {
      who: 'member',
      scoped: true,
      input: () => ({ orderId: f().orderId, changeId: randomUUID() }),
    },
    cancelChangeAction: {
      who: 'member',
      scoped: true,
      input: () => ({ orderId: f().orderId, changeId: randomUUID() }),
    },
    payFromBalanceAction: { who: 'member', scoped: true, input: () => ({ orderId: f().orderId }) },
    recordWindowRefundAction: {
      who: 'member',
      scoped: true,
      input: () => ({ orderId: f().orderId, ticketId: f().ticketId }),
    },
    decideWindowClaimAction: {
      who: 'admin',
      scoped: true,
      input: () => ({ claimId: randomUUID(), decision: 'rejected' }),
    },
    // lib/trips/actions.ts: trips are travellers' own (no agency booking): another's trip id is 404 for
    // everyone, and a customer's passenger is not a saved passenger of the caller (所选乘客不存在).
    startTripPaymentAction: { who: 'admin', scoped: true, input: () => ({ tripId: randomUUID() }) },
    tripViewAction: { who: 'admin', scoped: true, input: () => ({ tripId: randomUUID() }) },
    createTripAction: {
      who: 'admin',
      scoped: true,
      input: () => ({
        requestNo: `MT${TAG}${++idSeq}${Date.now()}`,
        kind: 'round',
        legs: [
          { trainCode: 'G1', fromStation: '北京南', toStation: '上海', date: travelDate(6), seatType: 4 },
          { trainCode: 'G2', fromStation: '上海', toStation: '北京南', date: travelDate(7), seatType: 4 },
        ],
        passengers: [{ passengerId: f().passengerId, ticketType: 1 }],
        contactMobile: '13900139000',
      }),
    },
    // lib/delivery/actions.ts (送票): the caller's own address book; the first agency's customer's
    // addresses and order. The fixture's order is never issued, so it has no delivery: a delivery id is
    // another's for everyone (404), as the trips' are; lib/delivery/delivery.int.test.ts opens a real
    // delivery of an agency's order to strangers (404) and to its clerk.
    listMyAddressesAction: { who: 'anyone signed in', scoped: false, input: () => ({}) },
    addMyAddressAction: {
      who: 'anyone signed in',
      scoped: false,
      input: () => ({ ...ADDRESS }),
    },
    removeMyAddressAction: { who: 'anyone signed in', scoped: false, input: () => ({ addressId: randomUUID() }) },
    listCustomerAddressesAction: { who: 'member', scoped: true, input: () => ({ customerId: f().customerId }) },
    addCustomerAddressAction: {
      who: 'member',
      scoped: true,
      input: () => ({ ...ADDRESS, customerId: f().customerId }),
    },
    removeCustomerAddressAction: {
      who: 'member',
      scoped: true,
      input: () => ({ customerId: f().customerId, addressId: randomUUID() }),
    },
    orderDeliveriesAction: { who: 'member', scoped: true, input: () => ({ orderId: f().orderId }) },
    requestDeliveryAction: {
      who: 'member',
      scoped: true,
      input: () => ({ orderId: f().orderId, addressId: randomUUID(), speed: 'standard' }),
    },
    payDeliveryFeeAction: { who: 'admin', scoped: true, input: () => ({ deliveryId: randomUUID() }) },
    refreshDeliveryAction: { who: 'admin', scoped: true, input: () => ({ deliveryId: randomUUID() }) },
    cancelQuoteAction: { who: 'admin', scoped: true, input: () => ({ deliveryId: randomUUID() }) },
    cancelDeliveryAction: {
      who: 'admin',
      scoped: true,
      input: () => ({ deliveryId: randomUUID(), confirmedChargeFen: 0 }),
    },
    interceptDeliveryAction: { who: 'admin', scoped: true, input: () => ({ deliveryId: randomUUID() }) },
    payCancelChargeAction: { who: 'admin', scoped: true, input: () => ({ deliveryId: randomUUID() }) },
    // lib/orders/actions.ts: booking for the first agency's customer
    createBookingAction: {
      who: 'member',
      scoped: true,
      input: () => ({
        customerOrderNo: `MX${TAG}${++idSeq}${Date.now()}`,
        trainCode: 'G1',
        fromStation: '北京南',
        toStation: '上海',
        date: travelDate(6),
        seatType: 4,
        passengers: [{ passengerId: f().passengerId, ticketType: 1 }],
        contactMobile: '13900139000',
        customerId: f().customerId,
      }),
    },
  };
}
