import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../errors';
import { createStationBook, LOCAL_STATION_TABLE_TTL_MS, STATION_TABLE_TTL_MS } from './stations';

const TABLE = [
  { name: '北京南', code: 'VNP' },
  { name: '上海虹桥', code: 'AOH' },
  { name: '苏州北', code: 'OHH' },
];

function book(rows: () => Promise<{ name: string; code: string }[]> = () => Promise.resolve(TABLE)) {
  let t = 1_000_000;
  let loads = 0;
  const b = createStationBook(
    () => {
      loads += 1;
      return rows();
    },
    () => t,
  );
  return {
    b,
    loads: () => loads,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe('station telecodes (§1, §20.4)', () => {
  it('name → code, with or without 站; code → name once read', async () => {
    const { b } = book();
    expect(b.nameOf('VNP')).toBeNull();
    await expect(b.codeOf('苏州北站')).resolves.toBe('OHH');
    await expect(b.codeOf(' 北京南 ')).resolves.toBe('VNP');
    expect(b.nameOf('aoh')).toBe('上海虹桥');
  });

  it('reads the table once, concurrent callers share the read, and again after a day', async () => {
    const { b, loads, advance } = book();
    await Promise.all([b.codeOf('北京南'), b.codeOf('上海虹桥'), b.codeOf('苏州北')]);
    expect(loads()).toBe(1);
    advance(STATION_TABLE_TTL_MS - 1);
    await b.codeOf('北京南');
    expect(loads()).toBe(1);
    advance(1);
    await b.codeOf('北京南');
    expect(loads()).toBe(2);
  });

  it('a failed daily re-read keeps the table it has', async () => {
    let fail = false;
    const { b, advance } = book(() => (fail ? Promise.reject(new Error('down')) : Promise.resolve(TABLE)));
    await b.codeOf('北京南');
    fail = true;
    advance(STATION_TABLE_TTL_MS + 1);
    await expect(b.codeOf('上海虹桥')).resolves.toBe('AOH');
  });

  it('an unknown station → business 未知车站; it triggers at most one early re-read an hour', async () => {
    const { b, loads, advance } = book();
    const e = await b.codeOf('火星').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProviderError);
    expect(e).toMatchObject({ kind: 'business', retryable: false });
    expect((e as Error).message).toMatch(/未知车站/);
    await b.codeOf('火星').catch(() => null);
    expect(loads()).toBe(1);
    advance(60 * 60_000);
    await b.codeOf('火星').catch(() => null);
    expect(loads()).toBe(2);
  });

  it('a first read that fails is the caller’s failure (nothing to fall back on)', async () => {
    const { b } = book(() => Promise.reject(new ProviderError({ kind: 'network', message: 'down' })));
    await expect(b.codeOf('北京南')).rejects.toMatchObject({ kind: 'network' });
  });
});

describe('a locally kept table (the portal: the synced list over the bundled one)', () => {
  it('is read again after its own, shorter TTL and answers the newer codes', async () => {
    let t = 0;
    let table = TABLE;
    const b = createStationBook(
      () => Promise.resolve(table),
      () => t,
      LOCAL_STATION_TABLE_TTL_MS,
    );
    await expect(b.codeOf('北京南')).resolves.toBe('VNP');
    table = [{ name: '北京南', code: 'VNQ' }];
    t += LOCAL_STATION_TABLE_TTL_MS - 1;
    await expect(b.codeOf('北京南')).resolves.toBe('VNP');
    t += 1;
    await expect(b.codeOf('北京南')).resolves.toBe('VNQ');
    expect(LOCAL_STATION_TABLE_TTL_MS).toBeLessThan(STATION_TABLE_TTL_MS);
  });
});
