/**
 * Routed search with failover, end to end: the real registry (panhe then juhe, each guarded by the
 * resilience layer), the real sandbox over HTTP serving both wire fronts, and the real Postgres
 * (search cache, rotation, call samples, circuit rows). Panhe is made to fail with the sandbox's
 * per-front fault overlay; the searches must then be answered by juhe, and say so.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { providerCalls, providerCircuits, providerSettings, users } from '@/db/schema';
import { resetProviders } from '@/lib/provider/registry';
import { flushProviderStats } from '@/lib/provider/resilience';
import { invalidateRotation, setRotation } from '@/lib/provider/rotation';
import { control, daysAhead, startTestSandbox } from '@/sandbox/testing.int';
import type { RunningSandbox } from '@/sandbox/server';
import { searchCache, searchTrains, SearchError, trainStops } from './search';

const FAILURES = 3;
const HALF_OPEN_MS = 1500;
const TIMEOUT_MS = 400;

let sandbox: RunningSandbox;
let adminId: string;
let day = 0;
/**
 * A fresh (from, to, date): nothing cached for it. 北京南 → 天津南 (G1 stops there) because no other
 * test file searches it: files run in parallel on one database, and another file's search of a route
 * this file uses (北京南 → 上海 is everyone's) could cache an answer between this file's invalidation
 * and its search — the circuit test then got that cached panhe answer (`failedOver: []`) in CI.
 */
const FROM = '北京南';
const TO = '天津南';
function route() {
  day += 1;
  return { from: FROM, to: TO, date: daysAhead(day) } as const;
}
const timed = async <T>(p: Promise<T>) => {
  const started = performance.now();
  const value = await p;
  return { value, ms: Math.round(performance.now() - started) };
};
const panheFaults = (patch: Record<string, unknown>) =>
  control(sandbox, 'POST', 'faults', { front: 'panhe', ...patch });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits out panhe's circuit and closes it with a successful trial search. */
async function healPanhe() {
  await control(sandbox, 'DELETE', 'faults');
  await sleep(HALF_OPEN_MS + 50);
  const r = route();
  await searchTrains(r.from, r.to, r.date);
}

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
  await control(sandbox, 'DELETE', 'faults');
  Object.assign(process.env, {
    PROVIDERS: 'panhe,juhe',
    PROVIDER_BASE_URL: sandbox.url,
    JUHE_BASE_URL: `${sandbox.url}/trainTickets`,
    PROVIDER_TIMEOUT_MS: String(TIMEOUT_MS),
    JUHE_TIMEOUT_MS: '5000',
    PROVIDER_CIRCUIT_FAILURES: String(FAILURES),
    PROVIDER_CIRCUIT_HALF_OPEN_MS: String(HALF_OPEN_MS),
  });
  resetProviders();
  await db().delete(providerSettings);
  invalidateRotation();
  const [u] = await db()
    .insert(users)
    .values({ email: `failover${Date.now()}@example.test`, passwordHash: 'x', displayName: '轮换', role: 'admin' })
    .returning({ id: users.id });
  adminId = u!.id;
}, 120_000);

afterAll(async () => {
  await control(sandbox, 'DELETE', 'faults').catch(() => undefined);
  await db().delete(providerSettings);
  invalidateRotation();
  resetProviders();
  await sandbox?.stop();
});

beforeEach(async () => {
  await control(sandbox, 'DELETE', 'faults');
  // Test files share the database: an answer another file's booking cached for one of these routes
  // (20 s) would be served instead of asking the providers.
  for (let d = 1; d <= 15; d++) await searchCache.invalidate(`${FROM}|${TO}|${daysAhead(d)}`);
});

describe('routed search', () => {
  it('goes to panhe, the first in rotation, when it answers; each offer carries its provider', async () => {
    const r = route();
    const a = await searchTrains(r.from, r.to, r.date);
    expect(a).toMatchObject({ provider: 'panhe', label: '盘河', failedOver: [] });
    expect(a.offers.length).toBeGreaterThan(0);
    expect(new Set(a.offers.map((o) => o.provider))).toEqual(new Set(['panhe']));
  });

  it('panhe failing every call: juhe answers within the retries, the answer says so, and the cache keeps it', async () => {
    await panheFaults({ errorRate: 1, errorStatus: 503 });
    const r = route();
    const { value: a, ms } = await timed(searchTrains(r.from, r.to, r.date));
    expect(a).toMatchObject({
      provider: 'juhe',
      label: '聚合数据',
      failedOver: [{ provider: 'panhe', label: '盘河', reason: 'http' }],
    });
    expect(a.offers.some((o) => o.trainCode === 'G1')).toBe(true);
    expect(new Set(a.offers.map((o) => o.provider))).toEqual(new Set(['juhe']));
    // Three attempts at panhe (100 + 200 ms backoff), then juhe (the time is a figure, not a test).
    console.log(`failover on 503: answered by juhe in ${ms} ms`);
    // The shared cache (search_cache) keeps the provider and the failover with the answer.
    const [row] = (await db().execute(
      sql`select value from search_cache where key = ${`search:${r.from}|${r.to}|${r.date}`}`,
    )) as unknown as { value: { provider: string; failedOver: unknown[]; offers: { provider: string }[] } }[];
    expect(row?.value.provider).toBe('juhe');
    expect(row?.value.failedOver).toEqual([{ provider: 'panhe', label: '盘河', reason: 'http' }]);
    expect(row?.value.offers[0]?.provider).toBe('juhe');
    const again = await searchTrains(r.from, r.to, r.date);
    expect(again.provider).toBe('juhe');
    expect(again.failedOver).toEqual(a.failedOver);
    expect(again.offers[0]!.departAt).toBeInstanceOf(Date);
  });

  it("after PROVIDER_CIRCUIT_FAILURES failed calls panhe's circuit opens: searches skip it without a call", async () => {
    await panheFaults({ errorRate: 1, errorStatus: 503 });
    for (let i = 0; i < FAILURES; i++) {
      const r = route();
      await searchTrains(r.from, r.to, r.date);
    }
    const r = route();
    const { value: a, ms } = await timed(searchTrains(r.from, r.to, r.date));
    expect(a.failedOver).toEqual([{ provider: 'panhe', label: '盘河', reason: 'circuit_open' }]);
    expect(a.provider).toBe('juhe');
    console.log(`failover with panhe's circuit open: answered by juhe in ${ms} ms`);
    await flushProviderStats();
    const [circuit] = await db()
      .select({ state: providerCircuits.state, process: providerCircuits.process })
      .from(providerCircuits)
      .where(and(eq(providerCircuits.provider, 'panhe'), eq(providerCircuits.process, `web-${process.pid}`)));
    expect(circuit?.state).toBe('open');
    const outcomes = await db()
      .select({ outcome: providerCalls.outcome, n: sql<number>`count(*)::int` })
      .from(providerCalls)
      .where(and(eq(providerCalls.provider, 'panhe'), eq(providerCalls.method, 'search')))
      .groupBy(providerCalls.outcome);
    expect(outcomes.find((o) => o.outcome === 'http')?.n).toBeGreaterThanOrEqual(FAILURES);

    // The break over and panhe healthy again: the next search is its trial, and it answers.
    await control(sandbox, 'DELETE', 'faults');
    await sleep(HALF_OPEN_MS + 50);
    const back = route();
    expect((await searchTrains(back.from, back.to, back.date)).provider).toBe('panhe');
  });

  it("panhe hanging: juhe is asked once one attempt of panhe's has timed out (not after its retries)", async () => {
    await panheFaults({ timeoutRate: 1, timeoutMs: 5000 });
    const r = route();
    const { value: a, ms } = await timed(searchTrains(r.from, r.to, r.date));
    expect(a).toMatchObject({ provider: 'juhe', failedOver: [{ provider: 'panhe', reason: 'timeout' }] });
    // Panhe's guarded call (three attempts) is still going when juhe has answered: its sample is not
    // written yet. Written once it ends, as a timeout.
    await flushProviderStats();
    const searchesOf = async () =>
      db()
        .select({ outcome: providerCalls.outcome })
        .from(providerCalls)
        .where(
          and(
            eq(providerCalls.provider, 'panhe'),
            eq(providerCalls.method, 'search'),
            eq(providerCalls.outcome, 'timeout'),
          ),
        );
    const before = (await searchesOf()).length;
    console.log(`failover on timeouts (${TIMEOUT_MS} ms per attempt): answered by juhe in ${ms} ms`);
    await expect
      .poll(async () => (await flushProviderStats(), (await searchesOf()).length), { timeout: 10 * TIMEOUT_MS })
      .toBe(before + 1);
    await healPanhe();
  });

  it('a provider out of rotation is skipped (not failed over from); it is back when put back', async () => {
    await setRotation('panhe', false, '测试：维护', adminId);
    const r = route();
    const a = await searchTrains(r.from, r.to, r.date);
    expect(a).toMatchObject({ provider: 'juhe', failedOver: [] });
    await setRotation('panhe', true, null, adminId);
    const b = route();
    expect((await searchTrains(b.from, b.to, b.date)).provider).toBe('panhe');
  });

  it('a business refusal (unknown station) is the answer: not failed over', async () => {
    const r = { from: '不存在的站', to: TO, date: daysAhead(3) };
    await searchCache.invalidate(`${r.from}|${r.to}|${r.date}`);
    await flushProviderStats();
    const before = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(providerCalls)
      .where(eq(providerCalls.provider, 'juhe'));
    const e = await searchTrains(r.from, r.to, r.date).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SearchError);
    expect((e as Error).message).not.toBe('余票查询暂时不可用，请稍后再试。');
    await flushProviderStats();
    const after = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(providerCalls)
      .where(eq(providerCalls.provider, 'juhe'));
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('经停站 go to the first provider in rotation that has them (juhe has none)', async () => {
    const r = route();
    const a = await searchTrains(r.from, r.to, r.date);
    const g1 = a.offers.find((o) => o.trainCode === 'G1')!;
    const q = { trainCode: g1.trainCode, trainNo: g1.trainNo, date: r.date, from: g1.fromStation, to: g1.toStation };
    expect((await trainStops(q)).length).toBeGreaterThan(2);
    await setRotation('panhe', false, '测试', adminId);
    await expect(trainStops(q)).rejects.toMatchObject({ code: 'upstream', status: 502 });
    await setRotation('panhe', true, null, adminId);
  });

  it('nobody answering is a SearchError saying the search is unavailable', async () => {
    await control(sandbox, 'POST', 'faults', { errorRate: 1, errorStatus: 503 });
    const r = route();
    const e = await searchTrains(r.from, r.to, r.date).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SearchError);
    expect((e as Error).message).toBe('余票查询暂时不可用，请稍后再试。');
    await healPanhe();
  });
});
