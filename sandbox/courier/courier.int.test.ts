/**
 * The courier sandbox through the portal's client (lib/courier) over real HTTP, against a real
 * Postgres: signed requests and answers, the sandbox clock moving parcels, cancel and intercept,
 * faults (API errors, lost, late, interception refused), and signed webhooks with duplicates and a
 * reordered replay.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CourierRefusal, CourierUnavailable, courierClient, type CourierClient } from '@/lib/courier/client';
import { DEFAULT_COURIER_PARTNER_ID, DEFAULT_COURIER_SECRET_KEY } from '@/protocol/defaults';
import { withSign } from '@/protocol/payments/sign';
import type { RunningSandbox } from '../server';
import { control, rejection, startReceiver, startTestSandbox, until } from '../testing.int';

let sandbox: RunningSandbox;
let client: CourierClient;
let rx: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
  await control(sandbox, 'POST', 'clock', { reset: true });
  await control(sandbox, 'DELETE', 'faults');
  client = courierClient({
    baseUrl: `${sandbox.url}/courier`,
    partnerId: DEFAULT_COURIER_PARTNER_ID,
    secretKey: DEFAULT_COURIER_SECRET_KEY,
    timeoutMs: 10_000,
  });
  rx = await startReceiver();
});
afterEach(async () => {
  await control(sandbox, 'POST', 'clock', { reset: true });
  await control(sandbox, 'DELETE', 'faults');
});
afterAll(async () => {
  await rx.close();
  await sandbox.stop();
});

let seq = 0;
const ship = (speed: 'standard' | 'express' = 'standard') =>
  client.create({
    shipmentNo: `D${Date.now().toString(36)}${(seq++).toString(36)}`,
    fromProvince: '北京市',
    fromCity: '北京市',
    toProvince: '上海市',
    toCity: '上海市',
    speed,
    notifyUrl: rx.url,
  });
const webhooksOf = (waybillNo: string) => rx.received.filter((b) => b.waybillNo === waybillNo);
const advanceClock = (minutes: number) => control(sandbox, 'POST', 'clock', { advanceMinutes: minutes });

describe('courier sandbox', () => {
  it('accepts a shipment (idempotent by shipmentNo) and moves it along the sandbox clock', async () => {
    const s = await ship();
    expect(s).toMatchObject({ status: 'awaiting_pickup', version: 1, lateByCourier: false });
    const again = await client.create({
      shipmentNo: s.shipmentNo,
      fromProvince: '北京市',
      fromCity: '北京市',
      toProvince: '上海市',
      toCity: '上海市',
      speed: 'standard',
      notifyUrl: rx.url,
    });
    expect(again.waybillNo).toBe(s.waybillNo);

    await advanceClock(31);
    await control(sandbox, 'POST', 'courier/tick');
    expect((await client.query(s.waybillNo)).status).toBe('in_transit');
    await advanceClock(24 * 60);
    await control(sandbox, 'POST', 'courier/tick');
    const signed = await client.query(s.waybillNo);
    expect(signed).toMatchObject({ status: 'signed', version: 3 });
    expect(signed.events.map((e) => e.status)).toEqual(['awaiting_pickup', 'in_transit', 'signed']);
    // every webhook signed, and the portal's verify accepts them
    const hooks = await until(() =>
      Promise.resolve(webhooksOf(s.waybillNo).length >= 3 ? webhooksOf(s.waybillNo) : null),
    );
    expect(hooks.map((h) => h.status)).toEqual(['awaiting_pickup', 'in_transit', 'signed']);
    for (const h of hooks) expect(client.verifyWebhook(h)).toMatchObject({ waybillNo: s.waybillNo });
    expect(client.verifyWebhook({ ...hooks[0], status: 'lost' })).toBeNull();
    // signed: cancel refused
    const refusal = await rejection(client.cancel(s.waybillNo), CourierRefusal);
    expect(refusal.code).toBe('ALREADY_SIGNED');
  });

  it('cancel before pickup and in transit; a repeated cancel answers the same shipment', async () => {
    const a = await ship();
    expect((await client.cancel(a.waybillNo)).status).toBe('cancelled');
    const repeat = await client.cancel(a.waybillNo);
    expect(repeat).toMatchObject({ status: 'cancelled', version: 2 });

    const b = await ship();
    await control(sandbox, 'POST', `courier/${b.waybillNo}/advance`);
    expect((await client.query(b.waybillNo)).status).toBe('in_transit');
    expect((await client.cancel(b.waybillNo)).status).toBe('cancelled');
  });

  it('intercept in transit: intercepted, or refused (fault) and then signed', async () => {
    const a = await ship('express');
    const refusal = await rejection(client.intercept(a.waybillNo), CourierRefusal);
    expect(refusal.code).toBe('NOT_INTERCEPTABLE');
    await control(sandbox, 'POST', `courier/${a.waybillNo}/advance`);
    expect((await client.intercept(a.waybillNo)).status).toBe('intercepting');
    await advanceClock(31);
    await control(sandbox, 'POST', 'courier/tick');
    expect((await client.query(a.waybillNo)).status).toBe('intercepted');

    await control(sandbox, 'POST', 'faults', { courierInterceptRefuseRate: 1 });
    const b = await ship('express');
    await control(sandbox, 'POST', `courier/${b.waybillNo}/advance`);
    await client.intercept(b.waybillNo);
    await control(sandbox, 'POST', `courier/${b.waybillNo}/advance`);
    expect((await client.query(b.waybillNo)).status).toBe('intercept_refused');
    await control(sandbox, 'POST', `courier/${b.waybillNo}/advance`);
    expect((await client.query(b.waybillNo)).status).toBe('signed');
  });

  it('faults: API errors, lost and late parcels', async () => {
    await control(sandbox, 'POST', 'faults', { courierErrorRate: 1 });
    await rejection(ship(), CourierUnavailable);
    await control(sandbox, 'POST', 'faults', { courierErrorRate: 0, courierLostRate: 1, courierLateRate: 1 });
    const s = await ship('express');
    expect(s.lateByCourier).toBe(true);
    expect(s.etaAt.getTime() - s.createdAt.getTime()).toBe((30 + 30 * 60) * 60_000);
    await advanceClock(31 + 30 * 60);
    await control(sandbox, 'POST', 'courier/tick');
    expect((await client.query(s.waybillNo)).status).toBe('lost');

    const t = await ship();
    const failed = await control<{ shipment: { status: string; lateByCourier: boolean } }>(
      sandbox,
      'POST',
      `courier/${t.waybillNo}/fail`,
      { kind: 'late' },
    );
    expect(failed.shipment.lateByCourier).toBe(true);
  });

  it('refuses an unsigned or forged request', async () => {
    const forged = withSign('not-the-key-0123456789', {
      partnerId: DEFAULT_COURIER_PARTNER_ID,
      waybillNo: 'SF1',
      timestamp: new Date().toISOString(),
    });
    const res = await fetch(`${sandbox.url}/courier/api/shipments/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(forged),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('BAD_SIGN');
  });

  it('duplicate webhooks (fault) and a reordered replay', async () => {
    await control(sandbox, 'POST', 'faults', { courierWebhookDuplicate: true });
    const s = await ship();
    await control(sandbox, 'POST', `courier/${s.waybillNo}/advance`);
    const hooks = await until(() =>
      Promise.resolve(webhooksOf(s.waybillNo).length >= 4 ? webhooksOf(s.waybillNo) : null),
    );
    expect(hooks.map((h) => h.version).sort()).toEqual([1, 1, 2, 2]);
    await control(sandbox, 'POST', `courier/${s.waybillNo}/replay`);
    const all = await until(() =>
      Promise.resolve(webhooksOf(s.waybillNo).length >= 6 ? webhooksOf(s.waybillNo) : null),
    );
    expect(
      all
        .slice(4)
        .map((h) => h.version)
        .sort(),
    ).toEqual([1, 2]);
  });
});
