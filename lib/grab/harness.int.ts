/**
 * Grab-order helpers for the integration tests, over the order service's harness
 * (lib/orders/harness.int.ts): a grab for saved adults, its prepayment paid at the sandbox's cashier,
 * its row.
 */
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { grabOrders, payments, type GrabOrder } from '@/db/schema';
import { runGuarded } from '@/lib/actions';
import type { SessionUser } from '@/lib/auth/roles';
import { control, savedAdult, until, type Harness } from '@/lib/orders/harness.int';
import { startGrabPayment } from './money';
import { createGrabDef, newGrabRequestNo } from './orders';

export const grabRow = async (id: string): Promise<GrabOrder> =>
  (await db().select().from(grabOrders).where(eq(grabOrders.id, id)))[0]!;

/** Waits (up to 30 s) until the grab is in `status`; `what` names the wait in the error. */
export const waitGrab = (id: string, status: string, what: string) =>
  until(async () => (await grabRow(id)).status === status, 30_000, what);

export interface GrabAlternate {
  trainCode: string;
  fromStation: string;
  toStation: string;
  date: string;
  seatType: number;
}

/** A grab of `user` for one new saved adult per name; throws when it is refused. */
export async function newGrab(
  user: SessionUser,
  names: string[],
  alternates: GrabAlternate[],
  deadline: string,
): Promise<string> {
  const passengers = [];
  for (const n of names) passengers.push({ passengerId: await savedAdult(user, n), ticketType: 1 });
  const r = await runGuarded(createGrabDef, user, {
    requestNo: newGrabRequestNo(),
    alternates,
    passengers,
    deadline,
    contactMobile: '13800138000',
  });
  if (!r.ok) throw new Error(r.message);
  return r.data.grabId;
}

/** Pays the grab's prepayment at the sandbox's cashier. */
export async function payGrab(h: Harness, user: SessionUser, grabId: string): Promise<void> {
  await startGrabPayment(grabId, user.id);
  const [p] = await db().select().from(payments).where(eq(payments.grabOrderId, grabId));
  await control(h.sandbox, 'POST', `payments/${p!.paymentNo}/pay`, {});
}
