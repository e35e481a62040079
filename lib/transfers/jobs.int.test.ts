/**
 * The worker's timetable index job on a real pg-boss and the real sandbox: at start on an empty index
 * it crawls the hubs and fetches up to TIMETABLE_STOPS_PER_RUN 经停站; a later run does not crawl
 * again and asks the provider only for the due stops, within the per-run bound.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { providerSettings, timetableTrains } from '@/db/schema';
import { boss, stopJobs } from '@/lib/jobs';
import { resetProviders } from '@/lib/provider/registry';
import { invalidateRotation } from '@/lib/provider/rotation';
import { APP_KEY, control, startTestSandbox, until } from '@/sandbox/testing.int';
import type { RunningSandbox } from '@/sandbox/server';
import { CRAWL_BELOW_TRAINS, HUB_CITIES } from './crawl';
import { indexCounts } from './index-store';
import { registerTimetableJobs, TIMETABLE_QUEUE } from './jobs';

let sandbox: RunningSandbox;
const PER_RUN = 40;

async function requests(): Promise<Record<string, number>> {
  const res = await fetch(`${sandbox.url}/sandbox/stats`, { headers: { 'x-app-key': APP_KEY } });
  return (await res.json()) as Record<string, number>;
}
const resetRequests = () =>
  fetch(`${sandbox.url}/sandbox/stats`, { method: 'DELETE', headers: { 'x-app-key': APP_KEY } });

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
  await control(sandbox, 'DELETE', 'faults');
  Object.assign(process.env, {
    PROVIDERS: 'panhe',
    PROVIDER_BASE_URL: sandbox.url,
    TIMETABLE_CALL_GAP_MS: '0',
    TIMETABLE_STOPS_PER_RUN: String(PER_RUN),
  });
  resetProviders();
  await db().delete(providerSettings);
  invalidateRotation();
  await db().delete(timetableTrains);
  await db().execute(sql`delete from search_cache where key like 'search:%'`);
  await resetRequests();
}, 120_000);

afterAll(async () => {
  await stopJobs();
  delete process.env.TIMETABLE_CALL_GAP_MS;
  delete process.env.TIMETABLE_STOPS_PER_RUN;
  resetProviders();
  await sandbox?.stop();
});

describe('the timetable index job', () => {
  it('crawls the hubs at start on an empty index, then only fetches due stops, each run within its bound', async () => {
    const b = await boss({ worker: true });
    await registerTimetableJobs(b, 0.5);
    const queue = await b.getQueue(TIMETABLE_QUEUE);
    expect(queue?.policy).toBe('stately');
    expect((await b.getSchedules(TIMETABLE_QUEUE)).map((s) => s.key).sort()).toEqual(['crawl', 'stops']);
    // Only the runs this test sends from here on (a */10 tick during the test would add one).
    await b.unschedule(TIMETABLE_QUEUE, 'stops');
    await b.unschedule(TIMETABLE_QUEUE, 'crawl');

    await until(async () => (await indexCounts()).indexed >= PER_RUN, 120_000, 'the start run');
    const started = await indexCounts();
    expect(started.trains).toBeGreaterThanOrEqual(CRAWL_BELOW_TRAINS);
    expect(started.indexed).toBe(PER_RUN);
    const first = await requests();
    expect(first['/train/search']).toBe(HUB_CITIES.length * (HUB_CITIES.length - 1));
    expect(first['/train/stops']).toBe(PER_RUN);

    await resetRequests();
    await b.send(TIMETABLE_QUEUE, {});
    await until(async () => (await indexCounts()).indexed >= 2 * PER_RUN, 60_000, 'the second run');
    const second = await requests();
    expect(second['/train/search'] ?? 0).toBe(0);
    expect(second['/train/stops']).toBe(PER_RUN);
    expect((await indexCounts()).trains).toBe(started.trains);
  }, 240_000);
});
