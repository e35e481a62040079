/**
 * The agency isolation matrix at the action layer: every server action of the 'use server' modules
 * that reach lib/agency/access.ts (found in the source tree, as in e2e/agency-matrix.spec.ts, with
 * the same inputs from tests/support/agency-action-cases.ts) has its guarded definition run as a traveller and
 * as staff and owner of a second agency (refused; the first agency's rows unchanged), and as staff and
 * owner of the first agency (past the session, role, validation and ownership checks). The e2e matrix
 * posts the same actions through the proxy; here the definitions' own checks answer for every role.
 */
import fs from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { orderTickets } from '@/db/schema';
import { runGuarded, type GuardedDef } from '@/lib/actions';
import type { SessionUser } from '@/lib/auth/roles';
import * as bookingOrders from '@/lib/orders/create';
import * as orderDefs from '@/lib/orders/defs';
import { passengerFormSchema } from '@/lib/domain/passenger';
import { daysAhead, newTraveller, harnessForFile, uniqueIdCard } from '@/lib/orders/harness.int';
import * as aftersales from '@/lib/orders/aftersales-actions';
import * as windowClaims from '@/lib/orders/window-claims';
import * as passengers from '@/lib/passengers/service';
import * as tripCreate from '@/lib/trips/create';
import * as tripDefs from '@/lib/trips/defs';
import * as deliveryDefs from '@/lib/delivery/defs';
import { agencyActionCases, type AgencyFixture } from './support/agency-action-cases';
import { appFiles, isUseServer, reaches } from './support/import-graph';
import { membershipOf } from '@/lib/agency/access';
import * as agencyDefs from '@/lib/agency/defs';
import {
  acceptInvitation,
  addCustomerPassenger,
  createAgency,
  createCustomer,
  invite,
  topUp,
} from '@/lib/agency/service';

type AnyDef = GuardedDef<never, unknown>;
const isDef = (v: unknown): v is AnyDef => !!v && typeof v === 'object' && 'schema' in v && 'body' in v && 'roles' in v;
const DEFS: Record<string, AnyDef> = Object.fromEntries(
  Object.entries({
    ...agencyDefs,
    ...bookingOrders,
    ...orderDefs,
    ...aftersales,
    ...windowClaims,
    ...passengers,
    ...tripCreate,
    ...tripDefs,
    ...deliveryDefs,
  }).filter(([, v]) => isDef(v)),
) as unknown as Record<string, AnyDef>;

const MODULES = appFiles(/^(app|lib)\/.*\.ts$/).filter((f) => isUseServer(f) && reaches(f, 'lib/agency/access.ts'));
/**
 * Each exported action of those modules and the definition it runs: `export const x = action(xDef…)`
 * (or `formAction(xDef…)`), or a function of its own that calls `guarded(xDef, …)`.
 */
const ACTION_EXPORT =
  /export const (\w+) =\s*(?:action|formAction)\(\s*(\w+)|export async function (\w+)\([^)]*\)[^{]*\{[^}]*?guarded\((\w+)/g;
const ACTIONS = MODULES.flatMap((file) =>
  [...fs.readFileSync(file, 'utf8').matchAll(ACTION_EXPORT)].map((m) => ({
    file,
    name: (m[1] ?? m[3])!,
    def: (m[2] ?? m[4])!,
  })),
);

harnessForFile();
let fx: AgencyFixture;
const users: Record<string, SessionUser> = {};
const CASES = agencyActionCases(() => fx);

async function member(agencyId: string, owner: SessionUser, tag: string): Promise<SessionUser> {
  const u = await newTraveller(tag);
  const m = (await membershipOf(owner.id))!;
  const { token } = await invite(m, owner, u.email);
  await acceptInvitation(u, token);
  expect((await membershipOf(u.id))?.agencyId).toBe(agencyId);
  return { ...u, role: 'agent' };
}

beforeAll(async () => {
  const stamp = `${Date.now()}`;
  // The first agency: owner, staff, a customer with a passenger, an order for them.
  const ownerA = await newTraveller('isoa');
  await createAgency(`隔离甲社${stamp}`, ownerA.email);
  const mA = (await membershipOf(ownerA.id))!;
  users.owner = { ...ownerA, role: 'agent' };
  users.staff = await member(mA.agencyId, users.owner, 'isoastaff');
  await topUp('admin-test', mA.agencyId, 500_000, `ISO-${stamp}`);
  const customer = await createCustomer(mA, users.staff, { name: `隔离客户${stamp}`, mobile: `134${stamp.slice(-8)}` });
  const p = await addCustomerPassenger(
    mA,
    users.staff,
    customer.id,
    passengerFormSchema.parse({ name: '隔离乘客', idType: '1', idNo: uniqueIdCard() }),
  );
  const booked = await runGuarded(bookingOrders.createBookingDef, users.staff, {
    customerOrderNo: bookingOrders.newCustomerOrderNo(),
    trainCode: 'G1',
    fromStation: '北京南',
    toStation: '上海',
    date: daysAhead(6),
    seatType: 4,
    passengers: [{ passengerId: p.id, ticketType: 1 }],
    contactMobile: '13900139000',
    customerId: customer.id,
  });
  if (!booked.ok) throw new Error(booked.message);
  const [t] = await db().select().from(orderTickets).where(eq(orderTickets.orderId, booked.data.orderId));
  const spare = await invite(mA, users.owner, `spare${stamp}@example.test`);
  fx = {
    agencyId: mA.agencyId,
    agencyName: mA.agencyName,
    bankRef: `ISO-${stamp}`,
    ownerEmail: ownerA.email,
    staffId: users.staff.id,
    customerId: customer.id,
    customerName: `隔离客户${stamp}`,
    passengerId: p.id,
    passengerName: '隔离乘客',
    orderId: booked.data.orderId,
    ticketId: t!.id,
    spareToken: spare.token,
  };
  // The second agency and a traveller.
  const ownerB = await newTraveller('isob');
  await createAgency(`隔离乙社${stamp}`, ownerB.email);
  users['other owner'] = { ...ownerB, role: 'agent' };
  users['other staff'] = await member((await membershipOf(ownerB.id))!.agencyId, users['other owner'], 'isobstaff');
  users.traveller = await newTraveller('isot');
}, 120_000);

async function snapshot() {
  const id = fx.agencyId;
  const rows = async (q: ReturnType<typeof sql>) => Array.from((await db().execute(q)) as unknown as Iterable<unknown>);
  return {
    customers: await rows(sql`select id, name from customers where agency_id = ${id} order by id`),
    passengers: await rows(sql`select id, name from customer_passengers where agency_id = ${id} order by id`),
    members: await rows(
      sql`select user_id, member_role, suspended_at from agency_members where agency_id = ${id} order by user_id`,
    ),
    invitations: await rows(sql`select id, accepted_at from agency_invitations where agency_id = ${id} order by id`),
    orders: await rows(
      sql`select id, payment_status, paid_fen, refunded_fen from orders where agency_id = ${id} order by id`,
    ),
    ledger: await rows(sql`select count(*)::int as n from ledger_transactions where agency_id = ${id}`),
    audit: await rows(sql`select count(*)::int as n from agency_audit where agency_id = ${id}`),
    afterSales: await rows(sql`select
      (select count(*) from change_orders c join orders o on o.id = c.order_id where o.agency_id = ${id})::int as changes,
      (select count(*) from ticket_refunds r join orders o on o.id = r.order_id where o.agency_id = ${id})::int as refunds,
      (select count(*) from window_refund_claims w join orders o on o.id = w.order_id where o.agency_id = ${id})::int as claims`),
  };
}

const REFUSED = new Set(['unauthenticated', 'forbidden', 'not_found']);
const OWNERSHIP_REFUSALS = new Set(['订单不存在。', '客户不存在。', '员工不存在。']);

describe('agency isolation: every server action as each role', () => {
  it('finds every action of the modules that reach the agency authorization module, and its definition', () => {
    expect(MODULES).toEqual(expect.arrayContaining(['lib/agency/actions.ts', 'lib/orders/actions.ts']));
    expect(ACTIONS.length).toBeGreaterThanOrEqual(22);
    expect(ACTIONS.filter((a) => !DEFS[a.def]).map((a) => `${a.file} ${a.def}`)).toEqual([]);
    expect(ACTIONS.filter((a) => !CASES[a.name]).map((a) => a.name)).toEqual([]);
  });

  for (const role of ['traveller', 'other staff', 'other owner'] as const) {
    it(`${role}: refused on every action aimed at the first agency; nothing of it changes`, async () => {
      const before = await snapshot();
      const failures: string[] = [];
      for (const a of ACTIONS) {
        const c = CASES[a.name]!;
        const r = await runGuarded(DEFS[a.def]!, users[role]!, c.input());
        const what = `${a.name}: ${JSON.stringify(r).slice(0, 160)}`;
        if (r.ok && (c.scoped || c.who === 'admin')) failures.push(`${what} (expected a refusal)`);
        if (!r.ok && c.scoped && c.who !== 'invitee' && !REFUSED.has(r.code)) failures.push(`${what} (not a refusal)`);
        if (!r.ok && r.code === 'internal') failures.push(`${what} (internal error)`);
      }
      expect(await snapshot()).toEqual(before);
      expect(failures).toEqual([]);
    });
  }

  for (const role of ['staff', 'owner'] as const) {
    it(`${role} of the first agency (positive control): past every check they are entitled to`, async () => {
      const failures: string[] = [];
      const ordered = [...ACTIONS].sort((x, y) => Number(!!CASES[x.name]!.last) - Number(!!CASES[y.name]!.last));
      for (const a of ordered) {
        const c = CASES[a.name]!;
        const r = await runGuarded(DEFS[a.def]!, users[role]!, c.input());
        const what = `${a.name}: ${JSON.stringify(r).slice(0, 160)}`;
        const mayPass = c.who === 'member' || c.who === 'anyone signed in' || (c.who === 'owner' && role === 'owner');
        if (!r.ok && r.code === 'internal') failures.push(`${what} (internal error)`);
        else if (mayPass) {
          if (
            !r.ok &&
            (['unauthenticated', 'forbidden', 'validation'].includes(r.code) || OWNERSHIP_REFUSALS.has(r.message))
          )
            failures.push(`${what} (refused)`);
        } else if (r.ok) failures.push(`${what} (expected a refusal)`);
        else if (c.who !== 'invitee' && !REFUSED.has(r.code)) failures.push(`${what} (not a refusal)`);
      }
      expect(failures).toEqual([]);
    });
  }
});

describe('agency isolation below the actions', () => {
  it("the service refuses a passenger for another agency's customer even when called directly", async () => {
    const before = await snapshot();
    const other = (await membershipOf(users['other staff']!.id))!;
    await expect(
      addCustomerPassenger(
        other,
        users['other staff']!,
        fx.customerId,
        passengerFormSchema.parse({ name: '越权乘客', idType: '1', idNo: uniqueIdCard() }),
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await snapshot()).toEqual(before);
  });
});
