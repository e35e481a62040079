/**
 * The required race: 200 concurrent 创单 at one nearly sold-out train run. No seat may be sold twice
 * and the successful holds must equal the seats that were free.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ProviderError } from '@/lib/provider';
import { control, createRequest, daysAhead, passenger, startTestSandbox, until } from './testing.int';

let t: Awaited<ReturnType<typeof startTestSandbox>>;
let sql: postgres.Sql;
beforeAll(async () => {
  t = await startTestSandbox({ holdDelayMs: 10, dbPoolMax: 30 });
  await control(t.sandbox, 'POST', 'clock', { reset: true });
  await control(t.sandbox, 'DELETE', 'faults');
  sql = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
});
afterAll(async () => {
  await sql.end();
  await t.sandbox.stop();
});

async function g1(date: string, from = '北京南', to = '上海') {
  const { trainLines } = await t.client.search({ fromStation: from, toStation: to, fromDate: date });
  return trainLines!.find((l) => l.trainCode === 'G1')!;
}

/** Fires all 创单 at once; answers per request the final order status (3 = hold failed) or 'refused'. */
async function race(reqs: ReturnType<typeof createRequest>[]) {
  const created = await Promise.all(
    reqs.map((r) =>
      t.client.createOrder(r).then(
        (x) => x.orderNo,
        (e: unknown) => {
          if (e instanceof ProviderError && e.msgCode === 209) return null; // refused at once: sold out
          throw e;
        },
      ),
    ),
  );
  const orderNos = created.filter((x): x is string => !!x);
  await until(
    async () => {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from sandbox.orders
        where order_no = any(${orderNos}) and status = 1`;
      return row!.n === 0;
    },
    60_000,
    'all holds resolved',
  );
  const rows = await sql<{ order_no: string; status: number; seat_no: string | null }[]>`
    select o.order_no, o.status, t.seat_no from sandbox.orders o join sandbox.tickets t on t.order_no = o.order_no
    where o.order_no = any(${orderNos})`;
  return { refused: created.length - orderNos.length, rows };
}

async function overlappingSales(): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from sandbox.seat_sales a join sandbox.seat_sales b
      on a.run_key = b.run_key and a.seat_type = b.seat_type and a.seat_id = b.seat_id and a.id < b.id
      and a.from_idx < b.to_idx and b.from_idx < a.to_idx`;
  return row!.n;
}

it('200 concurrent 创单 at a nearly sold-out run: holds = free seats, no seat sold twice', async () => {
  const date = daysAhead(12);
  const free = 25;
  await control(t.sandbox, 'POST', 'soldout', { trainCode: 'G1', date, seatType: 4, leave: free });
  const train = await g1(date);
  expect(train.Seats.find((s) => s.seatType === 4)!.leftTicketNum).toBe(free);

  const t0 = Date.now();
  const { refused, rows } = await race(
    Array.from({ length: 200 }, (_, i) => createRequest(train, [passenger(`并发${i}`, 4)])),
  );
  const ms = Date.now() - t0;
  const held = rows.filter((r) => r.status === 2);
  const failed = rows.filter((r) => r.status === 3);
  console.log(
    `200 concurrent 创单: ${held.length} held, ${failed.length} 占位失败, ${refused} refused at once, ${ms} ms`,
  );

  expect(held).toHaveLength(free);
  expect(held.length + failed.length + refused).toBe(200);
  expect(new Set(held.map((r) => r.seat_no)).size).toBe(free);
  expect(await overlappingSales()).toBe(0);
  expect((await g1(date)).Seats.find((s) => s.seatType === 4)!.leftTicketNum).toBe(0);
});

it('concurrent holds on overlapping and touching segments of one run never share a seat', async () => {
  const date = daysAhead(13);
  await control(t.sandbox, 'POST', 'soldout', { trainCode: 'G1', date, seatType: 3, leave: 10 });
  const segments = [
    await g1(date),
    await g1(date, '北京南', '南京南'),
    await g1(date, '南京南', '上海'),
    await g1(date, '天津南', '上海'),
  ];
  const { rows } = await race(
    Array.from({ length: 120 }, (_, i) =>
      createRequest(segments[i % segments.length]!, [passenger(`分段并发${i}`, 3)]),
    ),
  );
  const held = rows.filter((r) => r.status === 2);
  expect(held.length).toBeGreaterThanOrEqual(10);
  expect(held.length).toBeLessThanOrEqual(20);
  expect(await overlappingSales()).toBe(0);
});
