/**
 * The resilience layer (resilience.ts) around a fake provider: it wraps the port, so no HTTP is
 * needed. These are the retry rules the Panhe client used to hold itself (3 attempts for idempotent
 * calls on 5xx, unparseable JSON, network errors and timeouts; never a refusal, never a
 * non-idempotent call), plus the circuit breaker, the bulkhead, the timeout and the call samples.
 */
import { describe, expect, it } from 'vitest';
import { ProviderError } from './errors';
import type { ProviderMethod, TicketProvider } from './port';
import {
  acceptsCalls,
  circuitState,
  guarded,
  RejectedCall,
  type CallSample,
  type CircuitName,
  type ResilienceOptions,
  type ResilienceSink,
} from './resilience';

type Step = () => Promise<unknown>;

const fail = (kind: ProviderError['kind'], extra: Partial<ConstructorParameters<typeof ProviderError>[0]> = {}) =>
  (() => Promise.reject(new ProviderError({ kind, message: kind, endpoint: 'x', ...extra }))) as Step;
const http503 = fail('http', { httpStatus: 503 });
const unparseable = fail('malformed', { retryable: true });
const wrongShape = fail('malformed');
const network = fail('network');
const timedOut = fail('timeout');
const refused = fail('business', { msg: '出发站不存在' });
const answer =
  (v: unknown): Step =>
  () =>
    Promise.resolve(v);
const hang: Step = () => new Promise(() => {});
const after =
  (ms: number, v: unknown): Step =>
  () =>
    new Promise((r) => setTimeout(() => r(v), ms));

/** A provider whose every method answers the next scripted step; records when each call came. */
function fakeProvider(idempotent: ProviderMethod[] = ['search', 'stops', 'detail', 'balance']) {
  const steps: Step[] = [];
  const calls: { method: string; at: number }[] = [];
  const next = (method: string) => () => {
    calls.push({ method, at: Date.now() });
    const step = steps.shift();
    return step ? step() : Promise.reject(new Error('fake provider: no more steps'));
  };
  const provider: TicketProvider = {
    id: 'panhe',
    label: '盘河',
    capabilities: {
      change: true,
      changeElsewhere: null,
      seatChoice: true,
      berthChoice: true,
      maxPassengers: 9,
      trainAccount: true,
      standingByDefault: false,
      stops: true,
      balance: false,
      confirmChecksAmount: true,
      studentTickets: true,
      cardTypes: [1, 2, 3, 4, 8, 9],
    },
    idempotent: new Set(idempotent),
    search: next('search') as TicketProvider['search'],
    stops: next('stops') as TicketProvider['stops'],
    hold: next('hold') as TicketProvider['hold'],
    confirm: next('confirm') as TicketProvider['confirm'],
    cancel: next('cancel') as TicketProvider['cancel'],
    stationList: next('stationList') as NonNullable<TicketProvider['stationList']>,
    detail: next('detail') as TicketProvider['detail'],
    refundTicket: next('refundTicket') as TicketProvider['refundTicket'],
    applyChange: next('applyChange') as TicketProvider['applyChange'],
    confirmChange: next('confirmChange') as TicketProvider['confirmChange'],
    cancelChange: next('cancelChange') as TicketProvider['cancelChange'],
    balance: next('balance') as TicketProvider['balance'],
    readCallback: () => ({ ok: false, reason: 'invalid', message: 'fake' }),
    callbackAck: 'success',
    callbackKinds: [],
    accounts: null,
  };
  return { provider, steps, calls };
}

function memorySink(failing = false) {
  const samples: CallSample[] = [];
  const circuits: CircuitName[] = [];
  const sink: ResilienceSink = {
    calls: (s) => (failing ? Promise.reject(new Error('db down')) : (samples.push(...s), Promise.resolve())),
    circuit: (c) => (circuits.push(c.state), Promise.resolve()),
  };
  return { sink, samples, circuits };
}

const q = { from: '北京南', to: '上海', date: '2026-12-20' };

function setup(opts: Partial<ResilienceOptions> = {}, idempotent?: ProviderMethod[]) {
  const fake = fakeProvider(idempotent);
  const mem = memorySink();
  const p = guarded(fake.provider, {
    maxConcurrent: 4,
    maxQueued: 4,
    circuitFailures: 3,
    halfOpenMs: 150,
    attemptTimeoutMs: 1000,
    retryDelayMs: 100,
    retries: 2,
    flushMs: 10,
    sink: mem.sink,
    ...opts,
  });
  return { ...fake, ...mem, p };
}

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('retries', () => {
  it('idempotent calls: up to 3 attempts on 5xx, unparseable JSON, network errors and timeouts', async () => {
    const a = setup();
    a.steps.push(http503, unparseable, answer([]));
    expect(await a.p.search(q)).toEqual([]);
    expect(a.calls).toHaveLength(3);
    // Backoff between attempts: 100 ms, then 200 ms.
    expect(a.calls[1]!.at - a.calls[0]!.at).toBeGreaterThanOrEqual(90);
    expect(a.calls[2]!.at - a.calls[1]!.at).toBeGreaterThanOrEqual(190);

    const b = setup({ retryDelayMs: 1 });
    b.steps.push(network, timedOut, answer([]));
    expect(await b.p.stops({ ...q, trainCode: 'G1', trainNo: 'n' })).toEqual([]);
    expect(b.calls).toHaveLength(3);

    const c = setup({ retryDelayMs: 1 });
    c.steps.push(http503, http503, http503, answer({}));
    expect(await errorOf(c.p.detail('T1'))).toMatchObject({ kind: 'http', httpStatus: 503 });
    expect(c.calls).toHaveLength(3);
  });

  it('every idempotent method is retried, and only those', async () => {
    const invoke: Record<ProviderMethod, (p: TicketProvider) => Promise<unknown>> = {
      search: (p) => p.search(q),
      stops: (p) => p.stops({ ...q, trainCode: 'G1', trainNo: 'n' }),
      detail: (p) => p.detail('T1'),
      balance: (p) => p.balance(),
      hold: (p) => p.hold({} as Parameters<TicketProvider['hold']>[0]),
      confirm: (p) => p.confirm('T1', 100),
      cancel: (p) => p.cancel('T1'),
      refundTicket: (p) => p.refundTicket({} as Parameters<TicketProvider['refundTicket']>[0]),
      applyChange: (p) => p.applyChange({} as Parameters<TicketProvider['applyChange']>[0]),
      confirmChange: (p) => p.confirmChange('T1', 'C1', 100),
      cancelChange: (p) => p.cancelChange('C1', ''),
      // The station list is read once a day by a job (panhe l.66: at most 10 requests a day): no retries.
      stationList: (p) => p.stationList!(),
    };
    for (const [method, call] of Object.entries(invoke) as [
      ProviderMethod,
      (p: TicketProvider) => Promise<unknown>,
    ][]) {
      const idempotent = ['search', 'stops', 'detail', 'balance'].includes(method);
      for (const failure of [http503, timedOut, network, unparseable]) {
        const s = setup({ retryDelayMs: 1, circuitFailures: 100 });
        s.steps.push(failure, answer(null));
        const e = await errorOf(call(s.p));
        if (idempotent) expect(e, method).toBeNull();
        else expect(e, method).toBeInstanceOf(ProviderError);
        expect(s.calls, method).toHaveLength(idempotent ? 2 : 1);
      }
    }
  });

  it('a business refusal or a schema mismatch is never retried, even for reads', async () => {
    const a = setup();
    a.steps.push(refused, answer([]));
    expect(await errorOf(a.p.search(q))).toMatchObject({ kind: 'business', msg: '出发站不存在' });
    expect(a.calls).toHaveLength(1);
    const b = setup();
    b.steps.push(wrongShape, answer([]));
    expect(await errorOf(b.p.search(q))).toMatchObject({ kind: 'malformed', retryable: false });
    expect(b.calls).toHaveLength(1);
  });
});

describe('timeout', () => {
  it("an attempt that hangs past the guard's timeout is a timeout ProviderError, retried when idempotent", async () => {
    const s = setup({ attemptTimeoutMs: 60, retryDelayMs: 1 });
    s.steps.push(hang, answer([]));
    const started = Date.now();
    expect(await s.p.search(q)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(500);
    expect(s.calls).toHaveLength(2);
    s.steps.push(hang);
    const e = await errorOf(s.p.confirm('T1', 1));
    expect(e).toBeInstanceOf(ProviderError);
    expect(e).toMatchObject({ kind: 'timeout', retryable: true, message: '盘河接口超时(confirm)' });
  });
});

describe('circuit breaker', () => {
  it('opens after N consecutive transport failures and then rejects at once, without calling', async () => {
    const s = setup({ circuitFailures: 3, halfOpenMs: 10_000 });
    for (let i = 0; i < 3; i++) {
      s.steps.push(http503);
      await errorOf(s.p.confirm('T1', 1));
    }
    expect(circuitState(s.p)).toBe('open');
    expect(acceptsCalls(s.p)).toBe(false);
    const started = Date.now();
    const e = await errorOf(s.p.search(q));
    expect(Date.now() - started).toBeLessThan(50);
    expect(e).toBeInstanceOf(RejectedCall);
    expect(e).toBeInstanceOf(ProviderError);
    expect(e).toMatchObject({ kind: 'network', reason: 'circuit_open', message: '盘河暂时不可用(熔断中)，请稍后再试' });
    expect(s.calls).toHaveLength(3);
    expect(s.circuits).toEqual(['open']);
  });

  it('business refusals never open it, and a refusal resets the count (the provider answered)', async () => {
    const s = setup({ circuitFailures: 3 });
    for (const step of [http503, http503, refused, http503, http503, refused, refused, refused, refused]) {
      s.steps.push(step);
      await errorOf(s.p.cancel('T1'));
    }
    expect(circuitState(s.p)).toBe('closed');
    expect(s.calls).toHaveLength(9);
  });

  it('counts a call once, after its retries: a flaky read retried into a success is no failure', async () => {
    const s = setup({ circuitFailures: 2, retryDelayMs: 1 });
    for (let i = 0; i < 3; i++) s.steps.push(http503, http503, answer([]));
    for (let i = 0; i < 3; i++) await s.p.search(q);
    expect(circuitState(s.p)).toBe('closed');
    expect(s.calls).toHaveLength(9);
  });

  it('half-open: after the break one trial call goes through; success closes it, failure opens it again', async () => {
    const s = setup({ circuitFailures: 2, halfOpenMs: 100 });
    s.steps.push(network, network);
    await errorOf(s.p.cancel('T1'));
    await errorOf(s.p.cancel('T1'));
    expect(circuitState(s.p)).toBe('open');
    await sleep(120);
    expect(acceptsCalls(s.p)).toBe(true);
    // The trial fails: open again for another break.
    s.steps.push(network);
    await errorOf(s.p.cancel('T1'));
    expect(circuitState(s.p)).toBe('open');
    expect(acceptsCalls(s.p)).toBe(false);
    expect(await errorOf(s.p.cancel('T1'))).toMatchObject({ reason: 'circuit_open' });
    await sleep(120);
    // While the trial is in flight, the circuit takes no other call.
    s.steps.push(after(50, true));
    const trial = s.p.cancel('T1');
    expect(circuitState(s.p)).toBe('half_open');
    expect(acceptsCalls(s.p)).toBe(false);
    await trial;
    expect(circuitState(s.p)).toBe('closed');
    expect(s.circuits).toEqual(['open', 'half_open', 'open', 'half_open', 'closed']);
    expect(s.calls).toHaveLength(4);
  });
});

describe('bulkhead', () => {
  it('runs maxConcurrent calls, queues maxQueued, and rejects the next at once', async () => {
    const s = setup({ maxConcurrent: 2, maxQueued: 1 });
    for (let i = 0; i < 3; i++) s.steps.push(after(80, []));
    const running = [s.p.search(q), s.p.search(q), s.p.search(q)];
    const started = Date.now();
    const e = await errorOf(s.p.search(q));
    expect(Date.now() - started).toBeLessThan(50);
    expect(e).toBeInstanceOf(RejectedCall);
    expect(e).toMatchObject({ kind: 'network', reason: 'bulkhead', message: '盘河繁忙(排队已满)，请稍后再试' });
    expect(await Promise.all(running)).toEqual([[], [], []]);
    // The queued call started only when a slot freed.
    expect(s.calls[2]!.at - s.calls[0]!.at).toBeGreaterThanOrEqual(70);
  });
});

describe('call samples', () => {
  it('records each call once with its outcome and duration', async () => {
    const s = setup({ circuitFailures: 2, halfOpenMs: 10_000, retryDelayMs: 1 });
    s.steps.push(after(30, []), refused, http503, http503, http503, http503);
    await s.p.search(q);
    await errorOf(s.p.search(q));
    await errorOf(s.p.search(q)); // 3 attempts, one sample
    await errorOf(s.p.cancel('T1')); // the second failed call: open now
    await errorOf(s.p.cancel('T1'));
    await sleep(5);
    expect(s.samples.map((x) => [x.method, x.outcome])).toEqual([
      ['search', 'ok'],
      ['search', 'business'],
      ['search', 'http'],
      ['cancel', 'http'],
      ['cancel', 'circuit_open'],
    ]);
    expect(s.samples[0]!.durationMs).toBeGreaterThanOrEqual(25);
    expect(s.samples.every((x) => x.provider === 'panhe')).toBe(true);
  });

  it('a failing sink never fails or slows the call', async () => {
    const fake = fakeProvider();
    const p = guarded(fake.provider, { sink: memorySink(true).sink, attemptTimeoutMs: 1000 });
    fake.steps.push(answer([]));
    expect(await p.search(q)).toEqual([]);
  });

  it('a guarded provider keeps its identity, capabilities and callback handling', () => {
    const s = setup();
    expect(s.p.id).toBe('panhe');
    expect(s.p.label).toBe('盘河');
    expect(s.p.capabilities.stops).toBe(true);
    expect(s.p.readCallback({ kind: 'order', contentType: null, body: '' })).toMatchObject({ ok: false });
  });
});
