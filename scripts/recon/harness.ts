/**
 * `npm run recon:harness`: reconciliation against money that goes wrong on purpose. Starts the real
 * parts — embedded Postgres, the sandbox and the worker as their own processes (as scripts/chaos/run.ts
 * does) — and acts as the portal itself (its callback and payment-notification handlers over HTTP, the
 * booking, refund and change services). It makes a few hundred orders: refunds online and at the
 * window, cheaper 改签, failed issues (the sandbox's 5 % issue failures); injects a known set of money
 * faults through the sandbox's control endpoint (a refund that never arrives, ¥1 short, a window refund
 * never reported, a refund credited twice, a debit kept for a failed issue) and two mistakes of our own
 * (a traveller refund lost, one paid twice); on cheaper 改签 a 退差价 that never arrives or arrives ¥1
 * short (sandbox faults change_refund_*; only the fee rules tell the short one); on agency orders
 * (paid from the agency's prepaid balance, refunded online) a ledger credit lost (deleted with the
 * append-only guard off, as only a bug or a hand edit could) or posted twice. Then it runs the
 * reconciliation as of N+1 hours later and prints, per reason and subject (ticket, 改签, agency
 * ledger): injected N, found N, false positives 0. Exits non-zero otherwise.
 * Figures go to bench/results/recon-latest.json. Env: RECON_ORDERS (default 300), RECON_VERBOSE.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RECON_REASONS, type ReconReasonCode } from '../../lib/domain/recon';
import { serveInbound } from '../../lib/root/serve-inbound';
import { addDays, shanghaiDate } from '../../lib/time';
import { ROOT, startHarness } from '../lib/harness';

const N = Number(process.env.RECON_ORDERS ?? 300);
const MISSING_HOURS = 24;
const log = (s: string) => console.log(`[recon] ${s}`);
const t0 = Date.now();
const secs = () => ((Date.now() - t0) / 1000).toFixed(0);

const REASONS = RECON_REASONS;
type Reason = ReconReasonCode;
/** Faults on changes and agency ledgers: a row of their own in the table, found under a reason. */
const EXTRA = [
  'change_refund_missing',
  'change_amount_differs',
  'agency_not_credited',
  'agency_credited_twice',
] as const;
type Extra = (typeof EXTRA)[number];
type Case = Reason | Extra;
const CASES: readonly Case[] = [...REASONS, ...EXTRA];
/** Which findings count for a row: its reason, on its kind of subject. */
const ROW: Record<Case, { reason: Reason; subject: 'ticket' | 'change' | 'ledger' }> = {
  ...(Object.fromEntries(REASONS.map((r) => [r, { reason: r, subject: 'ticket' }])) as Record<
    Reason,
    { reason: Reason; subject: 'ticket' }
  >),
  change_refund_missing: { reason: 'refund_missing', subject: 'change' },
  change_amount_differs: { reason: 'amount_differs', subject: 'change' },
  agency_not_credited: { reason: 'traveller_not_credited', subject: 'ledger' },
  agency_credited_twice: { reason: 'credited_twice', subject: 'ledger' },
};
/** Discrepancy id → its 改签 (findings carry only the subject key). */
const changeOfFinding = new Map<string, string | null>();
const subjectOf = (f: { id: string; subjectKey: string }) =>
  f.subjectKey === 'ledger' ? 'ledger' : changeOfFinding.get(f.id) ? 'change' : 'ticket';
/** The sandbox fault that produces each provider-side reason. */
const SANDBOX_FAULT: Partial<Record<Case, string>> = {
  change_refund_missing: 'change_refund_never_arrives',
  change_amount_differs: 'change_refund_wrong_amount',
  refund_missing: 'refund_never_arrives',
  amount_differs: 'refund_wrong_amount',
  offline_refund_unreported: 'offline_refund_unreported',
  refund_reported_twice: 'refund_reported_twice',
  debit_without_ticket: 'debit_without_ticket',
};

/**
 * What happens to order i: most are clean (kept, refunded online or at the window, changed); every
 * 5th one carries a fault. About 5 % also fail to issue (sandbox issueFailRate), clean unless faulted.
 */
type Plan = 'keep' | 'refund' | 'window' | 'change' | 'agency' | Case;
function planOf(i: number): Plan {
  if (i % 5 === 3) return CASES[Math.floor(i / 5) % CASES.length]!;
  // i % 10 is one of 0 1 2 4 5 6 7 9 here.
  const r = i % 10;
  return r === 0 || r === 5
    ? 'keep'
    : r === 1 || r === 6
      ? 'refund'
      : r === 2 || r === 7
        ? 'window'
        : r === 4
          ? 'change'
          : 'agency';
}
const isChange = (p: Plan) => p === 'change' || p === 'change_refund_missing' || p === 'change_amount_differs';
const isAgency = (p: Plan) => p === 'agency' || p === 'agency_not_credited' || p === 'agency_credited_twice';

const h = await startHarness({
  tag: 'recon',
  travellerName: '对账测试',
  delayMs: 200,
  env: {
    SANDBOX_REFUND_DELAY_MS: '300',
    PROVIDER_TIMEOUT_MS: '5000',
    RECON_REFUND_MISSING_HOURS: String(MISSING_HOURS),
  },
  verbose: !!process.env.RECON_VERBOSE,
});
const { sql, control } = h;
async function until<T>(f: () => Promise<T | false | null | undefined>, ms: number, label: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${label}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

await h.startSandbox();
h.startWorker();

// This process is the portal: its inbound handlers over HTTP, its services in-process.
const server = await serveInbound(h.portalPort);

const { db } = await import('../../db/client');
const { eq } = await import('drizzle-orm');
const schema = await import('../../db/schema');
const { bookingSchema, createBooking } = await import('../../lib/orders/create');
const { idNoHash, sealPii } = await import('../../lib/crypto/pii');
const { makeIdCard } = await import('../../lib/domain/idcard');
const { startPayment } = await import('../../lib/orders/payments');
const { requestRefunds } = await import('../../lib/orders/refunds');
const { applyForChange, changeSearch, confirmChangeByUser } = await import('../../lib/orders/changes');
const { sweep } = await import('../../lib/root/jobs');
const { runReconciliation } = await import('../../lib/reconcile/run');
const { addCustomerPassenger, topUp } = await import('../../lib/agency/service');
const { passengerFormSchema } = await import('../../lib/domain/passenger');
const { payFromBalance } = await import('../../lib/orders/balance');
const { post, transfer } = await import('../../lib/ledger');

const me = { id: h.userId, email: 'recon@example.test', name: 'recon', role: 'traveller' as const };
const dateOf = (days: number) => addDays(shanghaiDate(), days);
const TRAINS = await h.pickTrains(dateOf(4), [3, 4]);

// One agency (its staff books for a customer and pays from the prepaid balance, topped up per order).
const { membership, staff, customerId } = await h.agencyWithCustomer({
  email: 'recon-agency@example.test',
  displayName: '对账旅行社员工',
  agencyName: '对账旅行社',
  customer: '对账客户',
});

const orderOf = async (id: string) => (await db().select().from(schema.orders).where(eq(schema.orders.id, id)))[0]!;
const ticketsOf = (id: string) => db().select().from(schema.orderTickets).where(eq(schema.orderTickets.orderId, id));

await control('POST', 'faults', { issueFailRate: 0.05 });
log(`${N} orders on ${TRAINS.join(' ')}; sandbox issue failures 5 %; a fault on every 5th order by reason`);

interface Made {
  i: number;
  plan: Plan;
  orderId: string;
}
const made: Made[] = [];
const errors: string[] = [];

async function bookOne(i: number): Promise<void> {
  const plan = planOf(i);
  const passengerIds: string[] = [];
  const idNo = makeIdCard('110101', `19${60 + (i % 39)}-0${1 + (i % 9)}-1${i % 9}`, (i * 7) % 997);
  const agency = isAgency(plan);
  if (agency) {
    const cp = await addCustomerPassenger(
      membership,
      staff,
      customerId,
      // Names are 汉字 and letters only: the order number spelled in letters.
      passengerFormSchema.parse({
        name: `对账客${[...String(i)].map((d) => 'ABCDEFGHIJ'[Number(d)]).join('')}`,
        idType: '1',
        idNo,
      }),
    );
    passengerIds.push(cp.id);
  }
  const [p] = agency
    ? [null]
    : await db()
        .insert(schema.savedPassengers)
        .values({
          userId: me.id,
          name: `对账${i}`,
          idType: '1',
          idNo: sealPii(idNo),
          idNoHash: idNoHash('1', idNo),
          ticketType: 1,
        })
        .returning({ id: schema.savedPassengers.id });
  if (p) passengerIds.push(p.id);
  const input = bookingSchema.parse({
    customerOrderNo: `RECON${t0}N${i}`,
    trainCode: TRAINS[i % TRAINS.length],
    fromStation: '北京南',
    toStation: '上海',
    date: dateOf(4 + (i % 5)),
    // A change to 二等座 from 一等座 is cheaper: the provider refunds the difference.
    seatType: isChange(plan) ? 3 : 4,
    passengers: passengerIds.map((passengerId) => ({ passengerId, ticketType: 1 })),
    contactMobile: '13800138000',
    ...(agency ? { customerId } : {}),
  });
  // A traveller whose submit failed on a provider hiccup submits the same form again (same number).
  let orderId = '';
  for (let attempt = 1; !orderId; attempt++) {
    try {
      ({ orderId } = await createBooking(agency ? staff : me, input));
    } catch (e) {
      if (attempt >= 6) throw e;
      await new Promise((r) => setTimeout(r, 1000 * attempt));
    }
  }
  const held = await until(
    async () => {
      const o = await orderOf(orderId);
      return o.status !== 1 && o;
    },
    60_000,
    `hold of ${i}`,
  );
  if (held.status !== 2) throw new Error(`order ${i} not held: ${held.status} ${held.failureReason ?? ''}`);
  const fault = SANDBOX_FAULT[plan as Case];
  if (fault) await control('POST', 'money-faults', { kind: fault, orderNo: held.providerOrderNo });
  if (agency) {
    await topUp('harness', membership.agencyId, held.totalFen, `BANK-RECON-${i}`);
    await payFromBalance(orderId, staff.id);
    await until(async () => [8, 9].includes((await orderOf(orderId)).status), 60_000, `issue of ${i}`);
    made.push({ i, plan, orderId });
    return;
  }
  await startPayment(orderId, me.id);
  const [pay] = await db()
    .select({ paymentNo: schema.payments.paymentNo })
    .from(schema.payments)
    .where(eq(schema.payments.orderId, orderId));
  await control('POST', `payments/${pay!.paymentNo}/pay`, {});
  await until(async () => [8, 9].includes((await orderOf(orderId)).status), 60_000, `issue of ${i}`);
  made.push({ i, plan, orderId });
}

let next = 0;
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (next < N) {
      const i = next++;
      await bookOne(i).catch((e: unknown) =>
        errors.push(`booking ${i}: ${e instanceof Error ? e.message : String(e)}`),
      );
    }
  }),
);
log(`${made.length} orders paid after ${secs()} s (${errors.length} not booked)`);
await control('POST', 'faults', { issueFailRate: 0 });

// Refunds need 5 minutes after issue (309): one clock move for all.
await control('POST', 'clock', { advanceMinutes: 6 });
const issued: Made[] = [];
for (const m of made) if ((await orderOf(m.orderId)).status === 8) issued.push(m);
const failedIssue = made.filter((m) => !issued.includes(m));
const injected = new Map<Case, Set<string>>(CASES.map((r) => [r, new Set<string>()]));
const lostRefunds: string[] = [];
const paidTwice: string[] = [];

async function afterSales(m: Made): Promise<void> {
  const order = await orderOf(m.orderId);
  const [ticket] = await ticketsOf(m.orderId);
  switch (m.plan) {
    case 'keep':
    case 'debit_without_ticket':
      return;
    case 'window':
    case 'offline_refund_unreported':
      await control('POST', `tickets/${ticket!.ticketNo}/offline-refund`, {});
      return;
    case 'change':
    case 'change_refund_missing':
    case 'change_amount_differs': {
      const trains = await changeSearch(order, dateOf(9));
      const t = trains.find((x) => x.trainCode === order.trainCode) ?? trains[0]!;
      const { changeId } = await applyForChange(
        order,
        { ticketIds: [ticket!.id], date: dateOf(9), trainCode: t.trainCode, toStation: t.toStation, seatType: 4 },
        me.id,
      );
      const held = await until(
        async () => {
          const [c] = await db().select().from(schema.changeOrders).where(eq(schema.changeOrders.id, changeId));
          return c && c.status !== 30 && c;
        },
        60_000,
        `change hold of ${m.i}`,
      );
      if (held.status === 31) await confirmChangeByUser(await orderOf(m.orderId), changeId, me.id);
      return;
    }
    default: {
      const r = await requestRefunds(order, [ticket!.id], isAgency(m.plan) ? staff.id : me.id);
      if (!r[0]?.ok) throw new Error(`refund of ${m.i}: ${r[0]?.message ?? 'refused'}`);
    }
  }
}
try {
  let k = 0;
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      while (k < issued.length) {
        const m = issued[k++]!;
        await afterSales(m).catch((e: unknown) =>
          errors.push(`after-sales ${m.i}: ${e instanceof Error ? e.message : String(e)}`),
        );
      }
    }),
  );
  log(`refunds, window refunds and changes asked after ${secs()} s`);

  // Settle: every refund at 21 (or left at 20/23 by the fault), no traveller refund pending, no change moving.
  const missingOrders = issued.filter((m) => m.plan === 'refund_missing').map((m) => m.orderId);
  await until(
    async () => {
      await sweep(new Date(Date.now() + 60_000)).catch(() => undefined);
      const [s] = await sql<{ open: number; stuck: number; pending: number; changes: number; moving: number }[]>`
        select (select count(*) from ticket_refunds where status in (20, 23) and order_id <> all(${missingOrders}::uuid[]))::int as open,
               (select count(*) from ticket_refunds where status in (20, 23) and order_id = any(${missingOrders}::uuid[]))::int as stuck,
               (select count(*) from payment_refunds where status = 'pending')::int as pending,
               (select count(*) from change_orders where status in (30, 31, 33))::int as changes,
               (select count(*) from orders where status in (1, 2, 7))::int as moving`;
      const windows = await sql<
        { n: number }[]
      >`select count(*)::int as n from ticket_refunds where origin = 'provider'`;
      const wanted = issued.filter((m) => m.plan === 'window').length;
      return s!.open === 0 && s!.pending === 0 && s!.changes === 0 && s!.moving === 0 && windows[0]!.n >= wanted && s;
    },
    300_000,
    'settle',
  );
  log(`settled after ${secs()} s`);
} finally {
  await control('POST', 'clock', { reset: true });
}

// Our own mistakes: a refund to the traveller lost, one paid twice.
for (const m of issued.filter((x) => x.plan === 'traveller_not_credited')) {
  const del =
    await sql`delete from payment_refunds where order_id = ${m.orderId} and cause = 'ticket_refund' returning id`;
  if (del.length) lostRefunds.push(m.orderId);
}
for (const m of issued.filter((x) => x.plan === 'credited_twice')) {
  const dup = await sql`
    insert into payment_refunds (order_id, payment_id, refund_no, cause, cause_ref, amount_fen, status, reason, settled_at)
    select order_id, payment_id, refund_no || 'D', 'ticket_refund:again', cause_ref, amount_fen, 'succeeded', reason, now()
    from payment_refunds where order_id = ${m.orderId} and cause = 'ticket_refund' returning id`;
  if (dup.length) paidTwice.push(m.orderId);
}

// Agency ledgers: a refund's credit lost (deleted past the append-only guard), one posted twice.
for (const m of issued.filter((x) => x.plan === 'agency_not_credited')) {
  const gone = await sql.begin(async (tx) => {
    await tx`alter table ledger_entries disable trigger ledger_entries_no_change`;
    const ids = await tx<
      { id: string }[]
    >`select id from ledger_transactions where order_id = ${m.orderId} and kind = 'refund'`;
    if (ids.length) {
      await tx`delete from ledger_entries where transaction_id in ${tx(ids.map((r) => r.id))}`;
      await tx`delete from ledger_transactions where id in ${tx(ids.map((r) => r.id))}`;
    }
    await tx`alter table ledger_entries enable trigger ledger_entries_no_change`;
    return ids.length;
  });
  if (gone) injected.get('agency_not_credited')!.add(m.orderId);
}
for (const m of issued.filter((x) => x.plan === 'agency_credited_twice')) {
  const [credit] = await sql<{ amount: string }[]>`
    select sum(e.amount_fen) as amount from ledger_transactions lt join ledger_entries e on e.transaction_id = lt.id
    join ledger_accounts a on a.id = e.account_id and a.kind = 'agency_balance'
    where lt.order_id = ${m.orderId} and lt.kind = 'refund'`;
  const amount = Number(credit?.amount ?? 0);
  if (amount <= 0) continue;
  await db().transaction((tx) =>
    post(tx, {
      kind: 'refund',
      ref: `credit:again:${m.orderId}`,
      agencyId: membership.agencyId,
      orderId: m.orderId,
      memo: '重复入账（对账测试）',
      createdBy: 'harness',
      legs: transfer(
        { kind: 'provider', agencyId: null },
        { kind: 'agency_balance', agencyId: membership.agencyId },
        amount,
      ),
    }),
  );
  injected.get('agency_credited_twice')!.add(m.orderId);
}

// What was injected: the sandbox's own record of every fault that took effect, and ours.
const { hits } = await control<{ hits: { kind: string; orderNo: string }[] }>('GET', 'money-faults');
const byProviderNo = new Map(
  (await sql<{ id: string; provider_order_no: string }[]>`select id, provider_order_no from orders`).map((r) => [
    r.provider_order_no,
    r.id,
  ]),
);
for (const [reason, kind] of Object.entries(SANDBOX_FAULT))
  for (const h of hits.filter((x) => x.kind === kind)) injected.get(reason as Case)!.add(byProviderNo.get(h.orderNo)!);
for (const id of lostRefunds) injected.get('traveller_not_credited')!.add(id);
for (const id of paidTwice) injected.get('credited_twice')!.add(id);

const as = new Date(Date.now() + (MISSING_HOURS + 1) * 3_600_000);
const started = Date.now();
const { run, findings } = await runReconciliation({ actor: 'harness', trigger: 'test', now: as });
const runMs = Date.now() - started;
const again = await runReconciliation({ actor: 'harness', trigger: 'test', now: as });
const rows = await sql<{ n: number }[]>`select count(*)::int as n from recon_discrepancies`;
for (const d of await sql<{ id: string; change_order_id: string | null }[]>`
  select id, change_order_id from recon_discrepancies`)
  changeOfFinding.set(d.id, d.change_order_id);

const matches = (c: Case) => (f: (typeof findings)[number]) =>
  f.reason === ROW[c].reason && subjectOf(f) === ROW[c].subject;
const table = CASES.map((reason) => {
  const inj = injected.get(reason)!;
  const found = new Set(findings.filter(matches(reason)).map((f) => f.orderId));
  const hit = [...inj].filter((id) => found.has(id)).length;
  const falsePositives = [...found].filter((id) => !inj.has(id));
  return {
    reason,
    injected: inj.size,
    found: hit,
    falsePositives: falsePositives.length,
    examples: falsePositives.slice(0, 3),
  };
});
for (const r of table)
  log(
    `${`${ROW[r.reason].reason} (${ROW[r.reason].subject})`.padEnd(34)} injected ${r.injected}, found ${r.found}, false positives ${r.falsePositives}`,
  );
// Findings outside every row (a reason on a subject nothing injects) are false positives too.
const stray = findings.filter((f) => !CASES.some((c) => matches(c)(f)));
for (const f of stray) log(`  stray finding: ${f.reason} on ${subjectOf(f)} of order ${f.orderId}`);
// What a false positive or a miss was about, for the log.
for (const r of table) {
  const missed = [...injected.get(r.reason)!].filter(
    (id) => !findings.some((f) => matches(r.reason)(f) && f.orderId === id),
  );
  for (const id of [...r.examples, ...missed.slice(0, 3)]) {
    const [d] = await sql<{ detail: string; subject_key: string }[]>`
      select detail, subject_key from recon_discrepancies where order_id = ${id} and reason = ${ROW[r.reason].reason}`;
    const m = made.find((x) => x.orderId === id);
    const o = await orderOf(id);
    log(
      `  ${r.reason} ${d ? 'false positive' : 'missed'}: order ${m?.i} (${m?.plan}, status ${o.status}) ${d?.detail ?? ''}`,
    );
    if (process.env.RECON_VERBOSE || d) {
      const ev = await sql<
        { kind: string; from_status: number | null; to_status: number; source: string; note: string | null }[]
      >`
        select kind, from_status, to_status, source, note from order_events where order_id = ${id} order by id`;
      for (const e of ev) log(`      ${e.kind} ${e.from_status ?? '-'}→${e.to_status} ${e.source} ${e.note ?? ''}`);
      const rs =
        await sql`select id, status, origin, fee_fen, provider_refund_fen from ticket_refunds where order_id = ${id}`;
      const ps = await sql`select cause, cause_ref, amount_fen, status from payment_refunds where order_id = ${id}`;
      log(`      refunds ${JSON.stringify(rs)} paid back ${JSON.stringify(ps)}`);
    }
  }
}
const duplicated = again.findings.filter((f) => f.opened).length + (rows[0]!.n - findings.length);
const ok =
  table.every((r) => r.injected > 0 && r.found === r.injected && r.falsePositives === 0) &&
  duplicated === 0 &&
  stray.length === 0 &&
  run.status === 'done' &&
  !run.error;
const byStatus = await sql<
  { status: number; n: number }[]
>`select status, count(*)::int as n from orders group by status order by status`;
const summary = {
  at: new Date().toISOString(),
  orders: made.length,
  notBooked: errors.length,
  errors: errors.slice(0, 10),
  ordersByStatus: Object.fromEntries(byStatus.map((r) => [r.status, r.n])),
  failedIssues: failedIssue.length,
  plans: Object.fromEntries(
    [...new Set(made.map((m) => m.plan))].map((p) => [p, made.filter((m) => m.plan === p).length]),
  ),
  missingAfterHours: MISSING_HOURS,
  run: {
    id: run.id,
    ordersChecked: run.ordersChecked,
    ticketsChecked: run.ticketsChecked,
    found: run.found,
    movementsImported: run.movementsImported,
    providerBalanceFen: run.providerBalanceFen,
    ms: runMs,
  },
  rerun: { opened: again.findings.filter((f) => f.opened).length, rows: rows[0]!.n },
  reasons: table.map((r) => ({ ...r, foundAs: ROW[r.reason] })),
  strayFindings: stray.length,
  ok,
  seconds: Math.round((Date.now() - t0) / 1000),
};
fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'recon-latest.json'), `${JSON.stringify(summary, null, 2)}\n`);
log(
  `run: ${run.ordersChecked} orders, ${run.ticketsChecked} refunds checked, ${run.movementsImported} statement lines, ${runMs} ms; re-run opened ${summary.rerun.opened}`,
);
if (errors.length) log(`not booked / after-sales refused: ${errors.slice(0, 5).join(' | ')}`);
log(ok ? 'every injected fault found, no false positives' : 'FAILED');

server.close();
await h.stopAll();
const { stopJobs } = await import('../../lib/jobs');
await stopJobs().catch(() => undefined);
await h.dispose();
process.exit(ok ? 0 : 1);
