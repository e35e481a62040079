import { describe, expect, it } from 'vitest';
import { SingleFlightCache } from './cache';

describe('SingleFlightCache', () => {
  it('shares one load between concurrent callers', async () => {
    const cache = new SingleFlightCache<number>(1000);
    let calls = 0;
    let release!: (v: number) => void;
    const gate = new Promise<number>((r) => (release = r));
    const all = Promise.all(Array.from({ length: 50 }, () => cache.get('k', () => (calls++, gate))));
    release(42);
    expect(await all).toEqual(Array(50).fill(42));
    expect(calls).toBe(1);
  });

  it('serves from memory until the TTL passes, then reloads', async () => {
    let t = 0;
    const cache = new SingleFlightCache<number>(100, 10, () => t);
    let calls = 0;
    const load = () => Promise.resolve(++calls);
    expect(await cache.get('k', load)).toBe(1);
    t = 99;
    expect(await cache.get('k', load)).toBe(1);
    t = 100;
    expect(await cache.get('k', load)).toBe(2);
  });

  it('does not cache failures and bounds its size', async () => {
    const cache = new SingleFlightCache<number>(1000, 2);
    await expect(cache.get('bad', () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await cache.get('bad', () => Promise.resolve(1))).toBe(1);
    await cache.get('a', () => Promise.resolve(2));
    await cache.get('b', () => Promise.resolve(3));
    let reloaded = false;
    await cache.get('bad', () => ((reloaded = true), Promise.resolve(4)));
    expect(reloaded).toBe(true);
  });
});
