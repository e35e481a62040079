/**
 * Failover through the order core (issue 25): the preferred provider (panhe) fails every call, so
 * searches are answered by the other (juhe) and a new booking goes where the traveller's result came
 * from, while an order already placed with panhe keeps its state (paid, held, not moved to juhe) and
 * settles once panhe is back. The auditor ends it.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { providerCalls } from '@/db/schema';
import { resetProviders } from '@/lib/provider/registry';
import { flushProviderStats } from '@/lib/provider/resilience';
import { searchCache, searchTrains } from '@/lib/search/search';
import {
  book,
  control,
  daysAhead,
  expectClean,
  harnessForFile,
  orderRow,
  payAtGateway,
  until,
  waitStatus,
} from './harness.int';

const h = harnessForFile();
const saved: Record<string, string | undefined> = {};
const SETTINGS = { PROVIDER_CIRCUIT_FAILURES: '3', PROVIDER_CIRCUIT_HALF_OPEN_MS: '1000', PROVIDER_TIMEOUT_MS: '800' };

beforeAll(() => {
  for (const [k, v] of Object.entries(SETTINGS)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  resetProviders();
});
afterAll(async () => {
  await control(h.sandbox, 'DELETE', 'faults').catch(() => undefined);
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetProviders();
});

const bookWith = (provider: string, name: string, days: number) => book(h, [name], { days, provider });

describe('failover between providers', () => {
  it('panhe down: searches and a new booking go to juhe; the panhe order waits, paid, and issues once panhe is back', async () => {
    const onPanhe = await bookWith('panhe', '切一', 9);
    await waitStatus(onPanhe, 2);

    await control(h.sandbox, 'POST', 'faults', { front: 'panhe', errorRate: 1, errorStatus: 503 });
    try {
      // The traveller pays for the panhe hold while panhe answers nothing: the money is taken, the
      // confirm waits (the order is not moved to another provider).
      await payAtGateway(h, onPanhe);
      await until(async () => (await orderRow(onPanhe)).paymentStatus === 'paid');

      // Test files share the database: drop an answer another file's booking may have cached (20 s).
      await searchCache.invalidate(`北京南|上海|${daysAhead(10)}`);
      const answer = await searchTrains('北京南', '上海', daysAhead(10));
      expect(answer.provider).toBe('juhe');
      expect(answer.failedOver.map((f) => f.provider)).toEqual(['panhe']);
      const offer = answer.offers.find((o) => o.trainCode === 'G1');
      expect(offer?.provider).toBe('juhe');

      // The booking goes to the provider whose result the traveller chose.
      const onJuhe = await bookWith(offer!.provider, '切二', 10);
      expect((await orderRow(onJuhe)).provider).toBe('juhe');
      await waitStatus(onJuhe, 2);
      await payAtGateway(h, onJuhe);
      await waitStatus(onJuhe, 8);

      const waiting = await orderRow(onPanhe);
      expect(waiting.provider).toBe('panhe');
      expect(waiting.status).toBe(2);
      expect(waiting.paymentStatus).toBe('paid');
      await flushProviderStats();
      const failed = await db()
        .select({ outcome: providerCalls.outcome })
        .from(providerCalls)
        .where(and(eq(providerCalls.provider, 'panhe'), eq(providerCalls.method, 'search')));
      expect(failed.some((c) => c.outcome === 'http' || c.outcome === 'circuit_open')).toBe(true);
    } finally {
      await control(h.sandbox, 'DELETE', 'faults');
    }
    // Panhe is back: the worker's confirm retry (or the minute's sweep) goes through.
    await waitStatus(onPanhe, 8, 90_000);
    const issued = await orderRow(onPanhe);
    expect(issued.paidFen).toBe(issued.totalFen);
    await expectClean(h.mine);
  }, 150_000);
});
