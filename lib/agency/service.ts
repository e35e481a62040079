/**
 * Agencies: creation and top-ups (admins), staff and invitations (owners), customers and their
 * passengers (staff), the agency's orders and statement. Every function takes the membership that
 * lib/agency/access established, so nothing here can reach another agency's records.
 */
import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, count, desc, eq, gte, ilike, inArray, isNull, lt, or, sql, sum, type SQL } from 'drizzle-orm';
import { db } from '@/db/client';
import {
  agencies,
  agencyAudit,
  agencyInvitations,
  agencyMembers,
  customerPassengers,
  customers,
  notificationSettings,
  orders,
  orderTickets,
  users,
} from '@/db/schema';
import type { SessionUser } from '@/lib/auth/roles';
import { idNoHash, openPii, sealPii, pii } from '@/lib/crypto/pii';
import { maskIdNumber, maskPhone } from '@/lib/domain/mask';
import { idTypeLabel, TICKET_TYPES, type PassengerInput } from '@/lib/domain/passenger';
import { orderStatusLabel } from '@/lib/domain/states';
import { AppError } from '@/lib/errors';
import { post } from '@/lib/ledger';
import { notifyInvitation } from '@/lib/notify/agency';
import { providerLabel } from '@/lib/orders/provider-choice';
import { ORDER_LEG } from '@/lib/orders/views';
import { addDays, shanghaiInstant } from '@/lib/time';
import type { Membership } from './access';
import { auditLabel, type AuditAction } from './audit-labels';

export const INVITATION_HOURS = 72;
/** Below this the workspace warns that the balance is running low. */
export const LOW_BALANCE_FEN = 100_000;

export async function audit(m: Membership, actorId: string, action: AuditAction, subject?: string, detail?: string) {
  await db()
    .insert(agencyAudit)
    .values({ agencyId: m.agencyId, actorId, action, subject: subject ?? null, detail: detail ?? null });
}

// ---- admins ----------------------------------------------------------------------------------------

async function userByEmail(email: string) {
  const [u] = await db()
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()));
  return u;
}

type Tx = Parameters<Parameters<ReturnType<typeof db>['transaction']>[0]>[0];

/**
 * Links a user to an agency; a traveller becomes an agent. A user belongs to at most one agency: the
 * unique index on agency_members.user_id decides, so two links racing for one user cannot both land.
 */
async function addMember(
  agencyId: string,
  userId: string,
  role: 'owner' | 'staff',
  tx: Tx | ReturnType<typeof db> = db(),
) {
  const [row] = await tx
    .insert(agencyMembers)
    .values({ agencyId, userId, memberRole: role })
    .onConflictDoNothing()
    .returning({ userId: agencyMembers.userId });
  if (!row) throw new AppError('conflict', '该用户已属于一家旅行社。');
  await tx
    .update(users)
    .set({ role: 'agent' })
    .where(and(eq(users.id, userId), eq(users.role, 'traveller')));
}

export async function createAgency(name: string, ownerEmail: string): Promise<{ agencyId: string }> {
  const owner = await userByEmail(ownerEmail);
  if (!owner)
    throw new AppError('not_found', '没有该邮箱的用户，请负责人先注册。', { ownerEmail: ['没有该邮箱的用户。'] });
  const [a] = await db()
    .insert(agencies)
    .values({ name: name.trim() })
    .onConflictDoNothing()
    .returning({ id: agencies.id });
  if (!a) throw new AppError('conflict', '已有同名旅行社。', { name: ['已有同名旅行社。'] });
  await addMember(a.id, owner.id, 'owner');
  return { agencyId: a.id };
}

export async function topUp(adminId: string, agencyId: string, amountFen: number, bankRef: string) {
  const [a] = await db().select({ id: agencies.id }).from(agencies).where(eq(agencies.id, agencyId));
  if (!a) throw new AppError('not_found', '旅行社不存在。');
  await db().transaction(async (tx) => {
    const posted = await post(tx, {
      kind: 'topup',
      ref: `topup:${agencyId}:${bankRef}`,
      agencyId,
      memo: `充值（银行流水 ${bankRef}）`,
      createdBy: adminId,
      legs: [
        { kind: 'bank', agencyId: null, amountFen: -amountFen },
        { kind: 'agency_balance', agencyId, amountFen },
      ],
    });
    if (posted === 'duplicate')
      throw new AppError('conflict', '该银行流水号已入账。', { bankRef: ['该银行流水号已入账。'] });
  });
}

export async function listAgencies() {
  return db()
    .select({
      id: agencies.id,
      name: agencies.name,
      // The outer table is named explicitly: a bare "id" would bind to the subquery's own table.
      members: sql<number>`(select count(*) from agency_members m where m.agency_id = agencies.id)::int`,
      balanceFen: sql<number>`coalesce((select l.balance_fen from ledger_accounts l where l.agency_id = agencies.id and l.kind = 'agency_balance'), 0)::bigint`,
    })
    .from(agencies)
    .orderBy(agencies.name);
}

// ---- owners: the low-balance notice ----------------------------------------------------------------

/** The owner's low-balance threshold (integer fen; null: no notice). */
export async function lowBalanceThreshold(userId: string): Promise<number | null> {
  const [s] = await db()
    .select({ fen: notificationSettings.lowBalanceFen })
    .from(notificationSettings)
    .where(eq(notificationSettings.userId, userId));
  return s?.fen ?? null;
}

/**
 * Sets (or clears, null) the owner's threshold: a debit that takes the balance from at least this to
 * below it notifies them once (lib/notify/agency.ts, queued by the ledger in the debit's transaction).
 */
export async function setLowBalanceThreshold(m: Membership, actor: SessionUser, fen: number | null) {
  if (m.role !== 'owner') throw new AppError('forbidden', '只有旅行社负责人可以执行此操作。');
  await db()
    .insert(notificationSettings)
    .values({ userId: actor.id, lowBalanceFen: fen })
    .onConflictDoUpdate({
      target: notificationSettings.userId,
      set: { lowBalanceFen: fen, updatedAt: sql`now()` },
    });
}

// ---- owners: staff and invitations -----------------------------------------------------------------

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function invite(
  m: Membership,
  actor: SessionUser,
  email: string,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + INVITATION_HOURS * 3_600_000);
  const to = email.trim().toLowerCase();
  // The invitation and its email's job in one transaction (lib/notify/agency.ts).
  await db().transaction(async (tx) => {
    const [row] = await tx
      .insert(agencyInvitations)
      .values({ agencyId: m.agencyId, email: to, tokenHash: tokenHash(token), expiresAt, createdBy: actor.id })
      .returning({ id: agencyInvitations.id });
    await notifyInvitation(tx, { id: row!.id, email: to, token, agencyName: m.agencyName, invitedBy: actor.id });
  });
  await audit(m, actor.id, 'invite', email.trim().toLowerCase());
  return { token, expiresAt };
}

/** An invitation by its token, with whether it can still be accepted (read on the server's clock). */
export async function openInvitation(token: string) {
  const i = await invitationByToken(token);
  return i && invitationState(i) === 'open' ? i : null;
}

export type InvitationState = 'open' | 'used' | 'expired';
export function invitationState(i: { acceptedAt: Date | null; expiresAt: Date }, now = Date.now()): InvitationState {
  if (i.acceptedAt) return 'used';
  return i.expiresAt.getTime() > now ? 'open' : 'expired';
}

export async function invitationByToken(token: string) {
  const [i] = await db()
    .select({
      id: agencyInvitations.id,
      agencyId: agencyInvitations.agencyId,
      agencyName: agencies.name,
      email: agencyInvitations.email,
      expiresAt: agencyInvitations.expiresAt,
      acceptedAt: agencyInvitations.acceptedAt,
      acceptedBy: agencyInvitations.acceptedBy,
    })
    .from(agencyInvitations)
    .innerJoin(agencies, eq(agencies.id, agencyInvitations.agencyId))
    .where(eq(agencyInvitations.tokenHash, tokenHash(token)));
  return i ?? null;
}

type Invitation = NonNullable<Awaited<ReturnType<typeof invitationByToken>>>;

async function usableInvitation(token: string): Promise<Invitation> {
  const i = await invitationByToken(token);
  if (!i) throw new AppError('not_found', '邀请链接无效，请核对链接或联系旅行社负责人。');
  const state = invitationState(i);
  if (state === 'used') throw new AppError('conflict', '该邀请已被接受，不能再次使用。');
  if (state === 'expired') throw new AppError('conflict', '邀请链接已过期，请联系旅行社负责人重新邀请。');
  return i;
}

/** Marks the invitation used and links the user, in the caller's transaction (one use only). */
async function linkInvitation(tx: Tx, i: Invitation, userId: string) {
  const [used] = await tx
    .update(agencyInvitations)
    .set({ acceptedAt: new Date(), acceptedBy: userId })
    .where(and(eq(agencyInvitations.id, i.id), isNull(agencyInvitations.acceptedAt)))
    .returning({ id: agencyInvitations.id });
  if (!used) throw new AppError('conflict', '该邀请已被接受，不能再次使用。');
  await addMember(i.agencyId, userId, 'staff', tx);
}

/** A signed-in user accepts: the invitation must be addressed to their account's email. */
export async function acceptInvitation(user: SessionUser, token: string): Promise<{ agencyId: string }> {
  const i = await usableInvitation(token);
  if (i.email !== user.email) throw new AppError('forbidden', `该邀请发给 ${i.email}，请用该邮箱的账号登录后接受。`);
  await db().transaction((tx) => linkInvitation(tx, i, user.id));
  await audit({ agencyId: i.agencyId, agencyName: i.agencyName, role: 'staff' }, user.id, 'join', user.email);
  return { agencyId: i.agencyId };
}

/**
 * A visitor without an account accepts: the account (the sign-up form's rules, lib/users/signup) is
 * created as the agency's staff in the same transaction that uses the invitation, so either both
 * happen or neither. The email must be the one invited; an email that already has an account signs
 * in and accepts instead.
 */
export async function acceptInvitationWithNewAccount(
  token: string,
  input: { email: string; displayName: string; passwordHash: string },
): Promise<{ agencyId: string; user: SessionUser }> {
  const i = await usableInvitation(token);
  const email = input.email.trim().toLowerCase();
  if (email !== i.email)
    throw new AppError('validation', `该邀请发给 ${i.email}，请用该邮箱注册。`, {
      email: [`请填写收到邀请的邮箱 ${i.email}。`],
    });
  const user = await db().transaction(async (tx) => {
    const [u] = await tx
      .insert(users)
      .values({ email, displayName: input.displayName, passwordHash: input.passwordHash, role: 'agent' })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id, email: users.email, name: users.displayName, role: users.role });
    if (!u)
      throw new AppError('conflict', '该邮箱已有账号，请先登录，再回到本页接受邀请。', {
        email: ['该邮箱已有账号，请先登录。'],
      });
    await linkInvitation(tx, i, u.id);
    return u;
  });
  await audit({ agencyId: i.agencyId, agencyName: i.agencyName, role: 'staff' }, user.id, 'join', email);
  return { agencyId: i.agencyId, user };
}

export async function listMembers(m: Membership) {
  return db()
    .select({
      userId: agencyMembers.userId,
      name: users.displayName,
      email: users.email,
      role: agencyMembers.memberRole,
      suspendedAt: agencyMembers.suspendedAt,
      createdAt: agencyMembers.createdAt,
    })
    .from(agencyMembers)
    .innerJoin(users, eq(users.id, agencyMembers.userId))
    .where(eq(agencyMembers.agencyId, m.agencyId))
    .orderBy(agencyMembers.createdAt);
}

export async function setMemberState(
  m: Membership,
  actor: SessionUser,
  userId: string,
  state: 'suspend' | 'resume' | 'remove',
) {
  if (userId === actor.id) throw new AppError('conflict', '不能对自己执行此操作。');
  const where = and(
    eq(agencyMembers.agencyId, m.agencyId),
    eq(agencyMembers.userId, userId),
    eq(agencyMembers.memberRole, 'staff'),
  );
  const [row] =
    state === 'remove'
      ? await db().delete(agencyMembers).where(where).returning({ userId: agencyMembers.userId })
      : await db()
          .update(agencyMembers)
          .set({ suspendedAt: state === 'suspend' ? new Date() : null })
          .where(where)
          .returning({ userId: agencyMembers.userId });
  if (!row) throw new AppError('not_found', '员工不存在。');
  await audit(m, actor.id, state, userId);
}

/** The agency's latest actions, each as a sentence (lib/agency/audit-labels.ts), its subject resolved to a name. */
export async function recentActivity(m: Membership, limit = 50) {
  const rows = await db()
    .select({
      at: agencyAudit.at,
      action: agencyAudit.action,
      subject: agencyAudit.subject,
      detail: agencyAudit.detail,
      actor: users.displayName,
    })
    .from(agencyAudit)
    .innerJoin(users, eq(users.id, agencyAudit.actorId))
    .where(eq(agencyAudit.agencyId, m.agencyId))
    .orderBy(desc(agencyAudit.at))
    .limit(limit);
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const ids = (actions: string[]) => [
    ...new Set(
      rows.filter((r) => actions.includes(r.action) && r.subject && uuid.test(r.subject)).map((r) => r.subject!),
    ),
  ];
  const names = new Map<string, string>();
  const staffIds = ids(['suspend', 'resume', 'remove']);
  if (staffIds.length)
    for (const u of await db()
      .select({ id: users.id, name: users.displayName })
      .from(users)
      .where(inArray(users.id, staffIds)))
      names.set(u.id, u.name);
  const customerIds = ids(['passenger.add', 'customer.create']);
  if (customerIds.length)
    for (const c of await db()
      .select({ id: customers.id, name: customers.name })
      .from(customers)
      .where(and(eq(customers.agencyId, m.agencyId), inArray(customers.id, customerIds))))
      names.set(c.id, c.name);
  const orderIds = ids(['order.pay', 'order.book']);
  if (orderIds.length)
    for (const o of await db()
      .select({ id: orders.id, trainCode: orders.trainCode })
      .from(orders)
      .where(and(eq(orders.agencyId, m.agencyId), inArray(orders.id, orderIds))))
      names.set(o.id, o.trainCode);
  const ticketIds = ids(['window-refund.claim']);
  if (ticketIds.length)
    for (const t of await db()
      .select({ id: orderTickets.id, passenger: orderTickets.passengerName, trainCode: orders.trainCode })
      .from(orderTickets)
      .innerJoin(orders, eq(orders.id, orderTickets.orderId))
      .where(and(eq(orders.agencyId, m.agencyId), inArray(orderTickets.id, ticketIds))))
      names.set(t.id, `${t.trainCode} ${t.passenger}`);
  return rows.map((r) => ({
    at: r.at,
    actor: r.actor,
    label: auditLabel({ ...r, subjectName: r.subject ? names.get(r.subject) : null }),
  }));
}

// ---- customers -------------------------------------------------------------------------------------

const mobileHash = (mobile: string) => pii().hash('mobile', mobile.trim());

export async function createCustomer(m: Membership, actor: SessionUser, input: { name: string; mobile: string }) {
  const [c] = await db()
    .insert(customers)
    .values({
      agencyId: m.agencyId,
      name: input.name.trim(),
      mobile: sealPii(input.mobile.trim()),
      mobileMasked: maskPhone(input.mobile.trim()),
      mobileHash: mobileHash(input.mobile),
      createdBy: actor.id,
    })
    .onConflictDoNothing()
    .returning({ id: customers.id });
  if (!c) throw new AppError('conflict', '已有该手机号的客户。', { mobile: ['已有该手机号的客户。'] });
  await audit(m, actor.id, 'customer.create', c.id, input.name.trim());
  return c;
}

/** Search by name, the last digits of the mobile, or the last 4 characters of a passenger's ID. */
export async function listCustomers(m: Membership, q = '') {
  const term = q.trim();
  let where: SQL | undefined = eq(customers.agencyId, m.agencyId);
  if (term) {
    const tail = term.slice(-4).toUpperCase();
    where = and(
      where,
      or(
        ilike(customers.name, `%${term.replace(/[%_\\]/g, '\\$&')}%`),
        /^\d{3,4}$/.test(term) ? sql`${customers.mobileMasked} like ${'%' + term}` : undefined,
        /^[0-9Xx]{4}$/.test(term)
          ? inArray(
              customers.id,
              db()
                .select({ id: customerPassengers.customerId })
                .from(customerPassengers)
                .where(and(eq(customerPassengers.agencyId, m.agencyId), eq(customerPassengers.idNoTail, tail))),
            )
          : undefined,
      ),
    );
  }
  return db()
    .select({
      id: customers.id,
      name: customers.name,
      mobileMasked: customers.mobileMasked,
      createdAt: customers.createdAt,
    })
    .from(customers)
    .where(where)
    .orderBy(desc(customers.createdAt))
    .limit(200);
}

export async function customerPassengersOf(m: Membership, customerId: string) {
  const rows = await db()
    .select()
    .from(customerPassengers)
    .where(and(eq(customerPassengers.customerId, customerId), eq(customerPassengers.agencyId, m.agencyId)))
    .orderBy(customerPassengers.createdAt);
  // Masked like the passenger manager's list: the full number never leaves the server here.
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    idType: r.idType,
    idTypeLabel: idTypeLabel(r.idType),
    idNoMasked: r.idNoMasked,
    ticketType: r.ticketType,
    ticketTypeLabel: TICKET_TYPES.find((t) => t.value === r.ticketType)?.label ?? String(r.ticketType),
    mobileMasked: r.mobileMasked,
  }));
}

/** Validated by lib/domain/passenger.ts (the passenger manager's schema); sealed, hashed and masked alike. */
export async function addCustomerPassenger(
  m: Membership,
  actor: SessionUser,
  customerId: string,
  input: PassengerInput,
) {
  // The service checks scope itself as well as the action: a customer of another agency is not found.
  const [customer] = await db()
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.id, customerId), eq(customers.agencyId, m.agencyId)));
  if (!customer) throw new AppError('not_found', '客户不存在。');
  const idNo = input.idNo.trim().toUpperCase();
  const [row] = await db()
    .insert(customerPassengers)
    .values({
      customerId,
      agencyId: m.agencyId,
      name: input.name.trim(),
      idType: input.idType,
      idNo: sealPii(idNo),
      idNoHash: idNoHash(input.idType, idNo),
      idNoMasked: maskIdNumber(idNo),
      idNoTail: idNo.slice(-4),
      ticketType: input.ticketType,
      mobile: input.mobile ? sealPii(input.mobile) : null,
      mobileMasked: input.mobile ? maskPhone(input.mobile) : null,
      birthday: input.birthday ?? null,
      sex: input.sex ?? null,
      countryCode: input.countryCode ?? null,
      cardValidUntil: input.cardValidUntil ?? null,
      student: input.student ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: customerPassengers.id, name: customerPassengers.name });
  if (!row) throw new AppError('conflict', '该客户已有此证件的乘客。', { idNo: ['该客户已有此证件的乘客。'] });
  await audit(m, actor.id, 'passenger.add', customerId, input.name.trim());
  return row;
}

/** The customer's passengers with their full ID numbers, for 创单 only. */
export async function customerPassengersForBooking(m: Membership, customerId: string, ids: string[]) {
  const rows = await db()
    .select()
    .from(customerPassengers)
    .where(
      and(
        eq(customerPassengers.customerId, customerId),
        eq(customerPassengers.agencyId, m.agencyId),
        inArray(customerPassengers.id, ids),
      ),
    );
  if (rows.length !== new Set(ids).size) throw new AppError('not_found', '所选乘客不属于该客户。');
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    idType: r.idType,
    idNo: openPii(r.idNo),
    ticketType: r.ticketType,
    mobile: r.mobile ? openPii(r.mobile) : null,
    /** Student details, for a 学生票 (lib/orders/passenger-checks). */
    student: r.student,
    // The document details 创单 needs for the card type (lib/orders/documents.ts).
    birthday: r.birthday,
    sex: r.sex,
    countryCode: r.countryCode,
    cardValidUntil: r.cardValidUntil,
  }));
}

export function customerMobile(c: { mobile: string }): string {
  return openPii(c.mobile);
}

// ---- orders ----------------------------------------------------------------------------------------

export interface AgencyOrderFilter {
  status?: number;
  from?: string;
  to?: string;
  staffId?: string;
  customerId?: string;
  train?: string;
  orderNo?: string;
  /** Keyset cursor: the last row's createdAt ISO and id. */
  before?: { at: string; id: string };
}

function orderFilter(m: Membership, f: AgencyOrderFilter): SQL {
  const parts: (SQL | undefined)[] = [eq(orders.agencyId, m.agencyId)];
  if (f.status) parts.push(eq(orders.status, f.status));
  if (f.from) parts.push(gte(orders.createdAt, shanghaiInstant(f.from)));
  if (f.to) parts.push(lt(orders.createdAt, shanghaiInstant(addDays(f.to, 1))));
  if (f.staffId) parts.push(eq(orders.userId, f.staffId));
  if (f.customerId) parts.push(eq(orders.customerId, f.customerId));
  if (f.train) parts.push(eq(orders.trainCode, f.train.toUpperCase()));
  if (f.orderNo) parts.push(or(eq(orders.providerOrderNo, f.orderNo), eq(orders.customerOrderNo, f.orderNo)));
  return and(...parts)!;
}

export const PAGE_SIZE = 50;

export async function agencyOrders(m: Membership, f: AgencyOrderFilter) {
  const where = orderFilter(m, f);
  const page = await db()
    .select({
      id: orders.id,
      createdAt: orders.createdAt,
      providerOrderNo: orders.providerOrderNo,
      status: orders.status,
      ...ORDER_LEG,
      provider: orders.provider,
      totalFen: orders.totalFen,
      paidFen: orders.paidFen,
      refundedFen: orders.refundedFen,
      staff: users.displayName,
      customer: customers.name,
      customerMobileMasked: customers.mobileMasked,
    })
    .from(orders)
    .innerJoin(users, eq(users.id, orders.userId))
    .leftJoin(customers, eq(customers.id, orders.customerId))
    .where(
      f.before
        ? and(where, sql`(${orders.createdAt}, ${orders.id}) < (${new Date(f.before.at)}, ${f.before.id})`)
        : where,
    )
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(PAGE_SIZE);
  const [totals] = await db()
    .select({ n: count(), paid: sum(orders.paidFen), refunded: sum(orders.refundedFen) })
    .from(orders)
    .where(where);
  return {
    rows: page.map((r) => ({
      ...r,
      statusLabel: orderStatusLabel(r.status),
      providerLabel: providerLabel(r.provider),
    })),
    totals: { count: totals?.n ?? 0, paidFen: Number(totals?.paid ?? 0), refundedFen: Number(totals?.refunded ?? 0) },
    next: page.length === PAGE_SIZE ? { at: page.at(-1)!.createdAt.toISOString(), id: page.at(-1)!.id } : null,
  };
}
