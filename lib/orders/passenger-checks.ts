/**
 * What the booking checks of its passengers before anything is written or sent (called from
 * lib/orders/create.ts): 身份核验 / 手机核验 (lib/domain/verification.ts, rules key `phoneVerification`)
 * and 学生票 (lib/domain/ticket-types.ts: travel windows, student details, 4 trips per academic year).
 * Refusals are AppError 'validation' (4xx) naming the passenger and what to do.
 */
import 'server-only';
import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { orders, orderTickets, savedPassengers } from '@/db/schema';
import type { Tx } from '@/lib/aggregate';
import { idNoHash } from '@/lib/crypto/pii';
import { TICKET_STATUS } from '@/lib/domain/states';
import { academicYearOf, studentTicketRefusal, studentWindowRefusal, TICKET_TYPE } from '@/lib/domain/ticket-types';
import { verificationIssues, type VerifyFacts } from '@/lib/domain/verification';
import { AppError } from '@/lib/errors';
import { logError } from '@/lib/log';
import { syncWithProvider } from '@/lib/passengers/service';
import { boundAccountOf } from '@/lib/train-account/store';

interface Chosen {
  passengerId: string;
  ticketType: number;
}

/** A passenger as the booking loaded it (a saved passenger's row, or an agency customer's passenger). */
interface Loaded {
  id: string;
  name: string;
  verifyStatus?: number | null;
  mobileVerified?: boolean | null;
  isSelf?: boolean;
  student?: unknown;
}

const factsOf = (p: Loaded): VerifyFacts => ({
  name: p.name,
  verifyStatus: p.verifyStatus ?? null,
  mobileVerified: p.mobileVerified ?? null,
  isSelf: p.isSelf ?? false,
});

const refusalsOf = (list: Loaded[], viaOwnAccount: boolean, at: Date) =>
  list.flatMap((p) => verificationIssues(factsOf(p), viaOwnAccount, at)).filter((i) => i.level === 'refuse');

/**
 * juhe-grab-ticket-dictionary 401 "购票所使用的12306账号未进行手机核验" concerns the account, whoever the
 * passengers are: the holder's own record (isUserSelf) speaks for it, booked or not.
 */
async function holderRefusals(userId: string, viaOwnAccount: boolean, at: Date) {
  if (!viaOwnAccount) return [];
  const holders = await db()
    .select({
      id: savedPassengers.id,
      name: savedPassengers.name,
      mobileVerified: savedPassengers.mobileVerified,
      isSelf: savedPassengers.isSelf,
    })
    .from(savedPassengers)
    .where(and(eq(savedPassengers.userId, userId), eq(savedPassengers.isSelf, true)));
  return holders
    .flatMap((h) => verificationIssues({ ...factsOf(h), verifyStatus: null }, true, at))
    .filter((i) => i.kind === 'accountMobile');
}

/** Booked passengers' identity refusals, and the account's mobile refusal said once. */
const allRefusals = async (userId: string, booked: Loaded[], viaOwnAccount: boolean, at: Date) => {
  const own = refusalsOf(booked, viaOwnAccount, at).filter((i) => i.kind !== 'accountMobile');
  return [...own, ...(await holderRefusals(userId, viaOwnAccount, at))];
};

const refuse = (messages: string[]): never => {
  throw new AppError('validation', messages.join(' '), { passengers: messages });
};

/**
 * Refuses passengers the provider would refuse for their 12306 states. The states are the mirror of
 * the last 获取常旅客; "判断常旅客的 身份核验状态和手机核验状态 以此接口返回的为准" (panhe-train-api.md
 * l.347), so before refusing on a stale mirror the list is read again from the provider (only then: a
 * passenger who verified since is not turned away). Warnings (identity 2, other unverified mobiles)
 * are the booking form's to show; they do not stop the booking.
 */
export async function checkVerification(
  userId: string,
  passengers: Loaded[],
  chosen: readonly Chosen[],
  viaOwnAccount: boolean,
  at: Date = new Date(),
): Promise<void> {
  const ids = new Set(chosen.map((c) => c.passengerId));
  const booked = passengers.filter((p) => ids.has(p.id));
  if (!(await allRefusals(userId, booked, viaOwnAccount, at)).length) return;
  // Only the traveller's own saved passengers carry 12306 states; read them afresh.
  const account = await boundAccountOf(userId);
  if (account) {
    try {
      await syncWithProvider(userId, account);
    } catch (e) {
      logError('passenger re-check before booking failed; the last mirror decides', e);
    }
  }
  const fresh = await db()
    .select({
      id: savedPassengers.id,
      name: savedPassengers.name,
      verifyStatus: savedPassengers.verifyStatus,
      mobileVerified: savedPassengers.mobileVerified,
      isSelf: savedPassengers.isSelf,
    })
    .from(savedPassengers)
    .where(and(eq(savedPassengers.userId, userId), inArray(savedPassengers.id, [...ids])));
  const now = booked.map((p) => fresh.find((f) => f.id === p.id) ?? p);
  const still = await allRefusals(userId, now, viaOwnAccount, at);
  if (still.length) refuse(still.map((i) => i.message));
}

/** Student details as the passenger form stores them (lib/domain/passenger.ts: school, studentNo, enrolYear). */
function hasStudentDetails(student: unknown): boolean {
  const s = student as { school?: unknown; studentNo?: unknown; enrolYear?: unknown } | null | undefined;
  return !!s && !!s.school && !!s.studentNo && !!s.enrolYear;
}

/** 学生票 outside the student travel windows: refused from the form's date, before the train is looked up. */
export function checkStudentWindow(chosen: readonly Chosen[], travelDate: string): void {
  if (!chosen.some((c) => c.ticketType === TICKET_TYPE.STUDENT)) return;
  const why = studentWindowRefusal(travelDate);
  if (why) refuse([why]);
}

/**
 * The 学生票 rules that need no count: the travel date inside a student window and the passenger's
 * student details registered. Checked before the offer is booked.
 */
export function checkStudentTickets(passengers: Loaded[], chosen: readonly Chosen[], travelDate: string): void {
  const messages: string[] = [];
  for (const c of chosen) {
    if (c.ticketType !== TICKET_TYPE.STUDENT) continue;
    const p = passengers.find((x) => x.id === c.passengerId);
    if (!p) continue;
    const why = studentTicketRefusal({
      name: p.name,
      travelDate,
      hasStudentDetails: hasStudentDetails(p.student),
      tripsThisYear: 0,
    });
    if (why) messages.push(why);
  }
  if (messages.length) refuse(messages);
}

/** Tickets that never became (or stopped being) a trip: refused, cancelled, failed, refunded. */
const NOT_A_TRIP = [
  TICKET_STATUS.HOLD_FAILED,
  TICKET_STATUS.CANCELLED,
  TICKET_STATUS.ISSUE_FAILED,
  TICKET_STATUS.REFUNDED,
  TICKET_STATUS.REFUNDED_UNPAID,
];

/**
 * "4 single trips per academic year" (DOMAIN_NOTES; rules `studentTripsPerYear`, the year from
 * `studentAcademicYearStart`): counts the passenger's student tickets (same ID hash, any order and any
 * user of the portal) that are held, issued, changed or being refunded, on trains whose date falls in
 * the academic year of this trip. Runs inside the booking's transaction under an advisory lock per
 * passenger, so two bookings at once cannot both take the fourth trip.
 */
export async function enforceStudentTrips(
  tx: Tx,
  tickets: readonly { displayName: string; ticketType: number; idType: string; idNo: string }[],
  travelDate: string,
): Promise<void> {
  const year = academicYearOf(travelDate);
  const messages: string[] = [];
  for (const t of tickets) {
    if (t.ticketType !== TICKET_TYPE.STUDENT) continue;
    const hash = idNoHash(t.idType, t.idNo);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`student-trips:${hash}`}))`);
    const [row] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(orderTickets)
      .innerJoin(orders, eq(orders.id, orderTickets.orderId))
      .where(
        and(
          eq(orderTickets.ticketType, TICKET_TYPE.STUDENT),
          eq(orderTickets.idNoHash, hash),
          notInArray(orderTickets.status, NOT_A_TRIP),
          sql`(${orders.departureAt} at time zone 'Asia/Shanghai')::date between ${year.first}::date and ${year.last}::date`,
        ),
      );
    const why = studentTicketRefusal({
      name: t.displayName,
      travelDate,
      hasStudentDetails: true,
      tripsThisYear: row?.n ?? 0,
    });
    if (why) messages.push(why);
  }
  if (messages.length) refuse(messages);
}
