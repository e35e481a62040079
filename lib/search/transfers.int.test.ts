/**
 * Transfer search end to end: the real sandbox over HTTP (panhe, which has 经停站), the real Postgres
 * (search cache, timetable index). The index is built the worker's way — a bounded hub crawl through
 * the cached search, then the due 经停站 — from real answers; then 北京南 → 汉中, a pair without any
 * direct train in the sandbox's timetable, gets journeys with one change that keep the connection
 * rules, and a transfer search stays within its bound of provider calls (and makes none when repeated
 * within the cache window).
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { providerSettings, timetableStops, timetableTrains } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { checkConnection } from '@/lib/domain/transfers';
import { resetProviders } from '@/lib/provider/registry';
import { invalidateRotation } from '@/lib/provider/rotation';
import { cityOfStation } from '@/lib/stations';
import { crawlHubs, fetchDueStops } from '@/lib/transfers/crawl';
import { indexCounts, recordSeenTrains, timetableIndex } from '@/lib/transfers/index-store';
import { APP_KEY, control, daysAhead, startTestSandbox } from '@/sandbox/testing.int';
import type { RunningSandbox } from '@/sandbox/server';
import { providerStops } from './provider';
import { searchCache, searchTrains } from './search';
import { MAX_LEG_SEARCHES, searchTransfers } from './transfers';
import { TRANSFER_SEARCHES_PER_MINUTE, transferQuery, transfersFor } from './transfers-api';

let sandbox: RunningSandbox;
const DATE = daysAhead(3);
const HUBS = ['北京', '徐州', '济南', '郑州', '西安'];

async function providerRequests(): Promise<number> {
  const res = await fetch(`${sandbox.url}/sandbox/stats`, { headers: { 'x-app-key': APP_KEY } });
  const counts = (await res.json()) as Record<string, number>;
  return Object.entries(counts)
    .filter(([path]) => path.startsWith('/train/'))
    .reduce((n, [, c]) => n + c, 0);
}
const resetRequests = () =>
  fetch(`${sandbox.url}/sandbox/stats`, { method: 'DELETE', headers: { 'x-app-key': APP_KEY } });

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
  await control(sandbox, 'DELETE', 'faults');
  Object.assign(process.env, { PROVIDERS: 'panhe', PROVIDER_BASE_URL: sandbox.url, PROVIDER_TIMEOUT_MS: '10000' });
  resetProviders();
  await db().delete(providerSettings);
  invalidateRotation();
  await db().delete(timetableTrains);
  // Nothing another file cached for these searches may stand in for the provider's answer.
  await db().execute(sql`delete from search_cache where key like 'search:%'`);
}, 120_000);

afterAll(async () => {
  resetProviders();
  await sandbox?.stop();
});

describe('the timetable index', () => {
  it('is built from the hub crawl’s search answers and each train’s real 经停站', async () => {
    const crawl = await crawlHubs({ hubs: HUBS, date: DATE, gapMs: 0 });
    expect(crawl).toEqual({ searches: HUBS.length * (HUBS.length - 1), failed: 0 });
    const seen = await indexCounts();
    expect(seen.trains).toBeGreaterThan(100);
    expect(seen.indexed).toBe(0);

    const stops = await fetchDueStops({ gapMs: 0, limit: 5000 });
    expect(stops).toEqual({ fetched: seen.trains, failed: 0 });
    const after = await indexCounts();
    expect(after.indexed).toBe(after.trains);
    // Nothing is due any more: a second run asks the provider nothing.
    await resetRequests();
    expect(await fetchDueStops({ gapMs: 0 })).toEqual({ fetched: 0, failed: 0 });
    expect(await providerRequests()).toBe(0);

    // A train whose stops are older than the refresh period is due again (and only it); re-reading
    // replaces its rows rather than adding to them.
    const [any] = await db().select().from(timetableTrains).limit(1);
    const rowsBefore = (await indexCounts()).stops;
    await db()
      .update(timetableTrains)
      .set({ stopsAt: new Date(Date.now() - 8 * 86_400_000), stopsTriedAt: new Date(Date.now() - 8 * 86_400_000) })
      .where(eq(timetableTrains.trainNo, any!.trainNo));
    expect(await fetchDueStops({ gapMs: 0 })).toEqual({ fetched: 1, failed: 0 });
    expect((await indexCounts()).stops).toBe(rowsBefore);
    // A train the provider refuses is marked with its error and not asked again within the hour.
    await recordSeenTrains([
      {
        provider: 'panhe',
        trainCode: 'G9999',
        trainNo: '99000G999900',
        fromStation: '北京南',
        toStation: '上海',
        departAt: new Date(),
      },
    ]);
    expect(await fetchDueStops({ gapMs: 0 })).toEqual({ fetched: 0, failed: 1 });
    const [refused] = await db().select().from(timetableTrains).where(eq(timetableTrains.trainNo, '99000G999900'));
    expect(refused!.stopsError).toBeTruthy();
    expect(refused!.stopsAt).toBeNull();
    expect(await fetchDueStops({ gapMs: 0 })).toEqual({ fetched: 0, failed: 0 });
    await db().delete(timetableTrains).where(eq(timetableTrains.trainNo, '99000G999900'));

    // One train's rows are its stops answer, unrolled over midnight, each with its city.
    const [t] = await db()
      .select()
      .from(timetableTrains)
      .where(sql`${timetableTrains.trainNo} in (select train_no from timetable_stops where station = '北京南')`)
      .orderBy(timetableTrains.trainCode)
      .limit(1);
    expect(t).toBeDefined();
    const answer = await providerStops({
      trainCode: t!.trainCode,
      trainNo: t!.trainNo,
      date: t!.seenDate,
      from: t!.seenFrom,
      to: t!.seenTo,
    });
    const rows = await db()
      .select()
      .from(timetableStops)
      .where(eq(timetableStops.trainNo, t!.trainNo))
      .orderBy(timetableStops.seq);
    expect(rows.map((r) => r.station)).toEqual(answer.map((s) => s.station));
    expect(rows.map((r) => r.city)).toEqual(rows.map((r) => cityOfStation(r.station) ?? r.station));
    expect(rows.some((r) => r.station === '北京南' && r.city === '北京')).toBe(true);
    const minutes = rows.flatMap((r) => [r.arriveMinute, r.departMinute]).filter((m): m is number => m !== null);
    expect(minutes).toEqual([...minutes].sort((a, b) => a - b));
    const first = answer[0]!.depart!.split(':').map(Number) as [number, number];
    expect(rows[0]!.departMinute).toBe(first[0] * 60 + first[1]);
  }, 300_000);
});

describe('searchTransfers', () => {
  it('北京南 → 汉中 (no direct train) gets journeys with one change that keep the connection rules', async () => {
    const direct = await searchTrains('北京南', '汉中', DATE);
    expect(direct.offers).toEqual([]);
    await timetableIndex({ fresh: true });
    await resetRequests();

    const answer = await searchTransfers('北京南', '汉中', DATE);
    expect(answer.fastestDirectMinutes).toBeNull();
    expect(answer.journeys.length).toBeGreaterThan(0);
    expect(answer.hubs.length).toBeGreaterThan(0);
    for (const j of answer.journeys) {
      const [a, b] = j.legs;
      expect(a.fromStation).toBe('北京南');
      expect(cityOfStation(b.toStation)).toBe('汉中');
      expect(j.legs.map((l) => l.trainNo)).not.toContain(undefined);
      const verdict = checkConnection(
        { ...a, departAt: new Date(a.departAt), arriveAt: new Date(a.arriveAt) },
        { ...b, departAt: new Date(b.departAt), arriveAt: new Date(b.arriveAt) },
        { arrive: cityOfStation(a.toStation), depart: cityOfStation(b.fromStation) },
      );
      expect(verdict).toMatchObject({ ok: true, kind: j.connection.kind, waitMinutes: j.connection.waitMinutes });
      expect(j.totalMinutes).toBe((Date.parse(b.arriveAt) - Date.parse(a.departAt)) / 60_000);
      expect(j.priceFen).toBe(j.available ? a.lowestFen! + b.lowestFen! : null);
      const href = new URL(j.bookHref, 'http://x');
      expect(href.pathname).toBe('/trips/new');
      expect(href.searchParams.get('kind')).toBe('transfer');
      expect(href.searchParams.get('leg1')).toBe(`panhe:${a.trainCode}:北京南:${a.toStation}:${a.date}`);
      expect(href.searchParams.get('leg2')).toBe(`panhe:${b.trainCode}:${b.fromStation}:${b.toStation}:${b.date}`);
    }
    // Ranked: journeys with seats first, then by arrival; each train in one journey only.
    const avail = answer.journeys.filter((j) => j.available);
    expect(answer.journeys.slice(0, avail.length)).toEqual(avail);
    const arrivals = avail.map((j) => Date.parse(j.arriveAt));
    expect(arrivals).toEqual([...arrivals].sort((x, y) => x - y));
    const firsts = answer.journeys.map((j) => j.legs[0].trainNo);
    expect(new Set(firsts).size).toBe(firsts.length);

    const top = answer.journeys[0]!;
    console.log(
      `北京南 → 汉中: ${answer.journeys.length} journeys via ${answer.hubs.join('、')}; ${answer.searches} searches, ` +
        `${await providerRequests()} provider calls; best ${top.legs[0].trainCode} ${top.legs[0].fromTime}→` +
        `${top.connection.station}/${top.connection.toStation} (${top.connection.kind}, ${top.connection.waitMinutes} min) ` +
        `${top.legs[1].trainCode} →${top.legs[1].toStation} ${top.legs[1].toTime}, ${top.totalMinutes} min, ${top.priceFen} fen`,
    );
    // Provider calls: at most one per distinct search, within the bound (the direct search was cached).
    expect(answer.searches).toBeLessThanOrEqual(MAX_LEG_SEARCHES);
    const calls = await providerRequests();
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThanOrEqual(answer.searches - 1);
    // Again within the cache window: every leg comes from the cache.
    await resetRequests();
    const again = await searchTransfers('北京南', '汉中', DATE);
    expect(again.journeys.map((j) => j.bookHref)).toEqual(answer.journeys.map((j) => j.bookHref));
    expect(await providerRequests()).toBe(0);
  }, 120_000);

  it('a pair with a direct train caps transfers at twice its fastest run', async () => {
    await searchCache.invalidate(`北京南|西安|${DATE}`);
    const answer = await searchTransfers('北京南', '西安', DATE);
    // Without a direct train the cap is twice the fastest transfer.
    const reference = answer.fastestDirectMinutes ?? Math.min(...answer.journeys.map((j) => j.totalMinutes));
    for (const j of answer.journeys) expect(j.totalMinutes).toBeLessThanOrEqual(2 * reference);
    const viaBeijing = await searchTransfers('北京', '济南', DATE);
    expect(viaBeijing.fastestDirectMinutes).not.toBeNull();
    for (const j of viaBeijing.journeys)
      expect(j.totalMinutes).toBeLessThanOrEqual(2 * viaBeijing.fastestDirectMinutes!);
  }, 120_000);
});

describe('GET /api/trains/transfers (its handler)', () => {
  const address = `198.18.30.${Math.floor(Math.random() * 250) + 1}`;
  const status = (e: unknown) => (e instanceof AppError ? { status: e.status, message: e.message } : e);

  it('answers the journeys; bad input is a 4xx with a message; the 21st search in a minute is refused', async () => {
    const body = await transfersFor({ from: '北京南', to: '汉中', date: DATE }, address);
    expect(body.journeys.length).toBeGreaterThan(0);
    expect(body.searches).toBeLessThanOrEqual(MAX_LEG_SEARCHES);

    const bad = transferQuery.safeParse({ from: '北京南', to: '汉中', date: '2026-02-30' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('日期无效。');
    expect(transferQuery.safeParse({ from: '', to: '汉中', date: DATE }).error?.issues[0]?.message).toBe(
      '请填写出发地。',
    );
    expect(
      status(await transfersFor({ from: '北京南', to: '北京南', date: DATE }, address).catch((e: unknown) => e)),
    ).toEqual({
      status: 422,
      message: '出发地和到达地不能相同。',
    });

    // Two taken above: 18 more pass, the next is refused.
    for (let i = 0; i < TRANSFER_SEARCHES_PER_MINUTE - 2; i++)
      await transfersFor({ from: '北京南', to: '汉中', date: DATE }, address);
    const refused = status(
      await transfersFor({ from: '北京南', to: '汉中', date: DATE }, address).catch((e: unknown) => e),
    );
    expect(refused).toMatchObject({ status: 429 });
    expect((refused as { message: string }).message).toMatch(/^中转查询过于频繁，请 \d+ 秒后再试。$/);
    // Another address is not affected.
    expect(
      (await transfersFor({ from: '北京南', to: '汉中', date: DATE }, `${address}0`)).journeys.length,
    ).toBeGreaterThan(0);
  }, 120_000);
});
