/**
 * The 15-day calendar against the real sandbox over HTTP and the real shared search cache (Postgres):
 * opening it costs at most one provider search per day per cache window (counted by the sandbox's own
 * request counter, /sandbox/stats), however often and however concurrently it is opened, through the
 * module and through the route handler; a window later, one more per day. The days read the real
 * answers: seats and fares, a sold-out train, the last day before 北京南's 起售 time (station.csv 12:45).
 */
import { sql } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { GET } from '@/app/api/search/calendar/route';
import { PRESALE_DAYS } from '@/lib/domain/rules';
import { SEAT_TYPE } from '@/lib/domain/seats';
import { env } from '@/lib/env';
import { resetProviders } from '@/lib/provider/registry';
import { shanghaiInstant } from '@/lib/time';
import { control, daysAhead, startTestSandbox, until } from '@/sandbox/testing.int';
import type { RunningSandbox } from '@/sandbox/server';
import { calendarDay, calendarDays } from '@/lib/search/calendar';
import { calendarDates, type CalendarDay } from '@/lib/search/calendar-day';
import { searchCache } from '@/lib/search/search';

vi.hoisted(() => {
  // A short cache window, so the test can wait one out (the default is 20 s).
  process.env.SEARCH_CACHE_TTL_MS = '6000';
  process.env.CALENDAR_IP_LIMIT = '40';
});

// Routes no other test file searches (they share the database, hence the search cache).
const WIDE = { from: '北京南', to: '宁波' } as const;
/** One train a day, G2553 07:21. */
const ONE = { from: '北京南', to: '景德镇北' } as const;

let sandbox: RunningSandbox;

/** Provider 余票 searches the sandbox has answered since its counter was last cleared. */
async function providerSearches(): Promise<number> {
  return (await control<Record<string, number>>(sandbox, 'GET', 'stats'))['/train/search'] ?? 0;
}
const clearCounter = () => control(sandbox, 'DELETE', 'stats');

async function forget(route: { from: string; to: string }) {
  for (const date of calendarDates()) await searchCache.invalidate(`${route.from}|${route.to}|${date}`);
}

/** The route handler, as the portal's server passes a request on (its stamped address). */
async function get(query: Record<string, string>, address: string) {
  const req = new NextRequest(`http://localhost:3000/api/search/calendar?${new URLSearchParams(query).toString()}`, {
    headers: { 'x-portal-client-address': address },
  });
  const res = await GET(req);
  return { status: res.status, body: (await res.json()) as { days?: CalendarDay[]; error?: { message: string } } };
}
const block = Math.floor(Math.random() * 250);
let lastAddress = 0;
const address = () => `198.19.${block}.${++lastAddress}`;

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
  await control(sandbox, 'POST', 'clock', { reset: true });
  await control(sandbox, 'DELETE', 'faults');
  Object.assign(process.env, { PROVIDERS: 'panhe', PROVIDER_BASE_URL: sandbox.url, PROVIDER_TIMEOUT_MS: '5000' });
  resetProviders();
}, 120_000);

afterAll(async () => {
  await control(sandbox, 'POST', 'clock', { reset: true }).catch(() => undefined);
  for (const r of [WIDE, ONE]) await forget(r);
  resetProviders();
  await sandbox?.stop();
});

beforeEach(async () => {
  for (const r of [WIDE, ONE]) await forget(r);
  await clearCounter();
});

describe('provider calls', () => {
  it('opening the calendar: one provider search per day; opened again in the window, none', async () => {
    const days = await calendarDays(WIDE);
    expect(days.map((d) => d.date)).toEqual(calendarDates());
    expect(days).toHaveLength(PRESALE_DAYS);
    expect(await providerSearches()).toBe(PRESALE_DAYS);
    // The days between today and the window's last day all sell, with real fares.
    for (const d of days.slice(1, -1)) {
      expect(d.status).toBe('seats');
      expect(d.lowestFen).toBeGreaterThan(10_000);
    }
    // Again, and three times at once: the cache answers every day.
    await calendarDays(WIDE);
    await Promise.all([calendarDays(WIDE), calendarDays(WIDE), calendarDays(WIDE, { concurrency: 15 })]);
    expect(await providerSearches()).toBe(PRESALE_DAYS);
  });

  it('concurrent cold openings (module and route, day by day) share one provider search per day', async () => {
    const dates = calendarDates();
    const viaRoute = dates.map((date) => get({ ...WIDE, date }, address()));
    const viaModule = [calendarDays(WIDE, { concurrency: 15 }), calendarDays(WIDE, { concurrency: 15 })];
    const [routeAnswers] = await Promise.all([Promise.all(viaRoute), Promise.all(viaModule)]);
    expect(routeAnswers.map((a) => a.status)).toEqual(dates.map(() => 200));
    expect(routeAnswers.map((a) => a.body.days?.[0]?.date)).toEqual(dates);
    expect(await providerSearches()).toBe(PRESALE_DAYS);
  });

  it('a cache window later, opening it again costs one more search per day, not more', async () => {
    await calendarDays(WIDE);
    expect(await providerSearches()).toBe(PRESALE_DAYS);
    // Wait for the window to pass for every day (the cache rows' own expiry, on the database clock).
    await until(
      async () => {
        const [row] = (await db().execute(
          sql`select count(*)::int as live from search_cache where key like ${`search:${WIDE.from}|${WIDE.to}|%`} and expires_at > now()`,
        )) as unknown as { live: number }[];
        return row!.live === 0;
      },
      20_000,
      'the cache window to pass',
    );
    await Promise.all([calendarDays(WIDE), calendarDays(WIDE)]);
    expect(await providerSearches()).toBe(2 * PRESALE_DAYS);
  });
});

describe('the days', () => {
  it('a sold-out class is 无票 on its day, with its fare; the other classes still sell', async () => {
    const date = daysAhead(5);
    const open = await calendarDay({ ...ONE, seatType: SEAT_TYPE.SECOND }, date);
    expect(open).toMatchObject({ status: 'seats' });
    const fare = open.lowestFen!;
    await control(sandbox, 'POST', 'soldout', { trainCode: 'G2553', date, seatType: SEAT_TYPE.SECOND, leave: 0 });
    try {
      await searchCache.invalidate(`${ONE.from}|${ONE.to}|${date}`);
      expect(await calendarDay({ ...ONE, seatType: SEAT_TYPE.SECOND }, date)).toMatchObject({
        status: 'soldout',
        lowestFen: fare,
      });
      // Any bookable class: 一等座 is left, dearer than the 二等座 fare.
      const any = await calendarDay(ONE, date);
      expect(any.status).toBe('seats');
      expect(any.lowestFen).toBeGreaterThan(fare);
      // A class the train does not have.
      expect((await calendarDay({ ...ONE, seatType: SEAT_TYPE.HARD_SLEEPER }, date)).status).toBe('none');
    } finally {
      await control(sandbox, 'POST', 'release', { trainCode: 'G2553', date, seatType: SEAT_TYPE.SECOND, count: 1000 });
    }
  });

  it("the window's last day before 北京南's 起售 time: presale, opening today at 12:45", async () => {
    const today = daysAhead(0);
    await control(sandbox, 'POST', 'clock', { setTo: shanghaiInstant(today, '08:00').toISOString() });
    try {
      const last = daysAhead(PRESALE_DAYS - 1);
      const day = await calendarDay(WIDE, last);
      expect(day).toMatchObject({ status: 'presale', saleStarts: [{ station: '北京南', time: '12:45' }] });
      expect(day.saleOpensAt).toBe(shanghaiInstant(today, '12:45').toISOString());
      expect(day.lowestFen).toBeGreaterThan(10_000);
    } finally {
      await control(sandbox, 'POST', 'clock', { reset: true });
    }
  });

  it("a provider refusal is that day's error, not the calendar's", async () => {
    const day = await calendarDay({ from: '不存在的站', to: '上海' }, daysAhead(2));
    expect(day.status).toBe('error');
    expect(day.message).toMatch(/车站/);
  });
});

describe('the route', () => {
  it('answers the whole window without a date', async () => {
    const { status, body } = await get({ ...ONE }, address());
    expect(status).toBe(200);
    expect(body.days?.map((d) => d.date)).toEqual(calendarDates());
  });

  it('refuses bad input with a 422 and a Chinese message, before any provider call', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ to: '上海' }, '请填写出发站。'],
      [{ from: '上海', to: '上海' }, '出发站和到达站不能相同。'],
      [{ ...ONE, date: '2026-13-01' }, '日期无效，应为 yyyy-MM-dd 格式的日期。'],
      [{ ...ONE, date: daysAhead(PRESALE_DAYS) }, `${daysAhead(PRESALE_DAYS)} 不在预售期内`],
      [{ ...ONE, seat: '98' }, '席别无效。'],
    ];
    for (const [query, message] of cases) {
      const { status, body } = await get(query, address());
      expect(status).toBe(422);
      expect(body.error?.message).toContain(message);
    }
    expect(await providerSearches()).toBe(0);
  });

  it('limits an address to CALENDAR_IP_LIMIT requests a minute (429), others unaffected', async () => {
    const limit = env().CALENDAR_IP_LIMIT;
    const busy = address();
    const date = daysAhead(3);
    const statuses: number[] = [];
    for (let i = 0; i < limit + 5; i++) statuses.push((await get({ ...ONE, date }, busy)).status);
    expect(statuses.slice(0, limit)).toEqual(Array(limit).fill(200));
    expect(statuses.slice(limit)).toEqual(Array(5).fill(429));
    const refused = await get({ ...ONE, date }, busy);
    expect(refused.body.error?.message).toMatch(/^来自您网络地址的日历查询过多，请 \d+ 秒后再试。$/);
    expect((await get({ ...ONE, date }, address())).status).toBe(200);
  });
});
