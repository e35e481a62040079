/**
 * The admin pages' own reads and action (lib/reconcile/pages.ts) on a real database and sandbox: the
 * discrepancy list's filters and keyset pages, who changed a state, the date-range rules shared with
 * the CSV routes, and "replay the refund callback" (admin only, through the normal callback path).
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { providerCallbacks, reconDiscrepancies, reconRuns, users } from '@/db/schema';
import { runGuarded } from '@/lib/actions';
import type { SessionUser } from '@/lib/auth/roles';
import { book, newTraveller, orderRow, harnessForFile, waitStatus } from '@/lib/orders/harness.int';
import { addDays, shanghaiDate } from '@/lib/time';
import { setDiscrepancyState } from '.';
import {
  actorNames,
  csvResponse,
  discrepancyPage,
  PAGE_SIZE,
  parseListFilter,
  parseRangeForPage,
  rangeSchema,
  replayRefundCallbackDef,
  toDayRange,
} from './pages';

const h = harnessForFile();
let admin: SessionUser;
let orderId = '';
let providerOrderNo = '';
const ids: string[] = [];

beforeAll(async () => {
  const u = await newTraveller('recon-pages-admin');
  await db().update(users).set({ role: 'admin' }).where(eq(users.id, u.id));
  admin = { ...u, role: 'admin' };
  orderId = await book(h, ['对账页甲']);
  await waitStatus(orderId, 2);
  providerOrderNo = (await orderRow(orderId)).providerOrderNo!;
  // 61 discrepancies of this order (one more than a page and a bit), a minute apart, two reasons.
  const [run] = await db()
    .insert(reconRuns)
    .values({ trigger: 'test', actor: 'test', asOf: new Date(), missingAfterHours: 24, status: 'done' })
    .returning({ id: reconRuns.id });
  const base = Date.now() - 3 * 86_400_000;
  const rows = await db()
    .insert(reconDiscrepancies)
    .values(
      Array.from({ length: PAGE_SIZE + 11 }, (_, i) => ({
        reason: i % 2 ? ('amount_differs' as const) : ('refund_missing' as const),
        orderId,
        subjectKey: `pages-test-${i}`,
        expectedFen: 10_000 + i,
        reportedFen: i % 2 ? 9_900 + i : null,
        detail: `测试差异 ${i}`,
        firstSeenRun: run!.id,
        lastSeenRun: run!.id,
        // Two share a timestamp, so the cursor must tell them apart by id.
        firstSeenAt: new Date(base + Math.min(i, PAGE_SIZE) * 60_000),
      })),
    )
    .returning({ id: reconDiscrepancies.id });
  ids.push(...rows.map((r) => r.id));
}, 120_000);

afterAll(async () => {
  if (ids.length) await db().delete(reconDiscrepancies).where(inArray(reconDiscrepancies.id, ids));
});

describe('reconciliation pages', () => {
  it('lists by order number with keyset pages: every row once, newest first, filters applied', async () => {
    const { filter } = parseListFilter({ q: providerOrderNo, state: 'all' });
    const first = await discrepancyPage(filter);
    expect(first.total).toBe(ids.length);
    expect(first.rows).toHaveLength(PAGE_SIZE);
    expect(first.next).not.toBeNull();
    const second = await discrepancyPage({ ...filter, after: { at: first.next!.afterAt, id: first.next!.afterId } });
    expect(second.next).toBeNull();
    const seen = [...first.rows, ...second.rows].map((r) => r.id);
    expect(new Set(seen).size).toBe(ids.length);
    expect(seen.sort()).toEqual([...ids].sort());
    const times = [...first.rows, ...second.rows].map((r) => r.firstSeenAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const missing = await discrepancyPage(parseListFilter({ q: providerOrderNo, reason: 'refund_missing' }).filter);
    expect(missing.total).toBe(Math.ceil(ids.length / 2));
    expect(missing.rows.every((r) => r.reason === 'refund_missing' && r.reasonLabel === '退款超时未到账')).toBe(true);
    // A date range in Beijing days: the day before the first one has none of them.
    const day = addDays(shanghaiDate(), -4);
    const none = await discrepancyPage(parseListFilter({ q: providerOrderNo, from: day, to: day }).filter);
    expect(none.total).toBe(0);
  });

  it('who/when/why: an admin explains one; the list shows their name and leaves it out of the open list', async () => {
    await setDiscrepancyState(ids[0]!, 'explained', '供应商确认排队中', admin.id);
    const open = await discrepancyPage(parseListFilter({ q: providerOrderNo, state: 'open' }).filter);
    expect(open.total).toBe(ids.length - 1);
    const explained = await discrepancyPage(parseListFilter({ q: providerOrderNo, state: 'explained' }).filter);
    expect(explained.rows.map((r) => [r.id, r.stateNote])).toEqual([[ids[0], '供应商确认排队中']]);
    expect(explained.rows[0]!.stateByName).toContain(admin.name);
    const names = await actorNames(['reconciliation', admin.id, '00000000-0000-4000-8000-000000000000']);
    expect(names.get('reconciliation')).toBe('系统（对账）');
    expect(names.get('00000000-0000-4000-8000-000000000000')).toBe('已删除的账号');
  });

  it('bad filters are dropped and reported, never thrown', () => {
    const { filter, errors } = parseListFilter({
      reason: 'nope',
      state: 'weird',
      from: '2026-02-30',
      q: "1' or 1=1",
      afterAt: 'x',
      afterId: 'y',
    });
    expect(filter).toEqual({ state: 'unresolved' });
    expect(Object.keys(errors).sort()).toEqual(['afterAt', 'afterId', 'from', 'q', 'reason', 'state']);
    expect(parseListFilter({ from: '2026-03-02', to: '2026-03-01' }).errors.to).toBeDefined();
  });

  it('date ranges: Beijing days, to inclusive, at most a year, the default the last 14 days', () => {
    const r = toDayRange({ from: '2026-03-01', to: '2026-03-02' });
    expect(r.from.toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(r.to.toISOString()).toBe('2026-03-02T16:00:00.000Z');
    const d = toDayRange({}, '2026-12-01');
    expect([d.fromDay, d.toDay]).toEqual(['2026-11-18', '2026-12-01']);
    expect(rangeSchema.safeParse({ from: '2025-01-01', to: '2026-12-31' }).success).toBe(false);
    expect(rangeSchema.safeParse({ from: '2026-13-01' }).success).toBe(false);
    expect(rangeSchema.safeParse({ from: '', to: '' }).success).toBe(true);
    const page = parseRangeForPage({ from: '2026-03-05', to: '2026-03-01' });
    expect(page.errors.to).toEqual(['开始日期不能晚于结束日期。']);
    expect(page.input).toEqual({ from: '2026-03-05', to: '2026-03-01' });
  });

  it('CSV responses stream every row with a BOM, quoted where needed', async () => {
    async function* rows() {
      yield await Promise.resolve(['a', 'b']);
      for (let i = 0; i < 1200; i++) yield [`行${i}`, i === 7 ? 'x,"y"' : String(i)];
    }
    const res = await csvResponse(rows(), 'x.csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    expect(text.startsWith('a,b\n')).toBe(true);
    expect(text.trim().split('\n')).toHaveLength(1201);
    expect(text).toContain('行7,"x,""y"""');
  });

  it('replays the refund callback of a discrepancy: admin only, through the normal path, logged', async () => {
    const id = ids[1]!;
    // No refund callback yet: nothing to replay.
    expect(await runGuarded(replayRefundCallbackDef, admin, { discrepancyId: id })).toMatchObject({
      ok: false,
      code: 'conflict',
    });
    // A refund callback as the provider would have sent it (its sign passed on receipt).
    const [orig] = await db()
      .select()
      .from(providerCallbacks)
      .where(and(eq(providerCallbacks.providerOrderNo, providerOrderNo), isNull(providerCallbacks.replayOf)))
      .limit(1);
    const [refund] = await db()
      .insert(providerCallbacks)
      .values({
        kind: 'refund',
        verdict: 'applied',
        eventType: 'refund.success',
        providerOrderNo,
        orderId,
        raw: orig!.raw,
      })
      .returning({ id: providerCallbacks.id });
    for (const who of [null, h.user]) {
      const r = await runGuarded(replayRefundCallbackDef, who, { discrepancyId: id });
      expect(r).toMatchObject({ ok: false, code: who ? 'forbidden' : 'unauthenticated' });
    }
    for (const bad of [{}, { discrepancyId: 'x' }, { discrepancyId: 5 }])
      expect(await runGuarded(replayRefundCallbackDef, admin, bad)).toMatchObject({ ok: false, code: 'validation' });
    expect(
      await runGuarded(replayRefundCallbackDef, admin, { discrepancyId: '00000000-0000-4000-8000-000000000000' }),
    ).toMatchObject({ ok: false, code: 'not_found' });

    const r = await runGuarded(replayRefundCallbackDef, admin, { discrepancyId: id });
    expect(r).toMatchObject({ ok: true, data: { callbackId: refund!.id, verdict: 'no_change' } });
    const [logged] = await db().select().from(providerCallbacks).where(eq(providerCallbacks.replayOf, refund!.id));
    expect(logged).toMatchObject({ kind: 'refund', verdict: 'no_change', actorId: admin.id, orderId });
  });
});
