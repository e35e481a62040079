/**
 * The shared search cache across processes: two caches with their own connection pools stand for two
 * portal instances on one database.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedCache } from './shared-cache';

let a: postgres.Sql;
let b: postgres.Sql;
const identity = (v: unknown) => v as { n: number };

beforeAll(() => {
  a = postgres(process.env.DATABASE_URL!, { max: 5, onnotice: () => {} });
  b = postgres(process.env.DATABASE_URL!, { max: 5, onnotice: () => {} });
});
afterAll(async () => {
  await a.end();
  await b.end();
});

/** A load that finishes only when released, so every caller is surely waiting on it. */
function gatedLoad() {
  let calls = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  return {
    load: async () => {
      calls++;
      await gate;
      return { n: calls };
    },
    calls: () => calls,
    release: () => release(),
  };
}

describe('SharedCache', () => {
  it('1,000 concurrent identical gets over two instances make one load, and the next window one more', async () => {
    const ns = `t${Date.now()}`;
    const one = new SharedCache(ns, 60_000, identity, () => a);
    const two = new SharedCache(ns, 60_000, identity, () => b);
    const g = gatedLoad();
    const all = Array.from({ length: 1000 }, (_, i) => (i % 2 ? one : two).get('k', g.load));
    // Both instances are past their own single-flight: one holds the advisory lock, the other waits.
    await expect.poll(() => g.calls()).toBe(1);
    g.release();
    const values = await Promise.all(all);
    expect(g.calls()).toBe(1);
    expect(new Set(values.map((v) => v.n))).toEqual(new Set([1]));
    expect(one.loads + two.loads).toBe(1);

    // A hit afterwards reads the row; an invalidation (a booking's fresh lookup) forces a load.
    expect(await two.get('k', g.load)).toEqual({ n: 1 });
    await one.invalidate('k');
    expect(await two.get('k', g.load)).toEqual({ n: 2 });
    expect(g.calls()).toBe(2);
  });

  it('expires with the window (database clock) and stores nothing for a failed load', async () => {
    const ns = `e${Date.now()}`;
    const cache = new SharedCache(ns, 1, identity, () => a);
    let n = 0;
    await cache.get('k', () => Promise.resolve({ n: ++n }));
    await expect
      .poll(
        async () =>
          (
            await a<{ gone: boolean }[]>`select expires_at < now() as gone from search_cache where key = ${`${ns}:k`}`
          )[0]?.gone,
      )
      .toBe(true);
    expect(await cache.get('k', () => Promise.resolve({ n: ++n }))).toEqual({ n: 2 });

    const failing = new SharedCache(`f${Date.now()}`, 60_000, identity, () => a);
    await expect(failing.get('k', () => Promise.reject(new Error('provider down')))).rejects.toThrow('provider down');
    expect(await failing.get('k', () => Promise.resolve({ n: 7 }))).toEqual({ n: 7 });
  });
  it('misses of many keys at once whose loads query the same pool all finish (no pool deadlock)', async () => {
    // A pool of 2 and 8 misses of different keys, each load querying the database through the same
    // pool as a provider call's bookkeeping does: unbounded, two misses held both connections in their
    // lock transactions and their loads waited for a third forever.
    const small = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
    try {
      const ns = `p${Date.now()}`;
      const cache = new SharedCache(ns, 60_000, identity, () => small);
      let loads = 0;
      const load = async () => {
        const [r] = await small<{ n: number }[]>`select ${++loads}::int as n`;
        return { n: r!.n };
      };
      const all = Promise.all(Array.from({ length: 8 }, (_, i) => cache.get(`key${i}`, load)));
      const values = await Promise.race([
        all,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('the misses deadlocked the pool')), 15_000),
        ),
      ]);
      expect(values.map((v) => v.n).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(cache.loads).toBe(8);
    } finally {
      await small.end({ timeout: 1 });
    }
  });
});
