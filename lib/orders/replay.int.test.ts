/**
 * Callback replay against the real sandbox: an admin re-runs a stored callback, which re-reads
 * 订单详情 and applies it like any callback; the outcome is a new log row marked as a replay with the
 * admin as actor. Only admins may replay; bad input is a validation result, never a 500.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { providerCallbacks, users } from '@/db/schema';
import { runGuarded } from '@/lib/actions';
import type { SessionUser } from '@/lib/auth/roles';
import { receiveCallback } from './callbacks';
import { book, control, expectClean, newTraveller, orderRow, harnessForFile, waitStatus } from './harness.int';
import { replayCallbackDef } from './replay';

const h = harnessForFile();
let admin: SessionUser;

beforeAll(async () => {
  const u = await newTraveller('replay-admin');
  await db().update(users).set({ role: 'admin' }).where(eq(users.id, u.id));
  admin = { ...u, role: 'admin' };
}, 120_000);

/** The first callback the provider sent for an order (not a replay). */
async function firstCallback(providerOrderNo: string) {
  const [row] = await db()
    .select()
    .from(providerCallbacks)
    .where(and(eq(providerCallbacks.providerOrderNo, providerOrderNo), isNull(providerCallbacks.replayOf)))
    .orderBy(providerCallbacks.id)
    .limit(1);
  return row!;
}

describe('callback replay', () => {
  it('re-reads 订单详情 through the normal path and logs the outcome as a replay by the admin', async () => {
    const id = await book(h, ['重放甲']);
    await waitStatus(id, 2);
    const order = await orderRow(id);
    const stored = await firstCallback(order.providerOrderNo!);
    expect(stored.verdict).toBe('applied');

    // The provider cannot be read: the replay is logged as retry_later, the order untouched.
    await control(h.sandbox, 'POST', 'faults', { errorRate: 1, errorStatus: 503 });
    const failed = await runGuarded(replayCallbackDef, admin, { callbackId: stored.id });
    await control(h.sandbox, 'DELETE', 'faults');
    expect(failed).toMatchObject({ ok: true, data: { verdict: 'retry_later' } });
    expect((await orderRow(id)).status).toBe(2);

    // Readable again: 订单详情 says what the order already shows, so nothing changes.
    const again = await runGuarded(replayCallbackDef, admin, { callbackId: String(stored.id) });
    expect(again).toMatchObject({ ok: true, data: { verdict: 'no_change' } });
    const logged = await db()
      .select()
      .from(providerCallbacks)
      .where(eq(providerCallbacks.replayOf, stored.id))
      .orderBy(desc(providerCallbacks.id));
    expect(logged.map((r) => [r.verdict, r.actorId, r.kind, r.providerOrderNo, r.orderId])).toEqual([
      ['no_change', admin.id, stored.kind, stored.providerOrderNo, id],
      ['retry_later', admin.id, stored.kind, stored.providerOrderNo, null],
    ]);
    // The stored (masked) body is kept as it was, not masked twice.
    expect(logged[0]!.raw).toBe(stored.raw);
    if (again.ok) expect(again.data.logId).toBe(logged[0]!.id);
    await expectClean([id]);
  });

  it('only admins may replay; bad input is a validation result; a refused callback cannot be replayed', async () => {
    const id = await book(h, ['重放乙']);
    await waitStatus(id, 2);
    const stored = await firstCallback((await orderRow(id)).providerOrderNo!);
    const before = await db().select({ id: providerCallbacks.id }).from(providerCallbacks);

    for (const who of [null, h.user, { ...h.user, role: 'agent' as const }]) {
      const r = await runGuarded(replayCallbackDef, who, { callbackId: stored.id });
      expect(r).toMatchObject({ ok: false, code: who ? 'forbidden' : 'unauthenticated' });
    }
    for (const input of [{}, { callbackId: 'abc' }, { callbackId: -1 }, { callbackId: 1.5 }, null, 'x']) {
      const r = await runGuarded(replayCallbackDef, admin, input);
      expect(r).toMatchObject({ ok: false, code: 'validation' });
    }
    expect(await runGuarded(replayCallbackDef, admin, { callbackId: 9_000_000_000 })).toMatchObject({
      ok: false,
      code: 'not_found',
    });

    // A forged callback (bad sign) is logged but may not be replayed.
    const forged = await receiveCallback(
      'order',
      JSON.stringify({
        orderNo: 'T-REPLAY-FORGED',
        trainCode: 'G1',
        fromStation: '北京南',
        toStation: '上海',
        fromDateTime: '2026-12-01 07:00:00',
        toDateTime: '2026-12-01 11:29:00',
        orderStatus: 5,
        trainTickets: [],
        eventType: 'order.cancel',
        sign: '0'.repeat(32),
      }),
    );
    expect(forged.verdict).toBe('bad_sign');
    const [forgedRow] = await db()
      .select({ id: providerCallbacks.id })
      .from(providerCallbacks)
      .where(eq(providerCallbacks.providerOrderNo, 'T-REPLAY-FORGED'));
    const refused = await runGuarded(replayCallbackDef, admin, { callbackId: forgedRow!.id });
    expect(refused).toMatchObject({ ok: false, code: 'conflict' });

    // Refused calls logged nothing beyond the forged callback itself.
    const after = await db().select({ id: providerCallbacks.id }).from(providerCallbacks);
    expect(after.length).toBe(before.length + 1);
  });
});
