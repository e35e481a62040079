/**
 * Issue 26 item 11 against the real sandbox over HTTP: the station list sync fills provider_stations
 * from Panhe's 站点 list and Juhe's cityCode all=1, a list that lost a station deletes it (the sandbox
 * withholds it by a control call), a failing provider keeps the old list and records the error, and
 * the autocomplete and Juhe's telecodes prefer the kept list and fall back to the bundled one.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { providerStations, providerStationSyncs } from '@/db/schema';
import { createJuheProvider } from '@/lib/provider/adapters/juhe/adapter';
import { createPanheProvider } from '@/lib/provider/adapters/panhe/adapter';
import { providerFor, resetProviders } from '@/lib/provider/registry';
import type { RunningSandbox } from '@/sandbox/server';
import { APP_KEY, control, daysAhead, SECRET_KEY, startTestSandbox } from '@/sandbox/testing.int';
import { allStations } from './index';
import { forgetProviderStations, localStationCodes, searchStationDirectory } from './provider-list';
import { stationSyncStatus, syncDueStationLists, syncProviderStations } from './sync';

let sandbox: RunningSandbox;
let panhe: ReturnType<typeof createPanheProvider>;
let juhe: ReturnType<typeof createJuheProvider>;

const kept = async (provider: string) =>
  db().select().from(providerStations).where(eq(providerStations.provider, provider));
const syncRows = async (provider: string) =>
  db()
    .select()
    .from(providerStationSyncs)
    .where(eq(providerStationSyncs.provider, provider))
    .orderBy(sql`${providerStationSyncs.at} desc`);
const codeOf = async (provider: string, name: string) =>
  (await localStationCodes(provider)).find((s) => s.name === name)?.code;

async function clearKept() {
  await db().delete(providerStations);
  await db().delete(providerStationSyncs);
  forgetProviderStations();
}

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
  await control(sandbox, 'DELETE', 'faults');
  await control(sandbox, 'DELETE', 'stations');
  panhe = createPanheProvider({ baseUrl: sandbox.url, appKey: APP_KEY, secretKey: SECRET_KEY, timeoutMs: 10_000 });
  juhe = createJuheProvider({
    baseUrl: `${sandbox.url}/trainTickets`,
    key: sandbox.juheKey,
    timeoutMs: 10_000,
    payWindowMinutes: null,
  });
  process.env.PROVIDER_BASE_URL = sandbox.url;
  process.env.JUHE_BASE_URL = `${sandbox.url}/trainTickets`;
  resetProviders();
  await clearKept();
});

afterAll(async () => {
  await control(sandbox, 'DELETE', 'stations').catch(() => undefined);
  await control(sandbox, 'DELETE', 'faults').catch(() => undefined);
  await clearKept();
  await sandbox.stop();
});

describe('provider station lists', () => {
  it('with no kept list, the bundled one answers the autocomplete and the telecodes', async () => {
    expect(await kept('juhe')).toHaveLength(0);
    expect((await searchStationDirectory('bjn')).map((o) => o.value)).toContain('北京南');
    expect(await codeOf('juhe', '北京南')).toBe('VNP');
    expect((await stationSyncStatus()).find((s) => s.provider === 'panhe')).toMatchObject({ kept: 0, last: null });
  });

  it("a sync keeps Panhe's whole 站点 list, with pinyin and initials, and records the counts", async () => {
    const r = await syncProviderStations(panhe);
    expect(r).toMatchObject({ provider: 'panhe', ok: true, removed: 0, error: null });
    expect(r!.stations).toBeGreaterThan(3000);
    expect(r!.added).toBe(r!.stations);
    const rows = await kept('panhe');
    expect(rows).toHaveLength(r!.stations);
    expect(rows.find((s) => s.name === '北京南')).toMatchObject({
      code: 'VNP',
      pinyin: 'beijingnan',
      shortChar: 'bjn',
    });
    const [log] = await syncRows('panhe');
    expect(log).toMatchObject({ ok: true, stations: r!.stations, added: r!.stations, removed: 0, error: null });
  });

  it('a station the provider no longer lists is deleted; one listed again is added', async () => {
    const before = (await kept('panhe')).length;
    await control(sandbox, 'POST', 'stations', { withhold: ['北京北', '雄安'] });
    const r = await syncProviderStations(panhe);
    expect(r).toMatchObject({ ok: true, stations: before - 2, added: 0, removed: 2 });
    const names = new Set((await kept('panhe')).map((s) => s.name));
    expect(names.has('北京北')).toBe(false);
    expect(names.has('雄安')).toBe(false);
    expect(names.has('北京南')).toBe(true);
    expect((await syncRows('panhe'))[0]).toMatchObject({ ok: true, stations: before - 2, added: 0, removed: 2 });

    await control(sandbox, 'DELETE', 'stations');
    expect(await syncProviderStations(panhe)).toMatchObject({ ok: true, stations: before, added: 2, removed: 0 });
  });

  it('a failing provider leaves the kept list as it was and records the error', async () => {
    const before = await kept('panhe');
    await control(sandbox, 'POST', 'faults', { errorRate: 1 });
    try {
      const r = await syncProviderStations(panhe);
      expect(r).toMatchObject({ provider: 'panhe', ok: false, stations: 0 });
      expect(r!.error).toBeTruthy();
    } finally {
      await control(sandbox, 'DELETE', 'faults');
    }
    expect(await kept('panhe')).toHaveLength(before.length);
    const [log] = await syncRows('panhe');
    expect(log!.ok).toBe(false);
    expect(log!.error).toBeTruthy();
    // An empty answer is a failure too: it never wipes the list.
    const empty = await syncProviderStations({ id: 'panhe', stationList: () => Promise.resolve([]) });
    expect(empty).toMatchObject({ ok: false, error: '供应商返回的车站列表为空,保留原列表' });
    expect(await kept('panhe')).toHaveLength(before.length);
    // The admin page shows the failure and when the list last synced.
    const status = (await stationSyncStatus()).find((s) => s.provider === 'panhe')!;
    expect(status.kept).toBe(before.length);
    expect(status.last).toMatchObject({ ok: false, error: '供应商返回的车站列表为空,保留原列表' });
    expect(status.lastOkAt).not.toBeNull();
  });

  it("Juhe's cityCode list is kept and its telecodes are what Juhe requests use, over the bundled ones", async () => {
    const r = await syncProviderStations(juhe);
    expect(r).toMatchObject({ provider: 'juhe', ok: true, removed: 0 });
    expect((await kept('juhe')).find((s) => s.name === '上海虹桥')).toMatchObject({ code: 'AOH', pinyin: null });
    // The kept list wins over the bundled one (a code changed at the provider; QQQ is no station) ...
    await db()
      .update(providerStations)
      .set({ code: 'QQQ' })
      .where(sql`${providerStations.provider} = 'juhe' and ${providerStations.name} = '北京南'`);
    forgetProviderStations();
    expect(await codeOf('juhe', '北京南')).toBe('QQQ');
    expect(await codeOf('panhe', '北京南')).toBe('VNP');
    // The registry's Juhe adapter builds its ticketsAvailable request from it: with QQQ (no station) for 北京南 the
    // sandbox finds no train (or refuses), where the provider's own code finds many.
    const query = { from: '北京南', to: '上海虹桥', date: daysAhead(3) };
    expect((await juhe.search(query)).length).toBeGreaterThan(0);
    const viaKept = await providerFor('juhe')
      .search(query)
      .then(
        (list) => list.length,
        () => 0,
      );
    expect(viaKept).toBe(0);
    // ... and the next sync puts the provider's code back.
    expect(await syncProviderStations(juhe)).toMatchObject({ ok: true, added: 0, removed: 0 });
    expect(await codeOf('juhe', '北京南')).toBe('VNP');
    // A station only in the bundled list is still found (the fallback).
    await db()
      .delete(providerStations)
      .where(sql`provider = 'juhe' and name = '上海'`);
    forgetProviderStations();
    expect(await codeOf('juhe', '上海')).toBe(allStations().find((s) => s.name === '上海')!.telecode);
  });

  it('the autocomplete offers a station only a provider lists', async () => {
    await db()
      .insert(providerStations)
      .values({ provider: 'panhe', name: '测试新站', code: 'ZZX', pinyin: 'ceshixinzhan', shortChar: 'csxz' });
    forgetProviderStations();
    expect((await searchStationDirectory('csxz')).map((o) => o.value)).toContain('测试新站');
  });

  it('the job syncs the configured providers through the registry at start, then not again until due', async () => {
    await clearKept();
    const first = await syncDueStationLists({ start: true });
    expect(first.map((r) => [r.provider, r.ok]).sort()).toEqual([
      ['juhe', true],
      ['panhe', true],
    ]);
    expect((await kept('panhe')).length).toBeGreaterThan(3000);
    expect(await syncDueStationLists({ start: true })).toEqual([]);
    expect(await syncDueStationLists()).toEqual([]);
    // A day later the daily look syncs again.
    const later = await syncDueStationLists({ now: new Date(Date.now() + 25 * 3_600_000) });
    expect(later.map((r) => r.provider).sort()).toEqual(['juhe', 'panhe']);
  });
});
