/**
 * The chaos run's after-sales process: once every booking is made and the provider's clock has moved
 * past its 5-minute refund rule, with the provider's faults still on, it asks for 退票 and 改签 on
 * issued orders the way the order page does (requestRefunds, applyForChange, confirmChangeByUser):
 * of the bookings whose number i has i % 6 = 1 one ticket is refunded, of those with i % 6 = 4 one
 * ticket is changed to the next day (to 一等座, dearer, for even i: the traveller pays the difference
 * on the cashier, an agency from its prepaid balance; the same class otherwise). Travellers' and agency
 * orders alike, on both providers: refunds on panhe and juhe orders; a change only goes through on a
 * panhe order — juhe has no change API (capabilities.change false), so a change asked on a juhe order
 * must be refused before anything is asked of it (applyForChange → AppError conflict, the provider's
 * words): counted as `changeRefusedNoApi`, expected; one not refused is `changeNotRefused`, which the
 * run counts as a violation. Prints `[chaos-aftersales] finished …` with what it asked for, per provider.
 * Env: as scripts/chaos/portal.ts (CHAOS_SEED, CHAOS_TO, CHAOS_USER_ID, CHAOS_AGENT_ID, CHAOS_TRAINS).
 */
import { and, eq, isNull, like } from 'drizzle-orm';
import { db } from '@/db/client';
import { changeOrders, orders, orderTickets, payments } from '@/db/schema';
import { CHANGE_ORDER_STATUS, ORDER_STATUS, TICKET_STATUS } from '@/lib/domain/states';
import { AppError } from '@/lib/errors';
import { changeUnavailable } from '@/lib/orders/capabilities';
import { applyForChange, confirmChangeByUser } from '@/lib/orders/changes';
import { providerFor } from '@/lib/provider/registry';
import { requestRefunds } from '@/lib/orders/refunds';
import { addDays, shanghaiDate } from '@/lib/time';
import { until } from '../lib/poll';

const env = (k: string) => process.env[k] ?? '';
const seed = env('CHAOS_SEED');
const userId = env('CHAOS_USER_ID');
const agentId = env('CHAOS_AGENT_ID');
const sandboxUrl = env('PROVIDER_BASE_URL');
const TRAINS = env('CHAOS_TRAINS').split(',').filter(Boolean);
const out = (s: string) => console.log(`[chaos-aftersales] ${s}`);

const rows = await db()
  .select()
  .from(orders)
  .where(
    and(
      eq(orders.status, ORDER_STATUS.ISSUED),
      isNull(orders.grabOrderId),
      like(orders.customerOrderNo, `CHAOS${seed}N%`),
    ),
  );
const picked = rows
  .map((o) => ({ o, i: Number(o.customerOrderNo.slice(`CHAOS${seed}N`.length)) }))
  .filter(({ i }) => i % 6 === 1 || i % 6 === 4);

const newTally = () => ({
  refunds: 0,
  refundsRefused: 0,
  changes: 0,
  changesConfirmed: 0,
  changesRefused: 0,
  /** Changes asked on an order whose provider has no change API, refused as they must be. */
  changeRefusedNoApi: 0,
  /** …and ones that were not refused (a violation). */
  changeNotRefused: 0,
  errors: 0,
});
const tally = newTally();
const byProvider: Record<string, ReturnType<typeof newTally>> = {};
/** Counts in the run's tally and in the order's provider's. */
const count = (provider: string, k: keyof ReturnType<typeof newTally>) => {
  tally[k]++;
  (byProvider[provider] ??= newTally())[k]++;
};

async function afterSale({ o, i }: (typeof picked)[number]): Promise<void> {
  const actor = o.agencyId ? agentId : userId;
  const [t] = await db()
    .select()
    .from(orderTickets)
    .where(and(eq(orderTickets.orderId, o.id), eq(orderTickets.status, TICKET_STATUS.ISSUED)))
    .limit(1);
  if (!t) return;
  if (i % 6 === 1) {
    const [r] = await requestRefunds(o, [t.id], actor);
    count(o.provider, r?.ok ? 'refunds' : 'refundsRefused');
    return;
  }
  const date = addDays(shanghaiDate(o.departureAt), 1);
  const change = () =>
    applyForChange(
      o,
      {
        ticketIds: [t.id],
        date,
        trainCode: TRAINS[(i + 1) % TRAINS.length] ?? o.trainCode,
        toStation: o.toStation,
        seatType: i % 2 === 0 ? 3 : o.seatType,
      },
      actor,
    );
  const noChange = changeUnavailable(providerFor(o.provider).capabilities);
  if (noChange) {
    // No change API at this provider: the portal must refuse before asking it anything.
    try {
      await change();
      count(o.provider, 'changeNotRefused');
      out(`booking ${i}: a change on a ${o.provider} order was NOT refused`);
    } catch (e) {
      if (e instanceof AppError && e.code === 'conflict' && e.message === noChange)
        count(o.provider, 'changeRefusedNoApi');
      else {
        count(o.provider, 'changeNotRefused');
        out(`booking ${i}: a change on a ${o.provider} order failed otherwise: ${String(e)}`);
      }
    }
    return;
  }
  const { changeId } = await change();
  count(o.provider, 'changes');
  const held = await until(
    async () => {
      const [c] = await db()
        .select({ status: changeOrders.status })
        .from(changeOrders)
        .where(eq(changeOrders.id, changeId));
      return !!c && c.status !== CHANGE_ORDER_STATUS.HOLDING;
    },
    30_000,
    300,
  );
  const [c] = await db()
    .select({ status: changeOrders.status })
    .from(changeOrders)
    .where(eq(changeOrders.id, changeId));
  if (!held || c?.status !== CHANGE_ORDER_STATUS.HELD) {
    count(o.provider, 'changesRefused');
    return;
  }
  const [fresh] = await db().select().from(orders).where(eq(orders.id, o.id));
  const { cashierUrl } = await confirmChangeByUser(fresh!, changeId, actor);
  count(o.provider, 'changesConfirmed');
  if (!cashierUrl) return;
  const [p] = await db()
    .select({ paymentNo: payments.paymentNo })
    .from(payments)
    .where(and(eq(payments.changeOrderId, changeId), eq(payments.status, 'pending')));
  if (p)
    await fetch(`${sandboxUrl}/sandbox/payments/${p.paymentNo}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-app-key': env('PROVIDER_APP_KEY') || 'sandbox-app-key' },
      body: '{}',
    });
}

let next = 0;
await Promise.all(
  Array.from({ length: 6 }, async () => {
    while (next < picked.length) {
      const job = picked[next++]!;
      try {
        await afterSale(job);
      } catch (e) {
        // A provider fault or refusal, as a traveller would see it: the order is left as it is.
        count(job.o.provider, 'errors');
        out(`booking ${job.i}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }),
);
// Written before exiting: console.log to a pipe is asynchronous and process.exit would cut it off.
const line = `[chaos-aftersales] finished ${JSON.stringify({ issued: rows.length, picked: picked.length, ...tally, byProvider })}\n`;
await new Promise((r) => process.stdout.write(line, r));
process.exit(0);
